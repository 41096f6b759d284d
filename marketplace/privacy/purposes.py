"""The purposes for which the marketplace asks consent, with the exact wording and its version (pure).

A consent record stores the version and text the person saw; changing the wording means a new
version, and records of the old one stay as they were given. The Vietnamese wording is the one in
force and the one stored; the English one is its translation for pages shown in English.
"""

from __future__ import annotations

from dataclasses import dataclass

from marketplace.bilingual import pick


@dataclass(frozen=True)
class Purpose:
    code: str
    version: str
    title: str
    text: str
    title_en: str
    text_en: str

    def title_in(self, lang: str) -> str:
        return pick((self.title, self.title_en), lang)

    def text_in(self, lang: str) -> str:
        return pick((self.text, self.text_en), lang)


CONTACT_BY_VENDORS = Purpose(
    code="contact_by_vendors",
    version="2026-01",
    title="Nhà cung cấp được liên hệ với doanh nghiệp",
    text=(
        "Tôi đồng ý để các nhà cung cấp có sản phẩm phù hợp với doanh nghiệp xem thông tin liên hệ "
        "(người liên hệ, số điện thoại, email) trên Sàn và liên hệ để tư vấn giải pháp. "
        "Tôi có thể rút lại sự đồng ý bất cứ lúc nào tại trang Dữ liệu cá nhân; việc rút lại không ảnh "
        "hưởng đến các hợp đồng đã ký."
    ),
    title_en="Vendors may contact the business",
    text_en=(
        "I agree that vendors whose products suit the business may see its contact details (contact "
        "person, phone number, email) on the marketplace and contact it to advise on solutions. "
        "I can withdraw this consent at any time on the Personal data page; withdrawing it does not affect "
        "contracts already signed."
    ),
)

PURPOSES: dict[str, Purpose] = {p.code: p for p in (CONTACT_BY_VENDORS,)}
