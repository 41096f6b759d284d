"""Deal integrity meets vouchers: suspending a flagged deal revokes its voucher (the programme stops paying
what it has not paid), and a quick termination is measured from the subsidy's payment."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from catalog.product import Pricing
from contracts.terms import Terms
from core.audit import AuditEntry
from integrity import decisions
from integrity.facts import load
from integrity.models import IntegrityFlag
from payments.models import Instalment
from tests.vouchers.conftest import today
from vouchers import disbursement
from vouchers.models import Payable

TERMS = Terms(Pricing("subscription"), 6_000_000, date(2026, 1, 1), 3)


def _flag(session, contract_id):
    session.add(
        IntegrityFlag(
            contract_id=contract_id,
            score=0.9,
            signals=["related_party"],
            reasons=[],
            fingerprint="related_party",
        )
    )
    session.flush()


def test_suspending_a_flagged_deal_revokes_its_voucher(session, scheme, voucher_for, signed_with_voucher):
    voucher = voucher_for(6_000_000, 3)
    contract = signed_with_voucher(TERMS)
    _flag(session, contract.id)
    decisions.suspend_listing(session, scheme.officer, contract.id, "Bên liên quan, hoàn tiền cho nhau")
    session.refresh(voucher)
    assert voucher.status == "revoked" and voucher.reserved_vnd == 0
    assert {p.status for p in session.scalars(select(Payable))} == {"cancelled"}
    # The SME owes the whole instalments again; the programme holds nothing for this deal.
    assert {i.amount_vnd for i in session.scalars(select(Instalment))} == {2_000_000}
    session.refresh(scheme.programme)
    assert scheme.programme.reserved_vnd == 0
    entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "integrity.listing_suspended"))
    assert entry.data["voucher_id"] == voucher.id


def test_the_subsidys_payment_is_what_a_quick_termination_counts_from(
    session, scheme, voucher_for, signed_with_voucher
):
    voucher_for(6_000_000, 3)
    contract = signed_with_voucher(TERMS)
    before = next(d for d in load(session).deals if d.id == contract.id)
    assert before.subsidised is True and before.subsidy_paid_on == today()  # not paid yet: its redemption
    first = session.scalar(
        select(Instalment).where(Instalment.contract_id == contract.id, Instalment.seq == 1)
    )
    first.status = "paid"
    session.flush()
    batch = disbursement.settle(session, scheme.officer, scheme.programme.id, today())
    for payable in batch.payables:  # as if the batch had been paid on 1 February (Vietnam time)
        payable.settled_at = datetime(2026, 2, 1, 3, 0, tzinfo=UTC)
    session.flush()
    deal = next(d for d in load(session).deals if d.id == contract.id)
    assert deal.subsidy_paid_on == date(2026, 2, 1)
