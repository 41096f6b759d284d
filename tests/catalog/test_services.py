"""Lifecycle services on a real database: revisions, the live revision, the audit log."""

from dataclasses import replace

import pytest
from sqlalchemy import select

from catalog import services
from catalog.models import ListingRevision
from catalog.queries import public_product
from core.audit import AuditEntry
from core.domain import Forbidden, InvalidTransition, NotFound, ValidationFailed


@pytest.fixture
def people(factory):
    vendor_user = factory.user("vendor")
    return {
        "vendor": vendor_user,
        "officer": factory.user("officer"),
        "other": factory.user("vendor"),
        "sme": factory.user("sme"),
    }


def _audit(session, listing_id):
    return [
        (e.action, e.from_state, e.to_state, e.reason, e.actor_label)
        for e in session.scalars(
            select(AuditEntry).where(AuditEntry.entity_id == listing_id).order_by(AuditEntry.id)
        )
    ]


def test_draft_to_published_and_audited(session, factory, people):
    product = factory.product(vendor_id=people["vendor"].vendor_id)
    listing = services.create_listing(session, people["vendor"], product)
    assert (listing.status, listing.working_revision.status) == ("draft", "draft")
    services.act(session, people["vendor"], listing, "submit")
    assert listing.status == "submitted" and public_product(session, listing.id) is None
    services.act(session, people["officer"], listing, "approve")
    assert listing.status == "published" and listing.working_revision is None
    assert public_product(session, listing.id) == product
    assert _audit(session, listing.id) == [
        ("listing.create", None, "draft", None, people["vendor"].email),
        ("listing.submit", "draft", "submitted", None, people["vendor"].email),
        ("listing.approve", "submitted", "published", None, people["officer"].email),
    ]


def test_editing_a_published_listing_keeps_the_live_revision_until_approval(session, factory, people):
    listing = factory.listing("published", vendor_id=people["vendor"].vendor_id)
    live = public_product(session, listing.id)
    cheaper = replace(live, price_monthly_vnd=99_000)
    services.edit_listing(session, people["vendor"], listing, cheaper)
    services.act(session, people["vendor"], listing, "submit")
    assert listing.status == "published"
    assert public_product(session, listing.id).price_monthly_vnd == live.price_monthly_vnd
    assert services.revision_changes(listing)[0].field == "price_monthly_vnd"

    services.act(session, people["officer"], listing, "approve")
    assert public_product(session, listing.id).price_monthly_vnd == 99_000
    statuses = [
        r.status
        for r in session.scalars(
            select(ListingRevision)
            .where(ListingRevision.listing_id == listing.id)
            .order_by(ListingRevision.number)
        )
    ]
    assert statuses == ["superseded", "approved"]


def test_changes_requested_then_edited_then_resubmitted(session, factory, people):
    listing = factory.listing("submitted", vendor_id=people["vendor"].vendor_id)
    services.act(session, people["officer"], listing, "request_changes", "Bổ sung giá khởi tạo")
    assert listing.status == "changes_requested"
    assert listing.working_revision.review_comment == "Bổ sung giá khởi tạo"
    with pytest.raises(InvalidTransition):
        services.act(session, people["vendor"], listing, "submit")
    product = services.content_of(listing)
    services.edit_listing(session, people["vendor"], listing, replace(product, setup_fee_vnd=500_000))
    services.act(session, people["vendor"], listing, "submit")
    assert (listing.status, listing.working_revision.setup_fee_vnd) == ("submitted", 500_000)
    assert _audit(session, listing.id)[0][2:4] == ("changes_requested", "Bổ sung giá khởi tạo")


def test_reject_suspend_republish_withdraw(session, factory, people):
    rejected = factory.listing("submitted", vendor_id=people["vendor"].vendor_id)
    services.act(session, people["officer"], rejected, "reject", "Không phải giải pháp số")
    assert rejected.status == "rejected" and rejected.revisions[-1].status == "rejected"

    listing = factory.listing("published", vendor_id=people["vendor"].vendor_id)
    services.act(session, people["officer"], listing, "suspend", "Khiếu nại")
    assert public_product(session, listing.id) is None
    services.act(session, people["officer"], listing, "republish")
    assert public_product(session, listing.id) is not None
    services.act(session, people["vendor"], listing, "withdraw")
    assert listing.status == "withdrawn" and public_product(session, listing.id) is None
    with pytest.raises(InvalidTransition):
        services.act(session, people["officer"], listing, "republish")


def test_refusals_change_nothing(session, factory, people):
    listing = factory.listing("published", vendor_id=people["vendor"].vendor_id)
    with pytest.raises(Forbidden):
        services.act(session, people["other"], listing, "withdraw")
    with pytest.raises(Forbidden):
        services.act(session, people["sme"], listing, "suspend", "x")
    with pytest.raises(ValidationFailed):
        services.act(session, people["officer"], listing, "suspend", " ")
    with pytest.raises(ValidationFailed):  # nothing changed against the live revision
        services.edit_listing(session, people["vendor"], listing, services.content_of(listing))
    assert listing.status == "published" and len(listing.revisions) == 1
    assert _audit(session, listing.id) == []


def test_invalid_content_is_refused_field_by_field(session, factory, people):
    product = factory.product(vendor_id=people["vendor"].vendor_id)
    with pytest.raises(ValidationFailed) as refused:
        services.create_listing(session, people["vendor"], replace(product, readiness_min=4, readiness_max=1))
    assert "readiness_max" in refused.value.fields


def test_vendor_lookup_hides_other_vendors_listings(session, factory, people):
    listing = factory.listing("draft", vendor_id=people["other"].vendor_id)
    with pytest.raises(NotFound):
        services.vendor_listing(session, people["vendor"].vendor_id, listing.id)
    assert services.vendor_listing(session, people["other"].vendor_id, listing.id) is listing


def test_review_queue_lists_submitted_revisions_oldest_first(session, factory, people):
    first = factory.listing("submitted")
    published = factory.listing("published", vendor_id=people["vendor"].vendor_id)
    services.edit_listing(
        session, people["vendor"], published, replace(services.content_of(published), name="Tên mới")
    )
    services.act(session, people["vendor"], published, "submit")
    factory.listing("draft")
    queue = services.review_queue(session)
    assert [item.listing.id for item in queue][-1] == published.id
    assert {item.listing.id for item in queue} == {first.id, published.id}
