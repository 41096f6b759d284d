"""What makes a review allowed, editable and suspicious (pure: plain values in, answers out).

Who may review: an SME whose contract for the product was counted at least WAIT_DAYS ago (it has
used the product for a month), or has ended (completed or terminated: the SME knows how it went);
once per contract. The author may edit it for EDIT_DAYS after writing it; an edit goes back to the
officers before it shows again.

Before an officer decides, the text is read for the reasons a review is refused: personal data
(telephone numbers, mailboxes, identity-card numbers) and abuse (a short list of insults, read
without diacritics). These are hints for the officer, who decides; the related-party check (the
vendor's own review, or a related firm's) is done with the deal-integrity identifiers in
reviews.services.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from core.text import fold
from core.translation import N_
from integrity.contacts import phone_keys

WAIT_DAYS = 30  # a month of use before a review
EDIT_DAYS = 30  # the author may edit for a month
ENDED = ("completed", "terminated")
RATINGS = (1, 2, 3, 4, 5)

ASPECTS = {
    "ease_of_use": N_("Dễ sử dụng"),
    "support": N_("Hỗ trợ của nhà cung cấp"),
    "value_for_money": N_("Đáng đồng tiền"),
    "sector_fit": N_("Phù hợp với ngành"),
}

# Why an officer refuses a review, or removes it after a report.
REASONS = {
    "personal_data": N_("Chứa dữ liệu cá nhân"),
    "abuse": N_("Lời lẽ xúc phạm"),
    "related_party": N_("Của chính nhà cung cấp hoặc bên liên quan"),
    "off_topic": N_("Không nói về trải nghiệm dùng sản phẩm"),
}
# What a reader may report about a published review.
REPORT_REASONS = {**REASONS, "false": N_("Sai sự thật")}

STATUSES = ("pending", "published", "rejected", "removed")
STATUS_LABELS = {
    "pending": N_("Chờ kiểm duyệt"),
    "published": N_("Đã đăng"),
    "rejected": N_("Bị từ chối"),
    "removed": N_("Đã gỡ"),
}

# Why an SME may not review a contract (None: it may).
NOT_SIGNED = N_("Hợp đồng chưa được ký đủ hai bên.")
TOO_RECENT = N_(
    "Có thể đánh giá từ ngày %(day)s (30 ngày sau khi hợp đồng được ghi nhận), hoặc khi hợp đồng kết thúc."
)
ALREADY = N_("Hợp đồng này đã có đánh giá.")


def may_review(counted_day: date | None, status: str, today: date, reviewed: bool) -> tuple[str, dict] | None:
    """None when the contract may be reviewed today, else why not (a message and its values)."""
    if reviewed:
        return ALREADY, {}
    if counted_day is None:
        return NOT_SIGNED, {}
    if status in ENDED or counted_day <= today - timedelta(days=WAIT_DAYS):
        return None
    return TOO_RECENT, {"day": (counted_day + timedelta(days=WAIT_DAYS)).strftime("%d/%m/%Y")}


def editable_until(written_at: datetime) -> datetime:
    return written_at + timedelta(days=EDIT_DAYS)


def editable(written_at: datetime, now: datetime) -> bool:
    return now < editable_until(written_at)


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# Citizen identity cards (12 digits) and the old identity cards (9 digits), standing alone.
_ID_NUMBER = re.compile(r"(?<!\d)(\d{12}|\d{9})(?!\d)")
_PHONE_LIKE = re.compile(r"(?:\+?84|0)[\d .\-]{8,13}\d")
# Insults, folded (no diacritics, lower case): whole words or phrases.
# Words that fold onto ordinary ones ("đéo" onto "đeo", to wear) are left out: a hint must be worth
# an officer's look.
ABUSE = ("dmm", "dcm", "vcl", "vkl", "do ngu", "ngu nhu bo", "oc cho", "cho ma", "me may", "fuck", "shit")
_ABUSE = re.compile(r"\b(" + "|".join(re.escape(w) for w in ABUSE) + r")\b")


def personal_data(text: str) -> list[str]:
    """The pieces of `text` that look like personal data (telephone numbers, mailboxes, ID numbers)."""
    found = [m.group(0) for m in _EMAIL.finditer(text)]
    found += [m.group(0).strip() for m in _PHONE_LIKE.finditer(text) if phone_keys(m.group(0))]
    found += [
        m.group(0)
        for m in _ID_NUMBER.finditer(_EMAIL.sub(" ", text))
        if not any(m.group(0) in f for f in found)
    ]
    return list(dict.fromkeys(found))


def abuse(text: str) -> list[str]:
    """The insults of `text` (as folded words)."""
    return list(dict.fromkeys(m.group(0) for m in _ABUSE.finditer(fold(text))))


def hints(*texts: str) -> dict[str, list[str]]:
    """What the officer should look at: reason code -> the pieces found."""
    joined = "\n".join(t for t in texts if t)
    found = {"personal_data": personal_data(joined), "abuse": abuse(joined)}
    return {code: pieces for code, pieces in found.items() if pieces}
