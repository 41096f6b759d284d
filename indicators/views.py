"""The officers' programme dashboard: each plan's indicators against their targets and last year, a
monthly trend, which solutions move SMEs up; targets edited in place; the annual report as Word."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core import jobs
from core.access import officer_required
from core.db import utcnow
from core.domain import ValidationFailed
from core.extensions import db
from core.formatting import to_vn
from core.forms import PageForm
from core.i18n import field_messages_of, message_of
from core.text import ascii_digits
from core.vocab import PROVINCES
from indicators import services
from indicators.jobs import ANNUAL, annual_key
from indicators.programme import programme_report, readiness_by_solution
from indicators.services import product_name
from indicators.targets import INDICATORS
from reports import charts

bp = Blueprint("indicators", __name__, url_prefix="/officer/programme", template_folder="templates")
SOLUTIONS_SHOWN = 10


def _this_year() -> int:
    return to_vn(utcnow()).year


def _year() -> int:
    text = request.args.get("year", "")
    return int(text) if text.isascii() and text.isdigit() and 2000 <= int(text) <= 2100 else _this_year()


def _trend(year: int, province: str | None) -> charts.Chart:
    """SMEs supported in each month of the year (each month's own distinct SMEs)."""
    months = []
    for month in range(1, 13):
        first = date(year, month, 1)
        last = date(year + month // 12, month % 12 + 1, 1).toordinal() - 1
        report = programme_report(db.session, first, date.fromordinal(last), province)
        months.append(
            (f"{month:02d}/{year % 100:02d}", report["smes_supported"], str(report["smes_supported"]))
        )
    return charts.columns(months)


@bp.route("/")
@officer_required
def dashboard():
    year = _year()
    plans = services.plans(db.session)
    plan = request.args.get("plan") if request.args.get("plan") in plans else (plans[0] if plans else None)
    rows = services.plan_progress(db.session, plan, year) if plan else []
    province = next((r.target.province for r in rows if r.target.province), None)
    start, end = date(year, 1, 1), date(year, 12, 31)
    solutions = [
        (product_name(db.session, key), up, same, down)
        for key, up, same, down in readiness_by_solution(db.session, start, end, "product", province)
    ]
    vendors = readiness_by_solution(db.session, start, end, "vendor", province)
    return render_template(
        "indicators/dashboard.html",
        year=year,
        plans=plans,
        plan=plan,
        rows=rows,
        province=province,
        trend=_trend(year, province),
        solutions=solutions[:SOLUTIONS_SHOWN],
        vendors=vendors[:SOLUTIONS_SHOWN],
        indicators=INDICATORS,
        provinces=PROVINCES,
        years=list(range(_this_year() + 1, 2025, -1)),
    )


def _number(name: str) -> int | None:
    text = (request.form.get(name) or "").replace(".", "").replace(" ", "").strip()
    if not text:
        return None
    if not ascii_digits(text) or len(text) > 12:
        raise ValidationFailed(_("Chỉ tiêu chưa hợp lệ."), {name: _("Phải là số nguyên không âm.")})
    return int(text)


@bp.route("/targets", methods=["POST"])
@officer_required
def set_target():
    plan = (request.form.get("plan") or "").strip()
    back = url_for(".dashboard", plan=plan or None)
    try:
        services.set_target(
            db.session,
            current_user,
            plan,
            request.form.get("province"),
            request.form.get("indicator") or "",
            _number("target"),
            _number("year"),
        )
    except ValidationFailed as exc:
        db.rollback()
        flash(" ".join([message_of(exc), *field_messages_of(exc).values()]), "danger")
        return redirect(back, 303)
    flash(_("Đã lưu chỉ tiêu của kế hoạch %(plan)s.", plan=plan), "success")
    return redirect(back, 303)


@bp.route("/annual/<int:year>", methods=["POST"])
@officer_required
def annual(year: int):
    """Ask for the annual report: a background job (indicators.jobs); its page shows the progress and,
    when done, the download."""
    if not 2000 <= year <= 2100:
        abort(404)
    if not PageForm().validate_on_submit():
        abort(400)
    place = (request.form.get("place") or "Hà Nội").strip()[:100]
    jobs.enqueue(db.session, ANNUAL, key=annual_key(year), user_id=current_user.id, year=year, place=place,
                 tell=current_user.id)
    flash(_("Đang tạo báo cáo năm %(year)s; bạn sẽ nhận thông báo khi xong.", year=year), "info")
    return redirect(url_for("jobs.index"), 303)
