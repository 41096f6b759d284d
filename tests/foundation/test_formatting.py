from datetime import UTC, date, datetime

from core.formatting import percent, vn_date, vn_datetime, vnd
from core.text import fold, folded_words


def test_vnd_uses_dots_and_dong_sign():
    assert vnd(1500000) == "1.500.000 ₫"
    assert vnd(0) == "0 ₫"
    assert vnd(-25000) == "-25.000 ₫"
    assert vnd(None) == "—"


def test_dates_are_day_month_year_in_vietnam_time():
    assert vn_date(date(2026, 7, 1)) == "01/07/2026"
    # 20:00 UTC on 31 Dec is already 1 Jan in Vietnam.
    assert vn_date(datetime(2026, 12, 31, 20, 0, tzinfo=UTC)) == "01/01/2027"
    assert vn_datetime(datetime(2026, 12, 31, 20, 0, tzinfo=UTC)) == "01/01/2027 03:00"


def test_percent_uses_decimal_comma():
    assert percent(12.5) == "12,5%"
    assert percent(30) == "30%"


def test_fold_removes_tones_hats_and_d_bar():
    assert fold("Hóa Đơn Điện Tử") == "hoa don dien tu"
    folded = folded_words("Quản lý bán hàng, quán cà phê!")
    assert folded == ["quan", "ly", "ban", "hang", "quan", "ca", "phe"]
