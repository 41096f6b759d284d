"""Contract pages: request an offer, negotiate, accept, sign, print, verify, list one's contracts.

Thin views: parse the form, call contracts.services, commit, redirect. A refused action re-renders
the contract page with the reason and the matching status (409 for a conflict, 422 for bad input),
and changes nothing. Parties see their contracts; officers read every contract; others get 404.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from accounts.views import password_confirmed
from catalog.models import Listing
from catalog.product import Pricing
from catalog.terms import pricing_terms
from contracts import policy, services
from contracts.forms import (
    REQUEST_ID,
    AcceptForm,
    ActionForm,
    RequestForm,
    SignForm,
    TermsForm,
    pricing_choices,
)
from contracts.models import Contract, ContractSignature
from core.access import sme_required
from core.audit import AuditEntry
from core.domain import DomainError, ValidationFailed
from core.extensions import db, limiter
from core.formatting import to_vn
from core.i18n import current_lang, field_messages_of, message_of
from core.vocab import PRICING_TYPES, label

bp = Blueprint("contracts", __name__, url_prefix="/contracts", template_folder="templates")


def _visible(contract_id: str) -> Contract:
    contract = db.session.get(Contract, contract_id)
    if contract is None or not policy.visible_to(current_user, contract):
        abort(404)
    return contract


def _as_party(contract_id: str) -> Contract:
    """The contract of one of the user's sides: officers read contracts but never act in them (404)."""
    contract = db.session.get(Contract, contract_id)
    if contract is None or policy.side_of(current_user, contract) is None:
        abort(404)
    return contract


def _allowed_types(contract: Contract) -> tuple[str, ...]:
    revision = services.product_revision(db.session, contract.product_id)
    return tuple(p["type"] for p in revision.pricing_models) if revision else (contract.pricing_type,)


def _terms_form(contract: Contract, formdata=None) -> TermsForm:
    form = TermsForm(formdata=formdata) if formdata is not None else TermsForm(formdata=None)
    form.pricing_type.choices = pricing_choices(_allowed_types(contract), current_lang())
    if formdata is None:
        latest = services.latest_offer(db.session, contract.id)
        form.fill(services.terms_of(contract))
        form.based_on_round.data = latest.round if latest else 0
    return form


@bp.app_template_global()
def signed_stamp(moment) -> str:
    """A signature time as the law wants it kept: ISO 8601 with its +07:00 offset."""
    return to_vn(moment).isoformat(timespec="seconds") if moment else "—"


@bp.app_template_global()
def contract_pricing(pricing: dict) -> str:
    """'Dùng trước - trả sau: miễn phí 3 tháng đầu' (the contract's value and duration are shown apart)."""
    terms = Pricing.from_dict(pricing)
    lang = current_lang()
    text = _("trả phí hằng tháng") if terms.type == "subscription" else pricing_terms(terms, None, lang)
    return f"{label(PRICING_TYPES, terms.type, lang)}: {text}"


@bp.app_template_global()
def contract_action(action: str) -> str:
    labels = {
        # Not the msgid "Yêu cầu báo giá" of the button and page ("Request a quote"): a past event here.
        "contract.request": _("Gửi yêu cầu báo giá"),
        "contract.offer": _("Đề nghị điều khoản"),
        "contract.accept": _("Chấp nhận điều khoản"),
        "contract.sign": _("Ký"),
        "contract.signed": _("Đủ chữ ký"),
        "contract.counted": _("Được tính vào chỉ tiêu"),
        "contract.start": _("Bắt đầu thực hiện"),
        "contract.complete": _("Hoàn thành"),
        "contract.terminate": _("Chấm dứt"),
        "contract.cancel": _("Hủy"),
        "contract.amend": _("Đề nghị sửa đổi"),
        "contract.import": _("Nhập từ tệp"),
        "contract.import_status": _("Cập nhật trạng thái từ tệp"),
        "contract.import_terms": _("Cập nhật điều khoản từ tệp"),
        "contract.import_signature": _("Chữ ký nhập từ tệp"),
    }
    return labels.get(action, action)


