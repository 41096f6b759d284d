"""The `contracts` section of sme-catalog/1 documents: checks, import (upsert by id) and export.

Imported contracts follow the rules of contracts made here: the same counting (both signatures, the
Vietnam-time day of the later one, once), frozen terms once signed, allowed status transitions on
update. Records from other systems are often inconsistent; what the rules cannot take is kept as
recorded and reported as a warning, never silently "fixed":
  - a status that says signed (or later) without both signatures: kept, not counted;
  - both signatures under a status that says otherwise: counted, as the counting rule says;
  - a re-import that would change signed terms, a signature or the parties: the stored values stay.
Records are written in (SME, id) order, the lock order of the contract services, so that imports
running alongside signers never deadlock. Importing the same document twice changes nothing.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.models import Listing
from contracts import services
from contracts import status as lifecycle
from contracts.models import Contract
from contracts.terms import Terms, parse_terms
from core.audit import record_audit
from core.domain import ValidationFailed
from core.formatting import to_vn
from interchange.format import KnownIds, Problem, records
from interchange.sections import ImportContext, SectionHandler, SectionResult

SECTION_NAME = "contracts"
TERM_FIELDS = ("pricing", "value_vnd", "start_date", "months")
STAMP_FIELDS = ("sme_signed_at", "vendor_signed_at", "ended_at")
KNOWN_FIELDS = ("id", "sme_id", "product_id", "status", *TERM_FIELDS, *STAMP_FIELDS)
SIDE_NAMES = {"sme": "doanh nghiệp", "vendor": "nhà cung cấp"}


def _stamp(text: str | None) -> datetime | None:
    """An ISO 8601 timestamp WITH an offset; ValueError otherwise."""
    if text is None:
        return None
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError("no offset")
    return moment


def _terms(record: dict) -> Terms:
    start = record.get("start_date")
    return parse_terms(
        record["pricing"],
        record.get("value_vnd"),
        date.fromisoformat(start) if start else None,
        record.get("months"),
    )


# -- checks (pure) -----------------------------------------------------------------------------------


def _ids(document: dict, section: str) -> set[str]:
    return {r["id"] for _, r in records(document, section) if isinstance(r.get("id"), str)}


def check(document: dict, known: KnownIds) -> list[Problem]:
    """References to SMEs and products, terms, and timestamps with an offset.

    Records may have broken the schema (it ran already and named those fields): a value of the wrong
    type is skipped here, never read.
    """
    contracts = list(records(document, SECTION_NAME))
    if not contracts:
        return []
    smes = known.smes | _ids(document, "smes")
    products = set(known.product_vendors) | _ids(document, "products")
    problems = []
    for index, record in contracts:
        record_id = record.get("id")
        where = (SECTION_NAME, index, record_id if isinstance(record_id, str) else None)
        for name, stored, what in (("sme_id", smes, "doanh nghiệp"), ("product_id", products, "sản phẩm")):
            value = record.get(name)
            if isinstance(value, str) and value not in stored:
                problems.append(
                    Problem(*where, name, f"{what} {value!r} không có trong tệp cũng như trong hệ thống")
                )
        if isinstance(record.get("pricing"), dict) and isinstance(record.get("start_date"), str | None):
            try:
                _terms(record)
            except ValidationFailed as refused:
                problems += [
                    Problem(*where, name, message.rstrip(".")) for name, message in refused.fields.items()
                ]
            except ValueError:
                problems.append(Problem(*where, "start_date", "ngày không tồn tại"))
        for name in STAMP_FIELDS:
            if not isinstance(record.get(name), str | None):
                continue
            try:
                _stamp(record.get(name))
            except ValueError:
                problems.append(
                    Problem(
                        *where,
                        name,
                        f"{record.get(name)!r} phải là thời điểm ISO 8601 kèm múi giờ "
                        "(vd. 2026-07-01T09:30:00+07:00)",
                    )
                )
    return problems


# -- import ------------------------------------------------------------------------------------------


def _warn(result: SectionResult, index: int, record: dict, field: str | None, message: str) -> None:
    result.warnings.append(str(Problem(SECTION_NAME, index, record["id"], field, message)))


def _status_warnings(result: SectionResult, index: int, record: dict, contract: Contract) -> None:
    missing = [side for side in ("sme", "vendor") if getattr(contract, f"{side}_signed_at") is None]
    if contract.status in lifecycle.SIGNED and missing:
        names = " và ".join(SIDE_NAMES[s] for s in missing)
        _warn(
            result,
            index,
            record,
            "status",
            f"trạng thái “{contract.status}” nhưng thiếu chữ ký của {names}: giữ nguyên như ghi nhận, "
            "không tính vào số hợp đồng đã ký",
        )
    elif not missing and contract.status not in lifecycle.SIGNED:
        _warn(
            result,
            index,
            record,
            "status",
            f"có đủ chữ ký hai bên dù trạng thái là “{contract.status}”: được tính là đã ký theo quy tắc đếm",
        )


def _sign_recorded(
    session: Session, contract: Contract, record: dict, result: SectionResult, index: int, actor
) -> bool:
    """Add the signatures the record has and the store lacks; True when one was added."""
    added = False
    for side in ("sme", "vendor"):
        given, stored = _stamp(record.get(f"{side}_signed_at")), getattr(contract, f"{side}_signed_at")
        if given is None or given == stored:
            continue
        if stored is not None:
            _warn(
                result,
                index,
                record,
                f"{side}_signed_at",
                f"chữ ký đã lưu lúc {to_vn(stored).isoformat()} không thay đổi được; giữ chữ ký đã lưu",
            )
            continue
        services.record_signature(session, contract, side, given, signer_name="Nhập từ tệp dữ liệu")
        record_audit(
            session,
            actor,
            "contract.import_signature",
            services.ENTITY,
            contract.id,
            contract.status,
            contract.status,
            None,
            {"side": side, "signed_at": given.isoformat()},
        )
        added = True
    return added


def _create(session: Session, record: dict, vendor_id: str, actor) -> Contract:
    terms = _terms(record)
    contract = Contract(
        id=record["id"],
        sme_id=record["sme_id"],
        product_id=record["product_id"],
        vendor_id=vendor_id,
        status=record["status"],
        source="import",
        **services.term_columns(terms),
        ended_at=_stamp(record.get("ended_at")),
        extra=_extra(record),
    )
    session.add(contract)
    session.flush()
    services.fix_terms(session, contract)
    record_audit(session, actor, "contract.import", services.ENTITY, contract.id, None, contract.status)
    session.flush()
    return contract


def _extra(record: dict) -> dict:
    return {k: v for k, v in record.items() if k not in KNOWN_FIELDS}


def _update(
    session: Session, contract: Contract, record: dict, result: SectionResult, index: int, actor
) -> bool:
    """Apply what the rules allow of a re-imported record; True when something changed."""
    if (contract.sme_id, contract.product_id) != (record["sme_id"], record["product_id"]):
        _warn(
            result, index, record, "sme_id", "hợp đồng đã lưu với doanh nghiệp/sản phẩm khác; bỏ qua bản ghi"
        )
        return False
    changed = False
    terms = _terms(record)
    if terms != services.terms_of(contract):
        if contract.sme_signed_at or contract.vendor_signed_at:
            _warn(
                result,
                index,
                record,
                "pricing",
                "điều khoản đã ký không thay đổi được; giữ điều khoản đã lưu",
            )
        else:
            services.set_terms(contract, terms)
            services.fix_terms(session, contract)
            record_audit(
                session,
                actor,
                "contract.import_terms",
                services.ENTITY,
                contract.id,
                contract.status,
                contract.status,
                None,
                {"digest": contract.terms_digest},
            )
            changed = True
    changed |= _sign_recorded(session, contract, record, result, index, actor)
    if record["status"] != contract.status:
        if lifecycle.allowed(contract.status, record["status"]):
            previous, contract.status = contract.status, record["status"]
            record_audit(
                session,
                actor,
                "contract.import_status",
                services.ENTITY,
                contract.id,
                previous,
                contract.status,
            )
            changed = True
        else:
            _warn(
                result,
                index,
                record,
                "status",
                f"không chuyển được từ “{contract.status}” sang “{record['status']}”; giữ trạng thái đã lưu",
            )
    ended = _stamp(record.get("ended_at"))
    if ended is not None and contract.ended_at is None:
        contract.ended_at, changed = ended, True
    if _extra(record) != (contract.extra or {}):
        contract.extra, changed = _extra(record), True
    session.flush()
    return changed


def write(session: Session, records: list[dict], context: ImportContext) -> SectionResult:
    result = SectionResult()
    product_ids = {r["product_id"] for r in records}
    vendors = dict(
        session.execute(select(Listing.id, Listing.vendor_id).where(Listing.id.in_(product_ids))).all()
    )
    order = sorted(range(len(records)), key=lambda i: (records[i]["sme_id"], records[i]["id"]))
    for index in order:
        record = records[index]
        # Whoever creates or changes a contract holds its SME's row lock: a concurrent importer of the
        # same record waits here, then finds the contract the first one committed.
        services.lock_sme(session, record["sme_id"])
        contract = services.locked_contract(session, record["id"])
        at = context.first_index + index  # the record's place in the document's list, for warnings
        if contract is None:
            contract = _create(session, record, vendors[record["product_id"]], context.actor)
            _sign_recorded(session, contract, record, result, at, context.actor)
            result.created += 1
        elif _update(session, contract, record, result, at, context.actor):
            result.updated += 1
        else:
            result.unchanged += 1
        services.count(session, contract, context.actor)
        _status_warnings(result, at, record, contract)
        context.tick()
    session.flush()
    return result


# -- export ------------------------------------------------------------------------------------------


def to_record(contract: Contract) -> dict:
    """A stored contract as an interchange CONTRACT (timestamps in Vietnam time, with their offset)."""
    out = {
        "id": contract.id,
        "sme_id": contract.sme_id,
        "product_id": contract.product_id,
        "pricing": dict(contract.pricing),
    }
    if contract.value_vnd is not None:
        out["value_vnd"] = contract.value_vnd
    if contract.start_date is not None:
        out["start_date"] = contract.start_date.isoformat()
    if contract.months is not None:
        out["months"] = contract.months
    for name in ("sme_signed_at", "vendor_signed_at"):
        if getattr(contract, name) is not None:
            out[name] = to_vn(getattr(contract, name)).isoformat()
    out["status"] = contract.status
    if contract.ended_at is not None:
        out["ended_at"] = to_vn(contract.ended_at).isoformat()
    out.update(contract.extra or {})
    return out


def export(session: Session) -> list[dict]:
    """Every original contract (amendments are versions inside the marketplace, not interchange records)."""
    query = select(Contract).where(Contract.parent_id.is_(None)).order_by(Contract.id)
    return [to_record(contract) for contract in session.scalars(query)]


SECTION = SectionHandler(SECTION_NAME, write, export, check=check)
