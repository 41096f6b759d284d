"""Approvals, reminders, filings and decisions of the yearly re-review (flush only; audited under the
entity "rereview" with the listing's id).

A lapse suspends the listing through the catalog's own lifecycle step, with the reason, so that the
next edition leaves it out and its diff says why; an officer may republish it later (reinstatement).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalog import services as catalog
from catalog.models import Listing, ListingRevision
from catalog.ratings import ListingRating
from complaints.models import Complaint
from complaints.services import unresolved
from contracts.models import Contract
from core.audit import AuditEntry, record_audit
from core.db import utcnow
from core.domain import N_, InvalidTransition, NotFound, ValidationFailed
from core.formatting import VN_TZ, vn_date
from core.translation import translate
from rereview import notices, rules
from rereview.models import ENTITY, ListingApproval, ProgrammeCriteria, Rereview

RUNNING = ("signed", "active")  # a counted contract still in use: its SME is a current customer
NOTE_MAX = 4000


def vn_today(now: datetime | None = None) -> date:
    return (now or utcnow()).astimezone(VN_TZ).date()


def criteria_for(session: Session, programme: str = rules.DEFAULT_PROGRAMME) -> rules.Criteria:
    row = session.get(ProgrammeCriteria, programme)
    if row is None:
        return rules.Criteria()
    return rules.Criteria(row.min_customers, row.min_rating, row.no_unresolved_complaints, row.approval_days)


def save_criteria(session: Session, officer, programme: str, criteria: rules.Criteria) -> ProgrammeCriteria:
    problems = {}
    if not programme or len(programme) > 40:
        problems["programme"] = N_("Mã chương trình có từ 1 đến 40 ký tự.")
    if criteria.min_customers < 0 or criteria.min_customers > 10_000:
        problems["min_customers"] = N_("Từ 0 đến 10.000.")
    if not 0 <= criteria.min_rating <= 5:
        problems["min_rating"] = N_("Từ 0 đến 5.")
    if not 30 <= criteria.approval_days <= 1830:
        problems["approval_days"] = N_("Từ 30 đến 1.830 ngày.")
    if problems:
        raise ValidationFailed(N_("Tiêu chí chưa hợp lệ."), problems)
    row = session.get(ProgrammeCriteria, programme) or ProgrammeCriteria(programme=programme)
    session.add(row)
    row.min_customers, row.min_rating = criteria.min_customers, criteria.min_rating
    row.no_unresolved_complaints, row.approval_days = (
        criteria.no_unresolved_complaints,
        criteria.approval_days,
    )
    row.updated_by_id = officer.id
    record_audit(
        session,
        officer,
        "rereview.criteria_saved",
        ENTITY,
        programme,
        data={
            "min_customers": criteria.min_customers,
            "min_rating": criteria.min_rating,
            "no_unresolved_complaints": criteria.no_unresolved_complaints,
            "approval_days": criteria.approval_days,
        },
    )
    session.flush()
    return row


def all_criteria(session: Session) -> list[ProgrammeCriteria]:
    return list(session.scalars(select(ProgrammeCriteria).order_by(ProgrammeCriteria.programme)))


# -- approvals and reminders ------------------------------------------------------------------------


@dataclass(frozen=True)
class ScanResult:
    created: int
    reminded: list[str]  # listing ids
    reinstated: list[str] = ()  # listing ids: lapsed, published again, a new approval period


def scan(session: Session, today: date, actor: object = "rereview") -> ScanResult:
    """Approvals for published listings that have none (from the day they were published), a new
    period for lapsed ones an officer published again (reinstatement), then the reminders due today."""
    criteria = criteria_for(session)
    reinstated = _reinstate(session, today, criteria, actor)
    missing = session.execute(
        select(Listing.id, Listing.published_at)
        .outerjoin(ListingApproval, ListingApproval.listing_id == Listing.id)
        .where(Listing.status == "published", ListingApproval.listing_id.is_(None))
        .order_by(Listing.id)
    ).all()
    for listing_id, published_at in missing:
        approved = published_at.astimezone(VN_TZ).date() if published_at else today
        session.add(
            ListingApproval(
                listing_id=listing_id,
                programme=rules.DEFAULT_PROGRAMME,
                approved_on=approved,
                expires_on=rules.expires_on(approved, criteria),
            )
        )
    session.flush()
    filed = select(Rereview.listing_id).where(Rereview.status == "filed")
    due = session.scalars(
        select(ListingApproval)
        .join(Listing, Listing.id == ListingApproval.listing_id)
        .where(
            ListingApproval.status == "current",
            Listing.status == "published",
            ListingApproval.listing_id.not_in(filed),
        )
        .order_by(ListingApproval.expires_on, ListingApproval.listing_id)
    )
    reminded = []
    for approval in due:
        if rules.due_for_reminder(approval.expires_on, today, approval.last_reminded_on):
            approval.last_reminded_on, approval.reminders = today, approval.reminders + 1
            record_audit(
                session,
                actor,
                "rereview.reminded",
                ENTITY,
                approval.listing_id,
                data={"expires_on": approval.expires_on.isoformat(), "reminder": approval.reminders},
            )
            notices.reminded(session, approval)
            reminded.append(approval.listing_id)
    session.flush()
    return ScanResult(len(missing), reminded, reinstated)


def _reinstate(session: Session, today: date, criteria: rules.Criteria, actor: object) -> list[str]:
    """A lapse suspends the listing; an officer who republishes it reinstates it into the catalog. Its
    approval then runs again, from the day it was republished, so that it is reminded and re-reviewed
    like any other (it stayed "lapsed" with no expiry to come: never reminded, no filing accepted)."""
    lapsed = session.scalars(
        select(ListingApproval)
        .join(Listing, Listing.id == ListingApproval.listing_id)
        .where(ListingApproval.status == "lapsed", Listing.status == "published")
        .order_by(ListingApproval.listing_id)
    ).all()
    done = []
    for approval in lapsed:
        republished = session.scalar(
            select(func.max(AuditEntry.at)).where(
                AuditEntry.entity_type == "listing", AuditEntry.entity_id == approval.listing_id,
                AuditEntry.action == "listing.republish")
        )
        day = min(vn_today(republished), today) if republished is not None else today
        before = approval.expires_on
        approval.status, approval.approved_on = "current", day
        approval.expires_on = rules.expires_on(day, criteria)
        approval.last_reminded_on, approval.reminders = None, 0
        record_audit(session, actor, "rereview.reinstated", ENTITY, approval.listing_id, "lapsed", "current",
                     data={"approved_on": day.isoformat(), "expires_on": approval.expires_on.isoformat(),
                           "lapsed_expiry": before.isoformat()})
        done.append(approval.listing_id)
    session.flush()
    return done


# -- evidence -----------------------------------------------------------------------------------------


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), VN_TZ).astimezone(UTC)


def evidence(session: Session, listing_id: str, since: date) -> rules.Evidence:
    """What the listing's year shows: current customers, ratings, complaints, price changes since `since`."""
    customers = (
        session.scalar(
            select(func.count(func.distinct(Contract.sme_id))).where(
                Contract.product_id == listing_id,
                Contract.counted_day.is_not(None),
                Contract.parent_id.is_(None),
                Contract.status.in_(RUNNING),
            )
        )
        or 0
    )
    rating = session.get(ListingRating, listing_id)
    upheld = (
        session.scalar(
            select(func.count())
            .select_from(Complaint)
            .where(
                Complaint.listing_id == listing_id,
                Complaint.outcome == "upheld",
                Complaint.closed_at >= _midnight(since),
            )
        )
        or 0
    )
    prices = session.execute(
        select(ListingRevision.reviewed_at, ListingRevision.price_monthly_vnd)
        .where(
            ListingRevision.listing_id == listing_id, ListingRevision.status.in_(("approved", "superseded"))
        )
        .order_by(ListingRevision.number)
    ).all()
    changes = tuple(
        (vn_date(at), before, after)
        for (_, before), (at, after) in zip(prices, prices[1:], strict=False)
        if before != after and at is not None and at >= _midnight(since)
    )
    return rules.Evidence(
        customers,
        rating.review_count if rating else 0,
        rating.mean if rating else None,
        unresolved(session, listing_id),
        upheld,
        changes,
    )


