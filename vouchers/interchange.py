"""The `programmes` and `vouchers` sections of sme-catalog/1 documents (shared/spec/programme.md).

Programmes are upserted by id (imported ones are published: they run elsewhere already). Vouchers are
past records: one that breaks a rule of its programme (vouchers.rules.BROKEN_RULES, and the budget) is
kept as recorded, flagged with the rule, holds nothing of the budget and is left out of every
indicator; the import says so per record. Those that keep the rules hold their part of the budget: an
issued one its amount (reserved), a redeemed one what the programme paid. Importing the same document
twice changes nothing.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from contracts.models import Contract
from core.audit import record_audit
from core.translation import translate
from interchange.format import KnownIds, Problem, records
from interchange.sections import ImportContext, SectionHandler, SectionResult, row_record, upsert_rows
from smes.models import Sme
from smes.sizing import effective_size
from vouchers import rules
from vouchers.models import PROGRAMME, VOUCHER, Programme, Voucher
from vouchers.services import granted_in_year, new_code, rules_of

PROGRAMME_FIELDS = (
    "id",
    "name",
    "province",
    "opens_on",
    "closes_on",
    "budget_vnd",
    "max_share_pct",
    "caps_vnd",
    "categories",
)
VOUCHER_FIELDS = (
    "id",
    "programme_id",
    "sme_id",
    "amount_vnd",
    "issued_on",
    "expires_on",
    "status",
    "contract_id",
    "redeemed_vnd",
    "redeemed_on",
)
DATES = ("opens_on", "closes_on", "issued_on", "expires_on", "redeemed_on")


def _day(value) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _where(section: str, index: int, record: dict) -> tuple:
    return (section, index, record.get("id") if isinstance(record.get("id"), str) else None)


def _date_problems(document: dict, section: str) -> list[Problem]:
    problems = []
    for index, record in records(document, section):
        for name in DATES:
            if isinstance(record.get(name), str) and _day(record[name]) is None:
                problems.append(
                    Problem(*_where(section, index, record), name, f"ngày {record[name]!r} không tồn tại")
                )
    return problems


# -- programmes ----------------------------------------------------------------------------------------


def _programme_values(record: dict) -> dict:
    return {
        "name": record["name"],
        "province": record.get("province"),
        "opens_on": _day(record["opens_on"]),
        "closes_on": _day(record["closes_on"]),
        "budget_vnd": record["budget_vnd"],
        "max_share_pct": float(record.get("max_share_pct", rules.DEFAULT_SHARE_PCT)),
        "caps_vnd": {**rules.DEFAULT_CAPS_VND, **(record.get("caps_vnd") or {})},
        "categories": list(record.get("categories") or [rules.ANY]),
    }


def check_programmes(document: dict, known: KnownIds) -> list[Problem]:
    problems = _date_problems(document, "programmes")
    for index, record in records(document, "programmes"):
        opens, closes = _day(record.get("opens_on")), _day(record.get("closes_on"))
        if opens and closes and opens > closes:
            problems.append(
                Problem(*_where("programmes", index, record), "closes_on", "ngày kết thúc trước ngày bắt đầu")
            )
    return problems


def check_stored_programmes(session: Session, document: dict, invalid: set[int]) -> list[Problem]:
    """A budget below what the stored programme already holds or paid would be overspent."""
    given = {
        r["id"]: (i, r)
        for i, r in records(document, "programmes")
        if i not in invalid and isinstance(r.get("id"), str)
    }
    problems = []
    for programme in session.scalars(select(Programme).where(Programme.id.in_(list(given)))):
        index, record = given[programme.id]
        held = programme.reserved_vnd + programme.paid_vnd
        if isinstance(record.get("budget_vnd"), int) and record["budget_vnd"] < held:
            problems.append(
                Problem(
                    "programmes",
                    index,
                    programme.id,
                    "budget_vnd",
                    f"ngân sách nhỏ hơn số đã giữ chỗ và đã chi ({held})",
                )
            )
    return problems


def write_programmes(session: Session, batch: list[dict], context: ImportContext) -> SectionResult:
    def audited(programme: Programme) -> None:
        record_audit(session, context.actor, "programme.import", PROGRAMME, programme.id, None, "published")

    return upsert_rows(
        session,
        Programme,
        [{**record, **_programme_values(record)} for record in batch],
        PROGRAMME_FIELDS,
        context,
        new_values={"status": "published", "source": "import"},
        created=audited,
    )


def programme_record(programme: Programme) -> dict:
    out = row_record(programme, PROGRAMME_FIELDS)
    return {**out, **{k: out[k].isoformat() for k in ("opens_on", "closes_on")}}


def known_programmes(session: Session) -> dict:
    """The stored programmes, which supports (consultants' `supports` section) may name."""
    return {"programmes": frozenset(session.scalars(select(Programme.id)))}


def export_programmes(session: Session) -> list[dict]:
    return [programme_record(p) for p in session.scalars(select(Programme).order_by(Programme.id))]


# -- vouchers ------------------------------------------------------------------------------------------


def check_stored_vouchers(session: Session, document: dict, invalid: set[int]) -> list[Problem]:
    """References: a programme, an SME and (for a redeemed voucher) a contract, in the file or stored."""
    listed = list(records(document, "vouchers"))
    if not listed:
        return []
    in_file = {
        name: {r["id"] for _, r in records(document, name) if isinstance(r.get("id"), str)}
        for name in ("programmes", "smes", "contracts")
    }
    wanted = {
        name: {r.get(field) for i, r in listed if isinstance(r.get(field), str)}
        for name, field in (("programmes", "programme_id"), ("smes", "sme_id"), ("contracts", "contract_id"))
    }
    stored = {
        "programmes": set(
            session.scalars(select(Programme.id).where(Programme.id.in_(wanted["programmes"])))
        ),
        "smes": set(session.scalars(select(Sme.id).where(Sme.id.in_(wanted["smes"])))),
        "contracts": set(session.scalars(select(Contract.id).where(Contract.id.in_(wanted["contracts"])))),
    }
    names = {"programmes": "chương trình", "smes": "doanh nghiệp", "contracts": "hợp đồng"}
    problems = _date_problems(document, "vouchers")
    for index, record in listed:
        if index in invalid:
            continue
        for name, field in (("programmes", "programme_id"), ("smes", "sme_id"), ("contracts", "contract_id")):
            value = record.get(field)
            if isinstance(value, str) and value not in stored[name] | in_file[name]:
                problems.append(
                    Problem(
                        *_where("vouchers", index, record),
                        field,
                        f"{names[name]} {value!r} không có trong tệp cũng như trong hệ thống",
                    )
                )
    # A voucher made here keeps its own history: an import may not rewrite it.
    app_made = set(
        session.scalars(
            select(Voucher.id).where(
                Voucher.id.in_([r["id"] for _, r in listed if isinstance(r.get("id"), str)]),
                Voucher.source == "app",
            )
        )
    )
    problems += [
        Problem(*_where("vouchers", i, r), "id", "phiếu do hệ thống cấp, không nhập đè được")
        for i, r in listed
        if r.get("id") in app_made
    ]
    return problems


def _facts(session: Session, record: dict, programme: Programme) -> rules.VoucherFacts:
    sme = session.get(Sme, record["sme_id"])
    contract = session.get(Contract, record["contract_id"]) if record.get("contract_id") else None
    issued = _day(record["issued_on"])
    return rules.VoucherFacts(
        amount_vnd=record["amount_vnd"],
        issued_on=issued,
        status=record["status"],
        sme_province=sme.province,
        sme_size=effective_size(sme.sector, sme.size, sme.employees, sme.annual_revenue_vnd).size,
        granted_before_vnd=granted_in_year(session, sme.id, programme.id, issued.year, exclude=record["id"]),
        redeemed_vnd=record.get("redeemed_vnd"),
        contract_sme_id=contract.sme_id if contract else None,
        contract_value_vnd=contract.value_vnd if contract else None,
        contract_counted=bool(contract and contract.counted_day),
        sme_id=sme.id,
    )


def _unhold(session: Session, voucher: Voucher) -> None:
    session.execute(
        update(Programme)
        .where(Programme.id == voucher.programme_id)
        .values(
            reserved_vnd=Programme.reserved_vnd - voucher.reserved_vnd,
            paid_vnd=Programme.paid_vnd - voucher.paid_vnd,
        )
        .execution_options(synchronize_session=False)
    )
    voucher.reserved_vnd = voucher.paid_vnd = 0


def _hold(session: Session, voucher: Voucher) -> bool:
    """The budget a voucher that keeps the rules holds; False when the budget cannot take it."""
    reserved = voucher.amount_vnd if voucher.status == "issued" else 0
    paid = (voucher.redeemed_vnd or 0) if voucher.status == "redeemed" else 0
    if reserved + paid == 0:
        return True
    done = session.execute(
        update(Programme)
        .where(
            Programme.id == voucher.programme_id,
            Programme.reserved_vnd + Programme.paid_vnd + reserved + paid <= Programme.budget_vnd,
        )
        .values(reserved_vnd=Programme.reserved_vnd + reserved, paid_vnd=Programme.paid_vnd + paid)
        .returning(Programme.id)
        .execution_options(synchronize_session=False)
    ).first()
    if done is None:
        return False
    voucher.reserved_vnd, voucher.paid_vnd = reserved, paid
    return True


def write_vouchers(session: Session, batch: list[dict], context: ImportContext) -> SectionResult:
    result = SectionResult()
    for offset, record in enumerate(batch):
        values = {k: record.get(k) for k in VOUCHER_FIELDS if k != "id"}
        values.update({k: _day(values[k]) for k in ("issued_on", "expires_on", "redeemed_on")})
        extra = {k: v for k, v in record.items() if k not in VOUCHER_FIELDS}
        voucher = session.get(Voucher, record["id"])
        if (
            voucher is not None
            and all(getattr(voucher, k) == v for k, v in values.items())
            and (voucher.extra or {}) == extra
        ):
            result.unchanged += 1
            context.tick()
            continue
        if voucher is None:
            voucher = Voucher(id=record["id"], code=new_code(), source="import", **values, extra=extra)
            session.add(voucher)
            result.created += 1
        else:
            _unhold(session, voucher)
            for key, value in values.items():
                setattr(voucher, key, value)
            voucher.extra = extra
            result.updated += 1
        session.flush()
        programme = session.get(Programme, record["programme_id"])
        broken = rules.broken_rules(rules_of(programme), _facts(session, record, programme))
        if not broken and not _hold(session, voucher):
            broken = ["over_budget"]
        voucher.broken_rules, voucher.flagged = broken, bool(broken)
        if broken:
            why = ", ".join(translate(rules.BROKEN_RULES[code]) for code in broken)
            result.warnings.append(
                str(
                    Problem(
                        "vouchers",
                        context.first_index + offset,
                        record["id"],
                        None,
                        f"phiếu {why}: giữ nguyên như ghi nhận, gắn cờ, không tính vào các chỉ tiêu",
                    )
                )
            )
        record_audit(
            session,
            context.actor,
            "voucher.import",
            VOUCHER,
            voucher.id,
            None,
            voucher.status,
            None,
            {"broken_rules": broken},
        )
        session.flush()
        session.refresh(programme)
        context.tick()
    return result


def voucher_record(voucher: Voucher) -> dict:
    out = row_record(voucher, VOUCHER_FIELDS)
    return {**out, **{k: out[k].isoformat() for k in ("issued_on", "expires_on", "redeemed_on") if k in out}}


def export_vouchers(session: Session) -> list[dict]:
    return [voucher_record(v) for v in session.scalars(select(Voucher).order_by(Voucher.id))]


PROGRAMMES = SectionHandler(
    "programmes",
    write_programmes,
    export_programmes,
    known=known_programmes,
    check=check_programmes,
    check_stored=check_stored_programmes,
)
VOUCHERS = SectionHandler("vouchers", write_vouchers, export_vouchers, check_stored=check_stored_vouchers)
