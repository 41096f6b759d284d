"""What an SME is told of its payments (notifications): an instalment falling due, a failed charge, a
refund made."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from contracts.models import Contract
from core import jobs
from core.db import utcnow
from core.formatting import to_vn, vn_date, vnd
from core.mail import page_path
from core.translation import N_
from notifications import notify
from notifications.delivery import speakers_for
from notifications.events import define
from payments.models import Instalment, PaymentAttempt, Refund

DUE_NOTICE_DAYS = 3  # an instalment is announced this many days before it is charged

DUE = define(
    "payments.due", name=N_("Sắp đến kỳ thanh toán"),
    title=N_("Kỳ thanh toán %(seq)s của %(contract)s đến hạn ngày %(due)s"),
    body=N_("Kỳ %(seq)s (%(amount)s) của hợp đồng %(contract)s được thu tự động ngày %(due)s từ thẻ đã lưu. "
            "Hãy kiểm tra thẻ còn hiệu lực."),
    action=N_("Xem thanh toán"), roles=("sme",))
FAILED = define(
    "payments.failed", name=N_("Thanh toán không thành công"),
    title=N_("Thanh toán kỳ %(seq)s của %(contract)s không thành công"),
    body=N_("Không thu được kỳ %(seq)s (%(amount)s) của hợp đồng %(contract)s: %(why)s Hãy cập nhật thẻ và "
            "thanh toán lại."),
    action=N_("Thanh toán lại"), roles=("sme",))
REFUNDED = define(
    "payments.refunded", name=N_("Đã hoàn tiền"),
    title=N_("Đã hoàn %(amount)s cho hợp đồng %(contract)s"),
    body=N_("Khoản thanh toán kỳ %(seq)s của hợp đồng %(contract)s đã được hoàn %(amount)s. "
            "Lý do: %(reason)s"),
    action=N_("Xem thanh toán"), roles=("sme",))


def _tell(session: Session, contract: Contract, event, **context) -> None:
    notify(session, speakers_for(session, sme_id=contract.sme_id), event.code,
           link=page_path("payments.index"), contract=contract.id, **context)


def tell_failed(session: Session, attempt: PaymentAttempt) -> None:
    instalment = attempt.instalment
    _tell(session, instalment.contract, FAILED, seq=instalment.seq, amount=vnd(attempt.amount_vnd),
          why=attempt.error_message or "")


def tell_refunded(session: Session, refund: Refund) -> None:
    instalment = refund.attempt.instalment
    _tell(session, instalment.contract, REFUNDED, seq=instalment.seq, amount=vnd(refund.amount_vnd),
          reason=refund.reason)


@jobs.job("payments.due_notices")
def tell_due(session: Session, on: str | None = None) -> dict:
    """Tell SMEs of the instalments charged DUE_NOTICE_DAYS after `on` (ISO date; today by default).
    Keyed by day in the schedule, so each instalment is announced once."""
    day = date.fromisoformat(on) if on else to_vn(utcnow()).date()
    due = day + timedelta(days=DUE_NOTICE_DAYS)
    told = 0
    for instalment in session.scalars(select(Instalment).where(
            Instalment.due_date == due, Instalment.status.in_(("scheduled", "failed")))):
        _tell(session, instalment.contract, DUE, seq=instalment.seq, due=vn_date(instalment.due_date),
              amount=vnd(instalment.amount_vnd))
        told += 1
    return {"instalments": told}


# 01:30 UTC: 08:30 in Vietnam.
jobs.schedule("payments.due_notices", "30 1 * * *", period="%Y-%m-%d")
