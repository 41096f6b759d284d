"""The `assessments` section of sme-catalog/1 documents: checks, upsert by id, export.

An assessment names a stored SME and, when run with one, a consultant; both may come in the same
document. `references` is shared with the `supports` section (consultants), which names the same.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessments.models import INTERCHANGE_FIELDS, Assessment
from assessments.services import hold_current_levels
from interchange.format import KnownIds, Problem, impossible_dates, parse_day, records
from interchange.sections import ImportContext, SectionHandler, SectionResult, row_record, upsert_rows

SECTION_NAME = "assessments"
# Reference field -> (the list, the stored ids' field of KnownIds, what it names in messages).
REFERENCES = {
    "sme_id": ("smes", "smes", "doanh nghiệp"),
    "consultant_id": ("consultants", "consultants", "chuyên gia tư vấn"),
}


def _ids(document: dict, section: str) -> set[str]:
    return {r["id"] for _, r in records(document, section) if isinstance(r.get("id"), str)}


def references(
    document: dict, known: KnownIds, section: str, fields: Mapping[str, tuple[str, str, str]] = REFERENCES
) -> list[Problem]:
    """Each reference of the section's records to a record that neither the document nor the store has."""
    problems = []
    targets = {
        name: _ids(document, target) | getattr(known, stored) for name, (target, stored, _) in fields.items()
    }
    for index, record in records(document, section):
        record_id = record.get("id") if isinstance(record.get("id"), str) else None
        for name, (_, _, what) in fields.items():
            value = record.get(name)
            if isinstance(value, str) and value not in targets[name]:
                problems.append(
                    Problem(
                        section,
                        index,
                        record_id,
                        name,
                        f"{what} {value!r} không có trong tệp cũng như trong hệ thống",
                    )
                )
    return problems


def check(document: dict, known: KnownIds) -> list[Problem]:
    return references(document, known, SECTION_NAME) + impossible_dates(
        document, SECTION_NAME, ("assessed_on",)
    )


def write(session: Session, items: list[dict], context: ImportContext) -> SectionResult:
    """Upsert the assessments, then hold the current level of their SMEs (and of an SME that an updated
    assessment no longer names) to the latest assessment's."""
    moved_from = set(
        session.scalars(select(Assessment.sme_id).where(Assessment.id.in_([r["id"] for r in items])))
    )
    stored = [{**r, "assessed_on": parse_day(r["assessed_on"])} for r in items]
    result = upsert_rows(session, Assessment, stored, INTERCHANGE_FIELDS, context)
    hold_current_levels(session, moved_from | {r["sme_id"] for r in items})
    return result


def export(session: Session) -> list[dict]:
    out = []
    for assessment in session.scalars(
        select(Assessment).order_by(Assessment.sme_id, Assessment.assessed_on, Assessment.id)
    ):
        record = row_record(assessment, INTERCHANGE_FIELDS)
        out.append({**record, "assessed_on": record["assessed_on"].isoformat()})
    return out


SECTION = SectionHandler(SECTION_NAME, write, export, check=check)