def _signatures(contract: Contract) -> dict[str, ContractSignature]:
    """The contract's signatures by side."""
    return {
        s.side: s
        for s in db.session.scalars(
            select(ContractSignature).where(ContractSignature.contract_id == contract.id)
        )
    }


def _page(contract: Contract, status: int = 200, **forms):
    """The contract page with the forms the user may use now."""
    side = policy.side_of(current_user, contract)
    latest = services.latest_offer(db.session, contract.id)
    signed = _signatures(contract)
    may = policy.permissions(contract, side, latest, signed)
    if "terms" not in forms and may.propose:
        forms["terms"] = _terms_form(contract)
    if "amend" not in forms and may.amend:
        forms["amend"] = _terms_form(contract)
    if may.accept:
        forms.setdefault("accept", AcceptForm(formdata=None, round=str(latest.round)))
    if may.sign:
        forms.setdefault("sign", SignForm(formdata=None, digest=contract.terms_digest))
    history = db.session.scalars(
        select(AuditEntry)
        .where(AuditEntry.entity_type == services.ENTITY, AuditEntry.entity_id == contract.id)
        .order_by(AuditEntry.at, AuditEntry.id)
    ).all()
    amendments = db.session.scalars(
        select(Contract).where(Contract.parent_id == contract.id).order_by(Contract.version)
    ).all()
    return render_template(
        "contracts/detail.html",
        contract=contract,
        side=side,
        latest=latest,
        signatures=signed,
        may=may,
        actions=may.actions,
        forms=forms,
        action_form=forms.get("action") or ActionForm(formdata=None),
        history=history,
        amendments=amendments,
        offers=contract.offers,
        product_name=services.product_names(db.session, [contract])[contract.id],
    ), status


def _done(contract_id: str, message: str):
    """Commit the action, say what it did, and show the contract."""
    flash(message, "success")
    return redirect(url_for("contracts.detail", contract_id=contract_id), 303)


def _refused(contract_id: str, exc: DomainError, **forms):
    db.rollback()
    flash(message_of(exc), "danger")
    return _page(_visible(contract_id), exc.status, **forms)


@bp.route("/")
@login_required
def index():
    if current_user.is_officer:
        contracts = db.session.scalars(select(Contract).order_by(Contract.updated_at.desc()).limit(200)).all()
    elif current_user.role in ("sme", "vendor"):
        contracts = services.contracts_of(db.session, current_user)
    else:
        abort(403)
    return render_template(
        "contracts/index.html", contracts=contracts, products=services.product_names(db.session, contracts)
    )


@bp.route("/request/<product_id>", methods=["GET", "POST"])
@sme_required
def request_offer(product_id: str):
    listing = db.session.get(Listing, product_id)
    if listing is None or listing.status != "published":
        abort(404)
    product = listing.live_revision.to_product(listing.vendor_id)
    form = RequestForm()
    form.pricing_type.choices = pricing_choices([p.type for p in product.pricing_models], current_lang())
    if request.method == "GET":
        form.request_id.data = services.new_contract_id()
    if form.validate_on_submit():
        request_id = (
            form.request_id.data
            if REQUEST_ID.match(form.request_id.data or "")
            else services.new_contract_id()
        )
        try:
            contract = services.request_offer(
                db.session, current_user, product_id, form.pricing_type.data, form.note.data, request_id
            )
        except ValidationFailed as exc:
            db.rollback()
            form.pricing_type.errors.append(next(iter(field_messages_of(exc).values()), message_of(exc)))
        else:
            return _done(contract.id, _("Đã gửi yêu cầu báo giá tới nhà cung cấp."))
    return render_template("contracts/request.html", form=form, product=product), (
        422 if form.errors else 200
    )


@bp.route("/<contract_id>")
@login_required
def detail(contract_id: str):
    return _page(_visible(contract_id))


@bp.route("/<contract_id>/offer", methods=["POST"])
@login_required
def offer(contract_id: str):
    based_on = request.form.get("based_on_round") or "0"
    if not (based_on.isascii() and based_on.isdigit()):
        abort(400)  # the page always sends the round it showed
    return _terms_posted(contract_id, "terms", lambda terms, note: services.propose(
        db.session, current_user, contract_id, int(based_on), terms, note
    ).contract_id, _("Đã gửi đề nghị điều khoản; chờ bên kia trả lời."))


