"""Pages of proposals and the Q&A thread: vendors propose and ask, the poster compares, answers and
decides (thin: parse, call problems.proposals / problems.thread, redirect; the shell commits)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from catalog import stars
from catalog.models import LIVE, Listing, ListingRevision
from catalog.product import Pricing
from catalog.ratings import ratings
from catalog.terms import pricing_terms
from core.access import vendor_required
from core.domain import DomainError, NotFound
from core.extensions import db
from core.i18n import current_lang, field_messages_of, message_of
from core.refusals import refused
from core.translation import translate
from core.vocab import PRICING_TYPES, REQUIRED_TERMS, label
from problems import proposals, thread
from problems.forms import ProposalForm, TextForm
from problems.lifecycle import PROPOSAL_LABELS
from problems.models import Problem, Proposal
from problems.services import may_read

bp = Blueprint("proposals", __name__, url_prefix="/problems", template_folder="templates")
POSTER_ACTIONS = {"shortlist": proposals.shortlist, "accept": proposals.accept, "reject": proposals.decline}


def _readable(problem_id: str) -> Problem:
    problem = db.session.get(Problem, problem_id)
    if problem is None or not may_read(problem, current_user):
        abort(404)
    return problem


def _own_products(vendor_id: str) -> list[tuple[str, str]]:
    rows = db.session.execute(
        select(Listing.id, ListingRevision.name)
        .join(ListingRevision, (ListingRevision.listing_id == Listing.id) & (ListingRevision.status == LIVE))
        .where(Listing.vendor_id == vendor_id, Listing.status == "published")
        .order_by(ListingRevision.name)
    )
    return [(pid, name) for pid, name in rows]


@bp.app_template_global()
def proposal_status(proposal: Proposal) -> str:
    return translate(PROPOSAL_LABELS[proposal.status], current_lang())


@bp.app_template_global()
def proposal_terms(proposal: Proposal) -> str:
    """'Thuê bao' or 'Dùng trước - trả sau: miễn phí 3 tháng đầu' in the page's language (the value
    and term are shown apart; a subscription's terms are its value over its term)."""
    lang = current_lang()
    name = label(PRICING_TYPES, proposal.pricing_type, lang)
    if proposal.pricing_type == "subscription":
        return name
    return f"{name}: {pricing_terms(Pricing.from_dict(proposal.pricing), None, lang)}"


@bp.route("/<problem_id>/propose", methods=["GET", "POST"])
@vendor_required
def propose(problem_id: str):
    problem = _readable(problem_id)
    mine = proposals.own_proposal(db.session, problem.id, current_user.vendor_id)
    products = _own_products(current_user.vendor_id)
    if request.method == "GET":
        form = ProposalForm(formdata=None, products=products)
        if mine is not None:
            form.fill(mine)
        return render_template("problems/propose.html", problem=problem, form=form, mine=mine)
    form = ProposalForm(products=products)
    valid = form.validate_on_submit()
    if form.pricing_type.data:  # the term the chosen model cannot do without (after validation: it
        form.require_term(form.pricing_type.data)  # resets the fields' errors)
    if not valid or any(form[t].errors for t in REQUIRED_TERMS.values()):
        db.rollback()
        return render_template("problems/propose.html", problem=problem, form=form, mine=mine), 422
    try:
        proposals.submit(db.session, current_user, problem.id, form.data_in())
    except NotFound:
        abort(404)
    except DomainError as exc:
        db.rollback()
        for name, message in field_messages_of(exc).items():
            target = "pricing_type" if name == "pricing.type" else name.removeprefix("pricing.")
            (form[target] if target in form else form.summary).errors.append(message)
        flash(message_of(exc), "danger")
        return render_template("problems/propose.html", problem=problem, form=form, mine=mine), exc.status
    flash(_("Đã gửi đề xuất."), "success")
    return redirect(url_for("problems.detail", problem_id=problem.id))


@bp.route("/<problem_id>/compare")
@login_required
def compare(problem_id: str):
    problem = _readable(problem_id)
    if not (proposals.is_poster(problem, current_user) or current_user.is_officer):
        abort(404)
    shown = proposals.proposals_of(db.session, problem, current_user)
    ids = [p.product_id for p in shown if p.product_id]
    level = problem.sme.readiness_level if problem.sme is not None else None
    return render_template("problems/compare.html", problem=problem, proposals=shown,
                           products=_product_names(ids), readiness=_readiness(ids), level=level,
                           track=proposals.track_records(db.session, {p.vendor_id for p in shown}),
                           rated={pid: (count, stars.shown(stars.mean(count, total)))
                                  for pid, (count, total) in ratings(db.session, ids).items()},
                           form=TextForm(formdata=None))


