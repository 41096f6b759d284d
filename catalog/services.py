"""Catalog services: apply lifecycle steps to listings and publish editions (flush only; callers commit).

Every change is written to the audit log with who, from which state, to which, and why.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from catalog import lifecycle, notices
from catalog.editions import EditionDiff, FieldChange, diff_editions, field_changes
from catalog.lifecycle import Actor, ListingState, Step
from catalog.models import LIVE, CatalogEdition, EditionEntry, Listing, ListingRevision
from catalog.product import Product
from catalog.queries import current_edition, edition_products, public_products
from catalog.search.service import refresh_after_commit
from core.audit import AuditEntry, record_audit
from core.db import INTEGER_MAX, utcnow
from core.domain import N_, InvalidTransition, NotFound, ValidationFailed
from core.transaction import after_commit
from interchange.format import product_problems
from vendors.vetting import submission_refusal


def actor_of(user) -> Actor:
    """The lifecycle's view of a user (None or a string = the system, e.g. an import)."""
    if user is None or isinstance(user, str):
        return Actor(lifecycle.SYSTEM)
    return Actor(user.role, user.vendor_id)


def state_of(listing: Listing) -> ListingState:
    working = listing.working_revision
    return ListingState(
        listing.status, working.status if working else None, listing.live_revision is not None
    )


def get_listing(session: Session, listing_id: str) -> Listing:
    listing = session.get(Listing, listing_id)
    if listing is None:
        raise NotFound(N_("Không tìm thấy sản phẩm."))
    return listing


def vendor_listing(session: Session, vendor_id: str, listing_id: str) -> Listing:
    """A listing of `vendor_id`; another vendor's listing is 'not found', never 'forbidden'."""
    listing = session.get(Listing, listing_id)
    if listing is None or listing.vendor_id != vendor_id:
        raise NotFound(N_("Không tìm thấy sản phẩm."))
    return listing


def check_product(product: Product) -> None:
    """Raise ValidationFailed, field by field, when the content breaks the interchange rules."""
    problems = product_problems(product.to_dict())
    if problems:
        fields: dict[str, str] = {}
        for problem in problems:
            fields.setdefault(problem.field or "product", problem.message)
        raise ValidationFailed(N_("Thông tin sản phẩm chưa hợp lệ."), fields)


def apply_step(
    session: Session, listing: Listing, step: Step, user, content: Product | None = None
) -> Listing:
    """Carry out an allowed step on the listing and its revisions, and audit it."""
    new_listing = step.before is None
    working = None if new_listing else listing.working_revision
    if step.new_revision:
        number = (
            1
            if new_listing
            else session.scalar(
                select(func.coalesce(func.max(ListingRevision.number), 0)).where(
                    ListingRevision.listing_id == listing.id
                )
            )
            + 1
        )
        working = ListingRevision(
            listing_id=listing.id, number=number, status="draft", created_by_id=getattr(user, "id", None)
        )
        working.set_content(content or listing.live_revision.to_product(listing.vendor_id))
        session.add(working)
    elif content is not None:
        working.set_content(content)
    now = utcnow()
    if step.open_to == LIVE:
        live = None if new_listing else listing.live_revision
        if live is not None:
            live.status = "superseded"
            session.flush()  # the partial unique index allows one live revision at a time
        listing.published_at = now
    if step.open_to and working is not None:
        working.status = step.open_to
        if step.open_to in ("submitted", LIVE) and working.submitted_at is None:
            working.submitted_at = now
        if step.open_to in (LIVE, "changes_requested", "rejected"):
            working.reviewed_at, working.reviewed_by_id = now, getattr(user, "id", None)
            working.review_comment = step.reason
    listing.status = step.after.status
    listing.updated_at = now
    record_audit(
        session,
        user,
        f"listing.{step.action}",
        "listing",
        listing.id,
        step.before.label if step.before else None,
        step.after.label,
        step.reason,
        {"revision": working.number} if working is not None else None,
    )
    session.flush()
    after_commit(session, refresh_after_commit, listing.id)
    if step.action in notices.REVIEW_EVENTS:
        name = working.name if working is not None else newest_revision(listing).name
        notices.tell_review(session, listing, step.action, name, step.reason)
    if not new_listing:  # the live/working relationships are read-only views of revision statuses
        session.expire(listing, ["live_revision", "working_revision", "revisions"])
    return listing


