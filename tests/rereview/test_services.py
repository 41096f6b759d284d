"""The yearly re-review over the database (SQLite and PostgreSQL): approvals from the scan, reminders,
the vendor's filing with its evidence, renewal, changes, lapse (the listing leaves the next edition and
the edition diff says why), the criteria per programme."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from catalog.models import Listing
from catalog.ratings import store
from catalog.services import compare_editions, publish_edition, removal_reasons
from complaints.services import file as file_complaint
from core.audit import AuditEntry
from core.domain import InvalidTransition, NotFound, ValidationFailed
from rereview import rules, services
from rereview.models import ListingApproval
from tests.reviews.builders import deal

TODAY = date(2026, 12, 6)


def _approved(session, factory, days_ago: int = 320):
    """A published listing approved `days_ago` days before TODAY, with its vendor's member."""
    d = deal(session, factory)
    services.scan(session, TODAY)
    approval = session.get(ListingApproval, d.listing.id)
    approval.approved_on = TODAY - timedelta(days=days_ago)
    approval.expires_on = rules.expires_on(approval.approved_on, rules.Criteria())
    session.flush()
    return d, approval


def test_the_scan_gives_published_listings_an_approval_and_reminds_from_sixty_days(session, factory):
    d, approval = _approved(session, factory, days_ago=300)  # expires in 65 days
    assert services.scan(session, TODAY).reminded == []
    result = services.scan(session, TODAY + timedelta(days=5))
    assert result.reminded == [d.listing.id] and approval.reminders == 1
    assert services.scan(session, TODAY + timedelta(days=6)).reminded == []  # a fortnight between reminders
    assert services.scan(session, TODAY + timedelta(days=19)).reminded == [d.listing.id]
    entries = session.scalars(select(AuditEntry).where(AuditEntry.action == "rereview.reminded")).all()
    assert len(entries) == 2


def test_the_vendor_files_in_the_window_with_the_evidence(session, factory):
    d, approval = _approved(session, factory, days_ago=200)
    with pytest.raises(InvalidTransition):  # the window opens 60 days before the expiry
        services.file(session, d.vendor_user, d.listing.id, None, TODAY)
    approval.expires_on = TODAY + timedelta(days=30)
    store(session, d.listing.id, 3, 13)
    file_complaint(
        session, d.sme_user, d.contract.id, "support", "Không ai nghe máy hỗ trợ suốt một tuần liền."
    )
    with pytest.raises(NotFound):
        services.file(session, factory.user("vendor"), d.listing.id, None, TODAY)
    item = services.file(session, d.vendor_user, d.listing.id, "Thêm hai khách hàng mới.", TODAY)
    found = rules.Evidence.from_json(item.evidence)
    assert (found.customers, found.rating_count, found.unresolved_complaints) == (1, 3, 1)
    assert round(found.rating_mean, 2) == 4.33
    with pytest.raises(InvalidTransition):
        services.file(session, d.vendor_user, d.listing.id, None, TODAY)


def test_renewal_adds_a_period_to_the_old_expiry(session, factory):
    d, approval = _approved(session, factory)
    old = approval.expires_on
    item = services.file(session, d.vendor_user, d.listing.id, None, TODAY)
    services.decide(session, factory.user("officer"), item.id, "renew", None, TODAY)
    assert (item.status, approval.expires_on, approval.approved_on) == (
        "renewed",
        old + timedelta(days=365),
        TODAY,
    )


def test_changes_and_lapse_need_a_note_and_a_lapse_leaves_the_next_edition_saying_why(session, factory):
    d, approval = _approved(session, factory)
    officer = factory.user("officer")
    first = publish_edition(session, officer, "1/QĐ", TODAY)
    item = services.file(session, d.vendor_user, d.listing.id, None, TODAY)
    with pytest.raises(ValidationFailed):
        services.decide(session, officer, item.id, "lapse", " ", TODAY)
    services.decide(session, officer, item.id, "request_changes", "Bổ sung danh sách khách hàng.", TODAY)
    again = services.file(session, d.vendor_user, d.listing.id, None, TODAY)
    other, _approval = _approved(session, factory)  # keeps the next edition non-empty
    services.decide(session, officer, again.id, "lapse", "Chỉ còn một khách hàng.", TODAY)
    listing = session.get(Listing, d.listing.id)
    assert (approval.status, listing.status) == ("lapsed", "suspended")
    second = publish_edition(session, officer, "2/QĐ", TODAY)
    diff = compare_editions(session, first, second)
    assert [p.id for p in diff.removed] == [d.listing.id]
    reasons = removal_reasons(session, [d.listing.id], second.published_at)
    action, reason = reasons[d.listing.id]
    assert action == "suspend" and "Hết hạn phê duyệt ngày" in reason and "Chỉ còn một khách hàng." in reason
    assert [p.id for p in diff.added] == [other.listing.id]


