"""The `vendors` section of sme-catalog/1 documents: upsert by id, export.

Officers import vendors: one the import brings without a vetting record is approved as it comes
(vendors.vetting, source "import"); a vendor that registered here keeps its vetting as it stands."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from interchange.format import KnownIds, Problem, records
from interchange.sections import ImportContext, SectionHandler, SectionResult, row_record, upsert_rows
from vendors.models import Vendor, VendorVetting
from vendors.vetting import approve_without_documents

VENDOR_FIELDS = ("id", "name", "tax_code", "province", "address", "website", "contact_email", "phone",
                 "description")


def write(session: Session, records: list[dict], context: ImportContext) -> SectionResult:
    result = upsert_rows(session, Vendor, records, VENDOR_FIELDS, context)
    ids = [r["id"] for r in records]
    vetted = set(session.scalars(select(VendorVetting.vendor_id).where(VendorVetting.vendor_id.in_(ids))))
    for vendor_id in dict.fromkeys(ids):
        if vendor_id not in vetted:
            approve_without_documents(session, vendor_id, "import", context.actor)
    session.flush()
    return result


def export(session: Session, vendor_ids=None) -> list[dict]:
    """Every stored vendor, or those among `vendor_ids`."""
    query = select(Vendor).order_by(Vendor.id)
    if vendor_ids is not None:
        query = query.where(Vendor.id.in_(list(vendor_ids)))
    return [row_record(vendor, VENDOR_FIELDS) for vendor in session.scalars(query)]


def known(session: Session) -> dict:
    return {"vendors": frozenset(session.scalars(select(Vendor.id)))}


def _tax_code_problem(index: int, record: dict, owner: str) -> Problem:
    return Problem("vendors", index, record.get("id"), "tax_code",
                   f"mã số thuế {record['tax_code']} đã thuộc về nhà cung cấp {owner!r}; mỗi mã số thuế "
                   "là của một tổ chức")


def check(document: dict, known: KnownIds) -> list[Problem]:
    """A tax code belongs to one organisation: two vendors of the document may not share one."""
    problems, first = [], {}
    for index, record in records(document, "vendors"):
        tax_code = record.get("tax_code")
        if isinstance(tax_code, str) and isinstance(record.get("id"), str):
            owner = first.setdefault(tax_code, record["id"])
            if owner != record["id"]:
                problems.append(_tax_code_problem(index, record, owner))
    return problems


def check_stored(session: Session, document: dict, invalid: set[int]) -> list[Problem]:
    """...nor a vendor of the document and a stored vendor with another id."""
    wanted: dict[str, tuple[int, dict]] = {}
    for index, record in records(document, "vendors"):  # the document's first vendor per tax code
        tax_code, vendor_id = record.get("tax_code"), record.get("id")
        if index not in invalid and isinstance(tax_code, str) and isinstance(vendor_id, str):
            wanted.setdefault(tax_code, (index, record))
    if not wanted:
        return []
    stored = session.execute(select(Vendor.tax_code, Vendor.id).where(Vendor.tax_code.in_(list(wanted))))
    return [_tax_code_problem(*wanted[tax_code], vendor_id) for tax_code, vendor_id in stored
            if wanted[tax_code][1]["id"] != vendor_id]


SECTION = SectionHandler("vendors", write, export, known=known, check=check, check_stored=check_stored)
