"""Pages of the problem board (thin: parse, call problems.services, redirect; the shell commits).

Public: the board and published problems. SMEs post and follow their problems; officers post city
problems and moderate SMEs' ones; vendors see the problems they were invited to.
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from core.access import officer_required, roles_required, sme_required, vendor_required
from core.db import utcnow
from core.domain import DomainError, NotFound
from core.extensions import db
from core.i18n import current_lang, field_messages_of, message_of
from core.refusals import form_refused
from core.translation import N_, translate
from core.vocab import CATEGORIES, PRICING_TYPES, PROVINCES, SECTORS, label
from problems import board, export, lifecycle, proposals, report, services, thread
from problems.board import BUDGET_LABELS, FACETS
from problems.forms import ModerationForm, ProblemForm, TextForm
from problems.models import Problem
from problems.routing import suggest_categories
from reports.aggregate import parse_period
from smes.models import Sme

bp = Blueprint("problems", __name__, url_prefix="/problems", template_folder="templates")
officer_bp = Blueprint("problem_moderation", __name__, url_prefix="/officer/problems")
PAGE_SIZE = 50
FACET_NAMES = {"category": N_("Lĩnh vực"), "sector": N_("Ngành"), "province": N_("Tỉnh/thành phố"),
               "budget": N_("Ngân sách"), "status": N_("Trạng thái")}


def _today():
    return lifecycle.vietnam_today(utcnow())


@bp.app_template_global()
def problem_status(problem: Problem) -> str:
    """The status a reader sees, in the page's language ('closed' once the deadline passed)."""
    code = lifecycle.status_on(problem.status, problem.deadline, _today())
    return translate(lifecycle.STATUS_LABELS[code], current_lang())


@bp.app_template_global()
def problem_poster(problem: Problem, shown: bool = True) -> str:
    """Who posted: the city, the firm's name, or an anonymous description when the name is hidden."""
    lang = current_lang()
    if problem.kind == "city":
        return _("Thành phố %(province)s", province=problem.province or "")
    if shown and problem.sme is not None:
        return problem.sme.name
    return _("Doanh nghiệp ẩn danh (%(sector)s, %(province)s)",
             sector=label(SECTORS, problem.sector, lang), province=problem.province or "—")


def _readable(problem_id: str) -> Problem:
    problem = db.session.get(Problem, problem_id)
    if problem is None or not services.may_read(problem, current_user):
        abort(404)
    return problem


def _name_shown_to_user(problem: Problem) -> bool:
    """Posters and officers always see the firm; others when it chose to show it (vendors also once
    shortlisted: problems.lifecycle.name_shown)."""
    user = current_user
    if user.is_authenticated and (user.is_officer or (problem.sme_id and user.sme_id == problem.sme_id)):
        return True
    return lifecycle.name_shown(problem.show_name, None)


def _facet_labels(lang: str) -> dict[str, dict[str, str]]:
    return {
        "category": {c: label(CATEGORIES, c, lang) for c in CATEGORIES},
        "sector": {c: label(SECTORS, c, lang) for c in SECTORS},
        "province": {p: p for p in PROVINCES},
        "budget": {c: translate(t, lang) for c, t in BUDGET_LABELS.items()},
        "status": {c: translate(lifecycle.STATUS_LABELS[c], lang) for c in lifecycle.PUBLIC_STATUSES},
    }


def read_board_filters(args, labels) -> tuple[dict[str, str], list[str]]:
    """The facet filters asked for; a value the facet does not have is left out, named in the notice."""
    filters, ignored = {}, []
    for facet in FACETS:
        value = args.get(facet, "").strip()
        if not value:
            continue
        if value in labels[facet]:
            filters[facet] = value
        else:
            ignored.append(facet)
    return filters, ignored


