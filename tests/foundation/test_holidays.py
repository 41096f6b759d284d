"""Vietnamese public holidays and working days (core.holidays, pure)."""

from datetime import date

import pytest

from core.holidays import LUNAR, add_working_days, holidays, is_working_day, known_years, working_days_between


def test_tet_and_hung_kings_day_by_the_vietnamese_lunar_calendar():
    assert known_years() == (2026, 2027, 2028, 2029, 2030)
    assert [LUNAR[y][0] for y in known_years()] == [
        date(2026, 2, 17),
        date(2027, 2, 6),
        date(2028, 1, 26),
        date(2029, 2, 13),
        date(2030, 2, 2),
    ]
    assert LUNAR[2026][1] == date(2026, 4, 26) and LUNAR[2030][1] == date(2030, 4, 12)


def test_2026_has_the_eleven_statutory_days_and_their_substitutes():
    days = holidays(2026)
    assert [d for d, name in days.items() if name == "Tết Âm lịch"] == [
        date(2026, 2, d) for d in range(16, 21)
    ]
    statutory = [d for d, name in days.items() if not name.startswith("Nghỉ bù")]
    assert len(statutory) == 11
    # Hùng Kings' day 2026 is a Sunday: made up on Monday 27 April.
    assert days[date(2026, 4, 26)] == "Giỗ Tổ Hùng Vương" and days[date(2026, 4, 27)].startswith("Nghỉ bù")


def test_new_years_eve_of_next_years_tet_may_fall_in_this_year():
    assert holidays(2028)[date(2028, 1, 25)] == "Tết Âm lịch"  # Tết 2028 is on 26 January
    assert holidays(2027)[date(2027, 2, 5)] == "Tết Âm lịch"  # New Year's Eve, a Friday
    assert holidays(2027)[date(2027, 2, 10)] == "Nghỉ bù Tết Âm lịch"  # for 6-7 February, a weekend


def test_a_holiday_on_a_weekend_moves_to_the_next_working_day_not_onto_another_holiday():
    days = holidays(2028)
    assert date(2028, 4, 30).weekday() == 6  # a Sunday
    assert days[date(2028, 5, 2)] == "Nghỉ bù Ngày Chiến thắng"  # 1 May is already a holiday


@pytest.mark.parametrize(
    ("start", "count", "due"),
    [
        (date(2026, 12, 4), 10, date(2026, 12, 18)),  # two plain weeks
        (date(2026, 2, 11), 10, date(2026, 3, 4)),  # across Tết: 16-20 February are off
        (date(2026, 4, 24), 3, date(2026, 5, 4)),  # 27 April (substitute), 30 April, 1 May off
        (date(2026, 12, 31), 1, date(2027, 1, 4)),  # New Year's Day is off, then a weekend
    ],
)
def test_working_day_deadlines_skip_weekends_and_holidays(start, count, due):
    assert add_working_days(start, count) == due
    assert working_days_between(start, due) == count
    assert is_working_day(due)
