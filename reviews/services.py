"""Reviews: writing, editing, moderation, replies, reports and votes (flush only; audited).

Every decision is in the audit log (entity "review"): submitted, edited, published, rejected,
replied, reported, report upheld (the review removed) or dismissed. Whenever a listing's published
reviews change, its rating is stored again in the catalog (catalog.ratings.store).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from accounts.models import User
from catalog import ratings
from catalog.models import Listing
from catalog.stars import bayesian, mean
from contracts.models import Contract
from core.audit import record_audit
from core.db import insert_if_absent, utcnow
from core.domain import N_, Conflict, Forbidden, InvalidTransition, NotFound, ValidationFailed
from core.formatting import VN_TZ
from integrity.contacts import Contacts, Identifiers, shared
from integrity.models import CLEARED, IntegrityFlag
from integrity.signals import RELATED_PARTY
from reviews import notices, rules
from reviews.models import ASPECT_COLUMNS, ENTITY, Review, ReviewReport, ReviewVote
from smes.models import Sme
from vendors.models import Vendor

TITLE_MAX, BODY_MAX, WORK_MAX, NOTE_MAX, REPLY_MAX = 200, 5000, 2000, 2000, 3000
BODY_MIN = 20  # a sentence about the experience, not "ok"
SORTS = ("newest", "helpful", "lowest")


@dataclass(frozen=True)
class ReviewInput:
    rating: int | None
    title: str
    body: str
    work_change: str = ""
    aspects: dict[str, int | None] | None = None


def vn_today(now: datetime | None = None) -> date:
    return (now or utcnow()).astimezone(VN_TZ).date()


# -- who may review ---------------------------------------------------------------------------------


def sme_contract(session: Session, user, contract_id: str) -> Contract:
    contract = session.get(Contract, contract_id)
    if contract is None or user.sme_id is None or contract.sme_id != user.sme_id or contract.parent_id:
        raise NotFound(N_("Không có hợp đồng “%(id)s”."), id=contract_id)
    return contract


def refusal(session: Session, contract: Contract, today: date) -> tuple[str, dict] | None:
    """Why the contract's SME may not review it today (None: it may)."""
    reviewed = session.scalar(select(Review.id).where(Review.contract_id == contract.id)) is not None
    return rules.may_review(contract.counted_day, contract.status, today, reviewed)


def reviewable(session: Session, user, today: date) -> list[tuple[Contract, tuple[str, dict] | None]]:
    """The SME's signed contracts without a review, each with why it may not be reviewed yet (or None)."""
    if user.sme_id is None:
        return []
    reviewed = select(Review.contract_id)
    contracts = session.scalars(
        select(Contract)
        # The dashboard names each contract's product: loaded with the contracts, not one by one.
        .options(selectinload(Contract.listing).selectinload(Listing.live_revision))
        .where(
            Contract.sme_id == user.sme_id,
            Contract.parent_id.is_(None),
            Contract.counted_day.is_not(None),
            Contract.id.not_in(reviewed),
        )
        .order_by(Contract.counted_day.desc(), Contract.id)
    )
    return [(c, rules.may_review(c.counted_day, c.status, today, False)) for c in contracts]


def own_reviews(session: Session, user) -> list[Review]:
    if user.sme_id is None:
        return []
    return list(
        session.scalars(select(Review).where(Review.sme_id == user.sme_id).order_by(Review.written_at.desc()))
    )


# -- writing ------------------------------------------------------------------------------------------


def _checked(data: ReviewInput) -> dict:
    problems = {}
    if data.rating not in rules.RATINGS:
        problems["rating"] = N_("Chọn từ 1 đến 5 sao.")
    aspects = {name: (data.aspects or {}).get(name) for name in ASPECT_COLUMNS}
    for name, value in aspects.items():
        if value is not None and value not in rules.RATINGS:
            problems[name] = N_("Chọn từ 1 đến 5 sao, hoặc để trống.")
    title, body, work = data.title.strip(), data.body.strip(), (data.work_change or "").strip()
    if not title:
        problems["title"] = N_("Cần một tiêu đề.")
    elif len(title) > TITLE_MAX:
        problems["title"] = N_("Tối đa 200 ký tự.")
    if len(body) < BODY_MIN:
        problems["body"] = N_("Viết ít nhất 20 ký tự về trải nghiệm dùng sản phẩm.")
    elif len(body) > BODY_MAX:
        problems["body"] = N_("Tối đa 5.000 ký tự.")
    if len(work) > WORK_MAX:
        problems["work_change"] = N_("Tối đa 2.000 ký tự.")
    if problems:
        raise ValidationFailed(N_("Đánh giá chưa hợp lệ."), problems)
    return {"rating": data.rating, "title": title, "body": body, "work_change": work or None, **aspects}