@bp.route("/")
def index():
    lang = current_lang()
    labels = _facet_labels(lang)
    filters, ignored = read_board_filters(request.args, labels)
    q = request.args.get("q", "").strip()[:200]
    found = board.search(services.board_entries(db.session), q, filters)
    shown = found.entries[:PAGE_SIZE]
    ids = [e.id for e in shown]
    by_id = {p.id: p for p in db.session.scalars(select(Problem).where(Problem.id.in_(ids)))}
    return render_template(
        "problems/index.html", problems=[by_id[e.id] for e in shown], total=len(found.entries), q=q,
        filters=filters, facets=found.facets, labels=labels, relaxed=found.relaxed,
        facet_names={f: translate(FACET_NAMES[f], lang) for f in FACETS},
        ignored=[translate(FACET_NAMES[f], lang) for f in ignored],
    )


def board_section(q: str = "", **_page) -> dict:
    """The catalog page's part of the board: open problems for what the visitor searched (all when
    nothing), the newest first, for vendors browsing and SMEs who did not find their product."""
    found = board.search(services.board_entries(db.session), q, {"status": lifecycle.OPEN})
    ids = [e.id for e in found.entries[:3]]
    by_id = {p.id: p for p in db.session.scalars(select(Problem).where(Problem.id.in_(ids)))}
    return {"board_problems": [by_id[i] for i in ids], "board_total": len(found.entries), "board_q": q}


def _suggest(form: ProblemForm) -> list[str]:
    text = f"{form.title.data or ''}. {form.description.data or ''}"
    return suggest_categories(text)


@bp.route("/new", methods=["GET", "POST"])
@roles_required("sme", "officer", "admin")
def new():
    city = current_user.is_officer
    form = ProblemForm(city=city)
    if request.method == "GET":
        form.problem_id.data = services.new_problem_id()
        if not city:
            sme = db.session.get(Sme, current_user.sme_id)
            form.preferred_pricing_models.data = list(sme.preferred_pricing_models or [])
        return render_template("problems/new.html", form=form, city=city, suggested=None)
    if "suggest" in request.form:  # the "suggest categories" button: read the text, keep everything else
        suggested = _suggest(form)
        form.categories.data = suggested
        return render_template("problems/new.html", form=form, city=city, suggested=suggested)
    if not form.validate_on_submit():
        db.rollback()
        return render_template("problems/new.html", form=form, city=city, suggested=None), 422
    data = form.data_in()
    if not data.categories:  # nothing ticked: take the suggestion rather than refuse
        data = type(data)(**{**data.__dict__, "categories": tuple(_suggest(form))})
    problem_id = form.problem_id.data if (form.problem_id.data or "").startswith("bt-") else None
    try:
        problem = services.post_problem(db.session, current_user, data, problem_id)
    except DomainError as exc:
        db.rollback()
        for name, message in field_messages_of(exc).items():
            (form[name] if name in form else form.title).errors.append(message)
        flash(message_of(exc), "danger")
        return render_template("problems/new.html", form=form, city=city, suggested=None), exc.status
    flash(_("Đã đăng bài toán; bài toán được công khai sau khi cán bộ duyệt.") if problem.status == "pending"
          else _("Đã đăng bài toán và mời các nhà cung cấp phù hợp."), "success")
    return redirect(url_for(".detail", problem_id=problem.id))


@bp.route("/mine")
@sme_required
def mine():
    return render_template("problems/mine.html",
                           problems=services.problems_of_sme(db.session, current_user.sme_id))


@bp.route("/invitations")
@vendor_required
def invitations():
    return render_template("problems/invitations.html",
                           rows=services.invitations_for_vendor(db.session, current_user.vendor_id))


