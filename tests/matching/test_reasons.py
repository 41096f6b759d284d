"""Reasons in Vietnamese (the default, the interchange spec's language) and in English, from the same facts:
one case per branch of every reason function."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest

from catalog.product import Pricing
from matching.affordability import Affordability, PaymentOption
from matching.benchmark import synthetic_offers, synthetic_profiles
from matching.engine import OfferIndex
from matching.reasons import (
    REASONS,
    MatchFacts,
    NeedFact,
    facts_from_json,
    facts_json,
    need_reason,
    official_reason,
    price_reason,
    pricing_model_reason,
    readiness_reason,
    reasons_for,
    region_reason,
    sector_reason,
)
from tests.matching.builders import offer, profile, rank_offers

VIETNAMESE = re.compile(r"[À-ỹĐđ]")
# Words the SME or the catalog wrote (quoted problem text, province names) are kept as written.
AS_WRITTEN = ("phần mềm bán hàng", "Huế", "Đồng Nai", "Hải Phòng")


def option(type: str, monthly, listed=None, setup=None, **terms) -> PaymentOption:
    return PaymentOption(type, monthly, Pricing(type, **terms), listed, setup, 24)


def paying(opt: PaymentOption, ratio: float | None) -> Affordability:
    return Affordability(opt, 1.0, ratio, True)


BASE = MatchFacts(
    needs=(NeedFact("e_invoice", "stated"),),
    sector="specific",
    sme_sector="trade",
    offer_sectors=("trade",),
    readiness_level=2,
    readiness_min=1,
    readiness_max=3,
    budget_vnd=1_000_000,
    affordability=paying(option("subscription", 200_000, 200_000), 0.2),
    preferred_models=(),
    offered_models=("subscription",),
    region="any",
    province="Huế",
    official=False,
)

CASES = [
    (need_reason, {"needs": ()},
     "Chưa thấy nhu cầu cụ thể nào trùng khớp; gợi ý dựa trên ngành, mức sẵn sàng số và ngân sách.",
     "No specific need matched yet; suggested from the sector, digital readiness level and budget."),
    (need_reason,
     {"needs": (NeedFact("e_invoice", "stated"), NeedFact("sales_pos", "text", "phần mềm bán hàng"),
                NeedFact("crm", "text"))},
     "Đáp ứng nhu cầu: Hóa đơn điện tử (nhu cầu doanh nghiệp đã nêu); Quản lý bán hàng (POS) (từ mô tả "
     "vấn đề: “phần mềm bán hàng”); Quản lý khách hàng (CRM) (từ mô tả vấn đề).",
     "Meets the needs: E-invoices (a need the business stated); Sales management (POS) (from the problem "
     "description: “phần mềm bán hàng”); Customer management (CRM) (from the problem description)."),
    (sector_reason, {},
     "Được xây dựng cho ngành Thương mại, bán lẻ.", "Built for the business's sector (Trade, retail)."),
    (sector_reason, {"sector": "any", "offer_sectors": ("*",)},
     "Dùng được cho mọi ngành, trong đó có Thương mại, bán lẻ; không chuyên riêng cho ngành này.",
     "Usable in every sector, including the business's (Trade, retail); not specialised for it."),
    (sector_reason, {"sector": "other", "offer_sectors": ("healthcare", "education")},
     "Không dành riêng cho ngành Thương mại, bán lẻ (sản phẩm hướng tới: Y tế, Giáo dục).",
     "Not built for the business's sector (Trade, retail); the product targets: Healthcare, Education."),
    (readiness_reason, {"readiness_level": None},
     "Doanh nghiệp chưa có mức sẵn sàng số; sản phẩm phù hợp mức 1–3.",
     "The business has no digital readiness level yet; the product suits levels 1–3."),
    (readiness_reason, {"readiness_level": 0},
     "Sản phẩm cần mức sẵn sàng số từ 1 (Khởi động), cao hơn mức 0 (Chưa khởi động) hiện tại của doanh "
     "nghiệp 1 bậc.",
     "The product needs digital readiness level 1 (Starting) or above, 1 level above the business's "
     "current level 0 (Not started)."),
    (readiness_reason, {"readiness_level": 5},
     "Doanh nghiệp đã ở mức sẵn sàng số 5 (Dẫn dắt), cao hơn mức sản phẩm hướng tới (1–3).",
     "The business is already at digital readiness level 5 (Leading), above the levels the product "
     "targets (1–3)."),
    (readiness_reason, {},
     "Phù hợp mức sẵn sàng số 2 (Bắt đầu) của doanh nghiệp (sản phẩm dành cho mức 1–3).",
     "Suits the business's digital readiness level 2 (Beginning) (the product is for levels 1–3)."),
    (price_reason, {"affordability": None}, "Chưa có thông tin giá.", "No price information yet."),
    (price_reason, {"budget_vnd": None},
     "Thuê bao 200.000 ₫/tháng; doanh nghiệp chưa nêu ngân sách.",
     "Subscription 200.000 ₫/month; the business has not stated a budget."),
    (price_reason,
     {"affordability": paying(option("revenue_sharing", None, revenue_share_pct=2.5,
                                     monthly_cap_vnd=3_000_000), None)},
     "Không phí cố định: chia sẻ 2,5% doanh thu do giải pháp mang lại, tối đa 3.000.000 ₫/tháng, "
     "không đè lên ngân sách 1.000.000 ₫/tháng.",
     "No fixed fee: 2.5% of the revenue the solution brings in, at most 3.000.000 ₫/month, "
     "no fixed charge on the budget of 1.000.000 ₫/month."),
    (price_reason, {"affordability": paying(option("revenue_sharing", None, revenue_share_pct=8), None)},
     "Không phí cố định: chia sẻ 8% doanh thu do giải pháp mang lại, không đè lên ngân sách "
     "1.000.000 ₫/tháng.",
     "No fixed fee: 8% of the revenue the solution brings in, no fixed charge on the budget of "
     "1.000.000 ₫/month."),
    (price_reason,
     {"affordability": paying(option("use_first_pay_later", 105_000, 120_000, free_months=3), 0.105)},
     "Dùng miễn phí 3 tháng đầu, sau đó 120.000 ₫/tháng (bình quân 105.000 ₫/tháng trong 24 tháng), "
     "trong ngân sách 1.000.000 ₫/tháng.",
     "Free for the first 3 months, then 120.000 ₫/month (on average 105.000 ₫/month over 24 months), "
     "within the budget of 1.000.000 ₫/month."),
    (price_reason,
     {"affordability": paying(option("co_investment", 300_000, 500_000, 2_400_000, vendor_share_pct=50),
                              0.3)},
     "Nhà cung cấp đồng đầu tư 50% chi phí, phí khởi tạo 2.400.000 ₫: doanh nghiệp trả bình quân "
     "300.000 ₫/tháng trong 24 tháng, trong ngân sách 1.000.000 ₫/tháng.",
     "The vendor co-invests 50% of the cost, setup fee 2.400.000 ₫: the business pays on average "
     "300.000 ₫/month over 24 months, within the budget of 1.000.000 ₫/month."),
    (price_reason, {"affordability": paying(option("one_time", 1_000_000, price_vnd=24_000_000), 1.0)},
     "Mua đứt 24.000.000 ₫ (bình quân 1.000.000 ₫/tháng trong 24 tháng), trong ngân sách 1.000.000 ₫/tháng.",
     "One-time purchase 24.000.000 ₫ (on average 1.000.000 ₫/month over 24 months), within the budget of "
     "1.000.000 ₫/month."),
    (price_reason, {"affordability": paying(option("subscription", 0, 0), 0.0)},
     "Miễn phí, trong ngân sách 1.000.000 ₫/tháng.", "Free, within the budget of 1.000.000 ₫/month."),
    (price_reason, {"affordability": paying(option("subscription", 1_600_000, 1_500_000, 2_400_000), 1.6)},
     "Thuê bao 1.500.000 ₫/tháng, phí khởi tạo 2.400.000 ₫ (bình quân 1.600.000 ₫/tháng trong 24 tháng), "
     "vượt ngân sách 1.000.000 ₫/tháng khoảng 60%.",
     "Subscription 1.500.000 ₫/month, setup fee 2.400.000 ₫ (on average 1.600.000 ₫/month over 24 months), "
     "about 60% over the budget of 1.000.000 ₫/month."),
    (price_reason, {"affordability": paying(option("subscription", 1_500_000, 1_500_000), 1.5)},
     "Thuê bao 1.500.000 ₫/tháng, vượt ngân sách 1.000.000 ₫/tháng khoảng 50%.",
     "Subscription 1.500.000 ₫/month, about 50% over the budget of 1.000.000 ₫/month."),
    (pricing_model_reason,
     {"preferred_models": ("use_first_pay_later",),
      "offered_models": ("subscription", "use_first_pay_later")},
     "Có hình thức thanh toán doanh nghiệp ưu tiên: Dùng trước - trả sau.",
     "Offers a payment model the business prefers: Use first, pay later."),
    (pricing_model_reason,
     {"preferred_models": ("co_investment", "revenue_sharing"),
      "offered_models": ("subscription", "one_time")},
     "Không có hình thức thanh toán doanh nghiệp ưu tiên (Đồng đầu tư, Chia sẻ doanh thu); sản phẩm có: "
     "Thuê bao, Mua đứt.",
     "None of the payment models the business prefers (Co-investment, Revenue sharing); the product "
     "offers: Subscription, One-time purchase."),
    (pricing_model_reason, {}, "Hình thức thanh toán: Thuê bao.", "Payment models: Subscription."),
    (region_reason, {}, "Phục vụ toàn quốc.", "Serves the whole country."),
    (region_reason, {"region": "served"},
     "Phục vụ tại Huế, nơi doanh nghiệp hoạt động.", "Serves Huế, where the business operates."),
    (region_reason, {"region": "unknown", "regions": ("Đồng Nai", "Hải Phòng")},
     "Chỉ phục vụ một số tỉnh (Đồng Nai, Hải Phòng); doanh nghiệp chưa nêu địa bàn.",
     "Serves only some provinces (Đồng Nai, Hải Phòng); the business has not stated its location."),
    (official_reason, {"official": True},
     "Có trong danh mục giải pháp chính thức.", "In the official solution catalog."),
]


@pytest.mark.parametrize("reason, changes, vietnamese, english", CASES)
def test_each_branch_reads_in_vietnamese_by_default_and_in_english_on_request(reason, changes, vietnamese,
                                                                               english):
    facts = replace(BASE, **changes)
    assert reason(facts) == vietnamese
    assert reason(facts, "en") == english
    assert reason(facts, "vi") == vietnamese  # the payment terms are cached per language
    written = english
    for words in AS_WRITTEN:
        written = written.replace(words, "")
    assert not VIETNAMESE.search(written), english


def test_every_reason_function_and_branch_has_a_case():
    assert {reason for reason, *_ in CASES} == set(REASONS)
    assert len({english for *_, english in CASES}) == len(CASES)


def test_the_engine_keeps_vietnamese_and_the_same_facts_read_in_english():
    sme = profile(needs=["e_invoice"], province="Huế", preferred_pricing_models=["use_first_pay_later"])
    item = offer("p-1", official=True, regions=["Huế"], sectors=["trade"],
                 pricing_models=[{"type": "use_first_pay_later", "free_months": 2}])
    (match,) = rank_offers(sme, [item])
    assert match.reasons == reasons_for(match.facts) == reasons_for(match.facts, "vi")
    assert match.reasons[0] == "Đáp ứng nhu cầu: Hóa đơn điện tử (nhu cầu doanh nghiệp đã nêu)."
    english = reasons_for(match.facts, "en")
    assert len(english) == len(match.reasons) == 7
    assert english[0] == "Meets the needs: E-invoices (a need the business stated)."
    assert english[-1] == "In the official solution catalog."
    assert not any(VIETNAMESE.search(text.replace("Huế", "")) for text in english)


def test_facts_kept_as_json_give_back_the_same_facts_and_reasons():
    """The saved suggestions keep each match's facts as JSON (facts_json): read back, they are equal, so
    the dashboard writes the same reasons in every language as when it ranks live."""
    offers = synthetic_offers(300, seed=7)
    offers += [offer("p-free", official=True, regions=["Huế", "Đồng Nai"], pricing_models=[]),
               offer("p-share", pricing_models=[{"type": "revenue_sharing", "revenue_share_pct": 5,
                                                 "monthly_cap_vnd": 2_000_000}])]
    profiles = synthetic_profiles(40, seed=8) + [profile(province=None, monthly_budget_vnd=None,
                                                         readiness_level=None, problem="“trích dẫn” \\ \t")]
    index = OfferIndex(offers)
    seen = 0
    for sme in profiles:
        for match in index.rank(sme, 20):
            kept = json.loads(json.dumps(facts_json(match.facts), ensure_ascii=False))
            assert facts_from_json(kept) == match.facts
            assert all(reasons_for(facts_from_json(kept), lang) == reasons_for(match.facts, lang)
                       for lang in ("vi", "en"))
            seen += 1
    assert seen > 500
    for _, overrides, *_ in CASES:  # every branch's facts too
        facts = replace(BASE, **overrides)
        assert facts_from_json(json.loads(json.dumps(facts_json(facts)))) == facts
    unknown_terms = {"type": "subscription", "terms": {"unknown": 1}, "horizon_months": 24, "fit": 1.0,
                     "preferred": True}
    kept = facts_json(BASE)
    for broken in ({}, {**kept, "readiness": [1]}, {**kept, "affordability": unknown_terms}):
        with pytest.raises((KeyError, TypeError, ValueError)):
            facts_from_json(broken)
