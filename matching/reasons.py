"""Why an offer fits an SME, in short sentences a person can check against the two profiles.

Vietnamese is the canonical language (the engine, the CLI and the JSON of the interchange spec use it);
every sentence is a Vietnamese template translated through the project's catalog (core.translation),
so that the web pages render the same facts in the visitor's language with the same logic. Money is
written as VND in both.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from catalog.product import Pricing
from core.domain import N_
from core.formatting import percent, vnd
from core.translation import translate, translate_plural
from core.vocab import ANY, CATEGORIES, PRICING_TYPES, READINESS_LEVELS, SECTORS, label

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


def _months(n: int, lang: str) -> str:
    return translate_plural("%(n)s tháng", "%(n)s tháng", n, lang)


def _levels(n: int, lang: str) -> str:
    return translate_plural("%(n)s bậc", "%(n)s bậc", n, lang)


def _percent(value: float, lang: str) -> str:
    """Vietnamese decimal comma, English decimal point (number formatting, not a text)."""
    text = percent(value)
    return text if lang == "vi" else text.replace(",", ".")


def _models(codes, lang: str) -> str:
    return ", ".join(label(PRICING_TYPES, c, lang) for c in codes)


def need_reason(facts: MatchFacts, lang: str = "vi") -> str:
    if not facts.needs:
        return translate(
            N_("Chưa thấy nhu cầu cụ thể nào trùng khớp; gợi ý dựa trên ngành, mức sẵn sàng số và ngân "
               "sách."),
            lang
        )
    parts = []
    for need in facts.needs[:3]:
        name = label(CATEGORIES, need.category, lang)
        if need.source == "stated":
            parts.append(translate(N_("%(name)s (nhu cầu doanh nghiệp đã nêu)"), lang, name=name))
        elif need.evidence:
            parts.append(translate(N_("%(name)s (từ mô tả vấn đề: “%(words)s”)"), lang, name=name,
                                   words=need.evidence))
        else:
            parts.append(translate(N_("%(name)s (từ mô tả vấn đề)"), lang, name=name))
    return translate(N_("Đáp ứng nhu cầu: %(parts)s."), lang, parts="; ".join(parts))


def sector_reason(facts: MatchFacts, lang: str = "vi") -> str:
    sector = label(SECTORS, facts.sme_sector, lang)
    if facts.sector == "specific":
        return translate(N_("Được xây dựng cho ngành %(sector)s."), lang, sector=sector)
    if facts.sector == "any":
        return translate(
            N_("Dùng được cho mọi ngành, trong đó có %(sector)s; không chuyên riêng cho ngành này."),
            lang, sector=sector
        )
    built_for = ", ".join(label(SECTORS, s, lang) for s in facts.offer_sectors if s != ANY)
    return translate(
        N_("Không dành riêng cho ngành %(sector)s (sản phẩm hướng tới: %(built_for)s)."),
        lang, sector=sector, built_for=built_for
    )


def readiness_reason(facts: MatchFacts, lang: str = "vi") -> str:
    span = f"{facts.readiness_min}–{facts.readiness_max}"
    level = facts.readiness_level
    if level is None:
        return translate(
            N_("Doanh nghiệp chưa có mức sẵn sàng số; sản phẩm phù hợp mức %(span)s."),
            lang, span=span
        )
    if level < facts.readiness_min:
        return translate(
            N_("Sản phẩm cần mức sẵn sàng số từ %(needed)s, cao hơn mức %(level)s hiện tại của doanh "
               "nghiệp %(gap)s."),
            lang, needed=_level(facts.readiness_min, lang), level=_level(level, lang),
            gap=_levels(facts.readiness_min - level, lang)
        )
    if level > facts.readiness_max:
        return translate(
            N_("Doanh nghiệp đã ở mức sẵn sàng số %(level)s, cao hơn mức sản phẩm hướng tới (%(span)s)."),
            lang, level=_level(level, lang), span=span
        )
    return translate(
        N_("Phù hợp mức sẵn sàng số %(level)s của doanh nghiệp (sản phẩm dành cho mức %(span)s)."),
        lang, level=_level(level, lang), span=span
    )


@lru_cache(maxsize=65536)
def _option_text(option: PaymentOption, lang: str) -> str:
    """The terms of one payment option in words (the same for every SME; cached per language)."""
    terms = option.terms
    setup = translate(N_(", phí khởi tạo %(fee)s"), lang, fee=vnd(option.setup_vnd))
    horizon = _months(option.horizon_months, lang)
    average = translate(
        N_("bình quân %(m)s/tháng trong %(months)s"),
        lang, m=vnd(option.monthly_vnd), months=horizon
    )
    values = {"setup": setup if option.setup_vnd else "", "average": average,
              "listed": vnd(option.list_monthly_vnd)}
    if option.type == "revenue_sharing":
        text = translate(
            N_("Không phí cố định: chia sẻ %(share)s doanh thu do giải pháp mang lại"),
            lang, share=_percent(terms.revenue_share_pct or 0, lang)
        )
        if terms.monthly_cap_vnd:
            cap = vnd(terms.monthly_cap_vnd)
            text += translate(N_(", tối đa %(cap)s/tháng"), lang, cap=cap)
        return text
    if option.type == "use_first_pay_later":
        return translate(
            N_("Dùng miễn phí %(free)s đầu, sau đó %(listed)s/tháng%(setup)s (%(average)s)"),
            lang, free=_months(terms.free_months or 0, lang), **values
        )
    if option.type == "co_investment":
        return translate(
            N_("Nhà cung cấp đồng đầu tư %(share)s chi phí%(setup)s: doanh nghiệp trả %(average)s"),
            lang, share=_percent(terms.vendor_share_pct or 0, lang), **values
        )
    if option.type == "one_time":
        return translate(
            N_("Mua đứt %(price)s%(setup)s (%(average)s)"),
            lang, price=vnd(terms.price_vnd), **values
        )
    if not option.monthly_vnd:
        return translate(N_("Miễn phí"), lang)
    if option.setup_vnd:
        return translate(N_("Thuê bao %(listed)s/tháng%(setup)s (%(average)s)"), lang, **values)
    return translate(N_("Thuê bao %(listed)s/tháng"), lang, **values)


def price_reason(facts: MatchFacts, lang: str = "vi") -> str:
    a = facts.affordability
    if a is None:
        return translate(N_("Chưa có thông tin giá."), lang)
    text = _option_text(a.option, lang)
    budget = facts.budget_vnd
    if not budget:
        return text + translate(N_("; doanh nghiệp chưa nêu ngân sách."), lang)
    if a.ratio is None:
        return text + translate(N_(", không đè lên ngân sách %(budget)s/tháng."), lang, budget=vnd(budget))
    if a.ratio <= 1:
        return text + translate(N_(", trong ngân sách %(budget)s/tháng."), lang, budget=vnd(budget))
    return text + translate(
        N_(", vượt ngân sách %(budget)s/tháng khoảng %(over)s."),
        lang, budget=vnd(budget), over=_percent(round((a.ratio - 1) * 100), lang)
    )


def pricing_model_reason(facts: MatchFacts, lang: str = "vi") -> str:
    offered = _models(facts.offered_models, lang)
    if facts.preferred_models:
        liked = [m for m in facts.offered_models if m in facts.preferred_models]
        if liked:
            return translate(
                N_("Có hình thức thanh toán doanh nghiệp ưu tiên: %(liked)s."),
                lang, liked=_models(liked, lang)
            )
        return translate(
            N_("Không có hình thức thanh toán doanh nghiệp ưu tiên (%(preferred)s); sản phẩm có: "
               "%(offered)s."),
            lang, preferred=_models(facts.preferred_models, lang), offered=offered
        )
    return translate(N_("Hình thức thanh toán: %(offered)s."), lang, offered=offered)


def region_reason(facts: MatchFacts, lang: str = "vi") -> str:
    if facts.region == "any":
        return translate(N_("Phục vụ toàn quốc."), lang)
    if facts.region == "served":
        return translate(
            N_("Phục vụ tại %(province)s, nơi doanh nghiệp hoạt động."),
            lang, province=facts.province
        )
    return translate(
        N_("Chỉ phục vụ một số tỉnh (%(regions)s); doanh nghiệp chưa nêu địa bàn."),
        lang, regions=", ".join(facts.regions)
    )


def official_reason(facts: MatchFacts, lang: str = "vi") -> str | None:
    if not facts.official:
        return None
    return translate(N_("Có trong danh mục giải pháp chính thức."), lang)


REASONS = (need_reason, sector_reason, readiness_reason, price_reason, pricing_model_reason, region_reason,
           official_reason)


def reasons_for(facts: MatchFacts, lang: str = "vi") -> tuple[str, ...]:
    """Need covered, sector, readiness, price against the budget, pricing model, region (official catalog),
    in `lang`: "vi" (default, the interchange spec's language) or "en"."""
    return tuple(text for reason in REASONS if (text := reason(facts, lang)) is not None)


# -- facts kept in the database (matching.suggestions saves each SME's suggestions with their facts) -------
_PRICING_TERMS = ("price_vnd", "free_months", "vendor_share_pct", "revenue_share_pct", "monthly_cap_vnd")


def facts_json(facts: MatchFacts) -> dict:
    """The facts as compact JSON values (what unset leaves out), from which `facts_from_json` gives back
    equal facts, hence the same reasons in every language."""
    out: dict = {
        "needs": [[n.category, n.source, *([n.evidence] if n.evidence is not None else [])]
                  for n in facts.needs],
        "sector": facts.sector,
        "sme_sector": facts.sme_sector,
        "offer_sectors": list(facts.offer_sectors),
        "readiness": [facts.readiness_level, facts.readiness_min, facts.readiness_max],
        "budget_vnd": facts.budget_vnd,
        "preferred_models": list(facts.preferred_models),
        "offered_models": list(facts.offered_models),
        "region": facts.region,
        "province": facts.province,
        "official": facts.official,
        "regions": list(facts.regions),
    }
    a = facts.affordability
    if a is not None:
        option = a.option
        out["affordability"] = {
            "type": option.type,
            "monthly_vnd": option.monthly_vnd,
            "terms": {k: v for k in _PRICING_TERMS if (v := getattr(option.terms, k)) is not None},
            "list_monthly_vnd": option.list_monthly_vnd,
            "setup_vnd": option.setup_vnd,
            "horizon_months": option.horizon_months,
            "fit": a.fit,
            "ratio": a.ratio,
            "preferred": a.preferred,
        }
    return {k: v for k, v in out.items() if v is not None and v != []}


def facts_from_json(data: dict) -> MatchFacts:
    """The facts `facts_json` wrote (KeyError, TypeError or ValueError when `data` is not such JSON)."""
    level, low, high = data["readiness"]
    a = data.get("affordability")
    affordability = None
    if a is not None:
        terms = a.get("terms", {})
        unknown = set(terms) - set(_PRICING_TERMS)
        if unknown:
            raise ValueError(f"unknown pricing terms {sorted(unknown)}")
        option = PaymentOption(
            a["type"], a.get("monthly_vnd"), Pricing(a["type"], **terms), a.get("list_monthly_vnd"),
            a.get("setup_vnd"), a["horizon_months"],
        )
        affordability = Affordability(option, a["fit"], a.get("ratio"), a["preferred"])
    return MatchFacts(
        needs=tuple(NeedFact(*need) for need in data.get("needs", ())),
        sector=data["sector"],
        sme_sector=data["sme_sector"],
        offer_sectors=tuple(data.get("offer_sectors", ())),
        readiness_level=level,
        readiness_min=low,
        readiness_max=high,
        budget_vnd=data.get("budget_vnd"),
        affordability=affordability,
        preferred_models=tuple(data.get("preferred_models", ())),
        offered_models=tuple(data.get("offered_models", ())),
        region=data["region"],
        province=data.get("province"),
        official=data["official"],
        regions=tuple(data.get("regions", ())),
    )
