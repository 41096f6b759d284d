"""Import and export of whole sme-catalog/1 documents: validate everything first, then write all or nothing.

A document is handled section by section (a "section" is one top-level list), in the order of
SECTIONS in interchange.format (vendors, products, smes, contracts...: each list after the lists it
names). Each feature that owns a kind of record writes its SectionHandler and the app shell registers
it (marketplace/features.py); this package knows no feature. A handler has
  - write(session, records, context) -> SectionResult: upsert the records by id (flush only); it gets
    a list in chunks (records[0] is the list's record number `context.first_index`), and what it added
    leaves the session after each chunk; `context.tick()` after each record moves the progress bar;
  - export(session) -> list[dict]: the stored records as interchange dicts;
  - known(session) -> dict: the ids the store holds, as fields of format.KnownIds, for references
    that the document does not resolve itself;
  - check(document, known) -> list[Problem]: rules across records (pure; the JSON schema and the
    duplicate-id rule already ran on every section);
  - check_stored(session, document, invalid) -> list[Problem]: rules against stored records
    (`invalid`: indexes of this section's records that broke the schema);
  - finish(session, context) -> str | None: work after every section is written (a line to report).
Records must be idempotent: importing the same document twice changes nothing. Audit entries name
`context.actor` as their actor.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.domain import ValidationFailed
from interchange.format import FORMAT, SECTIONS, KnownIds, Problem, RecordStream, check_document

CHUNK = 2000  # records a handler writes at a time


@dataclass
class SectionResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)  # kept as recorded, but worth a look


@dataclass
class ImportContext:
    actor: object  # a User, or a label such as "import" for the CLI
    publish: bool
    tick: Callable[[], None] = lambda: None
    first_index: int = 0  # where in its list the records handed to write() start (they come in chunks)


@dataclass(frozen=True)
class SectionHandler:
    name: str
    write: Callable[[Session, list[dict], ImportContext], SectionResult]
    export: Callable[[Session], list[dict]]
    known: Callable[[Session], dict] | None = None
    check: Callable[[dict, KnownIds], list[Problem]] | None = None
    check_stored: Callable[[Session, dict, set[int]], list[Problem]] | None = None
    finish: Callable[[Session, ImportContext], str | None] | None = None


@dataclass
class ImportReport:
    results: dict[str, SectionResult]
    notes: list[str]  # what the sections' finish steps did, e.g. an edition published

    @property
    def changed(self) -> bool:
        return bool(self.notes) or any(r.created or r.updated for r in self.results.values())


class ImportRefused(ValidationFailed):
    """The document has problems; nothing was written."""

    def __init__(self, problems: list[Problem]):
        super().__init__(
            f"Tệp có {len(problems)} lỗi; chưa nhập gì.",
            {f"{p.record}.{p.field or ''}".rstrip("."): p.message for p in problems},
        )
        self.problems = problems


class Sections:
    """The registered handlers, in the format's order of lists."""

    def __init__(self) -> None:
        self._handlers: dict[str, SectionHandler] = {}

    def register(self, *handlers: SectionHandler) -> None:
        for handler in handlers:
            if handler.name not in SECTIONS:
                raise ValueError(f"{handler.name!r} is not a list of {SECTIONS}")
            self._handlers[handler.name] = handler

    def __iter__(self):
        return iter(sorted(self._handlers.values(), key=lambda h: SECTIONS.index(h.name)))

    def get(self, name: str) -> SectionHandler:
        return self._handlers[name]


# The app shell registers every feature's handler here once, at start-up.
sections = Sections()


# -- helpers for handlers of plain records -----------------------------------------------------------


def upsert_rows(
    session: Session,
    model,
    records: list[dict],
    known: tuple[str, ...],
    context: ImportContext,
    list_fields: tuple[str, ...] = (),
    *,
    new_values: dict | None = None,
    created: Callable[[object], None] | None = None,
) -> SectionResult:
    """Add the records not stored yet, update those that differ; unknown keys are kept in `extra`.
    `new_values`: columns a new row gets besides the record's (its status, its source); `created(row)`:
    what else a new row asks for (an audit entry)."""
    result = SectionResult()
    stored = {
        row.id: row for row in session.scalars(select(model).where(model.id.in_([r["id"] for r in records])))
    }
    for data in records:
        values = {k: data.get(k) for k in known}
        extra = {k: v for k, v in data.items() if k not in known}
        for name in list_fields:
            values[name] = values[name] or []
        row = stored.get(data["id"])
        if row is None:
            row = model(**(new_values or {}), **values, extra=extra)
            session.add(row)
            if created is not None:
                created(row)
            result.created += 1
        elif any(getattr(row, k) != v for k, v in values.items()) or (row.extra or {}) != extra:
            for key, value in values.items():
                setattr(row, key, value)
            row.extra = extra
            result.updated += 1
        else:
            result.unchanged += 1
        context.tick()
    session.flush()
    return result


