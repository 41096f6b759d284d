"""The annual report made in the background: at city scale its figures take a while, so an officer asks
for it, watches its progress on the jobs page and is told (in the app and by mail) when it can be
downloaded."""

from __future__ import annotations

from sqlalchemy.orm import Session

from core import jobs
from core.db import utcnow
from core.formatting import to_vn
from core.mail import page_path
from core.translation import N_
from indicators import services
from indicators.annual import annual_docx
from notifications import notify
from notifications.events import define

ANNUAL = "indicators.annual_report"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

READY = define(
    "indicators.report_ready",
    name=N_("Báo cáo đã sẵn sàng"),
    title=N_("Báo cáo năm %(year)s đã sẵn sàng"),
    body=N_("Báo cáo năm %(year)s (Word) bạn yêu cầu đã được tạo xong và có thể tải về."),
    action=N_("Tải báo cáo"),
    roles=("officer", "admin"),
)


def annual_key(year: int) -> str:
    """A new run's key: each request makes a fresh report (the figures change during the year)."""
    return f"{ANNUAL}:{year}:{utcnow():%Y%m%d%H%M%S%f}"


def annual_filename(year: int) -> str:
    return f"bao-cao-chuong-trinh-chuyen-doi-so-{year}.docx"


@jobs.job(ANNUAL)
def annual_report_job(session: Session, year: int, place: str, tell: int | None = None) -> dict:
    """The report of `year` kept as the run's file; `tell`: the user told when it is ready."""
    jobs.report_progress(0, 2)
    figures = services.annual_figures(session, year, to_vn(utcnow()).date(), place)
    jobs.report_progress(1, 2)
    key = jobs.keep_file(session, annual_filename(year), DOCX, annual_docx(figures))
    jobs.report_progress(2, 2)
    if tell is not None and key is not None:
        notify(session, tell, READY.code, link=page_path("jobs.download", key=key), year=year)
    return {"year": year}
