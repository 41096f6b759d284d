"""Integration and language tags of a product as people read them (pure): "misa" is shown as MISA,
"cqt" as Cơ quan thuế (the tax authority), "vi" as Tiếng Việt. A tag not listed is shown as the vendor
typed it."""

from __future__ import annotations

from types import MappingProxyType

from core.translation import N_, translate

# tag -> display name: a brand as it is written, or a Vietnamese name (N_) translated like any text.
INTEGRATIONS = MappingProxyType({
    "cqt": N_("Cơ quan thuế"),
    "einvoice": N_("Hóa đơn điện tử"),
    "hai_quan": N_("Hải quan"),
    "bhxh": N_("Bảo hiểm xã hội (BHXH)"),
    "bhyt": N_("Bảo hiểm y tế (BHYT)"),
    "ngan_hang": N_("Ngân hàng"),
    "cong_truy_xuat_quoc_gia": N_("Cổng truy xuất nguồn gốc quốc gia"),
    "cong_duoc_quoc_gia": N_("Cổng dược quốc gia"),
    "don_thuoc_quoc_gia": N_("Đơn thuốc quốc gia"),
    "csdl_nganh_giao_duc": N_("CSDL ngành giáo dục"),
    "may_cham_cong": N_("Máy chấm công"),
    "may_in_nhiet": N_("Máy in nhiệt"),
    "may_in_bep": N_("Máy in bếp"),
    "tong_dai": N_("Tổng đài"),
    "barcode": N_("Mã vạch"),
    "qr": N_("Mã QR"),
    "calendar": N_("Lịch"),
    "firewall": N_("Tường lửa"),
    "misa": "MISA",
    "zalo": "Zalo",
    "vietqr": "VietQR",
    "napas": "NAPAS",
    "shopee": "Shopee",
    "shopeefood": "ShopeeFood",
    "lazada": "Lazada",
    "tiktok": "TikTok",
    "tiktokshop": "TikTok Shop",
    "facebook": "Facebook",
    "google": "Google",
    "google_sheets": "Google Sheets",
    "google_calendar": "Google Calendar",
    "grabfood": "GrabFood",
    "ghn": "Giao Hàng Nhanh (GHN)",
    "ghtk": "Giao Hàng Tiết Kiệm (GHTK)",
    "excel": "Excel",
    "email": "Email",
    "sms": "SMS",
    "api": "API",
    "erp": "ERP",
    "pos": "POS",
    "website": "Website",
    "woocommerce": "WooCommerce",
    "visa": "Visa",
    "mastercard": "Mastercard",
    "booking.com": "Booking.com",
    "agoda": "Agoda",
    "airbnb": "Airbnb",
    "expedia": "Expedia",
    "traveloka": "Traveloka",
    "alibaba": "Alibaba",
    "amazon_global": "Amazon Global Selling",
    "autocad": "AutoCAD",
    "s3": "Amazon S3",
    "kubernetes": "Kubernetes",
    "windows": "Windows",
    "gs1": "GS1",
    "vietgap": "VietGAP",
    "haccp": "HACCP",
    "iso22000": "ISO 22000",
    "iso9001": "ISO 9001",
    "rfid": "RFID",
    "gps": "GPS",
    "4g": "4G",
    "wifi": "Wi-Fi",
    "vpn": "VPN",
    "nas": "NAS",
    "mqtt": "MQTT",
    "opc_ua": "OPC UA",
    "plc": "PLC",
    "siem": "SIEM",
    "blockchain": "Blockchain",
})

# Language code -> the language's own name, as language lists show them in either page language.
LANGUAGES = MappingProxyType({
    "vi": "Tiếng Việt",
    "en": "English",
    "ja": "日本語",
    "ko": "한국어",
    "zh": "中文",
    "fr": "Français",
    "de": "Deutsch",
    "km": "ភាសាខ្មែរ",
    "lo": "ພາສາລາວ",
    "th": "ไทย",
})


def integration_name(tag: str, lang: str = "vi") -> str:
    name = INTEGRATIONS.get(tag.strip().lower())
    if name is None:
        return tag
    return translate(name, lang)


def language_name(code: str) -> str:
    return LANGUAGES.get(code.strip().lower(), code)


def integration_names(tags, lang: str = "vi") -> list[str]:
    return [integration_name(t, lang) for t in tags]


def language_names(codes) -> str:
    """'vi, en' -> 'Tiếng Việt, English'."""
    return ", ".join(language_name(c) for c in codes)
