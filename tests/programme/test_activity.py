"""indicators.activity: an SME's month rows from its records (pure)."""

from datetime import date

from indicators.activity import FULL_MONTH, NO_NEXT_MONTH, Assessed, days_from, days_upto, month_rows


def test_a_month_row_holds_its_days_levels_and_what_came_before():
    rows = month_rows(
        [
            Assessed(date(2025, 12, 20), "a-1", 2),
            Assessed(date(2026, 2, 1), "a-b", 1),
            Assessed(date(2026, 2, 1), "a-a", 3),  # same day, smaller id: not the latest
            Assessed(date(2026, 2, 28), "a-c", 4),
        ],
        [
            (date(2026, 2, 3), "consulting"),
            (date(2026, 2, 3), "training"),
            (date(2025, 12, 1), "application"),
        ],
        [date(2026, 2, 10), date(2026, 2, 10)],
    )
    assert [r.month for r in rows] == ["2025-12", "2026-02"]
    december, february = rows
    assert december.next_month == "2026-02" and february.next_month == NO_NEXT_MONTH
    assert december.days["application"] == 1 and december.days["assessment"] == 1 << 19
    assert february.days["assessment"] == (1 << 0) | (1 << 27)
    assert february.days["consulting"] == february.days["training"] == 1 << 2
    # A counted day is an application day too.
    assert february.days["counted"] == 1 << 9 and february.days["application"] == 1 << 9
    assert february.month_end == date(2026, 2, 28)
    assert (december.level_before, december.level_end) == (None, 2)
    assert (february.level_before, february.level_first_counted, february.level_end) == (2, 1, 4)
    assert december.level_first_counted is None
    assert february.prior["application"] == date(2025, 12, 1)
    assert february.prior["assessment"] == date(2025, 12, 20) and february.prior["counted"] is None
    assert february.prior["any"] == date(2025, 12, 20)


def test_same_day_assessments_the_larger_id_is_the_level():
    rows = month_rows([Assessed(date(2026, 3, 5), "a-9", 5), Assessed(date(2026, 3, 5), "a-10", 0)], [], [])
    assert rows[0].level_end == 5  # "a-9" > "a-10" as text


def test_no_record_no_row():
    assert month_rows([], [], []) == []


def test_day_masks():
    assert days_upto(31) == FULL_MONTH and days_from(1) == FULL_MONTH
    assert days_upto(3) == 0b111 and days_from(30) == (1 << 29) | (1 << 30)
    assert days_upto(15) & days_from(16) == 0 and days_upto(15) | days_from(16) == FULL_MONTH
