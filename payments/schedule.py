"""Payment schedules: what an SME owes, month by month, under each pricing model (pure).

The amounts follow the contract, not the catalogue: `value_vnd`, the total agreed in the
contract, is what the paying months add up to (before a co-investing vendor's share). Only a
contract without a value falls back to the product's list price per paying month. One-time
contracts take `price_vnd` from their pricing terms, else the contract value.

Dates: monthly period i starts `i` months after the start date (clamped to the month's last
day) and is paid in advance, on its first day. Revenue-sharing periods are paid at their end,
once the SME has declared the revenue the solution brought in that month.

VND has no minor unit: every amount is a whole number of dong. A total spread over months is
split exactly (the first months carry the left-over dong); a percentage of an amount is
rounded once, half up, by `share_of`.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from catalog.product import Pricing
from core.domain import ValidationFailed


class ScheduleError(ValidationFailed):
    """The contract's terms do not define a schedule (a term is missing or contradictory)."""


@dataclass(frozen=True)
class ContractTerms:
    """What a schedule is built from: the contract's pricing, dates and value."""

    pricing: Pricing
    start_date: date | None
    months: int | None
    value_vnd: int | None
    list_price_monthly_vnd: int | None = None  # the product's price, used when the contract has no value


@dataclass(frozen=True)
class PlannedInstalment:
    """One line of a schedule.

    `gross_vnd` is the amount before a co-investing vendor's share; `amount_vnd` is what the
    SME pays. Both are None for a revenue-sharing month until the SME declares its revenue.
    """

    seq: int
    period_start: date
    due_date: date
    gross_vnd: int | None
    amount_vnd: int | None
    vendor_contribution_vnd: int = 0

    @property
    def free(self) -> bool:
        return self.amount_vnd == 0 and self.vendor_contribution_vnd == 0


def share_of(amount: int, pct: float | int | Decimal) -> int:
    """`pct` percent of `amount` in whole dong, half up: the one rounding rule of payments."""
    exact = Decimal(amount) * Decimal(str(pct)) / Decimal(100)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def split_evenly(total: int, parts: int) -> list[int]:
    """`total` dong over `parts` months, summing exactly to `total`; earlier months take the extra dong."""
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def add_months(start: date, months: int) -> date:
    """The same day `months` later, or that month's last day when it is shorter."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def revenue_share_due(revenue_vnd: int, revenue_share_pct: float, monthly_cap_vnd: int | None) -> int:
    """What a revenue-sharing SME owes for a month of declared revenue, capped when a cap is agreed."""
    if revenue_vnd < 0:
        raise ScheduleError("Doanh thu khai báo không được âm.", {"revenue_vnd": "Phải là số không âm."})
    due = share_of(revenue_vnd, revenue_share_pct)
    return min(due, monthly_cap_vnd) if monthly_cap_vnd is not None else due


def build_schedule(terms: ContractTerms) -> list[PlannedInstalment]:
    """The schedule of a contract under its pricing model; ScheduleError when the terms do not say enough."""
    if terms.start_date is None:
        raise ScheduleError("Hợp đồng chưa có ngày bắt đầu.", {"start_date": "Cần ngày bắt đầu để lập lịch."})
    pricing = terms.pricing
    if pricing.type == "one_time":
        return _one_time(terms)
    months = _months(terms)
    if pricing.type == "subscription":
        return _monthly(terms.start_date, _spread(terms, months), 0)
    if pricing.type == "use_first_pay_later":
        free = pricing.free_months
        if free is None or free < 1:
            raise ScheduleError("Thiếu số tháng dùng miễn phí.", {"free_months": "Phải là số nguyên ≥ 1."})
        if free >= months:
            raise ScheduleError("Số tháng miễn phí phải ít hơn thời hạn hợp đồng.",
                                {"free_months": f"Phải nhỏ hơn {months}."})
        return _monthly(terms.start_date, [0] * free + _spread(terms, months - free), 0)
    if pricing.type == "co_investment":
        pct = pricing.vendor_share_pct
        if pct is None or not 0 <= pct <= 100:
            raise ScheduleError("Thiếu tỷ lệ đồng đầu tư của nhà cung cấp.",
                                {"vendor_share_pct": "Phải từ 0 đến 100."})
        return _monthly(terms.start_date, _spread(terms, months), pct)
    if pricing.type == "revenue_sharing":
        pct = pricing.revenue_share_pct
        if pct is None or not 0 <= pct <= 100:
            raise ScheduleError("Thiếu tỷ lệ chia sẻ doanh thu.", {"revenue_share_pct": "Phải từ 0 đến 100."})
        return [
            PlannedInstalment(seq=i + 1, period_start=add_months(terms.start_date, i),
                              due_date=add_months(terms.start_date, i + 1), gross_vnd=None, amount_vnd=None)
            for i in range(months)
        ]
    raise ScheduleError(f"Mô hình giá không được hỗ trợ: {pricing.type}.",
                        {"pricing": "Mô hình giá không rõ."})


def _one_time(terms: ContractTerms) -> list[PlannedInstalment]:
    price = terms.pricing.price_vnd if terms.pricing.price_vnd is not None else terms.value_vnd
    if price is None or price < 0:
        raise ScheduleError("Hợp đồng mua đứt chưa có giá.",
                            {"price_vnd": "Cần giá mua hoặc giá trị hợp đồng."})
    return [PlannedInstalment(seq=1, period_start=terms.start_date, due_date=terms.start_date,
                              gross_vnd=price, amount_vnd=price)]


def _months(terms: ContractTerms) -> int:
    if terms.months is None or terms.months < 1:
        raise ScheduleError("Hợp đồng chưa có thời hạn (số tháng).", {"months": "Phải là số nguyên ≥ 1."})
    return terms.months


def _spread(terms: ContractTerms, paying_months: int) -> list[int]:
    """The gross amount of each paying month: the contract value spread out, else the list price."""
    if terms.value_vnd is not None:
        if terms.value_vnd < 0:
            raise ScheduleError("Giá trị hợp đồng không được âm.", {"value_vnd": "Phải là số không âm."})
        return split_evenly(terms.value_vnd, paying_months)
    if terms.list_price_monthly_vnd is None:
        raise ScheduleError("Hợp đồng chưa có giá trị và sản phẩm không có giá theo tháng.",
                            {"value_vnd": "Cần giá trị hợp đồng."})
    return [terms.list_price_monthly_vnd] * paying_months


def _monthly(start: date, gross: list[int], vendor_share_pct: float) -> list[PlannedInstalment]:
    lines = []
    for i, amount in enumerate(gross):
        # The SME pays (100 - vendor share)%; the vendor's contribution is the rest, so both add up.
        sme_part = share_of(amount, Decimal(100) - Decimal(str(vendor_share_pct)))
        period = add_months(start, i)
        lines.append(PlannedInstalment(seq=i + 1, period_start=period, due_date=period, gross_vnd=amount,
                                       amount_vnd=sme_part, vendor_contribution_vnd=amount - sme_part))
    return lines
