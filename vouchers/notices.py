"""What people hear of vouchers (notifications): officers of a new application to decide, the SME of the
decision (a voucher issued, or a refusal with its reason), of a voucher nearing its last day unused, of
its expiry and of a voucher revoked."""

from __future__ import annotations

from sqlalchemy.orm import Session

from core.mail import page_path
from core.translation import N_
from notifications import notify
from notifications.delivery import speakers_for, staff
from notifications.events import define

APPLIED = define(
    "vouchers.applied",
    name=N_("Đề nghị cấp phiếu hỗ trợ mới"),
    title=N_("%(sme)s xin phiếu hỗ trợ cho %(product)s"),
    body=N_("Doanh nghiệp %(sme)s đề nghị hỗ trợ %(amount)s từ chương trình %(programme)s. Hãy xét duyệt."),
    action=N_("Mở hàng chờ duyệt"),
    roles=("officer", "admin"),
    default_mode="digest",
)
ISSUED = define(
    "vouchers.issued",
    name=N_("Phiếu hỗ trợ được cấp"),
    title=N_("Đã cấp phiếu hỗ trợ %(code)s"),
    body=N_(
        "Chương trình %(programme)s cấp phiếu %(code)s, tối đa %(amount)s cho %(product)s, "
        "hiệu lực đến %(until)s."
    ),
    action=N_("Xem phiếu"),
    roles=("sme",),
)
REJECTED = define(
    "vouchers.rejected",
    name=N_("Đề nghị phiếu hỗ trợ bị từ chối"),
    title=N_("Đề nghị phiếu hỗ trợ cho %(product)s bị từ chối"),
    body=N_("Chương trình %(programme)s từ chối đề nghị. Lý do: %(reason)s"),
    action=N_("Xem đề nghị"),
    roles=("sme",),
)
EXPIRING = define(
    "vouchers.expiring",
    name=N_("Phiếu hỗ trợ sắp hết hạn"),
    title=N_("Phiếu %(code)s hết hạn sau %(days)s ngày"),
    body=N_(
        "Phiếu %(code)s (tối đa %(amount)s cho %(product)s) chưa được dùng và hết hiệu lực sau ngày "
        "%(until)s. Hãy ký hợp đồng trước ngày đó để được hỗ trợ."
    ),
    action=N_("Xem phiếu"),
    roles=("sme",),
)
EXPIRED = define(
    "vouchers.expired",
    name=N_("Phiếu hỗ trợ hết hạn"),
    title=N_("Phiếu %(code)s đã hết hạn"),
    body=N_("Phiếu %(code)s cho %(product)s đã hết hạn ngày %(until)s mà chưa được dùng; phần ngân sách giữ "
            "chỗ được trả lại chương trình %(programme)s."),
    action=N_("Xem phiếu"),
    roles=("sme",),
)
REVOKED = define(
    "vouchers.revoked",
    name=N_("Phiếu hỗ trợ bị thu hồi"),
    title=N_("Phiếu hỗ trợ %(code)s bị thu hồi"),
    body=N_("Chương trình %(programme)s thu hồi phiếu %(code)s. Lý do: %(reason)s"),
    action=N_("Xem phiếu"),
    roles=("sme",),
)


def tell_officers(session: Session, event, **context) -> None:
    notify(
        session,
        staff(session),
        event.code,
        link=page_path("vouchers.queue"),
        **context,
    )


def tell_sme(session: Session, sme_id: str, event, link: str, **context) -> None:
    notify(
        session, speakers_for(session, sme_id=sme_id), event.code, link=link, **context
    )