# -- filing and deciding ------------------------------------------------------------------------------


def _note(note: str | None, required: bool) -> str | None:
    note = (note or "").strip()
    if required and not note:
        raise ValidationFailed(N_("Cần ghi chú."), {"note": N_("Ghi lý do của quyết định.")})
    if len(note) > NOTE_MAX:
        raise ValidationFailed(N_("Ghi chú quá dài."), {"note": N_("Tối đa 4.000 ký tự.")})
    return note or None


def approval_of(session: Session, listing_id: str) -> ListingApproval:
    approval = session.get(ListingApproval, listing_id)
    if approval is None:
        raise NotFound(N_("Sản phẩm chưa có thời hạn phê duyệt."))
    return approval


def open_rereview(session: Session, listing_id: str) -> Rereview | None:
    return session.scalar(
        select(Rereview).where(Rereview.listing_id == listing_id, Rereview.status == "filed")
    )


def file(session: Session, user, listing_id: str, note: str | None, today: date | None = None) -> Rereview:
    """The vendor's re-review, from REMINDER_DAYS before the expiry, with the evidence as it stands."""
    today = today or vn_today()
    listing = session.get(Listing, listing_id)
    if listing is None or user.vendor_id is None or listing.vendor_id != user.vendor_id:
        raise NotFound(N_("Không có sản phẩm này."))
    approval = approval_of(session, listing_id)
    if approval.status != "current" or listing.status != "published":
        raise InvalidTransition(N_("Sản phẩm không còn trong danh mục; không tái thẩm định được."))
    if today < rules.window_opens(approval.expires_on):
        raise InvalidTransition(
            N_("Nộp hồ sơ tái thẩm định từ ngày %(day)s."),
            day=vn_date(rules.window_opens(approval.expires_on)),
        )
    if open_rereview(session, listing_id) is not None:
        raise InvalidTransition(N_("Hồ sơ tái thẩm định đang chờ cán bộ xem xét."))
    found = evidence(session, listing_id, approval.approved_on)
    item = Rereview(
        listing_id=listing_id,
        status="filed",
        evidence=found.to_json(),
        vendor_note=_note(note, False),
        filed_by_id=user.id,
    )
    session.add(item)
    session.flush()
    record_audit(
        session,
        user,
        "rereview.filed",
        ENTITY,
        listing_id,
        None,
        "filed",
        data={"rereview": item.id, **found.to_json()},
    )
    session.flush()
    return item


