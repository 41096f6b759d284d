"""Balances from instalment figures (pure: no app, no database)."""

from datetime import date

from payments.ledger import Balance, LedgerLine, balance_of

DAY = date(2026, 3, 1)


def line(due, status, amount, contribution=0, paid=0, refunded=0):
    return LedgerLine(due, status, amount, contribution, paid, refunded)


def test_balance_counts_what_is_due_paid_refunded_and_contributed_on_a_day():
    lines = [
        line(date(2026, 1, 1), "paid", 600_000, 400_000, paid=600_000),
        line(date(2026, 2, 1), "refunded", 600_000, 400_000, paid=600_000, refunded=600_000),
        line(date(2026, 3, 1), "failed", 600_000, 400_000),
        line(date(2026, 4, 1), "scheduled", 600_000, 400_000),  # not due yet
        line(date(2026, 2, 1), "cancelled", 600_000, 400_000),  # never counted
        line(date(2026, 2, 1), "scheduled", None),  # a month without a revenue declaration
        line(date(2026, 5, 1), "scheduled", None),  # not due: not flagged
    ]
    balance = balance_of(lines, DAY)
    assert balance == Balance(scheduled_vnd=2_400_000, due_vnd=1_800_000, paid_vnd=1_200_000,
                              refunded_vnd=600_000, vendor_contribution_vnd=1_200_000,
                              awaiting_declarations=1, failed=1)
    assert (balance.outstanding_vnd, balance.net_paid_vnd) == (600_000, 600_000)


def test_balances_add_up_and_never_owe_a_negative_amount():
    early = balance_of([line(date(2026, 6, 1), "paid", 100, paid=100)], DAY)  # paid before it fell due
    assert early.outstanding_vnd == 0
    total = early + balance_of([line(DAY, "scheduled", 50)], DAY)
    assert (total.due_vnd, total.paid_vnd, total.scheduled_vnd) == (50, 100, 150)
    assert sum([early, early], Balance()).paid_vnd == 200
