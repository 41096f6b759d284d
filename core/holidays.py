"""Vietnamese public holidays and working days (pure).

Article 112 of the Labour Code (45/2019/QH14) gives 11 paid days off:
- Tết Dương lịch: 1 January;
- Tết Âm lịch (Lunar New Year): 5 days. Taken here as New Year's Eve and the first four days of the
  lunar year, the span the government chooses most years (2026: 16-20 February, as announced);
- Giỗ Tổ Hùng Vương: the 10th day of the 3rd lunar month;
- Victory Day, 30 April, and International Labour Day, 1 May;
- National Day: 2 September and one day before or after it (the government picks each year; the
  day after is taken here, so a deadline counted across it is never too early by more than a day).
A day off falling on a Saturday or Sunday is made up on the next working day (Article 112(3)).
Working days are Monday to Friday outside these days.

The lunar dates are computed once with the Vietnamese lunar calendar (UTC+7, Hồ Ngọc Đức's
algorithm) and written down for 2026-2030; in 2030 Vietnam's Tết (2 February) is a day before
China's. Years outside the table have the solar holidays only: `known_years` says which are complete,
and the table grows by a line a year.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

# Gregorian dates of lunar 1/1 (Tết Nguyên Đán) and of lunar 10/3 (Giỗ Tổ Hùng Vương).
LUNAR = {
    2026: (date(2026, 2, 17), date(2026, 4, 26)),
    2027: (date(2027, 2, 6), date(2027, 4, 16)),
    2028: (date(2028, 1, 26), date(2028, 4, 4)),
    2029: (date(2029, 2, 13), date(2029, 4, 23)),
    2030: (date(2030, 2, 2), date(2030, 4, 12)),
}
TET_DAYS_BEFORE, TET_DAYS_AFTER = 1, 4  # New Year's Eve, then the 1st to the 4th day


def known_years() -> tuple[int, ...]:
    """The years whose lunar holidays are in the table."""
    return tuple(sorted(LUNAR))


@lru_cache(maxsize=64)
def holidays(year: int) -> dict[date, str]:
    """The public holidays of `year`, day -> name (Vietnamese), substitute days included."""
    days: dict[date, str] = {date(year, 1, 1): "Tết Dương lịch"}
    for y in (year, year + 1):  # New Year's Eve of next year's Tết may fall in this year
        if y in LUNAR:
            tet, hung = LUNAR[y]
            for offset in range(-TET_DAYS_BEFORE, TET_DAYS_AFTER):
                day = tet + timedelta(days=offset)
                if day.year == year:
                    days[day] = "Tết Âm lịch"
            if hung.year == year:
                days[hung] = "Giỗ Tổ Hùng Vương"
    days[date(year, 4, 30)] = "Ngày Chiến thắng"
    days[date(year, 5, 1)] = "Ngày Quốc tế Lao động"
    days[date(year, 9, 2)] = "Quốc khánh"
    days[date(year, 9, 3)] = "Quốc khánh"
    # Days off on a weekend are made up on the next working day, in order.
    for day in sorted(d for d in days if d.weekday() >= 5):
        substitute = day + timedelta(days=1)
        while substitute.weekday() >= 5 or substitute in days:
            substitute += timedelta(days=1)
        days[substitute] = f"Nghỉ bù {days[day]}"
    return dict(sorted(days.items()))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in holidays(day.year)


def add_working_days(start: date, count: int) -> date:
    """The `count`-th working day after `start` (a deadline of `count` working days from `start`)."""
    day = start
    while count > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when `end` is not after `start`)."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += is_working_day(day)
    return count
