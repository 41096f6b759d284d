"""Import of sme-catalog/1 documents: validate everything first, then write all or nothing.

The document is handled section by section (a "section" is one top-level list), in the order of
SECTIONS: vendors, products, smes, then the sections other packages add. Each section is a
SectionHandler with
  - check(document, known) -> list[Problem]: extra rules across records (pure; the JSON schema and
    the duplicate-id rule already ran on every section), `known` holds the ids already stored;
  - write(session, records, context) -> SectionResult: upsert the records by id (flush only);
    `context.tick()` after each record moves the progress bar;
  - export(session) -> list[dict]: the stored records as interchange dicts (used by the exporter).

To add a section (e.g. contracts): in your package write a module that defines
`SECTION = SectionHandler(name="contracts", check=..., write=..., export=...)` and add the
module's dotted path to EXTRA_SECTIONS below (one line). Records must be idempotent: importing
the same document twice changes nothing. Write audit entries with `context.actor` as actor.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog import services
from catalog.interchange import KnownIds, Problem, check_document, records
from catalog.lifecycle import transition
from catalog.models import CatalogEdition, Listing
from catalog.product import Product
from marketplace.audit import record_audit
from marketplace.domain import DomainError, ValidationFailed
from marketplace.formatting import VN_TZ
from smes.models import Sme
from vendors.models import Vendor

EXTRA_SECTIONS: tuple[str, ...] = ("contracts.interchange",)

VENDOR_FIELDS = ("id", "name", "tax_code", "province", "website", "contact_email", "phone", "description")
SME_FIELDS = (
    "id",
    "name",
    "tax_code",
    "sector",
    "size",
    "employees",
    "annual_revenue_vnd",
    "province",
    "ward",
    "readiness_level",
    "readiness_framework",
    "needs",
    "problem",
    "monthly_budget_vnd",
    "preferred_pricing_models",
    "current_tools",
)
SME_LIST_FIELDS = ("needs", "preferred_pricing_models", "current_tools")


@dataclass
class SectionResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    listing_ids: set[str] = field(default_factory=set)  # listings whose public content may have changed
    warnings: list[str] = field(default_factory=list)  # kept as recorded, but worth a look


@dataclass
class ImportContext:
    actor: object  # a User, or a label such as "import" for the CLI
    publish: bool
    tick: Callable[[], None] = lambda: None


@dataclass(frozen=True)
class SectionHandler:
    name: str
    write: Callable[[Session, list[dict], ImportContext], SectionResult]
    export: Callable[[Session], list[dict]]
    check: Callable[[dict, KnownIds], list[Problem]] | None = None


@dataclass
class ImportReport:
    results: dict[str, SectionResult]
    edition: CatalogEdition | None

    @property
    def listing_ids(self) -> set[str]:
        return set().union(*(r.listing_ids for r in self.results.values()))

    @property
    def changed(self) -> bool:
        return self.edition is not None or any(r.created or r.updated for r in self.results.values())


class ImportRefused(ValidationFailed):
    """The document has problems; nothing was written."""

    def __init__(self, problems: list[Problem]):
        super().__init__(
            f"Tệp có {len(problems)} lỗi; chưa nhập gì.",
            {f"{p.record}.{p.field or ''}".rstrip("."): p.message for p in problems},
        )
        self.problems = problems


# -- vendors -----------------------------------------------------------------------------------------


def _split(data: dict, known: tuple[str, ...]) -> tuple[dict, dict]:
    return {k: data.get(k) for k in known}, {k: v for k, v in data.items() if k not in known}


def _upsert(
    session: Session,
    model,
    records: list[dict],
    known: tuple[str, ...],
    context: ImportContext,
    list_fields: tuple[str, ...] = (),
) -> SectionResult:
    """Add the records not stored yet, update those that differ; unknown keys are kept in `extra`."""
    result = SectionResult()
    stored = {
        row.id: row for row in session.scalars(select(model).where(model.id.in_([r["id"] for r in records])))
    }
    for data in records:
        values, extra = _split(data, known)
        for name in list_fields:
            values[name] = values[name] or []
        row = stored.get(data["id"])
        if row is None:
            session.add(model(**values, extra=extra))
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


def write_vendors(session: Session, records: list[dict], context: ImportContext) -> SectionResult:
    return _upsert(session, Vendor, records, VENDOR_FIELDS, context)


def export_vendors(session: Session, vendor_ids=None) -> list[dict]:
    query = select(Vendor).order_by(Vendor.id)
    if vendor_ids is not None:
        query = query.where(Vendor.id.in_(list(vendor_ids)))
    return [_record(vendor, VENDOR_FIELDS) for vendor in session.scalars(query)]


def _record(row, names: tuple[str, ...], skip_empty: tuple[str, ...] = ()) -> dict:
    out = {}
    for name in names:
        value = getattr(row, name)
        if value is None or (name in skip_empty and not value):
            continue
        out[name] = value
    out.update(row.extra or {})
    return out


# -- products ----------------------------------------------------------------------------------------


def _listings_with_revisions(ids: list[str]):
    """Stored listings among `ids` with their live and open revisions (two queries, not two per listing)."""
    return select(Listing).where(Listing.id.in_(ids)).options(*services.with_revisions())


def _product_state_problems(session: Session, document: dict, invalid: set[int]) -> list[Problem]:
    """Stored listings that an import may not change (rejected, suspended, withdrawn, or under review).

    A record in `invalid` (it broke the schema) cannot be read as a Product: it counts as a change.
    """
    products = [(i, p) for i, p in records(document, "products") if isinstance(p.get("id"), str)]
    stored = {
        listing.id: listing
        for listing in session.scalars(_listings_with_revisions([p["id"] for _, p in products]))
    }
    problems = []
    for index, data in products:
        listing = stored.get(data["id"])
        if listing is None or (
            index not in invalid
            and services.content_of(listing).to_dict() == Product.from_dict(data).to_dict()
        ):
            continue
        try:
            transition(services.state_of(listing), "edit", services.actor_of(None), listing.vendor_id)
        except DomainError as refused:
            if services.state_of(listing).open != "submitted":
                problems.append(Problem("products", index, listing.id, None, refused.message))
    return problems


def write_products(session: Session, records: list[dict], context: ImportContext) -> SectionResult:
    """Upsert listings: new content lands as a submitted revision, or approved with --publish."""
    result = SectionResult()
    stored = {x.id: x for x in session.scalars(_listings_with_revisions([r["id"] for r in records]))}
    for data in records:
        product = Product.from_dict(data)
        listing = stored.get(product.id)
        if listing is None:
            services.import_listing(session, product, context.publish, context.actor)
            result.created += 1
        else:
            _update_listing(session, listing, product, context, result)
        result.listing_ids.add(product.id)
        context.tick()
    session.flush()
    return result


def _update_listing(
    session: Session, listing: Listing, product: Product, context: ImportContext, result: SectionResult
) -> None:
    """New content gets one new revision (none when unchanged); --publish approves what awaits review."""
    if services.content_of(listing).to_dict() == product.to_dict():
        result.unchanged += 1
    elif (state := services.state_of(listing)).open == "submitted":
        # Still under review: the newer content replaces what awaits review.
        listing.working_revision.set_content(product)
        record_audit(
            session,
            context.actor,
            "listing.import_update",
            "listing",
            listing.id,
            state.label,
            state.label,
            None,
            {"revision": listing.working_revision.number},
        )
        result.updated += 1
    else:
        services.edit_listing(session, context.actor, listing, product, checked=True)
        services.act(session, context.actor, listing, "submit")
        result.updated += 1
    if context.publish and services.state_of(listing).open == "submitted":
        services.act(session, context.actor, listing, "approve")


def export_products(session: Session) -> list[dict]:
    """Every listing that is or may become public (not withdrawn, not rejected), at its newest content."""
    listings = session.scalars(
        select(Listing)
        .where(Listing.status.not_in(("withdrawn", "rejected")))
        .order_by(Listing.id)
        .options(*services.with_revisions())
    )
    return [services.content_of(listing).to_dict() for listing in listings]


# -- SMEs --------------------------------------------------------------------------------------------


def write_smes(session: Session, records: list[dict], context: ImportContext) -> SectionResult:
    return _upsert(session, Sme, records, SME_FIELDS, context, SME_LIST_FIELDS)


def export_smes(session: Session) -> list[dict]:
    return [
        _record(sme, SME_FIELDS, SME_LIST_FIELDS) for sme in session.scalars(select(Sme).order_by(Sme.id))
    ]


# -- the whole document ------------------------------------------------------------------------------

CORE_SECTIONS = (
    SectionHandler("vendors", write_vendors, export_vendors),
    SectionHandler("products", write_products, export_products),
    SectionHandler("smes", write_smes, export_smes),
)


def sections() -> tuple[SectionHandler, ...]:
    """The core sections, then those of EXTRA_SECTIONS, in writing order."""
    return CORE_SECTIONS + tuple(importlib.import_module(path).SECTION for path in EXTRA_SECTIONS)


def known_ids(session: Session) -> KnownIds:
    return KnownIds(
        vendors=frozenset(session.scalars(select(Vendor.id))),
        product_vendors=dict(session.execute(select(Listing.id, Listing.vendor_id)).all()),
        smes=frozenset(session.scalars(select(Sme.id))),
    )


def problems_of(session: Session, document) -> list[Problem]:
    """Every problem of the document against the store, all in one pass; empty means it can be imported.

    The checks after the schema's see records that may have broken it: they skip what they cannot
    read, and say nothing more of a field the schema found wrong already.
    """
    if not isinstance(document, dict):
        return check_document(document)
    known = known_ids(session)
    problems = check_document(document, known)
    invalid = {p.index for p in problems if p.section == "products"}
    later = _product_state_problems(session, document, invalid)
    for handler in sections():
        if handler.check is not None:
            later += handler.check(document, known)
    flagged = {(p.section, p.index, p.field) for p in problems}
    return problems + [p for p in later if (p.section, p.index, p.field) not in flagged]


def record_count(document: dict) -> int:
    return sum(len(document.get(h.name) or []) for h in sections())


def import_document(
    session: Session,
    document,
    *,
    publish: bool = False,
    actor: object = "import",
    tick: Callable[[], None] = lambda: None,
    today: date | None = None,
) -> ImportReport:
    """Validate, then upsert every section; with `publish`, approve and freeze a new edition.

    Raises ImportRefused (listing every problem) before writing anything. Flushes only.
    """
    problems = problems_of(session, document)
    if problems:
        raise ImportRefused(problems)
    context = ImportContext(actor=actor, publish=publish, tick=tick)
    results = {h.name: h.write(session, document.get(h.name) or [], context) for h in sections()}
    edition = None
    if publish and services.published_revisions(session):
        today = today or datetime.now(VN_TZ).date()
        edition = services.publish_edition(
            session,
            actor,
            f"IMPORT-{today.strftime('%Y%m%d')}",
            today,
            "Công bố từ tệp nhập dữ liệu",
            only_if_changed=True,
        )
    return ImportReport(results, edition)
