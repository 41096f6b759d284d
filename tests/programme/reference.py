"""The programme report computed from the document's records in memory, straight from the spec's
sentences (shared/spec/programme.md), for the SQL of indicators.programme to be held to."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

VN = timezone(timedelta(hours=7))


def _day(text: str) -> date:
    return date.fromisoformat(text)


def counted_day(contract: dict) -> date | None:
    """interchange.md: the Vietnam day of the later of both signatures; none without both."""
    stamps = [contract.get("sme_signed_at"), contract.get("vendor_signed_at")]
    if None in stamps:
        return None
    later = max(datetime.fromisoformat(s.replace("Z", "+00:00")) for s in stamps)
    return later.astimezone(VN).date()


def _latest(assessments: list[dict], sme_id: str, after: date | None, upto: date) -> dict | None:
    kept = [
        a
        for a in assessments
        if a["sme_id"] == sme_id
        and _day(a["assessed_on"]) <= upto
        and (after is None or _day(a["assessed_on"]) > after)
    ]
    return max(kept, key=lambda a: (a["assessed_on"], a["id"]), default=None)


def _tier(level: int | None) -> str:
    if level is None:
        return "unassessed"
    return "khoi_dong" if level <= 1 else "nang_cao" if level <= 3 else "toan_dien"


def report(document: dict, start: date, end: date, province: str | None = None) -> dict:
    smes = {s["id"]: s for s in document.get("smes", [])}
    mine = {i for i, s in smes.items() if province is None or s.get("province") == province}

    def within(text: str) -> bool:
        return start <= _day(text) <= end

    assessments = document.get("assessments", [])
    supports = document.get("supports", [])
    counted = [
        (c, d)
        for c in document.get("contracts", [])
        if (d := counted_day(c)) and start <= d <= end and c["sme_id"] in mine
    ]
    kinds = {
        "assessment": {a["sme_id"] for a in assessments if within(a["assessed_on"])},
        **{
            k: {s["sme_id"] for s in supports if s["kind"] == k and within(s["on"])}
            for k in ("consulting", "training")
        },
        "application": {c["sme_id"] for c, _ in counted}
        | {s["sme_id"] for s in supports if s["kind"] == "application" and within(s["on"])},
    }
    kinds = {k: v & mine for k, v in kinds.items()}
    supported = set().union(*kinds.values())
    tiers = {"khoi_dong": 0, "nang_cao": 0, "toan_dien": 0, "unassessed": 0}
    for sme_id in supported:
        latest = _latest(assessments, sme_id, None, end)
        tiers[_tier(latest["level"] if latest else None)] += 1
    change = {"improved": 0, "unchanged": 0, "declined": 0}
    firsts: dict[str, date] = {}
    for contract, day in counted:
        firsts[contract["sme_id"]] = min(day, firsts.get(contract["sme_id"], day))
    for sme_id, day in firsts.items():
        before = _latest(assessments, sme_id, None, day)
        after = _latest(assessments, sme_id, day, end)
        if before and after:
            key = (
                "improved"
                if after["level"] > before["level"]
                else "unchanged"
                if after["level"] == before["level"]
                else "declined"
            )
            change[key] += 1
    serving = [
        c
        for c in document.get("consultants", [])
        if province is None or "*" in c.get("provinces", ["*"]) or province in c.get("provinces", [])
    ]
    named = {r["consultant_id"] for r in supports if r.get("consultant_id") and within(r["on"])}
    named |= {a["consultant_id"] for a in assessments if a.get("consultant_id") and within(a["assessed_on"])}
    # Vouchers of the period's SMEs; a record the test marks as breaking a rule ("breaks") is left out.
    vouchers = [v for v in document.get("vouchers", []) if v["sme_id"] in mine and not v.get("breaks")]
    issued = [v for v in vouchers if within(v["issued_on"])]
    redeemed = [v for v in vouchers if v["status"] == "redeemed" and within(v["redeemed_on"])]
    return {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "province": province,
        "smes_supported": len(supported),
        "by_kind": {k: len(v) for k, v in kinds.items()},
        "tiers": tiers,
        "readiness_change": change,
        "consultants": {
            "certified": sum(
                1
                for c in serving
                if c["status"] == "active" and c.get("certified_on") and _day(c["certified_on"]) <= end
            ),
            "active": sum(1 for c in serving if c["id"] in named),
        },
        "vouchers": {
            "issued": len(issued),
            "issued_vnd": sum(v["amount_vnd"] for v in issued),
            "redeemed": len(redeemed),
            "redeemed_vnd": sum(v["redeemed_vnd"] for v in redeemed),
        },
        "contracts": len(counted),
    }


def readiness_by_solution(document: dict, start: date, end: date, by: str, province: str | None = None):
    """Per product or vendor: the SMEs whose level rose, stayed, fell from the latest assessment on or
    before each contract's counted day to the latest after it and on or before `end`."""
    smes = {s["id"]: s for s in document.get("smes", [])}
    vendor_of = {p["id"]: p["vendor_id"] for p in document.get("products", [])}
    assessments = document.get("assessments", [])
    found: dict[str, dict[str, set]] = {}
    for contract in document.get("contracts", []):
        day = counted_day(contract)
        sme_id = contract["sme_id"]
        if not day or not start <= day <= end or (province and smes[sme_id].get("province") != province):
            continue
        before = _latest(assessments, sme_id, None, day)
        after = _latest(assessments, sme_id, day, end)
        if before and after:
            key = contract["product_id"] if by == "product" else vendor_of[contract["product_id"]]
            change = after["level"] - before["level"]
            outcome = "up" if change > 0 else "same" if change == 0 else "down"
            found.setdefault(key, {"up": set(), "same": set(), "down": set()})[outcome].add(sme_id)
    rows = [(k, len(v["up"]), len(v["same"]), len(v["down"])) for k, v in found.items()]
    return sorted(rows, key=lambda r: (-r[1], r[3], r[0]))


def assessed_or_consulted(document: dict, start: date, end: date, province: str | None = None) -> set[str]:
    """The SMEs with an assessment or a consulting support dated in the period (Hải Phòng's indicator)."""
    mine = {s["id"] for s in document.get("smes", []) if province is None or s.get("province") == province}
    assessed = {
        a["sme_id"] for a in document.get("assessments", []) if start <= _day(a["assessed_on"]) <= end
    }
    consulted = {
        s["sme_id"]
        for s in document.get("supports", [])
        if s["kind"] == "consulting" and start <= _day(s["on"]) <= end
    }
    return (assessed | consulted) & mine