def create_listing(session: Session, user, product: Product, checked: bool = False) -> Listing:
    """A new draft listing of the product's vendor (`checked`: the content was validated already)."""
    step = lifecycle.start(actor_of(user), product.vendor_id)
    if not checked:
        check_product(product)
    if session.get(Listing, product.id) is not None:
        raise ValidationFailed(N_("Mã sản phẩm đã tồn tại."), {"id": N_("Mã sản phẩm đã tồn tại.")})
    listing = Listing(id=product.id, vendor_id=product.vendor_id, status=step.after.status)
    session.add(listing)
    return apply_step(session, listing, step, user, product)


def import_listing(session: Session, product: Product, publish: bool, actor: object = "import") -> Listing:
    """A new listing from an import (content already validated): submitted, or published with `publish`."""
    step = lifecycle.start_imported(actor_of(actor), publish)
    listing = Listing(id=product.id, vendor_id=product.vendor_id, status=step.after.status)
    session.add(listing)
    return apply_step(session, listing, step, actor, product)


def newest_revision(listing: Listing) -> ListingRevision:
    """The open revision, else the live one, else the last one."""
    return listing.working_revision or listing.live_revision or listing.revisions[-1]


def content_of(listing: Listing) -> Product:
    """The newest content: the open revision's, else the live one's, else the last revision's."""
    return newest_revision(listing).to_product(listing.vendor_id)


def edit_listing(
    session: Session, user, listing: Listing, product: Product, checked: bool = False
) -> Listing:
    """Change the content; a published listing gets a new open revision, the live one stays public."""
    step = lifecycle.transition(state_of(listing), "edit", actor_of(user), listing.vendor_id)
    if not checked:
        check_product(product)
    if (
        step.new_revision
        and product.to_dict() == listing.live_revision.to_product(listing.vendor_id).to_dict()
    ):
        raise ValidationFailed(N_("Không có thay đổi nào so với phiên bản đang công bố."), {})
    return apply_step(session, listing, step, user, product)


def act(session: Session, user, listing: Listing, action: str, reason: str | None = None) -> Listing:
    """submit, withdraw, approve, request_changes, reject, suspend or republish a listing.

    A vendor submits only once its documents are approved (vendors.vetting); until then it keeps drafts."""
    if action in ("create", "edit"):
        raise ValueError(action)
    step = lifecycle.transition(state_of(listing), action, actor_of(user), listing.vendor_id, reason)
    if action == "submit" and (refusal := submission_refusal(session, listing.vendor_id)):
        raise InvalidTransition(refusal)
    return apply_step(session, listing, step, user)


@dataclass(frozen=True)
class ReviewItem:
    listing: Listing
    revision: ListingRevision


def review_queue(session: Session) -> list[ReviewItem]:
    """Revisions awaiting review, oldest submission first (withdrawn listings left out)."""
    rows = session.execute(
        select(Listing, ListingRevision)
        .join(ListingRevision, ListingRevision.listing_id == Listing.id)
        .where(ListingRevision.status == "submitted", Listing.status != "withdrawn")
        .order_by(ListingRevision.submitted_at.asc().nulls_first(), ListingRevision.id)
    ).all()
    return [ReviewItem(listing, revision) for listing, revision in rows]


def revision_changes(listing: Listing) -> tuple[FieldChange, ...] | None:
    """What the open revision changes against the live one (None when there is no live revision)."""
    live, working = listing.live_revision, listing.working_revision
    if live is None or working is None:
        return None
    return field_changes(live.to_product(listing.vendor_id), working.to_product(listing.vendor_id))


def listing_page(session: Session, listing: Listing, actor: Actor) -> dict:
    """What the vendor's and the officer's page of a listing show: its newest revision, what that
    changes against the live one, the audit trail and what `actor` may do now."""
    revision = newest_revision(listing)
    return {
        "listing": listing,
        "revision": revision,
        "product": revision.to_product(listing.vendor_id),
        "live": listing.live_revision,
        "changes": revision_changes(listing),
        "history": history(session, listing.id),
        "actions": lifecycle.allowed_actions(state_of(listing), actor, listing.vendor_id),
    }


def history(session: Session, listing_id: str) -> list[AuditEntry]:
    """The listing's audit trail, newest first."""
    return list(
        session.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity_type == "listing", AuditEntry.entity_id == listing_id)
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        )
    )


def published_revisions(session: Session) -> list[ListingRevision]:
    """The live revisions of every published listing (what an edition freezes)."""
    return list(
        session.scalars(
            select(ListingRevision)
            .join(Listing, Listing.id == ListingRevision.listing_id)
            .where(Listing.status == "published", ListingRevision.status == LIVE)
            .order_by(ListingRevision.listing_id)
        )
    )


