"""Why an offer fits an SME, in short Vietnamese sentences a person can check against the two profiles."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from catalog.vocab import ANY, CATEGORIES, PRICING_TYPES, READINESS_LEVELS, SECTORS, label
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


def _level(level: int) -> str:
    return f"{level} ({label(READINESS_LEVELS, level)})"


def _models(codes) -> str:
    return ", ".join(label(PRICING_TYPES, c) for c in codes)


def need_reason(facts: MatchFacts) -> str:
    if not facts.needs:
        return "Chưa thấy nhu cầu cụ thể nào trùng khớp; gợi ý dựa trên ngành, mức sẵn sàng số và ngân sách."
    parts = []
    for need in facts.needs[:3]:
        name = label(CATEGORIES, need.category)
        if need.source == "stated":
            parts.append(f"{name} (nhu cầu doanh nghiệp đã nêu)")
        elif need.evidence:
            parts.append(f"{name} (từ mô tả vấn đề: “{need.evidence}”)")
        else:
            parts.append(f"{name} (từ mô tả vấn đề)")
    return "Đáp ứng nhu cầu: " + "; ".join(parts) + "."


def sector_reason(facts: MatchFacts) -> str:
    sector = label(SECTORS, facts.sme_sector)
    if facts.sector == "specific":
        return f"Được xây dựng cho ngành {sector}."
    if facts.sector == "any":
        return f"Dùng được cho mọi ngành, trong đó có {sector}; không chuyên riêng cho ngành này."
    built_for = ", ".join(label(SECTORS, s) for s in facts.offer_sectors if s != ANY)
    return f"Không dành riêng cho ngành {sector} (sản phẩm hướng tới: {built_for})."


def readiness_reason(facts: MatchFacts) -> str:
    span = f"{facts.readiness_min}–{facts.readiness_max}"
    level = facts.readiness_level
    if level is None:
        return f"Doanh nghiệp chưa có mức sẵn sàng số; sản phẩm phù hợp mức {span}."
    if level < facts.readiness_min:
        return (
            f"Sản phẩm cần mức sẵn sàng số từ {_level(facts.readiness_min)}, cao hơn mức "
            f"{_level(level)} hiện tại của doanh nghiệp {facts.readiness_min - level} bậc."
        )
    if level > facts.readiness_max:
        return f"Doanh nghiệp đã ở mức sẵn sàng số {_level(level)}, cao hơn mức sản phẩm hướng tới ({span})."
    return f"Phù hợp mức sẵn sàng số {_level(level)} của doanh nghiệp (sản phẩm dành cho mức {span})."


@lru_cache(maxsize=65536)
def _option_text(option: PaymentOption) -> str:
    """The terms of one payment option in words (the same for every SME)."""
    terms = option.terms
    average = f"bình quân {vnd(option.monthly_vnd)}/tháng trong {option.horizon_months} tháng"
    setup = f", phí khởi tạo {vnd(option.setup_vnd)}" if option.setup_vnd else ""
    listed = vnd(option.list_monthly_vnd)
    if option.type == "revenue_sharing":
        share = percent(terms.revenue_share_pct or 0)
        text = f"Không phí cố định: chia sẻ {share} doanh thu do giải pháp mang lại"
        if terms.monthly_cap_vnd:
            text += f", tối đa {vnd(terms.monthly_cap_vnd)}/tháng"
        return text
    if option.type == "use_first_pay_later":
        return f"Dùng miễn phí {terms.free_months or 0} tháng đầu, sau đó {listed}/tháng{setup} ({average})"
    if option.type == "co_investment":
        share = percent(terms.vendor_share_pct or 0)
        return f"Nhà cung cấp đồng đầu tư {share} chi phí{setup}: doanh nghiệp trả {average}"
    if option.type == "one_time":
        return f"Mua đứt {vnd(terms.price_vnd)}{setup} ({average})"
    if not option.monthly_vnd:
        return "Miễn phí"
    if option.setup_vnd:
        return f"Thuê bao {listed}/tháng{setup} ({average})"
    return f"Thuê bao {listed}/tháng"


def price_reason(facts: MatchFacts) -> str:
    a = facts.affordability
    if a is None:
        return "Chưa có thông tin giá."
    text = _option_text(a.option)
    budget = facts.budget_vnd
    if not budget:
        return text + "; doanh nghiệp chưa nêu ngân sách."
    if a.ratio is None:
        return text + f", không đè lên ngân sách {vnd(budget)}/tháng."
    if a.ratio <= 1:
        return text + f", trong ngân sách {vnd(budget)}/tháng."
    return text + f", vượt ngân sách {vnd(budget)}/tháng khoảng {percent(round((a.ratio - 1) * 100))}."


def pricing_model_reason(facts: MatchFacts) -> str:
    offered = facts.offered_models
    if facts.preferred_models:
        liked = [m for m in offered if m in facts.preferred_models]
        if liked:
            return f"Có hình thức thanh toán doanh nghiệp ưu tiên: {_models(liked)}."
        return (
            f"Không có hình thức thanh toán doanh nghiệp ưu tiên ({_models(facts.preferred_models)}); "
            f"sản phẩm có: {_models(offered)}."
        )
    return f"Hình thức thanh toán: {_models(offered)}."


def region_reason(facts: MatchFacts) -> str:
    if facts.region == "any":
        return "Phục vụ toàn quốc."
    if facts.region == "served":
        return f"Phục vụ tại {facts.province}, nơi doanh nghiệp hoạt động."
    return f"Chỉ phục vụ một số tỉnh ({', '.join(facts.regions)}); doanh nghiệp chưa nêu địa bàn."


def reasons_for(facts: MatchFacts) -> tuple[str, ...]:
    """Need covered, sector, readiness, price against the budget, pricing model, region (official catalog)."""
    reasons = [
        need_reason(facts),
        sector_reason(facts),
        readiness_reason(facts),
        price_reason(facts),
        pricing_model_reason(facts),
        region_reason(facts),
    ]
    if facts.official:
        reasons.append("Có trong danh mục giải pháp chính thức.")
    return tuple(reasons)