def _readiness(ids: list[str]) -> dict[str, tuple[int, int]]:
    """Product id -> the readiness levels its live revision is built for (to set beside the SME's)."""
    if not ids:
        return {}
    rows = db.session.execute(
        select(ListingRevision.listing_id, ListingRevision.readiness_min, ListingRevision.readiness_max)
        .where(ListingRevision.listing_id.in_(ids), ListingRevision.status == LIVE)
    )
    return {pid: (low, high) for pid, low, high in rows}


@bp.route("/<problem_id>/cancel", methods=["POST"])
@login_required
def cancel(problem_id: str):
    _readable(problem_id)
    back = url_for("problems.detail", problem_id=problem_id)
    try:
        proposals.cancel(db.session, current_user, problem_id, TextForm().text.data)
    except NotFound:
        db.rollback()
        abort(404)
    except DomainError as exc:
        return refused(exc, back)
    flash(_("Đã hủy bài toán; các nhà cung cấp đã gửi đề xuất được báo."), "success")
    return redirect(back)


def _product_names(ids: list[str]) -> dict[str, str]:
    if not ids:
        return {}
    rows = db.session.execute(
        select(Listing.id, ListingRevision.name)
        .join(ListingRevision, (ListingRevision.listing_id == Listing.id) & (ListingRevision.status == LIVE))
        .where(Listing.id.in_(ids))
    )
    return dict(rows.all())


@bp.route("/proposals/<proposal_id>/<action>", methods=["POST"])
@login_required
def decide(proposal_id: str, action: str):
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None or action not in (*POSTER_ACTIONS, "changes", "withdraw"):
        abort(404)
    problem_id = proposal.problem_id
    back = url_for(".compare", problem_id=problem_id) if action != "withdraw" else url_for(
        "problems.detail", problem_id=problem_id)
    form = TextForm()
    try:
        if action == "withdraw":
            proposals.withdraw(db.session, current_user, proposal_id)
        elif action == "changes":
            proposals.request_changes(db.session, current_user, proposal_id, form.text.data)
        else:
            if not form.validate_on_submit() and form.csrf_token.errors:
                abort(400)
            POSTER_ACTIONS[action](db.session, current_user, proposal_id)
    except NotFound:
        db.rollback()
        abort(404)
    except DomainError as exc:
        return refused(exc, back)
    messages = {
        "shortlist": _("Đã đưa vào danh sách ngắn; nhà cung cấp thấy tên doanh nghiệp."),
        "accept": _("Đã chọn đề xuất; mời hai bên ký hợp đồng."),
        "reject": _("Đã báo nhà cung cấp đề xuất không được chọn."),
        "changes": _("Đã gửi đề nghị chỉnh sửa cho nhà cung cấp."),
        "withdraw": _("Đã rút đề xuất."),
    }
    flash(messages[action], "success")
    db.session.flush()
    if action == "accept" and proposal.contract_id:
        return redirect(url_for("contracts.detail", contract_id=proposal.contract_id))
    return redirect(back)


@bp.route("/<problem_id>/questions", methods=["POST"])
@vendor_required
def ask(problem_id: str):
    _readable(problem_id)
    back = url_for("problems.detail", problem_id=problem_id) + "#questions"
    try:
        thread.ask(db.session, current_user, problem_id, TextForm().text.data)
    except NotFound:
        abort(404)
    except DomainError as exc:
        return refused(exc, back)
    flash(_("Đã gửi câu hỏi; câu hỏi và trả lời công khai với mọi nhà cung cấp."), "success")
    return redirect(back)


@bp.route("/<problem_id>/questions/<int:question_id>/answer", methods=["POST"])
@login_required
def answer(problem_id: str, question_id: int):
    _readable(problem_id)
    back = url_for("problems.detail", problem_id=problem_id) + "#questions"
    try:
        thread.answer(db.session, current_user, problem_id, question_id, TextForm().text.data)
    except NotFound:
        abort(404)
    except DomainError as exc:
        return refused(exc, back)
    flash(_("Đã trả lời câu hỏi."), "success")
    return redirect(back)
