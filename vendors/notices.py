"""Who hears of the vetting of a vendor's documents (notifications): officers of documents handed in (a
new vendor's, or corrected ones), the vendor's members of each officer's decision, with the reason."""

from __future__ import annotations

from sqlalchemy.orm import Session

from core.mail import page_path
from core.translation import N_
from notifications import notify
from notifications.delivery import speakers_for, staff
from notifications.events import define

SUBMITTED = define(
    "vendors.vetting_submitted", name=N_("Hồ sơ nhà cung cấp chờ thẩm định"),
    title=N_("%(vendor)s gửi hồ sơ để thẩm định"),
    body=N_("%(vendor)s đã gửi hồ sơ (đăng ký kinh doanh, người liên hệ, khách hàng tham chiếu). Hãy xem và "
            "quyết định trước khi nhà cung cấp gửi thẩm định sản phẩm đầu tiên."),
    action=N_("Mở hồ sơ"), roles=("officer", "admin"), default_mode="digest")
# The officer's decisions, by vetting_rules.DECISIONS' names.
DECIDED = {
    "approve": define(
        "vendors.vetting_approved", name=N_("Hồ sơ nhà cung cấp được duyệt"),
        title=N_("Hồ sơ của %(vendor)s đã được duyệt"),
        body=N_("Cán bộ Sở đã duyệt hồ sơ của %(vendor)s; bạn gửi thẩm định được sản phẩm. %(reason)s"),
        action=N_("Xem hồ sơ"), roles=("vendor",)),
    "request_changes": define(
        "vendors.vetting_changes_requested", name=N_("Hồ sơ nhà cung cấp cần bổ sung"),
        title=N_("Hồ sơ của %(vendor)s cần bổ sung"),
        body=N_("Cán bộ Sở yêu cầu bổ sung hồ sơ của %(vendor)s: %(reason)s Hãy sửa và gửi lại hồ sơ."),
        action=N_("Bổ sung hồ sơ"), roles=("vendor",)),
    "reject": define(
        "vendors.vetting_rejected", name=N_("Hồ sơ nhà cung cấp bị từ chối"),
        title=N_("Hồ sơ của %(vendor)s không được duyệt"),
        body=N_("Cán bộ Sở đã từ chối hồ sơ của %(vendor)s. Lý do: %(reason)s"),
        action=N_("Xem hồ sơ"), roles=("vendor",)),
}


def decided(session: Session, vetting, decision: str) -> None:
    """Tell every member of the vetted vendor of the officer's decision."""
    notify(session, speakers_for(session, vendor_id=vetting.vendor_id), DECIDED[decision].code,
           link=page_path("vendors.vetting"), vendor=vetting.vendor.name, reason=vetting.reason or "")


def submitted(session: Session, vetting) -> None:
    """Tell officers that documents wait for their decision (in a daily digest by default)."""
    notify(session, staff(session), SUBMITTED.code,
           link=page_path("vendors.officer_vetting", vendor_id=vetting.vendor_id), vendor=vetting.vendor.name)
