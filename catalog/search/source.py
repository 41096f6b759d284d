"""Search documents read from the database, and cheap signs that the database changed.

The index is derived data: `documents` rebuilds it from the listings; `fingerprint` is one
aggregate query that changes whenever a listing, revision, edition or vendor is added or a
listing moves (every catalog service stamps Listing.updated_at); `signatures` then tells which
listings differ, so that only those are read again.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from catalog import ratings as listing_ratings
from catalog.models import LIVE, CatalogEdition, EditionEntry, Listing, ListingRevision
from catalog.search.documents import SearchDocument
from vendors.models import Vendor

BATCH = 500


def _latest_edition_id():
    return select(CatalogEdition.id).order_by(CatalogEdition.number.desc()).limit(1).scalar_subquery()


def listing_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Listing)) or 0


def documents(session: Session, listing_ids: Iterable[str] | None = None) -> Iterator[SearchDocument]:
    """The documents of the given listings (of every listing when None), batch by batch."""
    official = set(
        session.scalars(
            select(EditionEntry.revision_id).where(EditionEntry.edition_id == _latest_edition_id())
        )
    )
    if listing_ids is None:
        ids = list(session.scalars(select(Listing.id).order_by(Listing.id)))
    else:
        ids = sorted(set(listing_ids))
    for at in range(0, len(ids), BATCH):
        chunk = ids[at : at + BATCH]
        listings = {
            row.id: row
            for row in session.execute(
                select(
                    Listing.id,
                    Listing.vendor_id,
                    Listing.status,
                    Listing.published_at,
                    Vendor.name.label("vendor"),
                )
                .join(Vendor, Vendor.id == Listing.vendor_id)
                .where(Listing.id.in_(chunk))
            )
        }
        revisions: dict[str, list[ListingRevision]] = {}
        for revision in session.scalars(
            select(ListingRevision).where(
                ListingRevision.listing_id.in_(chunk), ListingRevision.status != "superseded"
            )
        ):
            revisions.setdefault(revision.listing_id, []).append(revision)
        rated = listing_ratings.ratings(session, chunk)
        for listing_id in chunk:
            if listing_id in listings:
                listing, rating = listings[listing_id], rated.get(listing_id, (0, 0))
                yield from _listing_documents(listing, revisions.get(listing_id, []), official, rating)


def _listing_documents(
    listing, revisions: list[ListingRevision], official: set[int], rating: tuple[int, int] = (0, 0)
) -> Iterator[SearchDocument]:
    if not revisions:
        return
    newest = max(revisions, key=lambda r: r.number)
    for revision in revisions:
        public = listing.status == "published" and revision.status == LIVE
        latest = revision is newest
        if not (public or latest):
            continue
        if public:
            when = listing.published_at or revision.reviewed_at or revision.created_at
        else:
            when = revision.submitted_at or revision.created_at
        yield SearchDocument.from_product(
            revision.to_product(listing.vendor_id),
            doc_id=f"{listing.id}#{revision.number}",
            vendor_name=listing.vendor,
            public=public,
            latest=latest,
            listing_status=listing.status,
            revision_status=revision.status,
            official=public and revision.id in official,
            timestamp=when.timestamp() if when else 0.0,
            rating=rating,
        )


def fingerprint(session: Session) -> tuple:
    """Changes whenever listings, revisions, editions or vendors change (one round trip)."""
    return tuple(
        session.execute(
            select(
                select(func.count(Listing.id)).scalar_subquery(),
                select(func.max(Listing.updated_at)).scalar_subquery(),
                select(func.count(ListingRevision.id)).scalar_subquery(),
                select(func.max(ListingRevision.id)).scalar_subquery(),
                select(func.count(EditionEntry.id)).scalar_subquery(),
                select(func.max(CatalogEdition.number)).scalar_subquery(),
                select(func.count(Vendor.id)).scalar_subquery(),
            )
        ).one()
    )


def signatures(session: Session, listing_ids: Iterable[str] | None = None) -> dict[str, tuple]:
    """Per listing, what its documents depend on, in a few values per listing."""
    entry = (
        select(EditionEntry.listing_id, EditionEntry.revision_id)
        .where(EditionEntry.edition_id == _latest_edition_id())
        .subquery()
    )
    query = (
        select(
            Listing.id,
            Listing.status,
            Listing.updated_at,
            Vendor.name,
            func.count(ListingRevision.id),
            func.max(ListingRevision.id),
            func.max(case((ListingRevision.status == LIVE, ListingRevision.id))),
            func.max(case((ListingRevision.status == "submitted", ListingRevision.id))),
            func.max(entry.c.revision_id),
        )
        .join(Vendor, Vendor.id == Listing.vendor_id)
        .outerjoin(ListingRevision, ListingRevision.listing_id == Listing.id)
        .outerjoin(entry, entry.c.listing_id == Listing.id)
        .group_by(Listing.id, Listing.status, Listing.updated_at, Vendor.name)
    )
    if listing_ids is not None:
        query = query.where(Listing.id.in_(list(listing_ids)))
    return {row[0]: tuple(row[1:]) for row in session.execute(query)}
