"""Names of the signals and of a flag's states, for pages (translated with core.translation)."""

from __future__ import annotations

from core.translation import N_, NP_
from integrity.models import CLEARED, LISTING_SUSPENDED, OPEN
from integrity.signals import PRICE_ABOVE_LIST, QUICK_TERMINATION, RELATED_PARTY, SPLIT_CONTRACT, VENDOR_BURST

SIGNAL_LABELS = {
    RELATED_PARTY: N_("Bên liên quan"),
    PRICE_ABOVE_LIST: N_("Giá cao hơn niêm yết"),
    QUICK_TERMINATION: N_("Chấm dứt sớm"),
    VENDOR_BURST: N_("Dồn dập với doanh nghiệp mới"),
    SPLIT_CONTRACT: N_("Chia nhỏ hợp đồng"),
}
STATUS_LABELS = {
    OPEN: NP_("flag status", "Chờ xem xét"),
    CLEARED: NP_("flag status", "Đã bỏ cờ"),
    LISTING_SUSPENDED: NP_("flag status", "Đã tạm ngừng sản phẩm"),
}
