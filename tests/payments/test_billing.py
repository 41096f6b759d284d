"""The billing run against localstripe: schedules, charging once, crashes and reruns, declines, expiry."""

import json
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from core.domain import Conflict, InvalidTransition
from payments.billing import pay_instalment, run_billing
from payments.models import Instalment, PaymentAttempt, Refund
from payments.services import declare_revenue, ensure_schedule
from smes.models import Sme
from tests.payments.conftest import stripe_charges

pytestmark = [pytest.mark.stripe, pytest.mark.xdist_group("stripe")]


def instalments(session, contract):
    session.expire_all()
    return list(session.scalars(select(Instalment).where(Instalment.contract_id == contract.id)
                                .order_by(Instalment.seq)))


def statuses(session, contract):
    return [i.status for i in instalments(session, contract)]


def test_a_signed_contract_gets_its_schedule_once(session, make_contract):
    contract = make_contract()
    first = ensure_schedule(session, contract)
    again = ensure_schedule(session, contract)
    assert [i.id for i in first] == [i.id for i in again]
    assert [(i.due_date, i.amount_vnd) for i in first] == [
        (date(2026, 1, 1), 1_000_000), (date(2026, 2, 1), 1_000_000), (date(2026, 3, 1), 1_000_000)]


def test_an_unsigned_contract_has_no_schedule(session, make_contract):
    contract = make_contract(status="awaiting_signatures", vendor_signed_at=None)
    with pytest.raises(InvalidTransition):
        ensure_schedule(session, contract)


def test_a_billing_run_twice_on_the_same_date_charges_each_instalment_once(session, gateway, factory,
                                                                          make_contract, card_for):
    sme = factory.sme()
    profile = card_for(sme)
    contract = make_contract(sme=sme)
    session.commit()

    first = run_billing(session, gateway, date(2026, 2, 15))
    assert (first.schedules_created, first.paid, first.paid_vnd, first.failed) == (1, 2, 2_000_000, [])
    second = run_billing(session, gateway, date(2026, 2, 15))
    assert (second.schedules_created, second.paid, second.reconciled, second.failed) == (0, 0, 0, [])

    assert statuses(session, contract) == ["paid", "paid", "scheduled"]
    assert stripe_charges(gateway, profile.stripe_customer_id) == [1_000_000, 1_000_000]
    attempts = session.scalars(select(PaymentAttempt).order_by(PaymentAttempt.id)).all()
    assert [a.idempotency_key for a in attempts] == [f"marketplace:{contract.id}:1:1",
                                                     f"marketplace:{contract.id}:2:1"]
    # The next month is charged by a later run, once.
    assert run_billing(session, gateway, date(2026, 3, 1)).paid == 1
    assert stripe_charges(gateway, profile.stripe_customer_id) == [1_000_000] * 3


class Crash(Exception):
    pass


@pytest.mark.parametrize("step", ["recorded", "intent_created", "charged"])
def test_a_crash_at_any_step_is_settled_by_the_rerun_without_charging_twice(app, session, gateway, factory,
                                                                            make_contract, card_for, step):
    sme = factory.sme()
    profile = card_for(sme)
    contract = make_contract(sme=sme, months=1, value_vnd=750_000)
    session.commit()

    def crash(at: str, attempt):
        if at == step:
            raise Crash(at)

    with pytest.raises(Crash):
        run_billing(session, gateway, date(2026, 1, 1), checkpoint=crash)
    session.rollback()
    charged_before_rerun = stripe_charges(gateway, profile.stripe_customer_id)
    assert charged_before_rerun == ([750_000] if step == "charged" else [])

    # A new process: a fresh session that sees only what was committed before the crash.
    fresh = app.extensions["db_sessionmaker"]()
    try:
        left = fresh.scalars(select(PaymentAttempt)).one()
        assert left.status == ("started" if step == "recorded" else "created")
        report = run_billing(fresh, gateway, date(2026, 1, 1))
        assert (report.reconciled, report.paid, report.paid_vnd) == (1, 1, 750_000)
        assert fresh.scalars(select(PaymentAttempt)).one().status == "succeeded"
        assert run_billing(fresh, gateway, date(2026, 1, 1)).paid == 0
    finally:
        fresh.close()
    assert statuses(session, contract) == ["paid"]
    assert stripe_charges(gateway, profile.stripe_customer_id) == [750_000]


def test_a_declined_charge_is_recorded_and_the_sme_pays_again_with_another_card(session, gateway, factory,
                                                                                make_contract, card_for):
    sme = factory.sme()
    card_for(sme, "4000000000000341")  # saved fine, every charge declined
    contract = make_contract(sme=sme, months=1, value_vnd=500_000)
    session.commit()

    report = run_billing(session, gateway, date(2026, 1, 5))
    assert report.failed == [(contract.id, 1, "card_declined")]
    [instalment] = instalments(session, contract)
    assert (instalment.status, instalment.error_code) == ("failed", "card_declined")
    # The billing run does not retry a declined instalment by itself.
    assert run_billing(session, gateway, date(2026, 1, 6)).failed == []

    profile = card_for(sme)
    attempt = pay_instalment(session, gateway, instalment, date(2026, 1, 7))
    assert (attempt.status, attempt.number, attempt.initiated_by) == ("succeeded", 2, "sme")
    assert statuses(session, contract) == ["paid"]
    assert stripe_charges(gateway, profile.stripe_customer_id) == [500_000]
    with pytest.raises(InvalidTransition):
        pay_instalment(session, gateway, instalments(session, contract)[0], date(2026, 1, 7))


