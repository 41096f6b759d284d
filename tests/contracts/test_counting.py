"""The counting rule: the Vietnam-time day of the later signature, never without both."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from contracts.counting import counted_day, later_signature, month_key


def test_a_signature_late_on_31_december_utc_counts_in_the_new_year_in_vietnam():
    assert counted_day(
        datetime(2026, 12, 30, 9, 0, tzinfo=UTC), datetime(2026, 12, 31, 20, 0, tzinfo=UTC)
    ) == date(2027, 1, 1)


def test_one_second_before_vietnam_midnight_is_still_the_old_day():
    assert counted_day(
        datetime(2026, 12, 31, 16, 59, 59, tzinfo=UTC), datetime(2026, 12, 31, 1, 0, tzinfo=UTC)
    ) == date(2026, 12, 31)


def test_the_later_signature_decides_whatever_the_order_and_offsets():
    hanoi = timezone(timedelta(hours=7))
    sme = datetime(2026, 7, 1, 9, 30, tzinfo=hanoi)
    vendor = datetime(2026, 7, 3, 23, 30, tzinfo=timezone(timedelta(hours=-5)))  # 4 July 11:30 in Vietnam
    assert later_signature(sme, vendor) == vendor
    assert counted_day(sme, vendor) == counted_day(vendor, sme) == date(2026, 7, 4)


@pytest.mark.parametrize(
    "sme, vendor",
    [(datetime(2026, 7, 1, tzinfo=UTC), None), (None, datetime(2026, 7, 1, tzinfo=UTC)), (None, None)],
)
def test_without_both_signatures_it_never_counts(sme, vendor):
    assert counted_day(sme, vendor) is None


def test_an_amendment_never_counts_again():
    moment = datetime(2026, 7, 1, tzinfo=UTC)
    assert counted_day(moment, moment, amendment=True) is None


def test_naive_timestamps_are_refused():
    with pytest.raises(ValueError):
        counted_day(datetime(2026, 7, 1), datetime(2026, 7, 1))


def test_month_key():
    assert month_key(date(2027, 1, 1)) == "2027-01"