def related_party(session: Session, contract: Contract) -> list[str]:
    """What makes the review's author one interest with the vendor, read with the deal-integrity
    identifiers (shared telephone lines, mailboxes, private domains, addresses, tax-code roots; the
    people's login mailboxes too, so a vendor's member writing as an SME shows), and a related-party
    flag of the deal that no officer cleared."""
    sme, vendor = session.get(Sme, contract.sme_id), session.get(Vendor, contract.vendor_id)

    def people(column, owner) -> tuple[str, ...]:
        return tuple(session.scalars(select(User.email).where(column == owner)))

    sme_contacts = Contacts(
        sme.phone,
        sme.contact_phone,
        sme.contact_email,
        sme.address,
        sme.tax_code,
        sme.province,
        None,
        people(User.sme_id, sme.id),
    )
    vendor_contacts = Contacts(
        vendor.phone,
        None,
        vendor.contact_email,
        vendor.address,
        vendor.tax_code,
        vendor.province,
        vendor.website,
        people(User.vendor_id, vendor.id),
    )
    found = [
        f"{item.kind}: {item.shown}"
        for item in shared(Identifiers.of(sme_contacts), Identifiers.of(vendor_contacts))
    ]
    flag = session.get(IntegrityFlag, contract.id)
    if flag is not None and RELATED_PARTY in flag.signals and flag.status != CLEARED:
        found.append(f"integrity_flag: {contract.id}")
    return found


def _hints(session: Session, contract: Contract, fields: dict) -> dict:
    found = rules.hints(fields["title"], fields["body"], fields["work_change"] or "")
    if party := related_party(session, contract):
        found["related_party"] = party
    return found


def submit(
    session: Session, user, contract_id: str, data: ReviewInput, now: datetime | None = None
) -> Review:
    """The SME's review of a contract's product, waiting for an officer."""
    now = now or utcnow()
    contract = sme_contract(session, user, contract_id)
    if why := refusal(session, contract, vn_today(now)):
        raise Forbidden(why[0], **why[1])
    fields = _checked(data)
    review = Review(
        contract_id=contract.id,
        listing_id=contract.product_id,
        vendor_id=contract.vendor_id,
        sme_id=contract.sme_id,
        author_id=user.id,
        status="pending",
        pricing_type=contract.pricing_type,
        hints=_hints(session, contract, fields),
        written_at=now,
        updated_at=now,
        **fields,
    )
    session.add(review)
    try:
        session.flush()
    except IntegrityError:  # a second tab submitted the same contract's review first: the request rolls back
        raise Conflict(rules.ALREADY) from None
    record_audit(
        session,
        user,
        "review.submitted",
        ENTITY,
        review.id,
        None,
        "pending",
        data={"contract_id": contract.id, "rating": review.rating, "hints": sorted(review.hints)},
    )
    session.flush()
    return review


def get_review(session: Session, review_id: int) -> Review:
    review = session.get(Review, review_id) if 0 < review_id < 2**31 else None
    if review is None:
        raise NotFound(N_("Không có đánh giá này."))
    return review


def own_review(session: Session, user, review_id: int) -> Review:
    review = get_review(session, review_id)
    if user.sme_id is None or review.sme_id != user.sme_id:
        raise NotFound(N_("Không có đánh giá này."))
    return review


def edit(session: Session, user, review_id: int, data: ReviewInput, now: datetime | None = None) -> Review:
    """The author's change within rules.EDIT_DAYS; it goes back to the officers."""
    now = now or utcnow()
    review = own_review(session, user, review_id)
    if not rules.editable(review.written_at, now):
        raise InvalidTransition(N_("Chỉ sửa được đánh giá trong 30 ngày sau khi viết."))
    if review.status == "removed":
        raise InvalidTransition(N_("Đánh giá đã bị gỡ; không sửa được."))
    fields = _checked(data)
    before = review.status
    for name, value in fields.items():
        setattr(review, name, value)
    review.hints = _hints(session, review.contract, fields)
    review.status, review.updated_at, review.published_at = "pending", now, None
    review.decided_at = review.decided_by_id = review.decision_reason = review.decision_note = None
    record_audit(
        session,
        user,
        "review.edited",
        ENTITY,
        review.id,
        before,
        "pending",
        data={"rating": review.rating, "hints": sorted(review.hints)},
    )
    session.flush()
    if before == "published":
        refresh_rating(session, review.listing_id)
    return review


