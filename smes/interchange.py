"""The `smes` section of sme-catalog/1 documents: checks, upsert by id, export."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from interchange.format import KnownIds, Problem, records
from interchange.sections import ImportContext, SectionHandler, SectionResult, row_record, upsert_rows
from smes.models import INTERCHANGE_FIELDS, LIST_FIELDS, Sme

DATE_FIELDS = ("joined_on",)  # YYYY-MM-DD in the document, a date in the database


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def check(document: dict, known: KnownIds) -> list[Problem]:
    """Dates that match the schema's YYYY-MM-DD pattern but name no day (2026-02-30)."""
    problems = []
    for index, record in records(document, "smes"):
        for name in DATE_FIELDS:
            value = record.get(name)
            if isinstance(value, str) and _day(value) is None:
                record_id = record.get("id") if isinstance(record.get("id"), str) else None
                problems.append(Problem("smes", index, record_id, name, f"ngày {value!r} không tồn tại"))
    return problems


class HeldReadiness:
    """Which SMEs' readiness an assessment holds: an SME's current level is its latest assessment's
    (kept in readiness_level by `assessments`, above this package), and its own level "only stands where
    it has no assessment" (shared/spec/programme.md). The shell connects the assessments' answer
    (marketplace/features.py); unconnected, no level is held."""

    def __init__(self) -> None:
        self._source: Callable[[Session, list[str]], dict[str, tuple[int, str]]] | None = None

    def connect(self, source: Callable[[Session, list[str]], dict[str, tuple[int, str]]]) -> None:
        self._source = source

    def __call__(self, session: Session, sme_ids: list[str]) -> dict[str, tuple[int, str]]:
        """{sme id: (level, framework)} of the given SMEs whose level an assessment holds."""
        return self._source(session, sme_ids) if self._source is not None else {}


held_readiness = HeldReadiness()


def write(session: Session, records: list[dict], context: ImportContext) -> SectionResult:
    held = held_readiness(session, [r["id"] for r in records])
    stored = []
    for record in records:
        values = {**record, **{n: _day(record[n]) for n in DATE_FIELDS if record.get(n) is not None}}
        if record["id"] in held:  # a document's own level does not overwrite the latest assessment's
            values["readiness_level"], values["readiness_framework"] = held[record["id"]]
        stored.append(values)
    return upsert_rows(session, Sme, stored, INTERCHANGE_FIELDS, context, LIST_FIELDS)


def export(session: Session) -> list[dict]:
    smes = session.scalars(select(Sme).order_by(Sme.id))
    out = []
    for sme in smes:
        record = row_record(sme, INTERCHANGE_FIELDS, LIST_FIELDS)
        out.append({**record, **{name: record[name].isoformat() for name in DATE_FIELDS if name in record}})
    return out


def known(session: Session) -> dict:
    return {"smes": frozenset(session.scalars(select(Sme.id)))}


SECTION = SectionHandler("smes", write, export, known=known, check=check)
