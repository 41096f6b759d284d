"""Payment pages: the SME's payment history and card, contract schedules, vendor receivables, the webhook."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from accounts.views import password_confirmed
from contracts.models import Contract
from core import transaction
from core.access import roles_required, sme_required
from core.db import utcnow
from core.domain import DomainError, NotFound
from core.extensions import csrf, db
from core.formatting import to_vn
from core.i18n import field_messages_of, message_of
from payments import services
from payments.billing import pay_instalment
from payments.forms import ActionForm, CardForm, RefundForm, RevenueForm
from payments.gateway import BadSignature, CardRejected
from payments.ledger import Balance
from payments.models import Instalment, PaymentAttempt, PaymentProfile
from payments.refunds import refund_payment
from payments.webhooks import handle_event
from smes.models import Sme

bp = Blueprint("payments", __name__, url_prefix="/payments", template_folder="templates")


def _today():
    return to_vn(utcnow()).date()


def _gateway():
    return current_app.extensions["stripe"]


def _scheduled_contracts(imported: bool = False, **where) -> list[Contract]:
    """Signed contracts (filtered by `where`); `imported`: with those imported from other systems, which
    are paid outside the marketplace and have no schedule here."""
    query = select(Contract).where(Contract.status.in_(services.SCHEDULED_CONTRACT_STATUSES),
                                   *([] if imported else [Contract.source == "app"]),
                                   *[getattr(Contract, k) == v for k, v in where.items()])
    return list(db.session.scalars(query.order_by(Contract.start_date.desc(), Contract.id)))


def _ledger(contracts: list[Contract]) -> tuple[list[Instalment], dict[str, Balance], Balance]:
    instalments = services.instalments_of(db.session, [c.id for c in contracts])
    balances = services.balances_by_contract(instalments, _today())
    return instalments, balances, sum(balances.values(), Balance())


@bp.route("/")
@login_required
def index():
    """The SME's payment history; vendors and officers go to receivables."""
    if current_user.role != "sme":
        return redirect(url_for("payments.receivables"))
    contracts = _scheduled_contracts(imported=True, sme_id=current_user.sme_id)
    instalments, balances, total = _ledger(contracts)
    payments = sorted((a for i in instalments for a in i.attempts), key=lambda a: a.created_at, reverse=True)
    return render_template("payments/history.html", contracts=contracts, balances=balances, total=total,
                           payments=payments, profile=db.session.get(PaymentProfile, current_user.sme_id),
                           attention=[i for i in instalments if i.status == "failed"
                                      or (i.awaits_declaration and i.status != "cancelled"
                                          and i.period_start <= _today())],
                           action_form=ActionForm(), revenue_form=RevenueForm(), today=_today())


@bp.route("/card", methods=["GET", "POST"])
@sme_required
def card():
    """Save (or replace) the card the SME's instalments are charged to."""
    form = CardForm()
    profile = db.session.get(PaymentProfile, current_user.sme_id)
    valid = form.validate_on_submit()
    if valid and not password_confirmed(form.password.data):
        form.password.errors.append(_("Mật khẩu không đúng."))
    elif valid:
        sme = db.session.get(Sme, current_user.sme_id)
        try:
            profile = services.save_card(db.session, _gateway(), sme, form.card())
        except CardRejected as exc:
            # Deliberate: the page answers 422, which rolls back; the Stripe customer made for this try
            # is kept for the next one (no card was saved).
            transaction.commit(db.session)
            form.number.errors.append(
                _("Thẻ bị từ chối: %(reason)s Hãy dùng thẻ khác.", reason=message_of(exc))
            )
        else:
            flash(_("Đã lưu thẻ %(brand)s •••• %(last4)s. Các kỳ thanh toán sẽ được trừ vào thẻ này.",
                    brand=profile.card_brand, last4=profile.card_last4), "success")
            return redirect(request.args.get("next") if _safe_next() else url_for("payments.index"))
    return render_template("payments/card.html", form=form, profile=profile), 200 if not form.errors else 422


def _safe_next() -> bool:
    target = request.args.get("next", "")
    return target.startswith("/") and not target.startswith("//")


@bp.route("/contracts/<contract_id>")
@login_required
def contract(contract_id: str):
    """A contract's schedule, payments, refunds and balance, for its SME, its vendor and officers."""
    found = services.contract_for(db.session, contract_id, current_user)
    instalments, balances, _total = _ledger([found])
    may_refund = current_user.is_officer or current_user.role == "vendor"
    return render_template("payments/contract.html", contract=found, instalments=instalments,
                           balance=balances.get(found.id, Balance()), may_refund=may_refund,
                           is_sme=current_user.role == "sme", action_form=ActionForm(),
                           revenue_form=RevenueForm(), refund_form=RefundForm(), today=_today())


