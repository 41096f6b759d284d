"""What officers hear of data-subject requests (notifications): a new request with its legal due date,
and, from a daily run, the requests whose acknowledgement or answer is due soon or overdue."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from core import jobs
from core.db import utcnow
from core.formatting import to_vn
from core.mail import page_path
from core.translation import N_
from notifications import notify
from notifications.delivery import staff
from notifications.events import define, label
from privacy.deadlines import KIND_LABELS
from privacy.models import DataSubjectRequest

# An open request is brought back to officers this many days before its due date, and on the day.
WARN_DAYS_BEFORE = (3, 0)

RECEIVED = define(
    "privacy.request_received",
    name=N_("Yêu cầu mới về dữ liệu cá nhân"),
    title=N_("Yêu cầu số %(number)s: %(kind)s"),
    body=N_("Một người dùng gửi yêu cầu: %(kind)s. Hạn xác nhận đã nhận: %(acknowledge_by)s; "
            "hạn trả lời: %(due)s."),
    action=N_("Mở danh sách yêu cầu"),
    roles=("officer", "admin"),
)
DUE_SOON = define(
    "privacy.request_due",
    name=N_("Yêu cầu về dữ liệu cá nhân sắp đến hạn"),
    title=N_("Yêu cầu số %(number)s đến hạn ngày %(due)s"),
    body=N_("Yêu cầu số %(number)s (%(kind)s) chưa được trả lời; hạn luật định là ngày %(due)s."),
    action=N_("Mở danh sách yêu cầu"),
    roles=("officer", "admin"),
)


def _context(request: DataSubjectRequest) -> dict:
    return {"number": request.id, "kind": label(KIND_LABELS[request.kind]),
            "acknowledge_by": request.acknowledge_by.strftime("%d/%m/%Y"),
            "due": request.effective_due.strftime("%d/%m/%Y")}


def tell_received(session: Session, request: DataSubjectRequest) -> None:
    notify(session, staff(session), RECEIVED.code, link=page_path("privacy.officer_requests"),
           **_context(request))


def remind_due(session: Session, today: date) -> int:
    """Tell officers of every open request due WARN_DAYS_BEFORE days from `today` (each once: the daily
    run looks at one day per warning)."""
    days = [today + timedelta(days=n) for n in WARN_DAYS_BEFORE]
    due = session.scalars(select(DataSubjectRequest).where(
        DataSubjectRequest.status == "received",
        or_(DataSubjectRequest.extended_to.in_(days),
            DataSubjectRequest.extended_to.is_(None) & DataSubjectRequest.due_on.in_(days))))
    officers, told, link = staff(session), 0, page_path("privacy.officer_requests")
    for request in due:
        notify(session, officers, DUE_SOON.code, link=link, **_context(request))
        told += 1
    return told


@jobs.job("privacy.due_notices")
def due_notices_job(session: Session) -> dict:
    return {"reminded": remind_due(session, to_vn(utcnow()).date())}


# 01:40 UTC is 08:40 in Vietnam: officers find it when the working day starts.
jobs.schedule("privacy.due_notices", "40 1 * * *", period="%Y-%m-%d")
