"""What a complaint is and when the vendor must answer (pure).

The vendor answers within ANSWER_WORKING_DAYS working days of the day the complaint was filed
(Vietnam time), public holidays skipped (core.holidays). Unanswered after that, the complaint is
overdue: officers see it first. An officer mediates (messages both parties read) and closes it as
upheld or not, with the reason; an upheld complaint may lead to the listing's suspension.
"""

from __future__ import annotations

from datetime import date

from core.holidays import add_working_days
from core.translation import N_

ANSWER_WORKING_DAYS = 10

CATEGORIES = {
    "quality": N_("Chất lượng, lỗi sản phẩm"),
    "support": N_("Hỗ trợ, bảo hành"),
    "billing": N_("Thanh toán, hóa đơn"),
    "terms": N_("Không đúng điều khoản hợp đồng"),
    "data": N_("Dữ liệu, bảo mật"),
    "other": N_("Khác"),
}
STATUSES = {
    "awaiting_vendor": N_("Chờ nhà cung cấp trả lời"),
    "answered": N_("Nhà cung cấp đã trả lời"),
    "closed": N_("Đã đóng"),
}
OUTCOMES = {"upheld": N_("Khiếu nại đúng"), "not_upheld": N_("Khiếu nại không đúng")}
OPEN = ("awaiting_vendor", "answered")  # unresolved: counted in the listing's re-review


def answer_due(filed_on: date) -> date:
    return add_working_days(filed_on, ANSWER_WORKING_DAYS)


def overdue(status: str, due_on: date, today: date) -> bool:
    return status == "awaiting_vendor" and today > due_on