def _own_instalment(instalment_id: int) -> Instalment:
    instalment = db.session.get(Instalment, instalment_id)
    if instalment is None or instalment.contract.sme_id != current_user.sme_id:
        raise NotFound(_("Không tìm thấy kỳ thanh toán."))
    return instalment


def _back(instalment: Instalment):
    return redirect(url_for("payments.contract", contract_id=instalment.contract_id))


@bp.route("/instalments/<int:instalment_id>/pay", methods=["POST"])
@sme_required
def pay(instalment_id: int):
    """Pay an instalment again (after a decline), with the saved card."""
    instalment = _own_instalment(instalment_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        attempt = pay_instalment(db.session, _gateway(), instalment, _today())
    except DomainError as exc:
        db.rollback()
        flash(message_of(exc), "danger")
        return _back(instalment)
    if attempt.status == "succeeded":
        flash(_("Đã thanh toán kỳ %(seq)s.", seq=instalment.seq), "success")
    elif attempt.status == "failed":
        flash(_("Thanh toán không thành công. Hãy cập nhật thẻ rồi thử lại."), "danger")
    else:
        flash(_("Giao dịch đang được ngân hàng xử lý."), "warning")
    return _back(instalment)


@bp.route("/instalments/<int:instalment_id>/declare", methods=["POST"])
@sme_required
def declare(instalment_id: int):
    """Declare a revenue-sharing month's revenue; the amount due follows."""
    instalment = _own_instalment(instalment_id)
    form = RevenueForm()
    if not form.validate_on_submit():
        flash(_("Doanh thu phải là số nguyên không âm (đồng)."), "danger")
        return _back(instalment)
    try:
        services.declare_revenue(db.session, instalment, form.revenue_vnd.data, current_user, _today())
    except DomainError as exc:
        db.rollback()
        flash(message_of(exc), "danger")
        return _back(instalment)
    flash(_("Đã ghi nhận doanh thu kỳ %(seq)s.", seq=instalment.seq), "success")
    return _back(instalment)


@bp.route("/attempts/<int:attempt_id>/refund", methods=["POST"])
@roles_required("vendor", "officer", "admin")
def refund(attempt_id: int):
    """Refund (part of) a payment, with a reason; the vendor only on its own contracts."""
    attempt = db.session.get(PaymentAttempt, attempt_id)
    if attempt is None or not services.may_see(current_user, attempt.instalment.contract):
        raise NotFound(_("Không tìm thấy khoản thanh toán."))
    form = RefundForm()
    if not form.validate_on_submit():
        flash(_("Cần số tiền hoàn (≥ 1 ₫) và lý do."), "danger")
        return _back(attempt.instalment)
    try:
        done = refund_payment(db.session, _gateway(), attempt, form.amount_vnd.data, form.reason.data,
                              current_user)
    except DomainError as exc:
        db.rollback()
        flash(message_of(exc) + " " + " ".join(field_messages_of(exc).values()), "danger")
        return _back(attempt.instalment)
    if done.status == "failed":
        flash(_("Cổng thanh toán từ chối hoàn tiền: %(why)s", why=done.error_message or ""), "danger")
    else:
        flash(_("Đã hoàn tiền."), "success")
    return _back(attempt.instalment)


@bp.route("/receivables")
@roles_required("vendor", "officer", "admin")
def receivables():
    """What is due to a vendor (or, for officers, to every vendor), contract by contract."""
    if current_user.role == "vendor":
        contracts = _scheduled_contracts(vendor_id=current_user.vendor_id)
    else:
        contracts = _scheduled_contracts()
    _instalments, balances, total = _ledger(contracts)
    by_vendor: dict[str, Balance] = {}
    for item in contracts:
        own = balances.get(item.id, Balance())
        by_vendor[item.vendor_id] = by_vendor.get(item.vendor_id, Balance()) + own
    vendors = {c.vendor_id: c.vendor for c in contracts}
    return render_template("payments/receivables.html", contracts=contracts, balances=balances, total=total,
                           by_vendor=by_vendor, vendors=vendors, today=_today())


@bp.route("/webhook", methods=["POST"])
@csrf.exempt
def webhook():
    """Stripe events: the signature is checked first; each event id is applied once."""
    try:
        event = _gateway().verified_event(request.get_data(), request.headers.get("Stripe-Signature"))
    except BadSignature as exc:
        return jsonify({"error": {"code": exc.code, "message": message_of(exc)}}), 400
    try:
        outcome = handle_event(db.session, event)
        transaction.commit(db.session)  # here, to tell a duplicate delivery from a failure
    except IntegrityError:  # the same event, delivered twice at the same moment
        db.rollback()
        outcome = "duplicate"
    return jsonify({"received": True, "outcome": outcome})