@bp.route("/<contract_id>/accept", methods=["POST"])
@login_required
def accept(contract_id: str):
    _as_party(contract_id)
    form = AcceptForm()
    if not form.validate() or not (form.round.data.isascii() and form.round.data.isdigit()):  # not "²"
        abort(400)
    try:
        services.accept(db.session, current_user, contract_id, int(form.round.data))
    except DomainError as exc:
        return _refused(contract_id, exc)
    return _done(contract_id, _("Hai bên đã thống nhất điều khoản. Mời hai bên ký hợp đồng."))


@bp.route("/<contract_id>/sign", methods=["POST"])
@login_required
@limiter.limit("10 per minute", error_message=lambda: _("Quá nhiều lần ký thử; hãy thử lại sau ít phút."))
def sign(contract_id: str):
    contract = _as_party(contract_id)
    form = SignForm()
    if form.validate() and not password_confirmed(form.password.data):
        form.password.errors.append(_("Mật khẩu không đúng."))
    if form.errors:
        return _page(contract, 422, sign=form)
    try:
        services.sign(
            db.session,
            current_user,
            contract_id,
            form.digest.data,
            ip=request.remote_addr,
            user_agent=request.user_agent.string,
        )
    except DomainError as exc:
        return _refused(contract_id, exc)
    return _done(contract_id, _("Bạn đã ký hợp đồng."))


@bp.route("/<contract_id>/amend", methods=["POST"])
@login_required
def amend(contract_id: str):
    return _terms_posted(contract_id, "amend", lambda terms, note: services.amend(
        db.session, current_user, contract_id, terms, note
    ).id, _("Đã đề nghị sửa đổi hợp đồng: bản sửa đổi cần hai bên thống nhất và ký lại."))


def _terms_posted(contract_id: str, form_name: str, submit, done: str):
    """Terms posted by a party (an offer or an amendment): refused terms re-display the form named
    `form_name` with the fields named; `submit(terms, note)` returns the id of the contract to show."""
    contract = _as_party(contract_id)
    form = _terms_form(contract, request.form)
    if not form.validate():
        return _page(contract, 422, **{form_name: form})
    try:
        shown = submit(form.terms(_allowed_types(contract)), form.note.data)
    except ValidationFailed:
        db.rollback()
        return _page(_visible(contract_id), 422, **{form_name: form})
    except DomainError as exc:
        return _refused(contract_id, exc)
    return _done(shown, done)


@bp.route("/<contract_id>/<action>", methods=["POST"])
@login_required
def act(contract_id: str, action: str):
    """start, complete, terminate or cancel."""
    if action not in policy.ACTIONS:
        abort(404)
    _as_party(contract_id)
    form = ActionForm()
    if not form.validate():
        abort(400)
    try:
        services.act(db.session, current_user, contract_id, action, form.reason.data)
    except ValidationFailed as exc:
        form.reason.errors.append(next(iter(field_messages_of(exc).values()), message_of(exc)))
        return _refused(contract_id, exc, action=form)
    except DomainError as exc:
        return _refused(contract_id, exc)
    return _done(contract_id, _("Đã cập nhật trạng thái hợp đồng."))


@bp.route("/<contract_id>/print")
@login_required
def printable(contract_id: str):
    contract = _visible(contract_id)
    if not contract.terms:  # nothing agreed yet: nothing to print
        abort(404)
    signatures = _signatures(contract)
    verify_url = url_for("contracts.verify", id=contract.id, digest=contract.terms_digest, _external=True)
    return render_template(
        "contracts/print.html", contract=contract, signatures=signatures, verify_url=verify_url
    )


@bp.route("/verify")
def verify():
    """Public: is this the digest of a contract's signed terms, and what was signed (no personal data)."""
    contract_id, digest = (request.args.get("id") or "").strip(), (request.args.get("digest") or "").strip()
    checked = bool(contract_id or digest)
    contract = services.verify(db.session, contract_id, digest) if contract_id and digest else None
    return render_template(
        "contracts/verify.html", checked=checked, contract=contract, contract_id=contract_id, digest=digest
    )
