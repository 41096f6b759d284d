"""Why an offer fits an SME, in short sentences a person can check against the two profiles.

Vietnamese is the canonical language (the engine, the CLI and the JSON of the interchange spec use it);
every sentence is a (Vietnamese, English) pair of templates so that the web pages can render the same
facts in the visitor's language with the same logic. Money is written as VND in both.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from catalog.vocab import ANY, CATEGORIES, PRICING_TYPES, READINESS_LEVELS, SECTORS, label
from marketplace.bilingual import pick, say
from marketplace.formatting import percent, vnd

from .affordability import Affordability, PaymentOption


@dataclass(frozen=True)
class NeedFact:
    category: str
    source: str  # "stated" (in the SME's needs) or "text" (read from its problem text)
    evidence: str | None = None  # the SME's words that revealed it


@dataclass(frozen=True)
class MatchFacts:
    """What the engine found about one SME-offer pair; the reasons are written from this alone."""

    needs: tuple[NeedFact, ...]
    sector: str  # "specific", "any" or "other"
    sme_sector: str
    offer_sectors: tuple[str, ...]
    readiness_level: int | None
    readiness_min: int
    readiness_max: int
    budget_vnd: int | None
    affordability: Affordability | None
    preferred_models: tuple[str, ...]
    offered_models: tuple[str, ...]
    region: str  # "any", "served" or "unknown"
    province: str | None
    official: bool
    regions: tuple[str, ...] = ()



def _level(level: int, lang: str) -> str:
    return f"{level} ({label(READINESS_LEVELS, level, lang)})"


def _count(n: int, lang: str, vi: str, en: str) -> str:
    """`n` and its unit ("tháng", "month"), the English unit plural but for 1."""
    return say(("{n} " + vi, "{n} " + en + ("" if n == 1 else "s")), lang, n=n)


def _percent(value: float, lang: str) -> str:
    """Vietnamese decimal comma, English decimal point."""
    text = percent(value)
    return pick((text, text.replace(",", ".")), lang)


def _models(codes, lang: str) -> str:
    return ", ".join(label(PRICING_TYPES, c, lang) for c in codes)


def need_reason(facts: MatchFacts, lang: str = "vi") -> str:
    if not facts.needs:
        return pick((
            "Chưa thấy nhu cầu cụ thể nào trùng khớp; gợi ý dựa trên ngành, mức sẵn sàng số và ngân sách.",
            "No specific need matched yet; suggested from the sector, digital readiness level and budget.",
        ), lang)
    parts = []
    for need in facts.needs[:3]:
        name = label(CATEGORIES, need.category, lang)
        if need.source == "stated":
            template = ("{name} (nhu cầu doanh nghiệp đã nêu)", "{name} (a need the business stated)")
        elif need.evidence:
            template = ("{name} (từ mô tả vấn đề: “{words}”)",
                        "{name} (from the problem description: “{words}”)")
        else:
            template = ("{name} (từ mô tả vấn đề)", "{name} (from the problem description)")
        parts.append(say(template, lang, name=name, words=need.evidence))
    return say(("Đáp ứng nhu cầu: {parts}.", "Meets the needs: {parts}."), lang, parts="; ".join(parts))


def sector_reason(facts: MatchFacts, lang: str = "vi") -> str:
    sector = label(SECTORS, facts.sme_sector, lang)
    if facts.sector == "specific":
        return say((
            "Được xây dựng cho ngành {sector}.", "Built for the business's sector ({sector})."
        ), lang, sector=sector)
    if facts.sector == "any":
        return say((
            "Dùng được cho mọi ngành, trong đó có {sector}; không chuyên riêng cho ngành này.",
            "Usable in every sector, including the business's ({sector}); not specialised for it.",
        ), lang, sector=sector)
    built_for = ", ".join(label(SECTORS, s, lang) for s in facts.offer_sectors if s != ANY)
    return say((
        "Không dành riêng cho ngành {sector} (sản phẩm hướng tới: {built_for}).",
        "Not built for the business's sector ({sector}); the product targets: {built_for}.",
    ), lang, sector=sector, built_for=built_for)


def readiness_reason(facts: MatchFacts, lang: str = "vi") -> str:
    span = f"{facts.readiness_min}–{facts.readiness_max}"
    level = facts.readiness_level
    if level is None:
        return say((
            "Doanh nghiệp chưa có mức sẵn sàng số; sản phẩm phù hợp mức {span}.",
            "The business has no digital readiness level yet; the product suits levels {span}.",
        ), lang, span=span)
    if level < facts.readiness_min:
        return say((
            "Sản phẩm cần mức sẵn sàng số từ {needed}, cao hơn mức {level} hiện tại của doanh nghiệp {gap}.",
            "The product needs digital readiness level {needed} or above, {gap} above the business's "
            "current level {level}.",
        ), lang, needed=_level(facts.readiness_min, lang), level=_level(level, lang),
            gap=_count(facts.readiness_min - level, lang, "bậc", "level"))
    if level > facts.readiness_max:
        return say((
            "Doanh nghiệp đã ở mức sẵn sàng số {level}, cao hơn mức sản phẩm hướng tới ({span}).",
            "The business is already at digital readiness level {level}, above the levels the product "
            "targets ({span}).",
        ), lang, level=_level(level, lang), span=span)
    return say((
        "Phù hợp mức sẵn sàng số {level} của doanh nghiệp (sản phẩm dành cho mức {span}).",
        "Suits the business's digital readiness level {level} (the product is for levels {span}).",
    ), lang, level=_level(level, lang), span=span)


@lru_cache(maxsize=65536)
def _option_text(option: PaymentOption, lang: str) -> str:
    """The terms of one payment option in words (the same for every SME; cached per language)."""
    terms = option.terms
    setup = say((", phí khởi tạo {fee}", ", setup fee {fee}"), lang, fee=vnd(option.setup_vnd))
    horizon = _count(option.horizon_months, lang, "tháng", "month")
    average = say(("bình quân {m}/tháng trong {months}", "on average {m}/month over {months}"),
                  lang, m=vnd(option.monthly_vnd), months=horizon)
    values = {"setup": setup if option.setup_vnd else "", "average": average,
              "listed": vnd(option.list_monthly_vnd)}
    if option.type == "revenue_sharing":
        text = say((
            "Không phí cố định: chia sẻ {share} doanh thu do giải pháp mang lại",
            "No fixed fee: {share} of the revenue the solution brings in",
        ), lang, share=_percent(terms.revenue_share_pct or 0, lang))
        if terms.monthly_cap_vnd:
            cap = vnd(terms.monthly_cap_vnd)
            text += say((", tối đa {cap}/tháng", ", at most {cap}/month"), lang, cap=cap)
        return text
    if option.type == "use_first_pay_later":
        return say((
            "Dùng miễn phí {free} đầu, sau đó {listed}/tháng{setup} ({average})",
            "Free for the first {free}, then {listed}/month{setup} ({average})",
        ), lang, free=_count(terms.free_months or 0, lang, "tháng", "month"), **values)
    if option.type == "co_investment":
        return say((
            "Nhà cung cấp đồng đầu tư {share} chi phí{setup}: doanh nghiệp trả {average}",
            "The vendor co-invests {share} of the cost{setup}: the business pays {average}",
        ), lang, share=_percent(terms.vendor_share_pct or 0, lang), **values)
    if option.type == "one_time":
        return say(("Mua đứt {price}{setup} ({average})", "One-time purchase {price}{setup} ({average})"),
                    lang, price=vnd(terms.price_vnd), **values)
    if not option.monthly_vnd:
        return pick(("Miễn phí", "Free"), lang)
    if option.setup_vnd:
        return say((
            "Thuê bao {listed}/tháng{setup} ({average})", "Subscription {listed}/month{setup} ({average})"
        ), lang, **values)
    return say(("Thuê bao {listed}/tháng", "Subscription {listed}/month"), lang, **values)


def price_reason(facts: MatchFacts, lang: str = "vi") -> str:
    a = facts.affordability
    if a is None:
        return pick(("Chưa có thông tin giá.", "No price information yet."), lang)
    text = _option_text(a.option, lang)
    budget = facts.budget_vnd
    if not budget:
        return text + pick(
            ("; doanh nghiệp chưa nêu ngân sách.", "; the business has not stated a budget."), lang
        )
    if a.ratio is None:
        return text + say((
            ", không đè lên ngân sách {budget}/tháng.", ", no fixed charge on the budget of {budget}/month."
        ), lang, budget=vnd(budget))
    if a.ratio <= 1:
        return text + say((
            ", trong ngân sách {budget}/tháng.", ", within the budget of {budget}/month."
        ), lang, budget=vnd(budget))
    return text + say((
        ", vượt ngân sách {budget}/tháng khoảng {over}.", ", about {over} over the budget of {budget}/month."
    ), lang, budget=vnd(budget), over=_percent(round((a.ratio - 1) * 100), lang))


def pricing_model_reason(facts: MatchFacts, lang: str = "vi") -> str:
    offered = _models(facts.offered_models, lang)
    if facts.preferred_models:
        liked = [m for m in facts.offered_models if m in facts.preferred_models]
        if liked:
            return say((
                "Có hình thức thanh toán doanh nghiệp ưu tiên: {liked}.",
                "Offers a payment model the business prefers: {liked}.",
            ), lang, liked=_models(liked, lang))
        return say((
            "Không có hình thức thanh toán doanh nghiệp ưu tiên ({preferred}); sản phẩm có: {offered}.",
            "None of the payment models the business prefers ({preferred}); the product offers: {offered}.",
        ), lang, preferred=_models(facts.preferred_models, lang), offered=offered)
    return say(("Hình thức thanh toán: {offered}.", "Payment models: {offered}."), lang, offered=offered)


def region_reason(facts: MatchFacts, lang: str = "vi") -> str:
    if facts.region == "any":
        return pick(("Phục vụ toàn quốc.", "Serves the whole country."), lang)
    if facts.region == "served":
        return say((
            "Phục vụ tại {province}, nơi doanh nghiệp hoạt động.",
            "Serves {province}, where the business operates.",
        ), lang, province=facts.province)
    return say((
        "Chỉ phục vụ một số tỉnh ({regions}); doanh nghiệp chưa nêu địa bàn.",
        "Serves only some provinces ({regions}); the business has not stated its location.",
    ), lang, regions=", ".join(facts.regions))


def official_reason(facts: MatchFacts, lang: str = "vi") -> str | None:
    if not facts.official:
        return None
    return pick(("Có trong danh mục giải pháp chính thức.", "In the official solution catalog."), lang)


REASONS = (need_reason, sector_reason, readiness_reason, price_reason, pricing_model_reason, region_reason,
           official_reason)


def reasons_for(facts: MatchFacts, lang: str = "vi") -> tuple[str, ...]:
    """Need covered, sector, readiness, price against the budget, pricing model, region (official catalog),
    in `lang`: "vi" (default, the interchange spec's language) or "en"."""
    return tuple(text for reason in REASONS if (text := reason(facts, lang)) is not None)