def row_record(row, names: tuple[str, ...], skip_empty: tuple[str, ...] = ()) -> dict:
    """A stored row as an interchange record: its set fields, then the unknown keys it came with."""
    out = {}
    for name in names:
        value = getattr(row, name)
        if value is None or (name in skip_empty and not value):
            continue
        out[name] = value
    out.update(row.extra or {})
    return out


# -- the whole document ------------------------------------------------------------------------------


def known_ids(session: Session, handlers: Iterable[SectionHandler] = sections) -> KnownIds:
    found: dict = {}
    for handler in handlers:
        if handler.known is not None:
            found.update(handler.known(session))
    return KnownIds(**found)


def problems_of(session: Session, document, tick: Callable[[], None] = lambda: None) -> list[Problem]:
    """Every problem of the document against the store, all in one pass; empty means it can be imported.

    The checks after the schema's see records that may have broken it: they skip what they cannot
    read, and say nothing more of a field the schema found wrong already. (`tick`: after each record
    the schema checked.)
    """
    if not isinstance(document, dict):
        return check_document(document)
    known = known_ids(session)
    problems = check_document(document, known, tick)
    later: list[Problem] = []
    for handler in sections:
        if handler.check_stored is not None:
            invalid = {p.index for p in problems if p.section == handler.name}
            later += handler.check_stored(session, document, invalid)
        if handler.check is not None:
            later += handler.check(document, known)
    flagged = {(p.section, p.index, p.field) for p in problems}
    return problems + [p for p in later if (p.section, p.index, p.field) not in flagged]


def record_count(document: dict) -> int:
    return sum(len(items) for h in sections if isinstance(items := document.get(h.name), list | RecordStream))


def chunks(items: Iterable, size: int = CHUNK) -> Iterator[list]:
    """Lists of `size` items (the last one shorter), read from any iterable as they come."""
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _write_section(session: Session, handler: SectionHandler, items, context: ImportContext) -> SectionResult:
    """The handler writes the list a chunk at a time; what each chunk brought into the session leaves
    it once flushed (a million listings are never held at once: they are in the transaction, not in
    memory); what the caller held before stays."""
    total = SectionResult()
    context.first_index = 0
    for chunk in chunks(items or []):
        held = set(session.identity_map.keys())  # what the caller holds stays
        result = handler.write(session, chunk, context)
        context.first_index += len(chunk)
        session.flush()
        for key, instance in list(session.identity_map.items()):
            if key not in held:
                session.expunge(instance)
        total.created += result.created
        total.updated += result.updated
        total.unchanged += result.unchanged
        total.warnings += result.warnings
    return total


def import_document(
    session: Session,
    document,
    *,
    publish: bool = False,
    actor: object = "import",
    tick: Callable[[], None] = lambda: None,
) -> ImportReport:
    """Validate, then upsert every section, then run the sections' finish steps (with `publish`, the
    catalog approves and freezes a new edition). Raises ImportRefused (listing every problem) before
    writing anything. Flushes only. `tick` moves once per record checked and once per record written.
    A document whose lists are RecordStreams (interchange.stream) is read record by record."""
    problems = problems_of(session, document, tick)
    if problems:
        raise ImportRefused(problems)
    context = ImportContext(actor=actor, publish=publish, tick=tick)
    results = {h.name: _write_section(session, h, document.get(h.name), context) for h in sections}
    notes = [note for h in sections if h.finish is not None and (note := h.finish(session, context))]
    return ImportReport(results, notes)


def export_document(session: Session) -> dict:
    """Every stored record of every registered section, as one document."""
    return {"format": FORMAT, **{h.name: h.export(session) for h in sections}}
