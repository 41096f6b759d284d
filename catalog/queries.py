"""Read-side queries of the public catalog, shared by catalog pages, search and matching.

A listing is PUBLIC iff its status is 'published' (it then has a live, approved revision).
It is OFFICIAL iff its live revision is an entry of the latest catalog edition.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalog.models import LIVE, CatalogEdition, EditionEntry, Listing, ListingRevision
from catalog.product import Product
from vendors.models import Vendor


def _public_revisions(session: Session, listing_ids=None, after: str | None = None, limit: int | None = None):
    query = (
        select(ListingRevision, Listing.vendor_id)
        .join(Listing, Listing.id == ListingRevision.listing_id)
        .where(Listing.status == "published", ListingRevision.status == LIVE)
        .order_by(ListingRevision.listing_id)
    )
    if listing_ids is not None:
        query = query.where(Listing.id.in_(list(listing_ids)))
    if after is not None:
        query = query.where(ListingRevision.listing_id > after)
    return session.execute(query.limit(limit)).all()


def public_products(session: Session, listing_ids=None, *, after: str | None = None,
                    limit: int | None = None) -> list[Product]:
    """The live content of every public listing (or of those among `listing_ids`), ordered by id;
    a page of them: `limit` listings after the id `after`."""
    return [revision.to_product(vendor_id)
            for revision, vendor_id in _public_revisions(session, listing_ids, after, limit)]


def public_product(session: Session, listing_id: str) -> Product | None:
    """The live content of one public listing, or None when it is not public."""
    found = public_products(session, [listing_id])
    return found[0] if found else None


def current_edition(session: Session) -> CatalogEdition | None:
    """The latest edition of the official catalog (highest number), if any."""
    return session.scalar(select(CatalogEdition).order_by(CatalogEdition.number.desc()).limit(1))


def official_listing_ids(session: Session) -> set[str]:
    """Ids of public listings whose live revision is an entry of the latest edition."""
    latest = select(func.max(CatalogEdition.number)).scalar_subquery()
    query = (
        select(EditionEntry.listing_id)
        .join(CatalogEdition, CatalogEdition.id == EditionEntry.edition_id)
        .join(ListingRevision, ListingRevision.id == EditionEntry.revision_id)
        .join(Listing, Listing.id == EditionEntry.listing_id)
        .where(CatalogEdition.number == latest, ListingRevision.status == LIVE, Listing.status == "published")
    )
    return set(session.scalars(query))


def edition_products(session: Session, edition: CatalogEdition, *, after: str | None = None,
                     limit: int | None = None) -> list[Product]:
    """The frozen content of an edition's entries, ordered by listing id (a page: `limit` entries after
    the listing id `after`)."""
    query = (
        select(ListingRevision, Listing.vendor_id)
        .join(EditionEntry, EditionEntry.revision_id == ListingRevision.id)
        .join(Listing, Listing.id == ListingRevision.listing_id)
        .where(EditionEntry.edition_id == edition.id)
        .order_by(ListingRevision.listing_id)
        .limit(limit)
    )
    if after is not None:
        query = query.where(ListingRevision.listing_id > after)
    return [revision.to_product(vendor_id) for revision, vendor_id in session.execute(query)]


def vendor_names(session: Session, vendor_ids=None) -> dict[str, str]:
    """Vendor id -> name (of the given vendors, or of all)."""
    query = select(Vendor.id, Vendor.name)
    if vendor_ids is not None:
        query = query.where(Vendor.id.in_(list(vendor_ids)))
    return dict(session.execute(query).all())
