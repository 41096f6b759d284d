"""What reviews tell people (notifications): the author when an officer publishes or refuses the
review, the vendor's members when a review of their product is published (they may reply once)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from catalog.services import get_listing, newest_revision
from core.domain import Label
from core.mail import page_path
from core.translation import N_
from notifications import notify
from notifications.delivery import speakers_for
from notifications.events import define
from reviews.rules import REASONS

PUBLISHED = define(
    "reviews.published",
    name=N_("Đánh giá của bạn được đăng"),
    title=N_("Đánh giá về %(product)s đã được đăng"),
    body=N_("Cán bộ đã kiểm duyệt và đăng đánh giá “%(title)s” của bạn về %(product)s."),
    action=N_("Xem trang sản phẩm"),
    roles=("sme",),
)
REJECTED = define(
    "reviews.rejected",
    name=N_("Đánh giá của bạn không được đăng"),
    title=N_("Đánh giá về %(product)s chưa được đăng"),
    body=N_(
        "Cán bộ chưa đăng đánh giá “%(title)s” về %(product)s. Lý do: %(reason)s. Bạn có thể sửa "
        "đánh giá trong 30 ngày sau khi viết."
    ),
    action=N_("Sửa đánh giá"),
    roles=("sme",),
)
NEW_REVIEW = define(
    "reviews.new_review",
    name=N_("Đánh giá mới về sản phẩm của bạn"),
    title=N_("Đánh giá mới về %(product)s: %(rating)s/5 sao"),
    body=N_("%(sme)s đã đánh giá %(product)s: “%(title)s”. Bạn có thể trả lời công khai một lần."),
    action=N_("Xem và trả lời"),
    roles=("vendor",),
)


def _product(session: Session, review) -> str:
    return newest_revision(get_listing(session, review.listing_id)).name


def published(session: Session, review) -> None:
    product = _product(session, review)
    notify(
        session,
        speakers_for(session, sme_id=review.sme_id),
        PUBLISHED.code,
        link=page_path("catalog.product", listing_id=review.listing_id),
        product=product,
        title=review.title,
    )
    notify(
        session,
        speakers_for(session, vendor_id=review.vendor_id),
        NEW_REVIEW.code,
        link=page_path("reviews.vendor_reviews"),
        product=product,
        rating=review.rating,
        sme=review.sme.name,
        title=review.title,
    )


def rejected(session: Session, review) -> None:
    notify(
        session,
        speakers_for(session, sme_id=review.sme_id),
        REJECTED.code,
        link=page_path("reviews.edit", review_id=review.id),
        product=_product(session, review),
        title=review.title,
        reason=Label(REASONS[review.decision_reason]),
    )
