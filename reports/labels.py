"""Human labels of report group keys: vocabulary labels, vendor names, months, 'unknown'."""

from __future__ import annotations

from sqlalchemy.orm import Session

from catalog.queries import vendor_names
from core.translation import N_, translate
from core.vocab import CATEGORIES, PRICING_TYPES, SECTORS, SIZES, label
from reports.aggregate import UNKNOWN

VOCABULARIES = {"sector": SECTORS, "size": SIZES, "pricing_model": PRICING_TYPES, "category": CATEGORIES}
DIMENSION_LABELS = {
    "sector": N_("Ngành"),
    "province": N_("Tỉnh/thành phố"),
    "pricing_model": N_("Hình thức thanh toán"),
    "category": N_("Lĩnh vực giải pháp"),
    "vendor": N_("Nhà cung cấp"),
    "size": N_("Quy mô doanh nghiệp"),
    "month": N_("Tháng"),
}


def dimension_label(by: str, lang: str = "vi") -> str:
    return translate(DIMENSION_LABELS[by], lang)


def key_label(by: str, key: str, lang: str = "vi", vendors: dict[str, str] | None = None) -> str:
    if key == UNKNOWN:
        return translate(N_("Không rõ"), lang)
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


def filter_labels(session: Session, filters: dict[str, str], lang: str = "vi") -> dict[str, str]:
    """dimension -> the label of the value a report is filtered on ('sector' -> 'Khoa học và công nghệ')."""
    vendors = vendor_names(session, [filters["vendor"]]) if filters.get("vendor") else None
    return {by: key_label(by, key, lang, vendors) for by, key in filters.items()}
