"""Reviews over the database (SQLite and PostgreSQL): who may review, moderation with its hints and
audit, edits, the vendor's one reply, reports, helpful votes and the rating the catalog stores."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from catalog.ratings import ListingRating
from core.audit import AuditEntry
from core.db import utcnow
from core.domain import Conflict, Forbidden, InvalidTransition, NotFound, ValidationFailed
from integrity.models import IntegrityFlag
from reviews import rules, services
from reviews.models import Review
from tests.reviews.builders import deal, review_input
from vendors.models import Vendor


def _actions(session, review_id):
    return [
        e.action
        for e in session.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity_type == "review", AuditEntry.entity_id == str(review_id))
            .order_by(AuditEntry.id)
        )
    ]


def test_an_sme_without_a_contract_for_it_may_not_review(session, factory):
    mine, theirs = deal(session, factory), deal(session, factory)
    with pytest.raises(NotFound):
        services.submit(session, mine.sme_user, theirs.contract.id, review_input())
    with pytest.raises(NotFound):
        services.submit(session, mine.sme_user, "no-such-contract", review_input())
    vendor = factory.user("vendor", vendor_id=mine.listing.vendor_id)
    with pytest.raises(NotFound):
        services.submit(session, vendor, mine.contract.id, review_input())


def test_a_contract_too_recent_or_unsigned_may_not_be_reviewed(session, factory):
    recent = deal(session, factory, days_ago=10)
    with pytest.raises(Forbidden) as refused:
        services.submit(session, recent.sme_user, recent.contract.id, review_input())
    assert "30 ngày sau khi hợp đồng được ghi nhận" in refused.value.text()
    unsigned = deal(session, factory, days_ago=None)
    with pytest.raises(Forbidden):
        services.submit(session, unsigned.sme_user, unsigned.contract.id, review_input())
    ended = deal(session, factory, days_ago=5, status="terminated")
    assert services.submit(session, ended.sme_user, ended.contract.id, review_input()).status == "pending"


def test_once_per_contract(session, factory):
    d = deal(session, factory)
    services.submit(session, d.sme_user, d.contract.id, review_input())
    with pytest.raises(Forbidden) as refused:
        services.submit(session, d.sme_user, d.contract.id, review_input(rating=1))
    assert refused.value.message == rules.ALREADY
    assert session.scalar(select(Review.rating).where(Review.contract_id == d.contract.id)) == 5
    assert [c.id for c, _why in services.reviewable(session, d.sme_user, services.vn_today())] == []


def test_bad_input_names_the_field_and_changes_nothing(session, factory):
    d = deal(session, factory)
    with pytest.raises(ValidationFailed) as refused:
        services.submit(
            session,
            d.sme_user,
            d.contract.id,
            review_input(rating=6, title=" ", body="ok", aspects={"support": 9}),
        )
    assert set(refused.value.fields) == {"rating", "title", "body", "support"}
    assert session.scalar(select(Review.id)) is None


def test_a_review_waits_for_an_officer_who_publishes_it_and_the_catalog_stores_the_rating(session, factory):
    d = deal(session, factory)
    review = services.submit(session, d.sme_user, d.contract.id, review_input(rating=4))
    assert (review.status, review.pricing_type, review.hints) == ("pending", "subscription", {})
    assert session.get(ListingRating, d.listing.id) is None
    officer = factory.user("officer")
    services.approve(session, officer, review.id, "Đã đọc.")
    stored = session.get(ListingRating, d.listing.id)
    assert (stored.review_count, stored.star_total, round(stored.score, 3)) == (
        1,
        4,
        round((17.5 + 4) / 6, 3),
    )
    assert _actions(session, review.id) == ["review.submitted", "review.published"]
    with pytest.raises(InvalidTransition):
        services.reject(session, officer, review.id, "abuse", None)


def test_rejecting_needs_a_reason_and_is_audited(session, factory):
    d = deal(session, factory)
    review = services.submit(session, d.sme_user, d.contract.id, review_input())
    officer = factory.user("officer")
    with pytest.raises(ValidationFailed) as refused:
        services.reject(session, officer, review.id, "rude", None)
    assert "reason" in refused.value.fields
    services.reject(session, officer, review.id, "off_topic", "Nói về một sản phẩm khác.")
    assert (review.status, review.decision_reason) == ("rejected", "off_topic")
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "review.rejected")).one()
    assert (entry.reason, entry.data["reason"]) == ("Nói về một sản phẩm khác.", "off_topic")


def test_moderation_hints_personal_data_abuse_and_related_parties(session, factory):
    vendor_user = factory.user("vendor")
    session.get(Vendor, vendor_user.vendor_id).phone = "024 3812 3456"
    d = deal(session, factory, vendor_user=vendor_user, phone="(024) 38123456")
    review = services.submit(
        session,
        d.sme_user,
        d.contract.id,
        review_input(body="Tuyệt vời, gọi anh Nam 0912 345 678 để được giá tốt, đồ ngu mới không mua."),
    )
    assert set(review.hints) == {"personal_data", "abuse", "related_party"}
    assert review.hints["related_party"] == ["phone: 024 3812 3456"]


def test_a_related_party_flag_of_the_deal_is_a_hint_until_an_officer_clears_it(session, factory):
    d = deal(session, factory)
    session.add(
        IntegrityFlag(
            contract_id=d.contract.id,
            score=0.85,
            signals=["related_party"],
            reasons=[],
            fingerprint="related_party:email",
        )
    )
    session.flush()
    review = services.submit(session, d.sme_user, d.contract.id, review_input())
    assert review.hints == {"related_party": [f"integrity_flag: {d.contract.id}"]}


def test_the_author_edits_for_thirty_days_and_the_edit_is_moderated_again(session, factory):
    d = deal(session, factory)
    review = services.submit(session, d.sme_user, d.contract.id, review_input(rating=5))
    services.approve(session, factory.user("officer"), review.id)
    services.edit(session, d.sme_user, review.id, review_input(rating=2, title="Đổi ý sau khi cập nhật"))
    assert (review.status, review.rating, review.published_at) == ("pending", 2, None)
    assert session.get(ListingRating, d.listing.id).review_count == 0  # out of the rating until published
    with pytest.raises(InvalidTransition):
        services.edit(
            session, d.sme_user, review.id, review_input(), now=review.written_at + timedelta(days=30)
        )
    other = deal(session, factory)
    with pytest.raises(NotFound):
        services.edit(session, other.sme_user, review.id, review_input())


def _published(session, factory, d=None, rating=5):
    d = d or deal(session, factory)
    review = services.submit(session, d.sme_user, d.contract.id, review_input(rating=rating))
    services.approve(session, factory.user("officer"), review.id)
    return d, review


def test_the_vendor_replies_once_publicly(session, factory):
    d, review = _published(session, factory)
    stranger = factory.user("vendor")
    with pytest.raises(NotFound):
        services.reply(session, stranger, review.id, "Cảm ơn!")
    with pytest.raises(ValidationFailed):
        services.reply(session, d.vendor_user, review.id, "  ")
    services.reply(session, d.vendor_user, review.id, "Cảm ơn anh chị đã tin dùng.")
    with pytest.raises(InvalidTransition):
        services.reply(session, d.vendor_user, review.id, "Bổ sung thêm")
    assert review.reply == "Cảm ơn anh chị đã tin dùng."
    assert "review.replied" in _actions(session, review.id)


def test_a_report_upheld_removes_the_review_from_the_rating(session, factory):
    d, review = _published(session, factory, rating=1)
    reader, other = factory.user("sme"), factory.user("vendor")
    first = services.report(session, reader, review.id, "personal_data", "Có số điện thoại.")
    with pytest.raises(Conflict):
        services.report(session, reader, review.id, "abuse", None)
    second = services.report(session, other, review.id, "false", None)
    officer = factory.user("officer")
    with pytest.raises(ValidationFailed):
        services.decide_report(session, officer, first.id, True, "")
    services.decide_report(session, officer, first.id, True, "Có số điện thoại riêng.")
    assert (review.status, review.decision_reason) == ("removed", "personal_data")
    assert (first.status, second.status) == ("upheld", "upheld")
    assert session.get(ListingRating, d.listing.id).review_count == 0
    assert _actions(session, review.id)[-3:] == ["review.reported", "review.reported", "review.report_upheld"]
    with pytest.raises(NotFound):
        services.report(session, factory.user("sme"), review.id, "abuse", None)


def test_a_report_dismissed_keeps_the_review(session, factory):
    _d, review = _published(session, factory)
    item = services.report(session, factory.user("sme"), review.id, "false", None)
    services.decide_report(session, factory.user("officer"), item.id, False, "Khớp với hợp đồng.")
    assert (review.status, item.status) == ("published", "dismissed")


def test_helpful_votes_count_once_and_never_the_authors_own(session, factory):
    d, review = _published(session, factory)
    reader = factory.user("sme")
    assert services.vote_helpful(session, reader, review.id) is True
    assert services.vote_helpful(session, reader, review.id) is False
    with pytest.raises(Forbidden):
        services.vote_helpful(session, d.sme_user, review.id)
    assert review.helpful_count == 1


def test_summary_and_sorts(session, factory):
    vendor_user = factory.user("vendor")
    listing = factory.listing("published", vendor_id=vendor_user.vendor_id)
    reviews = []
    for rating in (5, 4, 2):
        d = deal(session, factory, listing=listing, vendor_user=vendor_user)
        reviews.append(_published(session, factory, d, rating)[1])
    reviews[1].published_at = utcnow() + timedelta(minutes=1)  # the newest
    services.vote_helpful(session, factory.user("sme"), reviews[2].id)
    summary = services.summary(session, [listing.id])
    assert (summary.count, round(summary.mean, 2)) == (3, 3.67)
    assert summary.distribution == {1: 0, 2: 1, 3: 0, 4: 1, 5: 1}
    assert summary.aspects == {"ease_of_use": 5.0, "support": 4.0, "sector_fit": 4.0}
    order = {
        sort: [r.rating for r in services.published(session, [listing.id], sort)] for sort in services.SORTS
    }
    assert order["newest"][0] == 4 and order["helpful"][0] == 2 and order["lowest"] == [2, 4, 5]


def test_people_are_told_of_decisions(session, factory):
    from notifications.models import Notification

    d = deal(session, factory)
    review = services.submit(session, d.sme_user, d.contract.id, review_input())
    services.approve(session, factory.user("officer"), review.id)
    told = {(n.user_id, n.event) for n in session.scalars(select(Notification))}
    assert told == {(d.sme_user.id, "reviews.published"), (d.vendor_user.id, "reviews.new_review")}
    other = deal(session, factory)
    refused = services.submit(session, other.sme_user, other.contract.id, review_input())
    services.reject(session, factory.user("officer"), refused.id, "abuse", None)
    last = session.scalars(select(Notification).order_by(Notification.id.desc())).first()
    assert (last.user_id, last.event, last.link) == (
        other.sme_user.id,
        "reviews.rejected",
        f"/reviews/{refused.id}/edit",
    )


def test_a_review_and_a_vote_stay_in_their_requests_transaction(session, factory):
    """Nothing is committed before the request's one commit point: a request that fails after
    submitting a review or a vote leaves neither (on SQLite a savepoint opened before any write used to
    commit for real when released)."""
    d, review = _published(session, factory)
    other = deal(session, factory)
    reader = factory.user("sme")
    session.commit()
    services.submit(session, other.sme_user, other.contract.id, review_input())
    assert services.vote_helpful(session, reader, review.id) is True
    session.rollback()  # the request failed later on
    assert session.scalar(select(Review.id).where(Review.contract_id == other.contract.id)) is None
    assert session.get(Review, review.id).helpful_count == 0
    assert services.vote_helpful(session, reader, review.id) is True  # the vote was not kept either