@bp.route("/<problem_id>")
def detail(problem_id: str):
    problem = _readable(problem_id)
    user = current_user
    is_poster = user.is_authenticated and problem.sme_id is not None and user.sme_id == problem.sme_id
    sees_routing = user.is_authenticated and (user.is_officer or is_poster)
    lang = current_lang()
    poster = proposals.is_poster(problem, user)
    shown = proposals.proposals_of(db.session, problem, user)
    open_now = lifecycle.takes_proposals(problem.status, problem.deadline, _today())
    mine = (proposals.own_proposal(db.session, problem.id, user.vendor_id)
            if user.is_authenticated and user.role == "vendor" else None)
    # Past the deadline with no proposal: the catalog's best offers for it (the routing's list).
    unanswered = (poster and not shown and problem.status == lifecycle.OPEN and not open_now)
    return render_template(
        "problems/detail.html",
        poster=poster,
        proposals=shown,
        mine=mine,
        open_now=open_now,
        unanswered=unanswered,
        consultants=services.consultants_for(db.session, problem) if unanswered else [],
        questions=thread.questions_of(db.session, problem.id),
        text_form=TextForm(formdata=None),
        problem=problem,
        name_shown=_name_shown_to_user(problem) or lifecycle.name_shown(problem.show_name,
                                                                         mine.status if mine else None),
        categories=[label(CATEGORIES, c, lang) for c in problem.categories],
        pricing_models=[label(PRICING_TYPES, m, lang) for m in problem.preferred_pricing_models],
        sector=label(SECTORS, problem.sector, lang) if problem.sector else None,
        invitations=services.invitations_of(db.session, problem.id) if sees_routing or unanswered else [],
        invited=(user.is_authenticated and user.role == "vendor"
                 and user.vendor_id in services.invited_vendor_ids(db.session, problem.id)),
        moderation_form=ModerationForm(formdata=None) if user.is_authenticated and user.is_officer else None,
    )


@officer_bp.route("/")
@officer_required
def queue():
    return render_template("problems/queue.html", problems=services.pending_queue(db.session),
                           form=ModerationForm(formdata=None))


@officer_bp.route("/<problem_id>/<decision>", methods=["POST"])
@officer_required
def moderate(problem_id: str, decision: str):
    if decision not in ("approve", "reject"):
        abort(404)
    form = ModerationForm()
    if not form.validate_on_submit():
        return form_refused(form, url_for(".queue"))
    try:
        services.moderate(db.session, current_user, problem_id, decision == "approve",
                          form.reason.data or None, form.note.data)
    except NotFound:
        abort(404)
    except DomainError as exc:
        db.rollback()
        flash(" ".join([message_of(exc), *field_messages_of(exc).values()]), "danger")
        return redirect(url_for(".queue"))
    flash(_("Đã duyệt và công khai bài toán.") if decision == "approve"
          else _("Đã từ chối bài toán; doanh nghiệp thấy lý do."), "success")
    return redirect(url_for(".queue"))


def _report_args() -> tuple[date, date, str]:
    """The period (this year by default) and grouping asked for; a bad one is named and the default used."""
    year = _today().year
    try:
        start, end = parse_period(request.args.get("from") or f"{year}-01-01",
                                  request.args.get("to") or f"{year}-12-31")
    except DomainError as exc:
        flash(" ".join(field_messages_of(exc).values()), "danger")
        start, end = date(year, 1, 1), date(year, 12, 31)
    by = request.args.get("by") or "category"
    if by not in report.BY:
        flash(_("Chiều báo cáo không hợp lệ; đang theo lĩnh vực."), "danger")
        by = "category"
    return start, end, by


@officer_bp.route("/report")
@officer_required
def officer_report():
    start, end, by = _report_args()
    rows = report.report(services.report_facts(db.session, start, end), by)
    lang = current_lang()
    return render_template("problems/report.html", rows=rows, by=by, start=start, end=end,
                           names={r.key: export.group_name(r.key, by, lang) for r in rows})


@officer_bp.route("/report.<any(xlsx, csv):kind>")
@officer_required
def officer_report_download(kind: str):
    start, end, by = _report_args()
    rows = report.report(services.report_facts(db.session, start, end), by)
    make = export.report_xlsx if kind == "xlsx" else export.report_csv
    body = make(rows, by, start, end, utcnow())
    content_type = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" if kind == "xlsx"
                    else "text/csv; charset=utf-8")
    name = f"bai-toan-{by}-{start:%Y%m%d}-{end:%Y%m%d}.{kind}"
    return Response(body, content_type=content_type,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
