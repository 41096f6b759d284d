"""Pricing models and readiness ranges in plain words, with VND formatting (pure)."""

from __future__ import annotations

from catalog.product import Pricing, Product
from core.formatting import percent, vnd
from core.translation import N_, translate
from core.vocab import CATEGORIES, DEPLOYMENTS, PRICING_TYPES, READINESS_LEVELS, SECTORS, SIZES, label


def pricing_terms(pricing: Pricing, price_monthly_vnd: int | None, lang: str = "vi") -> str:
    """The terms of one pricing model, e.g. 'miễn phí 3 tháng đầu, sau đó 120.000 ₫/tháng'."""
    monthly = (
        translate(N_("%(price)s/tháng"), lang, price=vnd(price_monthly_vnd))
        if price_monthly_vnd is not None else None
    )
    if pricing.type == "subscription":
        return monthly or translate(N_("giá theo báo giá"), lang)
    if pricing.type == "one_time":
        return translate(N_("trả một lần %(price)s"), lang, price=vnd(pricing.price_vnd))
    if pricing.type == "use_first_pay_later":
        then = translate(N_(", sau đó %(monthly)s"), lang, monthly=monthly) if monthly else ""
        return translate(N_("miễn phí %(months)s tháng đầu%(then)s"), lang, months=pricing.free_months,
                         then=then)
    if pricing.type == "co_investment":
        return translate(N_("nhà cung cấp chịu %(share)s chi phí, doanh nghiệp trả phần còn lại"), lang,
                         share=percent(pricing.vendor_share_pct))
    if pricing.type == "revenue_sharing":
        text = translate(N_("%(share)s doanh thu do giải pháp mang lại"), lang,
                         share=percent(pricing.revenue_share_pct))
        if pricing.monthly_cap_vnd is not None:
            text += translate(N_(", tối đa %(cap)s/tháng"), lang, cap=vnd(pricing.monthly_cap_vnd))
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
    if low == high:
        return translate(N_("Mức %(level)s (%(name)s)"), lang, level=low,
                         name=label(READINESS_LEVELS, low, lang))
    return translate(N_("Mức %(low)s (%(low_name)s) – mức %(high)s (%(high_name)s)"), lang,
                     low=low, low_name=label(READINESS_LEVELS, low, lang),
                     high=high, high_name=label(READINESS_LEVELS, high, lang))


# Interchange PRODUCT fields in plain words (diffs, exports, error messages).
FIELD_LABELS = {
    "id": N_("Mã sản phẩm"),
    "vendor_id": N_("Nhà cung cấp"),
    "name": N_("Tên sản phẩm"),
    "summary": N_("Tóm tắt"),
    "description": N_("Mô tả"),
    "categories": N_("Lĩnh vực"),
    "sectors": N_("Ngành phù hợp"),
    "readiness_min": N_("Mức sẵn sàng thấp nhất"),
    "readiness_max": N_("Mức sẵn sàng cao nhất"),
    "company_sizes": N_("Quy mô doanh nghiệp"),
    "regions": N_("Khu vực phục vụ"),
    "deployment": N_("Hình thức triển khai"),
    "price_monthly_vnd": N_("Giá hằng tháng"),
    "setup_fee_vnd": N_("Phí khởi tạo"),
    "pricing_models": N_("Hình thức thanh toán"),
    "languages": N_("Ngôn ngữ"),
    "integrations": N_("Tích hợp"),
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
    text = FIELD_LABELS.get(name)
    return translate(text, lang) if text else name


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
