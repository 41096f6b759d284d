"""Vietnamese formatting of money, dates and times (pure; also registered as Jinja filters)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def grouped(amount: int | float) -> str:
    """1500000 -> '1.500.000' (rounded to a whole number, Vietnamese thousands separator)."""
    value = round(amount)
    sign = "-" if value < 0 else ""
    return f"{sign}{abs(value):,}".replace(",", ".")


def vnd(amount: int | float | None) -> str:
    """1500000 -> '1.500.000 ₫' (whole dong; VND has no minor unit)."""
    if amount is None:
        return "—"
    return grouped(amount) + " ₫"


def to_vn(moment: datetime) -> datetime:
    """An aware timestamp in Vietnam time."""
    return moment.astimezone(VN_TZ)


def vn_date(value: date | datetime | None) -> str:
    """dd/mm/yyyy, in Vietnam time for timestamps."""
    if value is None:
        return "—"
    if isinstance(value, datetime):
        value = to_vn(value)
    return value.strftime("%d/%m/%Y")


def vn_datetime(value: datetime | None) -> str:
    """dd/mm/yyyy HH:MM in Vietnam time."""
    if value is None:
        return "—"
    return to_vn(value).strftime("%d/%m/%Y %H:%M")


def percent(value: float | None) -> str:
    """12.5 -> '12,5%' (Vietnamese decimal comma)."""
    if value is None:
        return "—"
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") + "%"
