"""The Stripe adapter: a small object around an explicit StripeClient, kept in app.extensions["stripe"].

STRIPE_API_KEY and STRIPE_API_BASE choose the server (Stripe, stripe-mock or localstripe in tests);
no module globals of the `stripe` package are touched. Money moves in one call only,
`confirm_payment`; everything before it can be repeated safely.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import stripe

from core import jsontext
from core.domain import N_, DomainError

CURRENCY = "vnd"  # zero-decimal for Stripe: amounts are whole dong


class GatewayUnavailable(DomainError):
    """The payment server could not be reached or answered with an error that is not a decline."""

    code, status = "payment_gateway_unavailable", 503


class CardRejected(DomainError):
    """The card was declined when the SME tried to save it."""

    code, status = "card_rejected", 402

    def __init__(self, message: str, decline_code: str):
        super().__init__(message, {"card": decline_code})
        self.decline_code = decline_code


class BadSignature(DomainError):
    """A webhook whose signature is missing, wrong or too old (replayed)."""

    code, status = "bad_signature", 400


@dataclass(frozen=True)
class CardDetails:
    number: str
    exp_month: int
    exp_year: int
    cvc: str


@dataclass(frozen=True)
class SavedCard:
    payment_method_id: str
    brand: str
    last4: str
    exp_month: int
    exp_year: int


@dataclass(frozen=True)
class PaymentOutcome:
    """Where a PaymentIntent stands: succeeded, failed, processing, or not yet confirmed."""

    payment_intent_id: str
    status: str  # succeeded | failed | processing | unconfirmed
    error_code: str | None = None
    error_message: str | None = None

    @classmethod
    def from_intent(cls, intent: dict) -> PaymentOutcome:
        """From a PaymentIntent as a plain dict (as webhooks carry it)."""
        status = intent["status"]
        error = intent.get("last_payment_error") or {}
        if status == "succeeded":
            return cls(intent["id"], "succeeded")
        if status == "processing":
            return cls(intent["id"], "processing")
        if status == "requires_confirmation":
            return cls(intent["id"], "unconfirmed")
        if status == "requires_action":
            # Off-session payments cannot authenticate; the SME has to pay again.
            return cls(intent["id"], "failed", "authentication_required", "Ngân hàng yêu cầu xác thực thêm.")
        if status == "canceled":
            return cls(intent["id"], "failed", "canceled", "Giao dịch đã bị hủy.")
        return cls(intent["id"], "failed", error.get("decline_code") or error.get("code") or "card_declined",
                   error.get("message"))


@dataclass(frozen=True)
class RefundOutcome:
    refund_id: str
    status: str  # succeeded | pending | failed
    error_message: str | None = None

    @classmethod
    def from_status(cls, refund_id: str, stripe_status: str) -> RefundOutcome:
        settled = {"succeeded": "succeeded", "failed": "failed", "canceled": "failed"}
        return cls(refund_id, settled.get(stripe_status, "pending"))


class StripeGateway:
    def __init__(self, client: stripe.StripeClient, webhook_secret: str):
        self.client = client
        self.webhook_secret = webhook_secret

    def create_customer(self, sme_id: str, name: str, email: str | None) -> str:
        params = {"name": name, "metadata": {"sme_id": sme_id}}
        if email:
            params["email"] = email
        customer = self._call(self.client.v1.customers.create, params=params)
        return customer.id

    def save_card(self, customer_id: str, card: CardDetails) -> SavedCard:
        """Confirm a SetupIntent for off-session use; CardRejected when the bank declines the card."""
        intent = self._call(self.client.v1.setup_intents.create, params={
            "customer": customer_id, "usage": "off_session", "payment_method_types": ["card"]})
        data = {"type": "card", "card": {"number": card.number, "exp_month": card.exp_month,
                                          "exp_year": card.exp_year, "cvc": card.cvc}}
        try:
            intent = self.client.v1.setup_intents.confirm(intent.id, params={"payment_method_data": data})
        except stripe.CardError as exc:
            raise CardRejected(exc.user_message or N_("Thẻ bị từ chối."), _decline_code(exc)) from exc
        except stripe.StripeError as exc:
            raise _unavailable(exc) from exc
        if intent.status != "succeeded":
            raise CardRejected(N_("Thẻ cần xác thực thêm, chưa lưu được."), "authentication_required")
        method = self._call(self.client.v1.payment_methods.retrieve, intent.payment_method)
        return SavedCard(method.id, method.card.brand, method.card.last4, method.card.exp_month,
                         method.card.exp_year)

    def create_payment(self, amount_vnd: int, customer_id: str, payment_method_id: str,
                       metadata: dict[str, str], idempotency_key: str) -> str:
        """An unconfirmed PaymentIntent (no money moves yet); returns its id."""
        intent = self._call(self.client.v1.payment_intents.create, params={
            "amount": amount_vnd, "currency": CURRENCY, "customer": customer_id,
            "payment_method": payment_method_id, "metadata": metadata,
        }, options={"idempotency_key": idempotency_key})
        return intent.id

    def confirm_payment(self, payment_intent_id: str) -> PaymentOutcome:
        """Charge the saved card. A decline is an outcome, not an exception.

        No `off_session` flag: localstripe refuses it on confirm. On Stripe a card that then asks
        for authentication comes back as a failed payment (authentication_required) to pay again.
        """
        try:
            intent = self.client.v1.payment_intents.confirm(payment_intent_id)
        except stripe.CardError as exc:
            return PaymentOutcome(payment_intent_id, "failed", _decline_code(exc), exc.user_message)
        except stripe.StripeError as exc:
            raise _unavailable(exc) from exc
        return PaymentOutcome.from_intent(intent.to_dict())

    def payment_outcome(self, payment_intent_id: str) -> PaymentOutcome:
        intent = self._call(self.client.v1.payment_intents.retrieve, payment_intent_id)
        return PaymentOutcome.from_intent(intent.to_dict())

    def refund(self, payment_intent_id: str, amount_vnd: int, metadata: dict[str, str],
               idempotency_key: str) -> RefundOutcome:
        try:
            refund = self.client.v1.refunds.create(params={
                "payment_intent": payment_intent_id, "amount": amount_vnd, "metadata": metadata,
            }, options={"idempotency_key": idempotency_key})
        except stripe.InvalidRequestError as exc:
            return RefundOutcome("", "failed", exc.user_message)
        except stripe.StripeError as exc:
            raise _unavailable(exc) from exc
        return RefundOutcome.from_status(refund.id, refund.status)

    def refund_by_key(self, payment_intent_id: str, idempotency_key: str) -> RefundOutcome | None:
        """A refund made earlier for this key (found by its metadata), or None if Stripe has none."""
        refunds = self._call(self.client.v1.refunds.list, params={"payment_intent": payment_intent_id,
                                                                  "limit": 100})
        for refund in refunds.auto_paging_iter():
            if (refund.to_dict().get("metadata") or {}).get("refund_key") == idempotency_key:
                return RefundOutcome.from_status(refund.id, refund.status)
        return None

    def verified_event(self, payload: bytes, signature: str | None) -> dict:
        """The event a webhook carries if its Stripe-Signature is valid and recent, else BadSignature."""
        tolerance = stripe.Webhook.DEFAULT_TOLERANCE
        try:
            stripe.WebhookSignature.verify_header(payload, signature, self.webhook_secret, tolerance)
        except stripe.SignatureVerificationError as exc:
            raise BadSignature(N_("Chữ ký webhook không hợp lệ hoặc đã quá hạn.")) from exc
        # Stripe's check refuses only old timestamps; one from the future is as suspect as a replay.
        if _signed_at(signature) > time.time() + tolerance:
            raise BadSignature(N_("Chữ ký webhook không hợp lệ hoặc đã quá hạn."))
        try:
            event = jsontext.loads(payload)
        except jsontext.UnsafeJson as exc:
            raise BadSignature(N_("Nội dung webhook không phải một sự kiện Stripe.")) from exc
        event_id = event.get("id") if isinstance(event, dict) else None
        if not isinstance(event_id, str) or not 0 < len(event_id) <= 255 or "type" not in event:
            raise BadSignature(N_("Nội dung webhook không phải một sự kiện Stripe."))
        return event

    @staticmethod
    def _call(method, *args, **kwargs):
        try:
            return method(*args, **kwargs)
        except stripe.StripeError as exc:
            raise _unavailable(exc) from exc


def _signed_at(signature: str) -> int:
    """The t= timestamp of a Stripe-Signature header that verify_header has accepted."""
    return int(next(part[2:] for part in signature.split(",") if part.startswith("t=")))


def _decline_code(exc: stripe.CardError) -> str:
    """The most specific reason Stripe gives: insufficient_funds, expired_card, ... else card_declined."""
    error = (exc.json_body or {}).get("error") or {}
    return error.get("decline_code") or exc.code or "card_declined"


def _unavailable(exc: stripe.StripeError) -> GatewayUnavailable:
    if exc.http_status:
        return GatewayUnavailable(
            N_("Cổng thanh toán chưa xử lý được yêu cầu (%(status)s)."), status=exc.http_status
        )
    return GatewayUnavailable(N_("Cổng thanh toán chưa xử lý được yêu cầu (không kết nối được)."))


def init_stripe(app) -> None:
    """Build the Stripe client from configuration and keep the adapter in app.extensions["stripe"]."""
    base = app.config.get("STRIPE_API_BASE")
    # Network retries reuse the idempotency key; our own records guard against servers that ignore it.
    client = stripe.StripeClient(app.config["STRIPE_API_KEY"], base_addresses={"api": base} if base else None,
                                 max_network_retries=2)
    app.extensions["stripe"] = StripeGateway(client, app.config["STRIPE_WEBHOOK_SECRET"])