# -- moderation ---------------------------------------------------------------------------------------


def _note(note: str | None, required: bool) -> str | None:
    note = (note or "").strip()
    if required and not note:
        raise ValidationFailed(N_("Cần ghi chú lý do."), {"note": N_("Ghi lại điều đã thấy trong đánh giá.")})
    if len(note) > NOTE_MAX:
        raise ValidationFailed(N_("Ghi chú quá dài."), {"note": N_("Tối đa 2.000 ký tự.")})
    return note or None


def _pending(session: Session, review_id: int) -> Review:
    review = get_review(session, review_id)
    if review.status != "pending":
        raise InvalidTransition(N_("Đánh giá này không còn chờ kiểm duyệt."))
    return review


def approve(session: Session, officer, review_id: int, note: str | None = None) -> Review:
    review = _pending(session, review_id)
    note = _note(note, required=False)
    now = utcnow()
    review.status, review.published_at = "published", now
    review.decided_at, review.decided_by_id, review.decision_reason, review.decision_note = (
        now,
        officer.id,
        None,
        note,
    )
    record_audit(
        session,
        officer,
        "review.published",
        ENTITY,
        review.id,
        "pending",
        "published",
        note,
        {"hints": sorted(review.hints)},
    )
    session.flush()
    refresh_rating(session, review.listing_id)
    notices.published(session, review)
    return review


def _reason(reason: str | None) -> str:
    if reason not in rules.REASONS:
        raise ValidationFailed(N_("Chọn lý do."), {"reason": N_("Chọn một lý do trong danh sách.")})
    return reason


def reject(session: Session, officer, review_id: int, reason: str | None, note: str | None) -> Review:
    review = _pending(session, review_id)
    reason, note = _reason(reason), _note(note, required=False)
    review.status = "rejected"
    review.decided_at, review.decided_by_id, review.decision_reason, review.decision_note = (
        utcnow(),
        officer.id,
        reason,
        note,
    )
    record_audit(
        session,
        officer,
        "review.rejected",
        ENTITY,
        review.id,
        "pending",
        "rejected",
        note,
        {"reason": reason, "hints": sorted(review.hints)},
    )
    session.flush()
    notices.rejected(session, review)
    return review


def reply(session: Session, user, review_id: int, text: str | None) -> Review:
    """The vendor's one public reply to a published review of its product."""
    review = get_review(session, review_id)
    if user.vendor_id is None or review.vendor_id != user.vendor_id or review.status != "published":
        raise NotFound(N_("Không có đánh giá này."))
    if review.reply is not None:
        raise InvalidTransition(
            N_("Nhà cung cấp đã trả lời đánh giá này; mỗi đánh giá được trả lời một lần.")
        )
    text = (text or "").strip()
    if not text:
        raise ValidationFailed(N_("Cần nội dung trả lời."), {"reply": N_("Viết câu trả lời công khai.")})
    if len(text) > REPLY_MAX:
        raise ValidationFailed(N_("Trả lời quá dài."), {"reply": N_("Tối đa 3.000 ký tự.")})
    review.reply, review.replied_at, review.replied_by_id = text, utcnow(), user.id
    record_audit(session, user, "review.replied", ENTITY, review.id, data={"length": len(text)})
    session.flush()
    return review


def report(session: Session, user, review_id: int, reason: str | None, note: str | None) -> ReviewReport:
    review = get_review(session, review_id)
    if review.status != "published":
        raise NotFound(N_("Không có đánh giá này."))
    if reason not in rules.REPORT_REASONS:
        raise ValidationFailed(N_("Chọn lý do."), {"reason": N_("Chọn một lý do trong danh sách.")})
    note = _note(note, required=False)
    if session.scalar(
        select(ReviewReport.id).where(
            ReviewReport.review_id == review.id, ReviewReport.reporter_id == user.id
        )
    ):
        raise Conflict(N_("Bạn đã báo cáo đánh giá này; cán bộ sẽ xem xét."))
    item = ReviewReport(review_id=review.id, reporter_id=user.id, reason=reason, note=note)
    session.add(item)
    session.flush()
    record_audit(
        session, user, "review.reported", ENTITY, review.id, data={"report": item.id, "reason": reason}
    )
    session.flush()
    return item


