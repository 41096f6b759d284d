"""What a vendor's members are told of the review of their listings, and of a published listing
suspended (for cause: a complaint upheld, a fraud flag confirmed, an approval lapsed) or reinstated
(notifications)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from core.mail import page_path
from core.translation import N_
from notifications import notify
from notifications.delivery import speakers_for
from notifications.events import define

# The officers' review decisions a vendor waits on, by the lifecycle's action name.
REVIEW_EVENTS = {
    "approve": define(
        "catalog.listing_approved", name=N_("Sản phẩm được duyệt"),
        title=N_("%(product)s đã được duyệt và đăng trên danh mục"),
        body=N_("Cán bộ Sở đã duyệt %(product)s; sản phẩm hiện có trên danh mục công khai. %(reason)s"),
        action=N_("Xem sản phẩm"), roles=("vendor",)),
    "request_changes": define(
        "catalog.listing_changes_requested", name=N_("Sản phẩm cần chỉnh sửa"),
        title=N_("%(product)s cần chỉnh sửa trước khi được duyệt"),
        body=N_("Cán bộ Sở yêu cầu chỉnh sửa %(product)s: %(reason)s"),
        action=N_("Chỉnh sửa sản phẩm"), roles=("vendor",)),
    "reject": define(
        "catalog.listing_rejected", name=N_("Sản phẩm bị từ chối"),
        title=N_("%(product)s không được duyệt"),
        body=N_("Cán bộ Sở đã từ chối %(product)s. Lý do: %(reason)s"),
        action=N_("Xem sản phẩm"), roles=("vendor",)),
    # Not a review of a revision: the published listing itself leaves the catalog, or comes back.
    "suspend": define(
        "catalog.listing_suspended", name=N_("Sản phẩm bị tạm ngừng"),
        title=N_("%(product)s bị tạm ngừng trên danh mục"),
        body=N_("Cán bộ Sở đã tạm ngừng %(product)s: sản phẩm không còn hiện trên danh mục công khai và "
                "không có trong ấn bản danh mục tiếp theo. Lý do: %(reason)s"),
        action=N_("Xem sản phẩm"), roles=("vendor",)),
    "republish": define(
        "catalog.listing_republished", name=N_("Sản phẩm được công bố lại"),
        title=N_("%(product)s được công bố lại trên danh mục"),
        body=N_("Cán bộ Sở đã công bố lại %(product)s; sản phẩm hiện lại trên danh mục công khai. "
                "%(reason)s"),
        action=N_("Xem sản phẩm"), roles=("vendor",)),
}


def tell_review(session: Session, listing, action: str, product_name: str, reason: str | None) -> None:
    """Tell the listing's vendor of an officer's decision (`action`: a review of a revision, a suspension
    or a reinstatement), if it is one."""
    event = REVIEW_EVENTS.get(action)
    if event is None:
        return
    notify(session, speakers_for(session, vendor_id=listing.vendor_id), event.code,
           link=page_path("listings.detail", listing_id=listing.id), product=product_name,
           reason=reason or "")
