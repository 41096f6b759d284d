"""The `consultants` and `supports` sections of sme-catalog/1 documents: checks, upsert by id, export."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessments.interchange import REFERENCES, references
from consultants.models import (
    CONSULTANT_FIELDS,
    CONSULTANT_LISTS,
    SUPPORT_FIELDS,
    Consultant,
    Support,
)
from core.vocab import ANY
from interchange.format import KnownIds, Problem, impossible_dates, parse_day
from interchange.sections import ImportContext, SectionHandler, SectionResult, row_record, upsert_rows


def _consultant_values(record: dict) -> dict:
    # The spec's defaults: a consultant without sectors or provinces works in all of them.
    return {
        **record,
        "sectors": record.get("sectors") or [ANY],
        "provinces": record.get("provinces") or [ANY],
        "certified_on": parse_day(record["certified_on"]) if record.get("certified_on") else None,
    }


def check_consultants(document: dict, known: KnownIds) -> list[Problem]:
    return impossible_dates(document, "consultants", ("certified_on",))


def write_consultants(session: Session, items: list[dict], context: ImportContext) -> SectionResult:
    return upsert_rows(
        session,
        Consultant,
        [_consultant_values(r) for r in items],
        CONSULTANT_FIELDS,
        context,
        CONSULTANT_LISTS,
    )


def export_consultants(session: Session) -> list[dict]:
    out = []
    for consultant in session.scalars(select(Consultant).order_by(Consultant.id)):
        record = row_record(consultant, CONSULTANT_FIELDS)
        if consultant.certified_on:
            record["certified_on"] = consultant.certified_on.isoformat()
        out.append(record)
    return out


def known_consultants(session: Session) -> dict:
    return {"consultants": frozenset(session.scalars(select(Consultant.id)))}


# A support names an SME and may name a consultant and a programme (the vouchers feature's, above this
# package: its handler gives the stored ids as KnownIds.programmes; the column has no foreign key).
SUPPORT_REFERENCES = {**REFERENCES, "programme_id": ("programmes", "programmes", "chương trình")}


def check_supports(document: dict, known: KnownIds) -> list[Problem]:
    return references(document, known, "supports", SUPPORT_REFERENCES) + impossible_dates(
        document, "supports", ("on",)
    )


def write_supports(session: Session, items: list[dict], context: ImportContext) -> SectionResult:
    return upsert_rows(
        session, Support, [{**r, "on": parse_day(r["on"])} for r in items], SUPPORT_FIELDS, context
    )


def _number(value: float | None):
    """Hours as the document had them: 2, not 2.0."""
    return int(value) if value is not None and float(value).is_integer() else value


def export_supports(session: Session) -> list[dict]:
    out = []
    for support in session.scalars(select(Support).order_by(Support.sme_id, Support.on, Support.id)):
        record = row_record(support, SUPPORT_FIELDS)
        record["on"] = support.on.isoformat()
        if "hours" in record:
            record["hours"] = _number(record["hours"])
        out.append(record)
    return out


CONSULTANTS = SectionHandler(
    "consultants", write_consultants, export_consultants, known=known_consultants, check=check_consultants
)
SUPPORTS = SectionHandler("supports", write_supports, export_supports, check=check_supports)
