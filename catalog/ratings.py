"""Each listing's rating as the catalog shows, filters and sorts it: how many published reviews, the
sum of their stars and the Bayesian score (catalog.stars).

The reviews themselves belong to `reviews`, which stands above the catalog; it calls `store` whenever
a listing's published reviews change, so that the catalog, its search index and matching read one
small row per listing instead of the reviews.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import CheckConstraint, Float, ForeignKey, Index, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from catalog.models import Listing
from catalog.search import service as search_service  # a module: the search service imports this one
from catalog.stars import bayesian, mean
from core.db import Base, utcnow
from core.transaction import after_commit


class ListingRating(Base):
    __tablename__ = "listing_ratings"
    __table_args__ = (
        CheckConstraint(
            "review_count >= 0 AND star_total BETWEEN review_count AND 5 * review_count",
            name="stars_in_range",
        ),
        Index("ix_listing_ratings_score", "score"),
    )

    listing_id: Mapped[str] = mapped_column(ForeignKey("listings.id"), primary_key=True)
    review_count: Mapped[int] = mapped_column(default=0)
    star_total: Mapped[int] = mapped_column(default=0)
    score: Mapped[float] = mapped_column(Float)  # catalog.stars.bayesian(review_count, star_total)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    @property
    def mean(self) -> float | None:
        return mean(self.review_count, self.star_total)


def store(session: Session, listing_id: str, count: int, total: int) -> ListingRating:
    """Set a listing's rating; stamps the listing so that the search index reads it again (the embedded
    engine notices the stamp; Meilisearch is refreshed after the commit)."""
    row = session.get(ListingRating, listing_id)
    if row is None:
        row = ListingRating(listing_id=listing_id)
        session.add(row)
    row.review_count, row.star_total, row.score = count, total, bayesian(count, total)
    listing = session.get(Listing, listing_id)
    if listing is not None:
        listing.updated_at = utcnow()
    session.flush()
    # The embedded engine notices the stamp; Meilisearch does not follow the database.
    after_commit(session, search_service.refresh_after_commit, listing_id)
    return row


def ratings(session: Session, listing_ids: Iterable[str] | None = None) -> dict[str, tuple[int, int]]:
    """(review count, star total) per listing with reviews (every listing's when ids are None)."""
    query = select(ListingRating.listing_id, ListingRating.review_count, ListingRating.star_total).where(
        ListingRating.review_count > 0
    )
    if listing_ids is not None:
        query = query.where(ListingRating.listing_id.in_(list(listing_ids)))
    return {listing_id: (count, total) for listing_id, count, total in session.execute(query)}
