"""Legal deadlines of data-subject requests (pure)."""

from datetime import UTC, date, datetime

import pytest

from privacy.deadlines import add_working_days, deadlines_for, extended_due


def test_acknowledgement_skips_the_weekend():
    # Friday 6 March 2026 -> two working days later is Tuesday 10 March.
    assert add_working_days(date(2026, 3, 6), 2) == date(2026, 3, 10)
    assert add_working_days(date(2026, 3, 9), 2) == date(2026, 3, 11)


@pytest.mark.parametrize(("kind", "due"), [("access", date(2026, 3, 16)), ("correct", date(2026, 3, 16)),
                                           ("delete", date(2026, 3, 26))])
def test_completion_is_counted_in_days_from_the_vietnam_day_of_receipt(kind, due):
    # 18:00 UTC on 5 March is 01:00 on 6 March in Vietnam: the request was received on the 6th.
    result = deadlines_for(kind, datetime(2026, 3, 5, 18, 0, tzinfo=UTC))
    assert result.due == due
    assert result.acknowledge_by == date(2026, 3, 10)


def test_one_extension_of_at_most_fifteen_days():
    assert extended_due(date(2026, 3, 16), 15) == date(2026, 3, 31)
    for bad in (0, 16):
        with pytest.raises(ValueError):
            extended_due(date(2026, 3, 16), bad)


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        deadlines_for("portability", datetime(2026, 3, 5, tzinfo=UTC))
