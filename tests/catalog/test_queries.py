"""Public and official listings as the catalog, search and matching read them."""

from catalog.models import CatalogEdition, EditionEntry
from catalog.queries import current_edition, official_listing_ids, public_product, public_products
from core.db import utcnow


def _edition(session, number, listings):
    edition = CatalogEdition(number=number, decision_number=f"QĐ-{number}", decision_date=utcnow().date())
    session.add(edition)
    session.flush()
    for listing in listings:
        session.add(
            EditionEntry(edition_id=edition.id, listing_id=listing.id, revision_id=listing.live_revision.id)
        )
    session.flush()
    return edition


def test_only_published_listings_are_public(session, factory):
    published = factory.listing("published")
    for status in ("draft", "submitted", "changes_requested", "rejected", "suspended", "withdrawn"):
        factory.listing(status)
    assert [p.id for p in public_products(session)] == [published.id]
    assert public_product(session, published.id).vendor_id == published.vendor_id


def test_official_means_live_revision_in_latest_edition(session, factory):
    old, both, later = factory.listing(), factory.listing(), factory.listing()
    _edition(session, 1, [old, both])
    assert official_listing_ids(session) == {old.id, both.id}
    _edition(session, 2, [both, later])
    assert official_listing_ids(session) == {both.id, later.id}
    assert current_edition(session).number == 2