def decide_report(session: Session, officer, report_id: int, uphold: bool, note: str | None) -> ReviewReport:
    """Uphold: the review is removed (with the report's reason), and the review's other open reports
    are closed with it. Dismiss: the review stays."""
    item = session.get(ReviewReport, report_id) if 0 < report_id < 2**31 else None
    if item is None:
        raise NotFound(N_("Không có báo cáo này."))
    if item.status != "open":
        raise InvalidTransition(N_("Báo cáo này đã được xử lý."))
    note = _note(note, required=True)
    now = utcnow()
    review = item.review
    others = [item]
    if uphold and review.status == "published":
        others = list(
            session.scalars(
                select(ReviewReport).where(ReviewReport.review_id == review.id, ReviewReport.status == "open")
            )
        )
        review.status, review.decision_reason, review.decision_note = "removed", item.reason, note
        review.decided_at, review.decided_by_id = now, officer.id
    for each in others:
        each.status, each.decided_at, each.decided_by_id = (
            ("upheld" if uphold else "dismissed"),
            now,
            officer.id,
        )
    record_audit(
        session,
        officer,
        "review.report_upheld" if uphold else "review.report_dismissed",
        ENTITY,
        review.id,
        "published",
        review.status,
        note,
        {"report": item.id, "reason": item.reason},
    )
    session.flush()
    if uphold:
        refresh_rating(session, review.listing_id)
    return item


def vote_helpful(session: Session, user, review_id: int) -> bool:
    """Count the reader's vote once (False when already counted); not the author's own review."""
    review = get_review(session, review_id)
    if review.status != "published":
        raise NotFound(N_("Không có đánh giá này."))
    if user.sme_id is not None and user.sme_id == review.sme_id:
        raise Forbidden(N_("Không bình chọn cho đánh giá của chính mình."))
    if not insert_if_absent(session, ReviewVote, review_id=review.id, user_id=user.id, created_at=utcnow()):
        return False
    review.helpful_count = Review.helpful_count + 1  # in SQL: two votes at once both count
    session.flush()
    session.refresh(review, ["helpful_count"])
    return True


# -- reading ------------------------------------------------------------------------------------------


def refresh_rating(session: Session, listing_id: str) -> None:
    """Store the listing's rating from its published reviews."""
    count, total = session.execute(
        select(func.count(Review.id), func.coalesce(func.sum(Review.rating), 0)).where(
            Review.listing_id == listing_id, Review.status == "published"
        )
    ).one()
    ratings.store(session, listing_id, int(count), int(total))


def published(session: Session, listing_ids, sort: str = "newest", limit: int = 50) -> list[Review]:
    order = {
        "newest": (Review.published_at.desc(), Review.id.desc()),
        "helpful": (Review.helpful_count.desc(), Review.published_at.desc(), Review.id.desc()),
        "lowest": (Review.rating, Review.published_at.desc(), Review.id.desc()),
    }[sort if sort in SORTS else "newest"]
    return list(
        session.scalars(
            select(Review)
            .where(Review.listing_id.in_(list(listing_ids)), Review.status == "published")
            .order_by(*order)
            .limit(limit)
        )
    )


@dataclass(frozen=True)
class Summary:
    count: int
    mean: float | None
    score: float  # catalog.stars.bayesian
    distribution: dict[int, int]  # stars -> reviews
    aspects: dict[str, float]  # aspect -> average of the reviews that rated it


def summary(session: Session, listing_ids) -> Summary:
    ids = list(listing_ids)
    where = (Review.listing_id.in_(ids), Review.status == "published")
    distribution = {stars: 0 for stars in rules.RATINGS}
    for stars, n in session.execute(
        select(Review.rating, func.count()).where(*where).group_by(Review.rating)
    ):
        distribution[stars] = n
    count = sum(distribution.values())
    total = sum(stars * n for stars, n in distribution.items())
    averages = session.execute(
        select(*(func.avg(getattr(Review, c)) for c in ASPECT_COLUMNS)).where(*where)
    ).one()
    aspects = {c: float(v) for c, v in zip(ASPECT_COLUMNS, averages, strict=True) if v is not None}
    return Summary(count, mean(count, total), bayesian(count, total), distribution, aspects)


def queue(session: Session) -> list[Review]:
    """Reviews waiting for an officer, oldest first."""
    return list(session.scalars(select(Review).where(Review.status == "pending").order_by(Review.updated_at)))


def open_reports(session: Session) -> list[ReviewReport]:
    return list(
        session.scalars(
            select(ReviewReport).where(ReviewReport.status == "open").order_by(ReviewReport.created_at)
        )
    )


def vendor_reviews(session: Session, user) -> list[Review]:
    """Published reviews of the vendor's products, those awaiting its reply first."""
    if user.vendor_id is None:
        return []
    return list(
        session.scalars(
            select(Review)
            .where(Review.vendor_id == user.vendor_id, Review.status == "published")
            .order_by(Review.reply.is_not(None), Review.published_at.desc())
        )
    )
