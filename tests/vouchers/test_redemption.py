"""Redemption: the programme's share is in the signed terms, the voucher is redeemed once when both sign, the
schedule is split, and officers settle the programme's part in batches with a disbursement list."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from catalog.product import Pricing
from contracts import services as contracts
from contracts.terms import Terms, digest
from core.domain import Conflict, ValidationFailed
from payments.models import Instalment
from tests.vouchers.conftest import today
from vouchers import disbursement, services
from vouchers.models import Payable

SUBSCRIPTION = Terms(Pricing("subscription"), 24_000_000, date(2027, 1, 1), 12)


def test_the_signed_terms_carry_the_share_and_signing_redeems(
    session, scheme, voucher_for, signed_with_voucher
):
    voucher = voucher_for(24_000_000, 12)
    contract = signed_with_voucher(SUBSCRIPTION)
    subsidy = contract.terms["subsidy"]
    assert subsidy["voucher_code"] == voucher.code and subsidy["programme_vnd"] == 12_000_000
    assert contract.terms_digest == digest(contract.terms)  # the share is part of what was signed
    session.refresh(voucher)
    assert (voucher.status, voucher.contract_id, voucher.redeemed_vnd) == (
        "redeemed",
        contract.id,
        12_000_000,
    )
    instalments = list(
        session.scalars(
            select(Instalment).where(Instalment.contract_id == contract.id).order_by(Instalment.seq)
        )
    )
    payables = list(session.scalars(select(Payable).where(Payable.contract_id == contract.id)))
    assert [i.amount_vnd for i in instalments] == [1_000_000] * 12
    assert [p.amount_vnd for p in payables] == [1_000_000] * 12
    assert sum(i.gross_vnd for i in instalments) == 24_000_000


def test_a_smaller_voucher_pays_only_its_amount(session, scheme, voucher_for, signed_with_voucher):
    voucher_for(8_000_000, 12)  # a voucher of 4.000.000 ₫
    contract = signed_with_voucher(SUBSCRIPTION)
    assert contract.terms["subsidy"]["programme_vnd"] == 4_000_000
    session.refresh(scheme.programme)
    assert scheme.programme.reserved_vnd == 4_000_000


def test_redeeming_for_less_than_the_voucher_releases_the_rest(
    session, scheme, voucher_for, signed_with_voucher
):
    voucher_for(40_000_000, 12)  # 20.000.000 ₫ reserved
    contract = signed_with_voucher(SUBSCRIPTION)  # half of 24.000.000 ₫ is 12.000.000 ₫
    assert contract.terms["subsidy"]["programme_vnd"] == 12_000_000
    session.refresh(scheme.programme)
    assert scheme.programme.reserved_vnd == 12_000_000


def test_co_investment_shares_the_smes_part_only(session, scheme, voucher_for, signed_with_voucher):
    voucher_for(20_000_000, 10, "co_investment")
    contract = signed_with_voucher(
        Terms(Pricing("co_investment", vendor_share_pct=40), 20_000_000, date(2027, 1, 1), 10)
    )
    assert contract.terms["subsidy"]["programme_vnd"] == 6_000_000  # half of the SME's 12.000.000 ₫
    instalments = session.scalars(select(Instalment).where(Instalment.contract_id == contract.id)).all()
    assert {(i.gross_vnd, i.vendor_contribution_vnd, i.amount_vnd) for i in instalments} == {
        (2_000_000, 800_000, 600_000)
    }


def test_without_a_voucher_the_terms_say_nothing(session, scheme, signed_with_voucher):
    contract = signed_with_voucher(SUBSCRIPTION)
    assert "subsidy" not in contract.terms
    assert session.scalar(select(Payable.id)) is None


def test_a_voucher_revoked_before_signing_stops_the_signature(session, scheme, voucher_for):
    voucher = voucher_for(24_000_000, 12)
    contract = contracts.request_offer(
        session, scheme.sme_user, scheme.listing.id, "subscription", None, "c-rv"
    )
    offer = contracts.propose(session, scheme.vendor_user, contract.id, 1, SUBSCRIPTION)
    contracts.accept(session, scheme.sme_user, contract.id, offer.round)
    services.revoke(session, scheme.officer, voucher.id, "Giả mạo hồ sơ")
    contracts.sign(session, scheme.sme_user, contract.id, contract.terms_digest, ip=None, user_agent=None)
    with pytest.raises(Conflict) as refused:
        contracts.sign(
            session, scheme.vendor_user, contract.id, contract.terms_digest, ip=None, user_agent=None
        )
    assert voucher.code in refused.value.message


def test_officers_settle_payables_once_the_sme_paid_its_part(
    session, scheme, voucher_for, signed_with_voucher
):
    voucher_for(9_000_000, None, "one_time")
    contract = signed_with_voucher(
        Terms(Pricing("one_time", price_vnd=9_000_000), 9_000_000, date(2026, 1, 1), 1)
    )
    instalment = session.scalar(select(Instalment).where(Instalment.contract_id == contract.id))
    assert instalment.amount_vnd == 4_500_000
    with pytest.raises(ValidationFailed):  # the SME has not paid its part yet
        disbursement.settle(session, scheme.officer, scheme.programme.id, today())
    instalment.status = "paid"  # (the payment itself is tested against localstripe in tests/payments)
    session.flush()
    batch = disbursement.settle(session, scheme.officer, scheme.programme.id, today())
    assert batch.total_vnd == 4_500_000
    session.refresh(scheme.programme)
    assert (scheme.programme.reserved_vnd, scheme.programme.paid_vnd) == (0, 4_500_000)
    sheet = load_workbook(io.BytesIO(disbursement.workbook(batch))).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[2][0] == scheme.listing.vendor.name and rows[2][-1] == 4_500_000
    assert rows[-1][-1] == 4_500_000
    with pytest.raises(ValidationFailed):  # nothing twice
        disbursement.settle(session, scheme.officer, scheme.programme.id, today())