def decide(
    session: Session, officer, rereview_id: int, action: str, note: str | None, today: date | None = None
) -> Rereview:
    """renew (a new period), request_changes (the vendor files again) or lapse (the listing is suspended
    and leaves the next edition)."""
    today = today or vn_today()
    item = session.get(Rereview, rereview_id) if 0 < rereview_id < 2**31 else None
    if item is None:
        raise NotFound(N_("Không có hồ sơ tái thẩm định này."))
    if item.status != "filed":
        raise InvalidTransition(N_("Hồ sơ này đã được quyết định."))
    if action not in ("renew", "request_changes", "lapse"):
        raise ValidationFailed(
            N_("Quyết định không hợp lệ."), {"action": N_("Gia hạn, yêu cầu bổ sung hoặc để hết hạn.")}
        )
    note = _note(note, required=action != "renew")
    approval = approval_of(session, item.listing_id)
    if action == "renew":
        criteria = criteria_for(session, approval.programme)
        approval.approved_on, approval.expires_on = (
            today,
            rules.renewed_until(approval.expires_on, today, criteria),
        )
        approval.last_reminded_on, approval.reminders = None, 0
        item.status = "renewed"
    elif action == "request_changes":
        item.status = "changes_requested"
    else:
        _lapse(session, officer, approval, note)
        item.status = "lapsed"
    item.decided_at, item.decided_by_id, item.decision_note = utcnow(), officer.id, note
    record_audit(
        session,
        officer,
        f"rereview.{item.status}",
        ENTITY,
        item.listing_id,
        "filed",
        item.status,
        note,
        {"rereview": item.id, "expires_on": approval.expires_on.isoformat()},
    )
    session.flush()
    notices.decided(session, approval, item.status, note)
    return item


