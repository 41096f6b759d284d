"""Expiry, reminders and the criteria of the yearly re-review (pure)."""

from datetime import date

from rereview import rules

CRITERIA = rules.Criteria(min_customers=5, min_rating=4.0, no_unresolved_complaints=True, approval_days=365)


def test_an_approval_lasts_the_programmes_period_and_renewal_keeps_the_remaining_days():
    assert rules.expires_on(date(2026, 3, 1), CRITERIA) == date(2027, 3, 1)
    assert rules.renewed_until(date(2027, 3, 1), date(2027, 1, 15), CRITERIA) == date(2028, 2, 29)
    assert rules.renewed_until(date(2027, 3, 1), date(2027, 3, 20), CRITERIA) == date(2028, 3, 19)
    assert rules.expires_on(date(2026, 3, 1), rules.Criteria(approval_days=180)) == date(2026, 8, 28)


def test_reminders_start_sixty_days_before_expiry_and_repeat_every_fortnight():
    expires = date(2027, 3, 1)
    assert rules.window_opens(expires) == date(2026, 12, 31)
    assert not rules.due_for_reminder(expires, date(2026, 12, 30), None)
    assert rules.due_for_reminder(expires, date(2026, 12, 31), None)
    assert not rules.due_for_reminder(expires, date(2027, 1, 13), date(2026, 12, 31))
    assert rules.due_for_reminder(expires, date(2027, 1, 14), date(2026, 12, 31))
    assert rules.due_for_reminder(expires, date(2027, 3, 10), date(2027, 2, 20))  # expired: still reminded


def test_the_criteria_read_the_evidence():
    good = rules.Evidence(6, 12, 4.4, 0, 0, ())
    assert [c.met for c in rules.checks(CRITERIA, good)] == [True, True, True]
    poor = rules.Evidence(2, 0, None, 1, 1, (("01/05/2026", 150_000, 250_000),))
    found = rules.checks(CRITERIA, poor)
    assert [c.met for c in found] == [False, False, False]
    assert found[1].values["have"] == "—" and found[1].values["need"] == "4,0"
    assert len(rules.checks(rules.Criteria(no_unresolved_complaints=False), poor)) == 2
    assert rules.Evidence.from_json(poor.to_json()) == poor