def test_an_expired_card_is_recorded_without_calling_stripe(session, gateway, factory, make_contract,
                                                            card_for):
    sme = factory.sme()
    card_for(sme, exp_month=12, exp_year=2026)
    contract = make_contract(sme=sme, months=1, start_date=date(2027, 1, 1), value_vnd=100_000)
    session.commit()
    report = run_billing(session, gateway, date(2027, 1, 2))
    assert report.failed == [(contract.id, 1, "expired_card")]
    attempt = session.scalars(select(PaymentAttempt)).one()
    assert (attempt.status, attempt.payment_intent_id) == ("failed", None)


def test_an_sme_without_a_saved_card_is_flagged(session, gateway, make_contract):
    contract = make_contract(months=1)
    session.commit()
    report = run_billing(session, gateway, date(2026, 1, 1))
    assert report.failed == [(contract.id, 1, "no_card")]
    assert instalments(session, contract)[0].error_code == "no_card"


def test_use_first_pay_later_charges_nothing_in_the_free_months(session, gateway, factory, make_contract,
                                                                card_for):
    sme = factory.sme()
    profile = card_for(sme)
    contract = make_contract({"type": "use_first_pay_later", "free_months": 2}, sme=sme, months=4,
                             value_vnd=1_000_000)
    session.commit()
    assert run_billing(session, gateway, date(2026, 2, 28)).paid == 0
    assert statuses(session, contract) == ["free", "free", "scheduled", "scheduled"]
    assert run_billing(session, gateway, date(2026, 3, 1)).paid_vnd == 500_000
    assert stripe_charges(gateway, profile.stripe_customer_id) == [500_000]


def test_co_investment_charges_the_sme_part_and_records_the_vendor_share(session, gateway, factory,
                                                                         make_contract, card_for):
    sme = factory.sme()
    profile = card_for(sme)
    contract = make_contract({"type": "co_investment", "vendor_share_pct": 40}, sme=sme, months=2,
                             value_vnd=2_000_000)
    session.commit()
    run_billing(session, gateway, date(2026, 1, 1))
    rows = instalments(session, contract)
    assert [(i.amount_vnd, i.vendor_contribution_vnd) for i in rows] == [(600_000, 400_000)] * 2
    assert stripe_charges(gateway, profile.stripe_customer_id) == [600_000]


def test_terminated_contracts_are_not_charged_after_their_end(session, gateway, factory, make_contract,
                                                              card_for):
    sme = factory.sme()
    profile = card_for(sme)
    contract = make_contract(sme=sme)
    session.commit()
    run_billing(session, gateway, date(2026, 1, 1))
    contract.status, contract.ended_at = "terminated", datetime(2026, 1, 20, 5, 0, tzinfo=UTC)
    session.commit()
    report = run_billing(session, gateway, date(2026, 3, 31))
    assert (report.cancelled, report.paid) == (2, 0)
    assert statuses(session, contract) == ["paid", "cancelled", "cancelled"]
    assert stripe_charges(gateway, profile.stripe_customer_id) == [1_000_000]


def test_revenue_sharing_months_wait_for_a_declaration_then_are_charged_capped(session, gateway, factory,
                                                                               make_contract, card_for):
    user = factory.user("sme")
    profile = card_for(session.get(Sme, user.sme_id))
    pricing = {"type": "revenue_sharing", "revenue_share_pct": 5, "monthly_cap_vnd": 1_500_000}
    contract = make_contract(pricing, sme=session.get(Sme, user.sme_id), months=2, value_vnd=None)
    session.commit()

    report = run_billing(session, gateway, date(2026, 2, 1))
    assert (report.awaiting_declaration, report.paid) == ([(contract.id, 1)], 0)
    first = instalments(session, contract)[0]
    declare_revenue(session, first, 40_000_000, user, date(2026, 2, 1))
    session.commit()
    # 5 % of 40.000.000 is 2.000.000, capped at 1.500.000.
    assert (first.amount_vnd, first.declaration.revenue_vnd) == (1_500_000, 40_000_000)
    with pytest.raises(Conflict):
        declare_revenue(session, first, 1, user, date(2026, 2, 1))
    session.rollback()

    report = run_billing(session, gateway, date(2026, 2, 1))
    assert (report.awaiting_declaration, report.paid_vnd) == ([], 1_500_000)
    assert stripe_charges(gateway, profile.stripe_customer_id) == [1_500_000]