def _lapse(session: Session, officer, approval: ListingApproval, note: str | None) -> None:
    approval.status = "lapsed"
    listing = catalog.get_listing(session, approval.listing_id)
    if listing.status == "published":
        day = vn_date(approval.expires_on)
        reason = translate(N_("Hết hạn phê duyệt ngày %(day)s, không được gia hạn"), day=day)
        text = reason + (f": {note}" if note else "")
        catalog.act(session, officer, listing, "suspend", text)


def lapse_expired(
    session: Session, officer, listing_id: str, note: str | None, today: date | None = None
) -> None:
    """Let an approval the vendor did not renew in time lapse (no re-review filed)."""
    today = today or vn_today()
    approval = approval_of(session, listing_id)
    if approval.status != "current" or today <= approval.expires_on:
        raise InvalidTransition(N_("Phê duyệt chưa hết hạn."))
    if open_rereview(session, listing_id) is not None:
        raise InvalidTransition(N_("Hồ sơ tái thẩm định đang chờ cán bộ xem xét."))
    note = _note(note, required=True)
    _lapse(session, officer, approval, note)
    record_audit(
        session,
        officer,
        "rereview.lapsed",
        ENTITY,
        listing_id,
        "current",
        "lapsed",
        note,
        {"expires_on": approval.expires_on.isoformat()},
    )
    notices.decided(session, approval, "lapsed", note)
    session.flush()


# -- lists ---------------------------------------------------------------------------------------------


def queue(session: Session) -> list[Rereview]:
    return list(
        session.scalars(select(Rereview).where(Rereview.status == "filed").order_by(Rereview.filed_at))
    )


def expired(session: Session, today: date) -> list[ListingApproval]:
    """Current approvals past their expiry without a re-review waiting."""
    filed = select(Rereview.listing_id).where(Rereview.status == "filed")
    return list(
        session.scalars(
            select(ListingApproval)
            .where(
                ListingApproval.status == "current",
                ListingApproval.expires_on < today,
                ListingApproval.listing_id.not_in(filed),
            )
            .order_by(ListingApproval.expires_on)
        )
    )


@dataclass(frozen=True)
class VendorRow:
    listing: Listing
    name: str
    approval: ListingApproval
    in_window: bool
    waiting: Rereview | None
    last: Rereview | None


def vendor_rows(session: Session, vendor_id: str, today: date) -> list[VendorRow]:
    """The vendor's approved listings with their expiry, soonest first."""
    rows = session.execute(
        select(Listing, ListingApproval)
        .join(ListingApproval, ListingApproval.listing_id == Listing.id)
        .where(Listing.vendor_id == vendor_id)
        .order_by(ListingApproval.expires_on, Listing.id)
    ).all()
    out = []
    for listing, approval in rows:
        last = session.scalar(
            select(Rereview).where(Rereview.listing_id == listing.id).order_by(Rereview.id.desc()).limit(1)
        )
        out.append(
            VendorRow(
                listing,
                catalog.newest_revision(listing).name,
                approval,
                approval.status == "current" and today >= rules.window_opens(approval.expires_on),
                last if last is not None and last.status == "filed" else None,
                last,
            )
        )
    return out
