"""The open datasets, read from the database a page at a time (keyset pagination, opendata.cursors).

Every function returns the page's rows as plain JSON-ready dicts and the sort key of its last row when
another page follows. Only what is already public leaves here: products as the catalog publishes them
(the format's own fields, never an imported file's unknown keys), vendors' public fields, and
indicators that opendata.suppression has cleared.

Vendors' public fields: id, name, province, website, description. Not their tax code (a household
business's tax code is its owner's personal identity number), telephone or e-mail (often a person's).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from catalog import queries
from catalog.exporter import edition_meta
from catalog.models import CatalogEdition, EditionEntry, Listing
from contracts.models import Contract
from core.db import INTEGER_MAX
from core.translation import N_
from core.vocab import SECTORS, SIZES, label
from opendata.suppression import OTHER, Cell, publishable
from reports.aggregate import UNKNOWN
from vendors.models import Vendor

VENDOR_FIELDS = ("id", "name", "province", "website", "description")
INDICATOR_DIMENSIONS = ("province", "sector", "size")
OTHER_LABEL = N_("Khác (gộp các nhóm dưới 5 doanh nghiệp)")


@dataclass(frozen=True)
class Page:
    rows: list[dict]
    next_key: list | None  # the sort key of the last row, when more rows follow


def _page(rows: list, limit: int, key) -> Page:
    """`rows` holds up to limit + 1 rows: the extra one only says that another page follows."""
    more = len(rows) > limit
    rows = rows[:limit]
    return Page(rows, key(rows[-1]) if more and rows else None)


def edition_summary(edition: CatalogEdition, products: int, latest: int | None) -> dict:
    return {**edition_meta(edition), "published_at": edition.published_at.isoformat(),
            "products": products, "current": edition.number == latest}


def editions(session: Session, after: int | None, limit: int) -> Page:
    """Every edition of the official catalog, oldest first, with its number of products."""
    counts = (select(EditionEntry.edition_id, func.count().label("n"))
              .group_by(EditionEntry.edition_id).subquery())
    query = (select(CatalogEdition, func.coalesce(counts.c.n, 0))
             .outerjoin(counts, counts.c.edition_id == CatalogEdition.id)
             .order_by(CatalogEdition.number).limit(limit + 1))
    if after is not None:
        query = query.where(CatalogEdition.number > max(0, min(after, INTEGER_MAX)))
    latest = session.scalar(select(func.max(CatalogEdition.number)))
    rows = [edition_summary(edition, count, latest) for edition, count in session.execute(query)]
    return _page(rows, limit, lambda row: [row["number"]])


def _with_vendor_names(session: Session, products) -> list[dict]:
    names = queries.vendor_names(session, {p.vendor_id for p in products})
    return [{**p.to_dict(extra=False), "vendor_name": names.get(p.vendor_id)} for p in products]


def edition_products(session: Session, edition: CatalogEdition, after: str | None, limit: int) -> Page:
    """The frozen products of one edition, by id."""
    products = queries.edition_products(session, edition, after=after, limit=limit + 1)
    return _page(_with_vendor_names(session, products), limit, lambda row: [row["id"]])


def products(session: Session, after: str | None, limit: int) -> Page:
    """The products public now, by id, each saying whether it is in the current official edition."""
    found = queries.public_products(session, after=after, limit=limit + 1)
    official = queries.official_listing_ids(session)
    latest = queries.current_edition(session)
    rows = [{**row, "official": row["id"] in official,
             "edition": latest.number if latest and row["id"] in official else None}
            for row in _with_vendor_names(session, found)]
    return _page(rows, limit, lambda row: [row["id"]])


def vendors(session: Session, after: str | None, limit: int) -> Page:
    """The vendors of public products or of an edition's entries, by id, public fields only, each with
    its number of public products."""
    public = func.count(Listing.id).filter(Listing.status == "published")
    in_edition = select(EditionEntry.listing_id).where(EditionEntry.listing_id == Listing.id).exists()
    query = (select(*(getattr(Vendor, name) for name in VENDOR_FIELDS), public)
             .join(Listing, Listing.vendor_id == Vendor.id)
             .where(or_(Listing.status == "published", in_edition))
             .group_by(*(getattr(Vendor, name) for name in VENDOR_FIELDS))
             .order_by(Vendor.id).limit(limit + 1))
    if after is not None:
        query = query.where(Vendor.id > after)
    rows = [{**dict(zip(VENDOR_FIELDS, row[:-1], strict=True)), "products": row[-1]}
            for row in session.execute(query)]
    return _page(rows, limit, lambda row: [row["id"]])


def _label(by: str, key: str) -> str:
    if key == OTHER:
        return OTHER_LABEL
    vocabulary = {"sector": SECTORS, "size": SIZES}.get(by)
    return label(vocabulary, key) if vocabulary and key != UNKNOWN else key


def indicator_rows(session: Session, by: str, month_from: str | None, month_to: str | None) -> list[dict]:
    """Contracts counted per month and group of `by` (the SME's province, sector or size when it was
    counted): SMEs supported, contracts, value; groups of fewer than 5 SMEs pooled (suppression)."""
    key = getattr(Contract, by)
    query = (select(Contract.counted_month, key, Contract.sme_id, func.count(),
                    func.coalesce(func.sum(Contract.value_vnd), 0))
             .where(Contract.counted_day.is_not(None))
             .group_by(Contract.counted_month, key, Contract.sme_id))
    if month_from:
        query = query.where(Contract.counted_month >= month_from)
    if month_to:
        query = query.where(Contract.counted_month <= month_to)
    months: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(lambda: [set(), 0, 0]))
    for month, value, sme_id, contracts, amount in session.execute(query):
        cell = months[month][value or UNKNOWN]
        cell[0].add(sme_id)
        cell[1] += int(contracts)
        cell[2] += int(amount)
    rows = []
    for month in sorted(months):
        cells = [Cell(k, frozenset(s), n, v) for k, (s, n, v) in months[month].items()]
        rows += [{"month": month, "by": by, "key": c.key, "label": _label(by, c.key), "smes": len(c.smes),
                  "contracts": c.contracts, "value_vnd": c.value_vnd} for c in publishable(cells)]
    return sorted(rows, key=lambda row: (row["month"], row["key"]))  # the cursor's order


def indicators(session: Session, by: str, month_from: str | None, month_to: str | None,
               after: list | None, limit: int) -> Page:
    rows = indicator_rows(session, by, month_from, month_to)
    if after is not None:
        rows = [row for row in rows if [row["month"], row["key"]] > after]
    return _page(rows[:limit + 1], limit, lambda row: [row["month"], row["key"]])
