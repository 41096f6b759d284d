"""The officers' dashboard of the "contracts signed" indicator, its downloads and the yearly target."""

from __future__ import annotations

from datetime import date, datetime

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import distinct, select

from catalog.queries import vendor_names
from contracts.models import Contract
from core.access import officer_required
from core.db import utcnow
from core.domain import ValidationFailed
from core.extensions import db
from core.formatting import VN_TZ, vnd
from core.i18n import current_lang, field_messages_of, message_of
from core.text import ascii_digits
from core.vocab import CATEGORIES, PRICING_TYPES, SECTORS, SIZES, label
from reports import charts, services
from reports.aggregate import DIMENSIONS, UNKNOWN, Group, parse_period
from reports.export import annual_xlsx, report_csv, report_xlsx
from reports.labels import dimension_label, filter_labels, group_labels
from reports.memo import MEMO
from reports.queries import FILTERS, contract_report, ward_breakdown

bp = Blueprint("reports", __name__, template_folder="templates")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BREAKDOWNS = ("sector", "province", "pricing_model", "category", "size", "vendor")
CHART_GROUPS = 15  # the longest breakdowns (vendors, provinces) show their first groups; files have all


def _this_year() -> int:
    return datetime.now(VN_TZ).year


def _period() -> tuple[date, date]:
    year = _this_year()
    try:
        return parse_period(
            request.args.get("from") or f"{year}-01-01", request.args.get("to") or f"{year}-12-31"
        )
    except ValidationFailed as exc:
        flash(" ".join(field_messages_of(exc).values()), "danger")
        return date(year, 1, 1), date(year, 12, 31)


def _filters() -> dict[str, str]:
    return {name: request.args[name] for name in FILTERS if request.args.get(name)}


def _months(start: date, end: date) -> list[str]:
    keys, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return keys


def _trend(report) -> charts.Chart:
    """Monthly columns over the whole period, empty months included (at most the last 36)."""
    found = {g.key: g for g in report.groups}
    keys = _months(report.date_from, report.date_to)[-36:]
    return charts.columns(
        [
            (
                f"{k[5:]}/{k[2:4]}",
                found[k].contracts if k in found else 0,
                str(found[k].contracts) if k in found else "0",
            )
            for k in keys
        ]
    )


def _bars(groups: list[Group], names: dict[str, str]) -> charts.Rows:
    return charts.horizontal(
        [
            (names.get(g.key, g.key), g.contracts, f"{g.contracts:,}".replace(",", "."))
            for g in groups[:CHART_GROUPS]
        ]
    )


def _report(fingerprint: tuple, start: date, end: date, by: str, filters=None, terminations=False):
    """contract_report, kept while the contracts are as `fingerprint` says (reports.memo)."""
    key = (fingerprint, start, end, by, tuple(sorted((filters or {}).items())), terminations)
    return MEMO.remember(
        key, lambda: contract_report(db.session, start, end, by, filters, terminations=terminations)
    )


def _counted_provinces_and_vendors(fingerprint: tuple) -> tuple[list[str], list[str]]:
    def read():
        provinces = db.session.scalars(
            select(distinct(Contract.province)).where(
                Contract.counted_day.is_not(None), Contract.province.is_not(None)
            )
        )
        vendor_ids = db.session.scalars(
            select(distinct(Contract.vendor_id)).where(Contract.counted_day.is_not(None))
        )
        return list(provinces), list(vendor_ids)

    return MEMO.remember((fingerprint, "provinces-and-vendors"), read)


def _filter_options(fingerprint: tuple) -> dict[str, list[tuple[str, str]]]:
    lang = current_lang()
    vocab_options = {
        name: [(code, label(vocabulary, code, lang)) for code in vocabulary]
        for name, vocabulary in (
            ("sector", SECTORS),
            ("size", SIZES),
            ("pricing_model", PRICING_TYPES),
            ("category", CATEGORIES),
        )
    }
    provinces, vendor_ids = _counted_provinces_and_vendors(fingerprint)
    names = vendor_names(db.session, vendor_ids)
    unknown = (UNKNOWN, _("Không rõ"))
    return {
        **vocab_options,
        "sector": vocab_options["sector"] + [unknown],
        "size": vocab_options["size"] + [unknown],
        "province": sorted((p, p) for p in provinces) + [unknown],
        "vendor": sorted(names.items(), key=lambda item: item[1]),
    }


