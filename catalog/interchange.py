"""The `products` section of sme-catalog/1 documents: listings upserted by id through their lifecycle,
exported at their newest content; with --publish, approved and frozen into a new catalog edition."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog import services
from catalog.lifecycle import transition
from catalog.models import Listing
from catalog.product import Product
from catalog.search.service import refresh_after_commit
from core.audit import record_audit
from core.domain import DomainError
from core.formatting import VN_TZ
from core.transaction import after_commit
from interchange.format import Problem, records
from interchange.sections import ImportContext, SectionHandler, SectionResult, chunks


def _listings_with_revisions(ids: list[str]):
    """Stored listings among `ids` with their live and open revisions (two queries, not two per listing)."""
    return select(Listing).where(Listing.id.in_(ids)).options(*services.with_revisions())


def check_stored(session: Session, document: dict, invalid: set[int]) -> list[Problem]:
    """Stored listings that an import may not change (rejected, suspended, withdrawn, or under review).

    A record in `invalid` (it broke the schema) cannot be read as a Product: it counts as a change.
    Read a chunk of records at a time (a streamed document is never held whole).
    """
    products = ((i, p) for i, p in records(document, "products") if isinstance(p.get("id"), str))
    problems = []
    for chunk in chunks(products, 1000):
        problems += _changes_refused(session, chunk, invalid)
    return problems


def _changes_refused(session: Session, products: list[tuple[int, dict]], invalid: set[int]) -> list[Problem]:
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


def write(session: Session, records: list[dict], context: ImportContext) -> SectionResult:
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
        after_commit(session, refresh_after_commit, listing.id)
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


def export(session: Session) -> list[dict]:
    """Every listing that is or may become public (not withdrawn, not rejected), at its newest content."""
    listings = session.scalars(
        select(Listing)
        .where(Listing.status.not_in(("withdrawn", "rejected")))
        .order_by(Listing.id)
        .options(*services.with_revisions())
    )
    return [services.content_of(listing).to_dict() for listing in listings]


def known(session: Session) -> dict:
    return {"product_vendors": dict(session.execute(select(Listing.id, Listing.vendor_id)).all())}


def finish(session: Session, context: ImportContext) -> str | None:
    """With --publish: a new edition of the official catalog when the published listings changed."""
    if not context.publish or not services.published_revisions(session):
        return None
    today = datetime.now(VN_TZ).date()
    edition = services.publish_edition(
        session,
        context.actor,
        f"IMPORT-{today.strftime('%Y%m%d')}",
        today,
        "Công bố từ tệp nhập dữ liệu",
        only_if_changed=True,
    )
    if edition is None:
        return None
    return f"Đã công bố ấn bản danh mục số {edition.number} (quyết định {edition.decision_number})."


SECTION = SectionHandler("products", write, export, known=known, check_stored=check_stored, finish=finish)
