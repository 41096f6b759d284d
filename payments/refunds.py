"""Refunds by officers and vendors, with a reason in the audit log; recorded before Stripe is asked.

Like billing, a refund is its own commit point: the record (with its idempotency key) is
committed before the call, so a crash leaves a `started` refund that the next billing run
settles from Stripe's refunds of that payment (matched by key) instead of refunding again.
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core import transaction
from core.audit import record_audit
from core.domain import N_, Conflict, InvalidTransition, ValidationFailed
from payments import notices
from payments.gateway import RefundOutcome, StripeGateway
from payments.models import PaymentAttempt, Refund


def refund_payment(session: Session, gateway: StripeGateway, attempt: PaymentAttempt, amount_vnd: int,
                   reason: str, actor) -> Refund:
    """Give back `amount_vnd` of a successful payment; ValidationFailed names what is wrong."""
    reason = (reason or "").strip()
    if attempt.status != "succeeded":
        raise InvalidTransition(N_("Chỉ hoàn tiền được cho khoản đã thanh toán thành công."))
    if not reason:
        raise ValidationFailed(N_("Cần nêu lý do hoàn tiền."), {"reason": N_("Bắt buộc.")})
    if not 0 < amount_vnd <= attempt.refundable_vnd:
        raise ValidationFailed(N_("Số tiền hoàn không hợp lệ."),
                               {"amount_vnd": (N_("Từ 1 đến %(most)s ₫."), {"most": attempt.refundable_vnd})})
    contract_id = attempt.instalment.contract_id
    refund = Refund(attempt=attempt, amount_vnd=amount_vnd, reason=reason,
                    actor_id=getattr(actor, "id", None),
                    idempotency_key=f"{attempt.idempotency_key}:refund:{len(attempt.refunds) + 1}")
    session.add(refund)
    record_audit(session, actor, "payment_refund_requested", "contract", contract_id, reason=reason,
                 data={"instalment": attempt.instalment.seq, "amount_vnd": amount_vnd,
                       "payment_intent": attempt.payment_intent_id})
    try:
        transaction.commit(session)
    except IntegrityError as exc:  # the same refund submitted twice at once
        transaction.rollback(session)
        raise Conflict(N_("Một yêu cầu hoàn tiền khác vừa được gửi; hãy tải lại trang.")) from exc
    settle_refund(session, gateway, refund)
    record_audit(session, actor, "payment_refunded", "contract", contract_id, from_state="started",
                 to_state=refund.status, reason=reason,
                 data={"instalment": attempt.instalment.seq, "amount_vnd": amount_vnd,
                       "refund_id": refund.stripe_refund_id, "error": refund.error_message})
    transaction.commit(session)
    return refund


def settle_refund(session: Session, gateway: StripeGateway, refund: Refund) -> None:
    """Ask Stripe for a started refund once: find it by its key first, create it only if absent."""
    attempt = refund.attempt
    outcome = gateway.refund_by_key(attempt.payment_intent_id, refund.idempotency_key)
    if outcome is None:
        outcome = gateway.refund(attempt.payment_intent_id, refund.amount_vnd,
                                 {"refund_key": refund.idempotency_key, "reason": refund.reason[:500]},
                                 refund.idempotency_key)
    refund.status = outcome.status
    refund.stripe_refund_id = outcome.refund_id or None
    refund.error_message = outcome.error_message
    attempt.instalment.refresh_status()
    if refund.status == "succeeded":
        notices.tell_refunded(session, refund)
    session.flush()


def apply_refund_status(refund: Refund, stripe_status: str) -> bool:
    """A refund's later state from a webhook; a settled refund does not change again."""
    if refund.status in ("succeeded", "failed"):
        return False
    refund.status = RefundOutcome.from_status(refund.stripe_refund_id or "", stripe_status).status
    refund.attempt.instalment.refresh_status()
    return True
