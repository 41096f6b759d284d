"""The purposes for which the marketplace asks consent, with the exact wording and its version (pure).

A consent record stores the version and text the person saw; changing the wording means a new
version, and records of the old one stay as they were given. The Vietnamese wording is the one in
force; the English one is its translation in the project's catalog, for pages shown in English.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.translation import N_, translate


@dataclass(frozen=True)
class Purpose:
    code: str
    version: str
    title: str
    text: str

    def title_in(self, lang: str) -> str:
        return translate(self.title, lang)

    def text_in(self, lang: str) -> str:
        return translate(self.text, lang)


CONTACT_BY_VENDORS = Purpose(
    code="contact_by_vendors",
    version="2026-01",
    title=N_("Nhà cung cấp được liên hệ với doanh nghiệp"),
    text=N_(
        "Tôi đồng ý để các nhà cung cấp có sản phẩm phù hợp với doanh nghiệp xem thông tin liên hệ "
        "(người liên hệ, số điện thoại, email) trên Sàn và liên hệ để tư vấn giải pháp. "
        "Tôi có thể rút lại sự đồng ý bất cứ lúc nào tại trang Dữ liệu cá nhân; việc rút lại không ảnh "
        "hưởng đến các hợp đồng đã ký."
    ),
)

PURPOSES: dict[str, Purpose] = {p.code: p for p in (CONTACT_BY_VENDORS,)}
