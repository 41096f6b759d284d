"""A generated programme data set (deterministic per seed) holding every edge case the spec names:
assessments on the same day (the larger id wins, ids differing only in case or in digits), on the
period's first and last days and the day after, SMEs with a contract but no baseline or no
follow-up, SMEs of several provinces and none, contracts signed near midnight (the Vietnam day
counts), contracts with one signature, consultants of one province, several and all ("*"),
certified before, on and after the last day, suspended ones."""

from __future__ import annotations

import random
from datetime import date, timedelta

PROVINCES = ("Hà Nội", "Hải Phòng", "Đồng Nai", "Huế", None)
START, END = date(2026, 1, 1), date(2026, 12, 31)
FORMAT = "sme-catalog/1"


def _days(rng: random.Random) -> date:
    """A day around the year 2026, its first and last days (and their neighbours) often."""
    edges = [START, END, START - timedelta(days=1), END + timedelta(days=1), date(2026, 6, 30)]
    if rng.random() < 0.35:
        return rng.choice(edges)
    return date(2025, 6, 1) + timedelta(days=rng.randrange(0, 800))


def document(seed: int = 2026, smes: int = 60) -> dict:
    rng = random.Random(seed)
    doc = {
        "format": FORMAT,
        "vendors": [{"id": "v-gen", "name": "Công ty Giải pháp Số"}],
        "products": [
            {
                "id": "p-gen",
                "vendor_id": "v-gen",
                "name": "Phần mềm bán hàng",
                "summary": "Bán hàng.",
                "categories": ["sales_pos"],
                "sectors": ["*"],
                "readiness_min": 0,
                "readiness_max": 5,
                "pricing_models": [{"type": "subscription"}],
                "price_monthly_vnd": 200000,
            }
        ],
        "smes": [],
        "contracts": [],
        "consultants": [],
        "assessments": [],
        "supports": [],
    }
    for n in range(8):
        provinces = rng.choice([["*"], ["Hà Nội"], ["Huế", "Đồng Nai"], ["Hải Phòng"]])
        consultant = {
            "id": f"cg-{n}",
            "name": f"Chuyên gia {n}",
            "kind": rng.choice(["person", "organisation"]),
            "specialties": ["sales_pos"],
            "provinces": provinces,
            "status": rng.choice(["active", "active", "suspended", "withdrawn"]),
        }
        if rng.random() < 0.8:
            consultant["certified_on"] = rng.choice(
                [END, END + timedelta(days=1), date(2025, 3, 1)]
            ).isoformat()
        doc["consultants"].append(consultant)
    consultants = [c["id"] for c in doc["consultants"]]
    for n in range(smes):
        sme_id = f"gs-{n:03d}"
        sme = {
            "id": sme_id,
            "name": f"Doanh nghiệp {n}",
            "sector": rng.choice(["trade", "tourism", "agriculture"]),
        }
        if (province := rng.choice(PROVINCES)) is not None:
            sme["province"] = province
        if rng.random() < 0.7:
            sme["size"] = rng.choice(["micro", "small", "medium"])
        doc["smes"].append(sme)
        for k in range(rng.randrange(0, 5)):
            day = _days(rng)
            # Same-day pairs whose ids differ in case ("A" sorts before "a") or in digits ("10" before "9").
            for suffix in ["A", "a"] if rng.random() < 0.2 else ["9", "10"] if rng.random() < 0.2 else [""]:
                assessment = {
                    "id": f"as-{n:03d}-{k}{suffix}",
                    "sme_id": sme_id,
                    "framework": "dbi-2158-2023",
                    "level": rng.randrange(0, 6),
                    "assessed_on": day.isoformat(),
                }
                if rng.random() < 0.5:
                    assessment["consultant_id"] = rng.choice(consultants)
                doc["assessments"].append(assessment)
        for k in range(rng.randrange(0, 4)):
            support = {
                "id": f"su-{n:03d}-{k}",
                "sme_id": sme_id,
                "kind": rng.choice(["consulting", "training", "application"]),
                "on": _days(rng).isoformat(),
            }
            if rng.random() < 0.6:
                support["consultant_id"] = rng.choice(consultants)
            if rng.random() < 0.5:
                support["hours"] = rng.choice([1, 2.5, 4])
            doc["supports"].append(support)
        for k in range(rng.randrange(0, 3)):
            day = _days(rng)
            # Late evening in UTC: the next day in Vietnam, so boundary days move across the period's edge.
            stamp = f"{day.isoformat()}T{rng.choice(['09:00:00+07:00', '17:30:00Z'])}"
            contract = {
                "id": f"ct-{n:03d}-{k}",
                "sme_id": sme_id,
                "product_id": "p-gen",
                "pricing": {"type": "subscription"},
                "status": "signed",
                "sme_signed_at": stamp,
            }
            if rng.random() < 0.85:
                contract["vendor_signed_at"] = stamp
            doc["contracts"].append(contract)
    return doc