def test_the_billing_command_reports_in_json_and_in_words(app, session, gateway, factory, make_contract,
                                                          card_for):
    from payments.cli import run as billing_run

    sme = factory.sme()
    profile = card_for(sme)
    contract = make_contract(sme=sme, months=2, value_vnd=2_000_000)
    make_contract(sme=factory.sme(), months=1)  # no card saved: flagged
    session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(billing_run, ["--date", "2026-01-01", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert (report["date"], report["schedules_created"], report["paid"], report["paid_vnd"]) == (
        "2026-01-01", 2, 1, 1_000_000)
    assert [f["code"] for f in report["failed"]] == ["no_card"]
    again = runner.invoke(billing_run, ["--date", "2026-01-01"])
    assert again.exit_code == 0, again.output
    assert "0 kỳ thành công (0 ₫)" in again.output
    bad = runner.invoke(billing_run, ["--date", "01/02/2026"])
    assert bad.exit_code == 2 and "--date" in bad.output
    assert stripe_charges(gateway, profile.stripe_customer_id) == [1_000_000]
    assert statuses(session, contract) == ["paid", "scheduled"]


def test_the_schema_allows_one_attempt_under_way_or_succeeded_per_instalment(session, make_contract):
    instalment = ensure_schedule(session, make_contract(months=1))[0]
    session.add(PaymentAttempt(instalment=instalment, number=1, amount_vnd=1, idempotency_key="k-1",
                               status="failed"))
    session.add(PaymentAttempt(instalment=instalment, number=2, amount_vnd=1, idempotency_key="k-2",
                               status="succeeded"))
    session.flush()
    session.add(PaymentAttempt(instalment=instalment, number=3, amount_vnd=1, idempotency_key="k-3",
                               status="started"))
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()


def test_refunds_left_unconfirmed_by_a_crash_are_settled_once_by_the_next_run(session, gateway, factory,
                                                                              make_contract, card_for):
    sme = factory.sme()
    card_for(sme)
    make_contract(sme=sme, months=1, value_vnd=800_000)
    session.commit()
    run_billing(session, gateway, date(2026, 1, 1))
    attempt = session.scalars(select(PaymentAttempt)).one()
    # What a crash leaves: one refund recorded but never sent, one sent but its answer never recorded.
    unsent = Refund(attempt=attempt, amount_vnd=100_000, reason="Giảm giá", idempotency_key="refund-unsent")
    sent = Refund(attempt=attempt, amount_vnd=200_000, reason="Sai số", idempotency_key="refund-sent")
    session.add_all([unsent, sent])
    session.commit()
    gateway.refund(attempt.payment_intent_id, 200_000, {"refund_key": "refund-sent"}, "refund-sent")

    for _ in range(2):
        assert run_billing(session, gateway, date(2026, 1, 2)).errors == []
    assert (unsent.status, sent.status) == ("succeeded", "succeeded")
    on_stripe = gateway.client.v1.refunds.list(params={"payment_intent": attempt.payment_intent_id})
    assert sorted(r.amount for r in on_stripe.data) == [100_000, 200_000]
    assert attempt.refundable_vnd == 500_000


def test_signing_by_the_second_side_lays_out_the_schedule(session, make_contract):
    from contracts.services import complete_if_signed

    contract = make_contract(status="awaiting_signatures")
    complete_if_signed(session, contract, None)
    assert contract.status == "signed"
    assert [i.amount_vnd for i in instalments(session, contract)] == [1_000_000] * 3


def test_imported_contracts_are_paid_elsewhere_and_get_no_schedule(session, gateway, make_contract):
    contract = make_contract(source="import")
    session.commit()
    assert run_billing(session, gateway, date(2026, 3, 1)).schedules_created == 0
    assert instalments(session, contract) == []
    with pytest.raises(InvalidTransition):
        ensure_schedule(session, contract)


def test_two_billing_runs_at_once_each_report_what_they_charged(app, session, gateway, factory, make_contract,
                                                                card_for):
    """The attack: two simultaneous runs reported 100,000 + 200,000 paid while 200,000 was charged. Here
    the second run starts while the first has created its first PaymentIntent and not confirmed it."""
    profiles = []
    for value in (100_000, 200_000, 300_000):
        sme = factory.sme()
        profiles.append(card_for(sme))
        make_contract(sme=sme, months=1, value_vnd=value)
    session.commit()
    second = []

    def run_the_second_meanwhile(step, attempt):
        if step == "intent_created" and not second:
            other = app.extensions["db_sessionmaker"]()
            try:
                second.append(run_billing(other, gateway, date(2026, 1, 1)))
            finally:
                other.close()

    first = run_billing(session, gateway, date(2026, 1, 1), checkpoint=run_the_second_meanwhile)
    charged = [amount for p in profiles for amount in stripe_charges(gateway, p.stripe_customer_id)]
    assert sorted(charged) == [100_000, 200_000, 300_000]
    reports = [first.to_dict(), second[0].to_dict()]
    assert (first.paid, first.paid_vnd, first.busy) == (1, 100_000, 2), reports
    assert (second[0].paid, second[0].paid_vnd, second[0].busy) == (2, 500_000, 1), reports
    session.expire_all()
    assert [a.claimed_by for a in session.scalars(select(PaymentAttempt))] == [None] * 3
