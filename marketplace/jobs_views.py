"""The officers' jobs page: long background work (core.jobs) with its progress, what it made, and the
download of the files it kept; the search index rebuilt on request. The jobs themselves live in their
features (catalog.search.jobs, indicators.jobs, ...); the shell names the ones officers watch."""

from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from catalog.search.jobs import REINDEX
from core import jobs
from core.access import officer_required
from core.db import utcnow
from core.extensions import db
from core.forms import PageForm
from core.translation import N_
from indicators.jobs import ANNUAL

bp = Blueprint("jobs", __name__, template_folder="templates")

# The jobs an officer watches on the page (the mail outbox's minute-by-minute flush is not among them).
WATCHED = {
    REINDEX: N_("Dựng lại chỉ mục tìm kiếm"),
    ANNUAL: N_("Báo cáo năm (Word)"),
    "payments.billing": N_("Thu tiền định kỳ"),
    "payments.due_notices": N_("Nhắc hạn thanh toán"),
    "vouchers.expire": N_("Phiếu hỗ trợ hết hạn và nhắc hạn"),
    "privacy.due_notices": N_("Nhắc hạn yêu cầu dữ liệu cá nhân"),
    "notifications.digest": N_("Thư tổng hợp hằng ngày"),
    "matching.nightly": N_("Gợi ý hằng đêm cho mọi doanh nghiệp"),
}
# What a run's result says, in words (a result's other keys are for the logs, not shown).
RESULT_LABELS = {
    "documents": N_("tài liệu đã lập chỉ mục"),
    "year": N_("năm"),
    "instalments": N_("kỳ thanh toán"),
    "expired": N_("phiếu hết hạn"),
    "reminded": N_("lời nhắc đã gửi"),
    "people": N_("người nhận thư"),
    "notifications": N_("thông báo"),
    "smes": N_("doanh nghiệp"),
    "rows": N_("gợi ý đã lưu"),
    "seconds": N_("giây"),
}
REFRESH_SECONDS = 2  # the page reloads itself while a run is under way


@bp.route("/officer/jobs")
@officer_required
def index():
    runs = jobs.recent_runs(db.session, tuple(WATCHED))
    files = jobs.has_file(db.session, [r.key for r in runs])
    running = any(r.state == "running" for r in runs)
    return render_template("jobs/index.html", runs=runs, files=files, labels=WATCHED,
                           result_labels=RESULT_LABELS, action_form=PageForm(),
                           refresh=REFRESH_SECONDS if running else None)


@bp.route("/officer/jobs/reindex", methods=["POST"])
@officer_required
def reindex():
    if not PageForm().validate_on_submit():
        abort(400)
    jobs.enqueue(db.session, REINDEX, key=f"{REINDEX}:{utcnow():%Y%m%d%H%M%S%f}", user_id=current_user.id)
    flash(_("Đã bắt đầu dựng lại chỉ mục tìm kiếm."), "info")
    return redirect(url_for(".index"), 303)


@bp.route("/officer/jobs/<path:key>/file")
@officer_required
def download(key: str):
    kept = jobs.file_of(db.session, key)
    if kept is None:
        abort(404)
    # RFC 6266: an ASCII name for old clients, the exact one (UTF-8) for the others.
    ascii_name = kept.filename.encode("ascii", "replace").decode().replace('"', "")
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(kept.filename)}"
    return Response(kept.data, content_type=kept.content_type, headers={"Content-Disposition": disposition})
