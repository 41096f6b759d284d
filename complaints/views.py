"""Complaint pages (thin: parse, call complaints.services): the SME files, both parties and officers
write on the complaint's page, officers close it and read the reports; dashboard sections."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from openpyxl import Workbook

from complaints import rules, services
from complaints.forms import CloseForm, ComplaintForm, MessageForm
from core.access import officer_required, roles_required, sme_required
from core.domain import InvalidTransition, ValidationFailed
from core.extensions import db
from core.i18n import current_lang, field_messages_of
from core.refusals import form_refused, refused
from core.spreadsheet import append_row, csv_bytes
from core.translation import translate
from vendors.models import Vendor

bp = Blueprint("complaints", __name__, template_folder="templates")
REFUSED = (ValidationFailed, InvalidTransition)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.app_template_global("complaint_label")
def complaint_label(kind: str, code: str | None) -> str:
    table = {"category": rules.CATEGORIES, "status": rules.STATUSES, "outcome": rules.OUTCOMES}[kind]
    return translate(table[code], current_lang()) if code in table else (code or "")


@bp.route("/complaints/")
@roles_required("sme", "vendor")
def index():
    return render_template(
        "complaints/index.html",
        complaints=services.mine(db.session, current_user),
        contracts=services.complainable(db.session, current_user),
        today=services.vn_today(),
        overdue=rules.overdue,
    )


@bp.route("/complaints/new/<contract_id>", methods=["GET", "POST"])
@sme_required
def new(contract_id: str):
    contract = services.sme_contract(db.session, current_user, contract_id)
    form = ComplaintForm()
    if form.validate_on_submit():
        try:
            complaint = services.file(
                db.session,
                current_user,
                contract_id,
                form.category.data,
                form.description.data,
                form.attachments.data,
            )
        except ValidationFailed as exc:
            db.rollback()
            for name, text in field_messages_of(exc).items():
                getattr(form, name).errors = [*getattr(form, name).errors, text]
            contract = services.sme_contract(db.session, current_user, contract_id)
        else:
            flash(
                _(
                    "Đã gửi khiếu nại; nhà cung cấp cần trả lời trước ngày %(day)s.",
                    day=complaint.answer_due_on.strftime("%d/%m/%Y"),
                ),
                "success",
            )
            return redirect(url_for(".detail", complaint_id=complaint.id))
    return render_template(
        "complaints/new.html",
        form=form,
        contract=contract,
        due=rules.answer_due(services.vn_today()),
        days=rules.ANSWER_WORKING_DAYS,
    ), 422 if form.errors else 200


@bp.route("/complaints/<int:complaint_id>")
@roles_required("sme", "vendor", "officer", "admin")
def detail(complaint_id: int):
    complaint = services.get_for(db.session, current_user, complaint_id)
    return render_template(
        "complaints/detail.html",
        complaint=complaint,
        side=services.side_of(current_user, complaint),
        form=MessageForm(formdata=None),
        close_form=CloseForm(formdata=None),
        late=rules.overdue(complaint.status, complaint.answer_due_on, services.vn_today()),
    )


@bp.route("/complaints/<int:complaint_id>/message", methods=["POST"])
@roles_required("sme", "vendor", "officer", "admin")
def message(complaint_id: int):
    back = url_for(".detail", complaint_id=complaint_id)
    form = MessageForm()
    services.get_for(db.session, current_user, complaint_id)  # a stranger gets 404 before any form check
    if not form.validate_on_submit():
        return form_refused(form, back)
    try:
        services.post(db.session, current_user, complaint_id, form.text.data)
    except REFUSED as exc:
        return refused(exc, back)
    flash(_("Đã gửi."), "success")
    return redirect(back + "#messages")


@bp.route("/officer/complaints/")
@officer_required
def officer_list():
    status = "closed" if request.args.get("status") == "closed" else "open"
    return render_template(
        "complaints/officer_list.html",
        complaints=services.queue(db.session, status),
        status=status,
        today=services.vn_today(),
        overdue=rules.overdue,
    )


@bp.route("/officer/complaints/<int:complaint_id>/close", methods=["POST"])
@officer_required
def close(complaint_id: int):
    back = url_for(".detail", complaint_id=complaint_id)
    form = CloseForm()
    if not form.validate_on_submit():
        return form_refused(form, back)
    try:
        services.close(db.session, current_user, complaint_id, form.outcome.data, form.reason.data,
                       form.suspend.data)
    except REFUSED as exc:
        return refused(exc, back)
    flash(_("Đã đóng khiếu nại."), "success")
    return redirect(back)


def _report_args() -> tuple[str, date | None, date | None]:
    by = request.args.get("by", "vendor")

    def day(name: str) -> date | None:
        try:
            return date.fromisoformat(request.args.get(name, ""))
        except ValueError:
            return None

    return by if by in ("vendor", "category") else "vendor", day("from"), day("to")


def _report_rows(by: str, start, end) -> tuple[list[str], list[list]]:
    rows = services.report(db.session, by, services.vn_today(), start, end)
    names = (
        dict(db.session.query(Vendor.id, Vendor.name).filter(Vendor.id.in_([r.key for r in rows])).all())
        if by == "vendor"
        else {}
    )
    head = [
        _("Nhà cung cấp") if by == "vendor" else _("Loại khiếu nại"),
        _("Tổng số"),
        _("Chưa giải quyết"),
        _("Quá hạn trả lời"),
        _("Khiếu nại đúng"),
        _("Khiếu nại không đúng"),
    ]
    body = [
        [
            names.get(r.key, r.key) if by == "vendor" else complaint_label("category", r.key),
            r.total,
            r.unresolved,
            r.overdue,
            r.upheld,
            r.not_upheld,
        ]
        for r in rows
    ]
    return head, body


@bp.route("/officer/complaints/report")
@officer_required
def report():
    by, start, end = _report_args()
    head, body = _report_rows(by, start, end)
    return render_template("complaints/report.html", by=by, start=start, end=end, head=head, body=body)


@bp.route("/officer/complaints/report.<any(xlsx, csv):kind>")
@officer_required
def report_download(kind: str):
    by, start, end = _report_args()
    head, body = _report_rows(by, start, end)
    name = f"khieu-nai-theo-{'nha-cung-cap' if by == 'vendor' else 'loai'}.{kind}"
    if kind == "csv":
        data, content_type = csv_bytes([head, *body]), "text/csv; charset=utf-8"
    else:
        book = Workbook()
        sheet = book.active
        sheet.title = _("Khiếu nại")[:31]
        for row in (head, *body):
            append_row(sheet, row)
        buffer = BytesIO()
        book.save(buffer)
        data, content_type = buffer.getvalue(), XLSX
    return Response(
        data, content_type=content_type, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


def sme_section(sme, **_page) -> dict:
    complaints = services.mine(db.session, current_user)
    return {"open": [c for c in complaints if c.status != "closed"], "total": len(complaints)}


def vendor_section(vendor, **_page) -> dict:
    return sme_section(vendor)
