"""The rules of the board, as plain functions (pure: no Flask, no SQLAlchemy).

A problem is `pending` until an officer moderates it (`rejected` with a reason, or `open`: published);
an officer's own city problem opens at once. `open` reads as "closed for proposals" once its deadline
(a Vietnam-time day) has passed; the poster awards one proposal (`awarded`) or cancels. A proposal is
`submitted`, may be `shortlisted` or sent back with `changes_requested` (the vendor revises it, which
submits it again), and ends `accepted` or `rejected` (or `withdrawn` by its vendor).
"""

from __future__ import annotations

from datetime import date, datetime
from types import MappingProxyType
from zoneinfo import ZoneInfo

from core.translation import N_

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")

KINDS = ("sme", "city")
PENDING, REJECTED, OPEN, CLOSED, AWARDED, CANCELLED = (
    "pending", "rejected", "open", "closed", "awarded", "cancelled"
)
STORED_STATUSES = (PENDING, REJECTED, OPEN, AWARDED, CANCELLED)
STATUS_LABELS = MappingProxyType({
    PENDING: N_("Chờ duyệt"),
    REJECTED: N_("Không được duyệt"),
    OPEN: N_("Đang nhận đề xuất"),
    CLOSED: N_("Đã hết hạn nhận đề xuất"),
    AWARDED: N_("Đã chọn đề xuất"),
    CANCELLED: N_("Đã hủy"),
})
PUBLIC_STATUSES = (OPEN, CLOSED, AWARDED, CANCELLED)  # what the public board shows
KIND_LABELS = MappingProxyType({"sme": N_("Bài toán của doanh nghiệp"), "city": N_("Bài toán của thành phố")})

SUBMITTED, SHORTLISTED, CHANGES, ACCEPTED, DECLINED, WITHDRAWN = (
    "submitted", "shortlisted", "changes_requested", "accepted", "rejected", "withdrawn"
)
PROPOSAL_STATUSES = (SUBMITTED, SHORTLISTED, CHANGES, ACCEPTED, DECLINED, WITHDRAWN)
PROPOSAL_LABELS = MappingProxyType({
    SUBMITTED: N_("Đã gửi"),
    SHORTLISTED: N_("Vào danh sách ngắn"),
    CHANGES: N_("Được đề nghị chỉnh sửa"),
    ACCEPTED: N_("Được chọn"),
    DECLINED: N_("Không được chọn"),
    WITHDRAWN: N_("Đã rút"),
})
LIVE_PROPOSALS = (SUBMITTED, SHORTLISTED, CHANGES)  # still in the running

# Moderation reasons officers pick from (the note says the details).
MODERATION_REASONS = MappingProxyType({
    "personal_data": N_("Có dữ liệu cá nhân"),
    "duplicate": N_("Trùng với bài toán đã có"),
    "off_topic": N_("Không phải bài toán chuyển đổi số"),
    "unclear": N_("Mô tả chưa đủ rõ"),
})


def vietnam_today(now: datetime) -> date:
    return now.astimezone(VIETNAM).date()


def status_on(stored: str, deadline: date, today: date) -> str:
    """The status a reader sees: an open problem past its deadline is closed for proposals."""
    return CLOSED if stored == OPEN and today > deadline else stored


def takes_proposals(stored: str, deadline: date, today: date) -> bool:
    return status_on(stored, deadline, today) == OPEN


def name_shown(show_name: bool, proposal_status: str | None) -> bool:
    """Whether a vendor sees the posting firm's name: when the firm chose to show it, or once it has
    shortlisted (or chosen) that vendor's proposal."""
    return show_name or proposal_status in (SHORTLISTED, ACCEPTED)
