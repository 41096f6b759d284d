"""A contract paid partly by a voucher, against localstripe: the SME's card is charged its part only, and the
programme's part is settled by an officer once the SME has paid."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from catalog.product import Pricing
from contracts.terms import Terms
from payments.billing import run_billing
from payments.models import Instalment
from smes.models import Sme
from tests.payments.conftest import stripe_charges
from tests.vouchers.conftest import scheme, signed_with_voucher, today, voucher_for  # noqa: F401 (fixtures)
from vouchers import disbursement
from vouchers.models import Payable

pytestmark = [pytest.mark.stripe, pytest.mark.xdist_group("stripe")]


def test_the_sme_pays_its_part_by_card_and_the_programme_the_rest(
    session, gateway, scheme, voucher_for, signed_with_voucher, card_for  # noqa: F811 (the fixtures)
):
    voucher_for(6_000_000, 3)  # a voucher of 3.000.000 ₫
    profile = card_for(session.get(Sme, scheme.sme_user.sme_id))
    contract = signed_with_voucher(Terms(Pricing("subscription"), 6_000_000, date(2026, 1, 1), 3))
    session.commit()

    report = run_billing(session, gateway, date(2026, 3, 15))
    assert report.failed == []
    assert stripe_charges(gateway, profile.stripe_customer_id) == [1_000_000, 1_000_000, 1_000_000]
    session.expire_all()
    paid = session.scalars(select(Instalment).where(Instalment.contract_id == contract.id)).all()
    assert {(i.gross_vnd, i.amount_vnd, i.status) for i in paid} == {(2_000_000, 1_000_000, "paid")}

    batch = disbursement.settle(session, scheme.officer, scheme.programme.id, today())
    session.commit()
    assert batch.total_vnd == 3_000_000
    assert {p.status for p in session.scalars(select(Payable))} == {"settled"}
    session.refresh(scheme.programme)
    assert (scheme.programme.reserved_vnd, scheme.programme.paid_vnd) == (0, 3_000_000)