def _kpis(fingerprint: tuple) -> dict:
    year = _this_year()
    totals = _report(fingerprint, date(year, 1, 1), date(year, 12, 31), "month", terminations=True)
    target = services.target_for(db.session, year)

    def share(value, goal):
        return None if not goal else min(value / goal, 1.0)

    return {
        "year": year,
        "report": totals,
        "target": target,
        "contracts_share": share(totals.contracts, target and target.contracts_target),
        "smes_share": share(totals.smes, target and target.smes_target),
    }


@bp.route("/officer/dashboard")
@officer_required
def dashboard():
    start, end = _period()
    filters = _filters()
    lang = current_lang()
    fingerprint = MEMO.fingerprint(db.session)
    trend = _report(fingerprint, start, end, "month", filters)
    breakdowns = []
    for by in BREAKDOWNS:
        report = _report(fingerprint, start, end, by, filters, terminations=True)
        names = group_labels(db.session, by, [g.key for g in report.groups], lang)
        breakdowns.append(
            {
                "by": by,
                "title": dimension_label(by, lang),
                "report": report,
                "names": names,
                "chart": _bars(list(report.groups), names),
            }
        )
    wards = None
    if filters.get("province") and filters["province"] != UNKNOWN:
        ward_groups = ward_breakdown(db.session, start, end, filters)
        names = {g.key: (_("Không rõ") if g.key == UNKNOWN else g.key) for g in ward_groups}
        wards = {"groups": ward_groups, "names": names, "chart": _bars(ward_groups, names)}
    return render_template(
        "reports/dashboard.html",
        start=start,
        end=end,
        filters=filters,
        options=_filter_options(fingerprint),
        totals=trend,
        trend=_trend(trend),
        breakdowns=breakdowns,
        wards=wards,
        kpis=_kpis(fingerprint),
        dimension_label=lambda by: dimension_label(by, lang),
        query={k: v for k in ("from", "to", *FILTERS) if (v := request.args.get(k))},
        years=list(range(_this_year(), _this_year() - 6, -1)),
    )


@bp.route("/officer/dashboard/target", methods=["POST"])
@officer_required
def set_target():
    def number(name):
        text = (request.form.get(name) or "").replace(".", "").replace(",", "").replace(" ", "")
        if not text:
            return None
        if not ascii_digits(text):
            raise ValidationFailed(_("Chỉ tiêu chưa hợp lệ."), {name: _("Phải là số nguyên không âm.")})
        return int(text)

    try:
        year = int(request.form.get("year") or _this_year())
        services.set_target(db.session, current_user, year, number("contracts_target"), number("smes_target"))
    except ValueError:
        abort(400)
    except ValidationFailed as exc:
        db.rollback()
        flash(" ".join(field_messages_of(exc).values()) or message_of(exc), "danger")
        return redirect(url_for("reports.dashboard"), 303)
    flash(_("Đã lưu chỉ tiêu năm %(y)s.", y=year), "success")
    return redirect(url_for("reports.dashboard"), 303)


def _download(body: bytes, name: str, kind: str) -> Response:
    content_type = XLSX if kind == "xlsx" else "text/csv; charset=utf-8"
    return Response(
        body, content_type=content_type, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@bp.route("/officer/reports/contracts.<any(xlsx, csv):kind>")
@officer_required
def download(kind: str):
    start, end = _period()
    by = request.args.get("by") or "sector"
    if by not in DIMENSIONS:
        abort(400)
    report = contract_report(db.session, start, end, by, _filters(), terminations=True)
    names = group_labels(db.session, by, [g.key for g in report.groups])
    name = f"hop-dong-da-ky-{by}-{start:%Y%m%d}-{end:%Y%m%d}.{kind}"
    make = report_xlsx if kind == "xlsx" else report_csv
    return _download(make(report, names, utcnow(), filter_labels(db.session, report.filters)), name, kind)


@bp.route("/officer/reports/annual/<int:year>.xlsx")
@officer_required
def annual(year: int):
    if not 2000 <= year <= 2100:
        abort(404)
    start, end = date(year, 1, 1), date(year, 12, 31)
    sheets = []
    for by in ("month", *BREAKDOWNS):
        report = contract_report(db.session, start, end, by, terminations=True)
        sheets.append((report, group_labels(db.session, by, [g.key for g in report.groups])))
    return _download(annual_xlsx(year, sheets, utcnow()), f"bao-cao-hop-dong-nam-{year}.xlsx", "xlsx")


@bp.app_template_filter("count")
def count_filter(value: int | None) -> str:
    """12345 -> '12.345'."""
    return vnd(value).removesuffix(" ₫") if value is not None else "—"
