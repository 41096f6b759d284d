"""What the re-review tells vendors (notifications): reminders before an approval expires, and the
officer's decision on a filing or a lapse."""

from __future__ import annotations

from sqlalchemy.orm import Session

from catalog.services import get_listing, newest_revision
from core.domain import Label
from core.formatting import vn_date
from core.mail import page_path
from core.translation import N_
from notifications import notify
from notifications.delivery import speakers_for
from notifications.events import define
from rereview.rules import STATUS_LABELS

REMINDER = define(
    "rereview.reminder",
    name=N_("Sắp hết hạn phê duyệt sản phẩm"),
    title=N_("Phê duyệt %(product)s hết hạn ngày %(expires)s"),
    body=N_(
        "Phê duyệt của %(product)s trong danh mục hết hạn ngày %(expires)s. Hãy nộp hồ sơ tái thẩm "
        "định; sản phẩm không được gia hạn sẽ rời ấn bản danh mục tiếp theo."
    ),
    action=N_("Nộp hồ sơ tái thẩm định"),
    roles=("vendor",),
)
DECIDED = define(
    "rereview.decided",
    name=N_("Kết quả tái thẩm định"),
    title=N_("Tái thẩm định %(product)s: %(status)s"),
    body=N_(
        "Cán bộ đã quyết định hồ sơ tái thẩm định %(product)s: %(status)s. Hạn phê duyệt: %(expires)s. "
        "%(note)s"
    ),
    action=N_("Xem tái thẩm định"),
    roles=("vendor",),
)


def _tell(session: Session, approval, event, **context) -> None:
    listing = get_listing(session, approval.listing_id)
    notify(
        session,
        speakers_for(session, vendor_id=listing.vendor_id),
        event.code,
        link=page_path("rereview.vendor_page"),
        product=newest_revision(listing).name,
        expires=vn_date(approval.expires_on),
        **context,
    )


def reminded(session: Session, approval) -> None:
    _tell(session, approval, REMINDER)


def decided(session: Session, approval, status: str, note: str | None) -> None:
    _tell(session, approval, DECIDED, status=Label(STATUS_LABELS[status]), note=note or "")
