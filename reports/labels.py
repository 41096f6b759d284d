"""Human labels of report group keys: vocabulary labels, vendor names, months, 'unknown'."""

from __future__ import annotations

from sqlalchemy.orm import Session

from catalog.queries import vendor_names
from catalog.vocab import CATEGORIES, PRICING_TYPES, SECTORS, SIZES, label
from reports.aggregate import UNKNOWN

VOCABULARIES = {"sector": SECTORS, "size": SIZES, "pricing_model": PRICING_TYPES, "category": CATEGORIES}
DIMENSION_LABELS = {
    "sector": ("Ngành", "Sector"),
    "province": ("Tỉnh/thành phố", "Province"),
    "pricing_model": ("Hình thức thanh toán", "Pricing model"),
    "category": ("Lĩnh vực giải pháp", "Category"),
    "vendor": ("Nhà cung cấp", "Vendor"),
    "size": ("Quy mô doanh nghiệp", "Company size"),
    "month": ("Tháng", "Month"),
}


def dimension_label(by: str, lang: str = "vi") -> str:
    pair = DIMENSION_LABELS[by]
    return pair[0] if lang == "vi" else pair[1]


def key_label(by: str, key: str, lang: str = "vi", vendors: dict[str, str] | None = None) -> str:
    if key == UNKNOWN:
        return "Không rõ" if lang == "vi" else "Unknown"
    if by in VOCABULARIES:
        return label(VOCABULARIES[by], key, lang)
    if by == "vendor":
        return (vendors or {}).get(key, key)
    if by == "month":
        year, month = key.split("-")
        return f"{month}/{year}"
    return key


def group_labels(session: Session, by: str, keys: list[str], lang: str = "vi") -> dict[str, str]:
    """key -> label for the groups of one report (vendor names read in one query)."""
    vendors = vendor_names(session, [k for k in keys if k != UNKNOWN]) if by == "vendor" else None
    return {key: key_label(by, key, lang, vendors) for key in keys}