def test_an_expired_approval_without_a_filing_may_lapse(session, factory):
    d, approval = _approved(session, factory, days_ago=400)
    officer = factory.user("officer")
    assert [a.listing_id for a in services.expired(session, TODAY)] == [d.listing.id]
    with pytest.raises(ValidationFailed):
        services.lapse_expired(session, officer, d.listing.id, "", TODAY)
    services.lapse_expired(session, officer, d.listing.id, "Không nộp hồ sơ.", TODAY)
    assert session.get(Listing, d.listing.id).status == "suspended"
    assert services.expired(session, TODAY) == []


def test_criteria_are_saved_per_programme_and_checked(session, factory):
    officer = factory.user("officer")
    services.save_criteria(session, officer, "hanoi-2026", rules.Criteria(6, 4.5, True, 365))
    assert services.criteria_for(session, "hanoi-2026") == rules.Criteria(6, 4.5, True, 365)
    assert services.criteria_for(session) == rules.Criteria()  # the default programme keeps the defaults
    with pytest.raises(ValidationFailed) as refused:
        services.save_criteria(session, officer, "x", rules.Criteria(-1, 7, True, 10))
    assert set(refused.value.fields) == {"min_customers", "min_rating", "approval_days"}


def test_the_vendor_is_told_of_reminders_and_decisions(session, factory):
    from notifications.models import Notification

    d, approval = _approved(session, factory)
    services.scan(session, TODAY)
    item = services.file(session, d.vendor_user, d.listing.id, None, TODAY)
    services.decide(session, factory.user("officer"), item.id, "renew", None, TODAY)
    told = [(n.user_id, n.event) for n in session.scalars(select(Notification).order_by(Notification.id))]
    assert told == [(d.vendor_user.id, "rereview.reminder"), (d.vendor_user.id, "rereview.decided")]


def test_a_lapsed_listing_published_again_gets_a_new_period_and_is_re_reviewed_again(session, factory):
    """Reinstatement after a lapse: the officer republishes the suspended listing; the next scan gives
    its approval a new period from that day (before, it stayed lapsed: never reminded, no filing)."""
    from catalog.services import act

    d, approval = _approved(session, factory, days_ago=400)
    officer = factory.user("officer")
    services.lapse_expired(session, officer, d.listing.id, "Không nộp hồ sơ.", TODAY)
    listing = session.get(Listing, d.listing.id)
    act(session, officer, listing, "republish", "Nhà cung cấp đã nộp bổ sung.")
    assert listing.status == "published"

    later = TODAY + timedelta(days=3)
    result = services.scan(session, later)
    assert result.reinstated == [d.listing.id]
    assert approval.status == "current" and approval.reminders == 0
    assert approval.approved_on <= later and approval.expires_on == rules.expires_on(approval.approved_on,
                                                                                     rules.Criteria())
    assert services.scan(session, later).reinstated == []  # once
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "rereview.reinstated")).one()
    assert (entry.entity_id, entry.from_state, entry.to_state) == (d.listing.id, "lapsed", "current")
    # The approval runs again: reminded before its expiry, and the vendor may file.
    near = approval.expires_on - timedelta(days=30)
    assert services.scan(session, near).reminded == [d.listing.id]
    item = services.file(session, d.vendor_user, d.listing.id, None, near)
    assert item.status == "filed"


def test_a_listing_suspended_for_cause_keeps_its_approval_and_comes_back_with_it(session, factory):
    from catalog.services import act

    d, approval = _approved(session, factory, days_ago=100)
    officer = factory.user("officer")
    listing = session.get(Listing, d.listing.id)
    act(session, officer, listing, "suspend", "Khiếu nại đúng.")
    before = (approval.status, approval.expires_on)
    act(session, officer, listing, "republish", "Đã khắc phục.")
    assert services.scan(session, TODAY).reinstated == []
    assert (approval.status, approval.expires_on) == before
