"""Pricing models and readiness ranges in plain words, with VND formatting (pure)."""

from __future__ import annotations

from catalog.product import Pricing, Product
from catalog.vocab import CATEGORIES, DEPLOYMENTS, PRICING_TYPES, READINESS_LEVELS, SECTORS, SIZES, label
from marketplace.bilingual import pick
from marketplace.formatting import percent, vnd


def pricing_terms(pricing: Pricing, price_monthly_vnd: int | None, lang: str = "vi") -> str:
    """The terms of one pricing model, e.g. 'miễn phí 3 tháng đầu, sau đó 120.000 ₫/tháng'."""
    vi = lang == "vi"
    monthly = (
        f"{vnd(price_monthly_vnd)}/{'tháng' if vi else 'month'}" if price_monthly_vnd is not None else None
    )
    if pricing.type == "subscription":
        return monthly or ("giá theo báo giá" if vi else "price on request")
    if pricing.type == "one_time":
        return f"trả một lần {vnd(pricing.price_vnd)}" if vi else f"one payment of {vnd(pricing.price_vnd)}"
    if pricing.type == "use_first_pay_later":
        months = pricing.free_months
        then = f", sau đó {monthly}" if vi and monthly else (f", then {monthly}" if monthly else "")
        return f"miễn phí {months} tháng đầu{then}" if vi else f"free for the first {months} months{then}"
    if pricing.type == "co_investment":
        share = percent(pricing.vendor_share_pct)
        return (
            f"nhà cung cấp chịu {share} chi phí, doanh nghiệp trả phần còn lại"
            if vi
            else f"the vendor carries {share} of the cost, the SME pays the rest"
        )
    if pricing.type == "revenue_sharing":
        share = percent(pricing.revenue_share_pct)
        text = (
            f"{share} doanh thu do giải pháp mang lại"
            if vi
            else f"{share} of the revenue the solution brings in"
        )
        if pricing.monthly_cap_vnd is not None:
            text += (
                f", tối đa {vnd(pricing.monthly_cap_vnd)}/tháng"
                if vi
                else f", at most {vnd(pricing.monthly_cap_vnd)}/month"
            )
        return text
    return ""


def pricing_summary(product: Product, lang: str = "vi") -> str:
    """All pricing models of a product on one line: 'Thuê bao: 99.000 ₫/tháng; Mua đứt: ...'."""
    return "; ".join(
        f"{label(PRICING_TYPES, p.type, lang)}: {pricing_terms(p, product.price_monthly_vnd, lang)}"
        for p in product.pricing_models
    )


def readiness_range(product: Product, lang: str = "vi") -> str:
    """'Mức 0 (Chưa khởi động) – mức 3 (Hình thành)'."""
    low, high = product.readiness_min, product.readiness_max
    word = "Mức" if lang == "vi" else "Level"
    if low == high:
        return f"{word} {low} ({label(READINESS_LEVELS, low, lang)})"
    return (
        f"{word} {low} ({label(READINESS_LEVELS, low, lang)}) – {word.lower()} {high} "
        f"({label(READINESS_LEVELS, high, lang)})"
    )


# Interchange PRODUCT fields in plain words (diffs, exports, error messages).
FIELD_LABELS = {
    "id": ("Mã sản phẩm", "Product id"),
    "vendor_id": ("Nhà cung cấp", "Vendor"),
    "name": ("Tên sản phẩm", "Name"),
    "summary": ("Tóm tắt", "Summary"),
    "description": ("Mô tả", "Description"),
    "categories": ("Lĩnh vực", "Categories"),
    "sectors": ("Ngành phù hợp", "Sectors"),
    "readiness_min": ("Mức sẵn sàng thấp nhất", "Lowest readiness level"),
    "readiness_max": ("Mức sẵn sàng cao nhất", "Highest readiness level"),
    "company_sizes": ("Quy mô doanh nghiệp", "Company sizes"),
    "regions": ("Khu vực phục vụ", "Regions"),
    "deployment": ("Hình thức triển khai", "Deployment"),
    "price_monthly_vnd": ("Giá hằng tháng", "Monthly price"),
    "setup_fee_vnd": ("Phí khởi tạo", "Setup fee"),
    "pricing_models": ("Hình thức thanh toán", "Pricing models"),
    "languages": ("Ngôn ngữ", "Languages"),
    "integrations": ("Tích hợp", "Integrations"),
}
_FIELD_VOCABULARIES = {
    "categories": CATEGORIES,
    "sectors": SECTORS,
    "company_sizes": SIZES,
    "deployment": DEPLOYMENTS,
    "readiness_min": READINESS_LEVELS,
    "readiness_max": READINESS_LEVELS,
}


def field_label(name: str, lang: str = "vi") -> str:
    pair = FIELD_LABELS.get(name)
    return pick(pair, lang) if pair else name


def field_text(name: str, value, lang: str = "vi") -> str:
    """A field's value as a person reads it: labels for codes, VND for amounts, terms for pricing."""
    if value is None or value == []:
        return "—"
    if name in ("price_monthly_vnd", "setup_fee_vnd"):
        return vnd(value)
    if name == "pricing_models":
        return "; ".join(
            label(PRICING_TYPES, p.get("type"), lang) + ": " + pricing_terms(Pricing.from_dict(p), None, lang)
            for p in value
        )
    vocabulary = _FIELD_VOCABULARIES.get(name)
    if isinstance(value, list):
        return ", ".join(label(vocabulary, v, lang) if vocabulary else str(v) for v in value)
    if vocabulary is not None:
        return (
            f"{value} – {label(vocabulary, value, lang)}"
            if name.startswith("readiness")
            else label(vocabulary, value, lang)
        )
    return str(value)
