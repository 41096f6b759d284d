"""What the SMEs enrolled in a training course hear of it (notifications): that its organiser called it off,
and why."""

from __future__ import annotations

from sqlalchemy.orm import Session

from consultants.models import Course
from core.formatting import to_vn
from core.mail import page_path
from core.translation import N_
from notifications import notify
from notifications.delivery import speakers_for
from notifications.events import define

CANCELLED = define(
    "courses.cancelled",
    name=N_("Khóa đào tạo bị hủy"),
    title=N_("Khóa “%(title)s” bị hủy"),
    body=N_("Khóa đào tạo “%(title)s” (%(when)s) mà doanh nghiệp đã đăng ký bị hủy. Lý do: %(reason)s"),
    action=N_("Xem các khóa đào tạo sắp tới"),
    roles=("sme",),
)


def cancelled(session: Session, course: Course, sme_ids: list[str]) -> None:
    when = to_vn(course.starts_at).strftime("%d/%m/%Y %H:%M")
    for sme_id in sme_ids:
        notify(
            session,
            speakers_for(session, sme_id=sme_id),
            CANCELLED.code,
            link=page_path("courses.index"),
            title=course.title,
            when=when,
            reason=course.cancel_reason,
        )