def publish_edition(
    session: Session,
    user,
    decision_number: str,
    decision_date: date | None,
    note: str | None = None,
    only_if_changed: bool = False,
) -> CatalogEdition | None:
    """A new numbered edition freezing the live revisions of all published listings.

    With only_if_changed (imports), nothing happens when the latest edition already holds exactly
    these revisions, so that importing the same file twice changes nothing.
    """
    errors = {}
    if not (decision_number or "").strip():
        errors["decision_number"] = N_("Cần nhập số quyết định.")
    if decision_date is None:
        errors["decision_date"] = N_("Cần nhập ngày quyết định (dd/mm/yyyy).")
    revisions = published_revisions(session)
    if not revisions:
        errors["edition"] = N_("Chưa có sản phẩm nào đang công bố để đưa vào danh mục.")
    if errors:
        raise ValidationFailed(N_("Chưa thể công bố ấn bản danh mục."), errors)
    latest = current_edition(session)
    if only_if_changed and latest is not None:
        frozen = set(
            session.scalars(select(EditionEntry.revision_id).where(EditionEntry.edition_id == latest.id))
        )
        if frozen == {r.id for r in revisions}:
            return None
    edition = CatalogEdition(
        number=(latest.number + 1) if latest else 1,
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        note=(note or "").strip() or None,
        published_by_id=getattr(user, "id", None),
    )
    session.add(edition)
    session.flush()
    session.add_all(
        EditionEntry(edition_id=edition.id, listing_id=r.listing_id, revision_id=r.id) for r in revisions
    )
    # Search documents say whether a listing is in the official catalog.
    after_commit(session, refresh_after_commit, *(r.listing_id for r in revisions))
    record_audit(
        session,
        user,
        "edition.published",
        "edition",
        str(edition.number),
        None,
        "published",
        edition.note,
        {
            "decision_number": edition.decision_number,
            "entries": len(revisions),
            "decision_date": decision_date.isoformat(),
        },
    )
    session.flush()
    return edition


def editions(session: Session) -> list[CatalogEdition]:
    """Every edition, newest first."""
    return list(session.scalars(select(CatalogEdition).order_by(CatalogEdition.number.desc())))


def get_edition(session: Session, number: int) -> CatalogEdition:
    """Edition `number`, whatever the number (a query argument, a CLI option): NotFound outside the
    column's range too, where the query itself would fail."""
    edition = (session.scalar(select(CatalogEdition).where(CatalogEdition.number == number))
               if 1 <= number <= INTEGER_MAX else None)
    if edition is None:
        raise NotFound(N_("Không có ấn bản số %(number)s."), number=number)
    return edition


def edition_preview(session: Session, latest: CatalogEdition | None) -> EditionDiff:
    """What publishing a new edition now would change against the latest one."""
    before = edition_products(session, latest) if latest is not None else []
    return diff_editions(before, public_products(session))


def compare_editions(session: Session, before: CatalogEdition, after: CatalogEdition) -> EditionDiff:
    return diff_editions(edition_products(session, before), edition_products(session, after))


REMOVING_ACTIONS = ("listing.suspend", "listing.withdraw")


def removal_reasons(session: Session, listing_ids, until: datetime) -> dict[str, tuple[str, str | None]]:
    """Why listings left the catalog: each one's last suspension or withdrawal up to `until` (an
    edition's publication) as (action, reason), for the edition diff (a lapsed approval, a complaint
    upheld...)."""
    ids = list(listing_ids)
    if not ids:
        return {}
    rows = session.execute(
        select(AuditEntry.entity_id, AuditEntry.action, AuditEntry.reason)
        .where(AuditEntry.entity_type == "listing", AuditEntry.entity_id.in_(ids),
               AuditEntry.action.in_(REMOVING_ACTIONS), AuditEntry.at <= until)
        .order_by(AuditEntry.at, AuditEntry.id)
    )
    return {listing_id: (action.removeprefix("listing."), reason) for listing_id, action, reason in rows}


def with_revisions():
    """Loader options: all revisions, the live and the open one, in three queries for many listings."""
    return (
        selectinload(Listing.revisions),
        selectinload(Listing.live_revision),
        selectinload(Listing.working_revision),
    )


def vendor_listings(session: Session, vendor_id: str) -> list[Listing]:
    query = select(Listing).where(Listing.vendor_id == vendor_id).order_by(Listing.updated_at.desc())
    return list(session.scalars(query.options(*with_revisions())))
