"""The engine's hard constraints, soft preferences, reasons and determinism."""

import random

from matching.engine import OfferIndex, Weights
from tests.matching.builders import offer, profile, rank_offers


def ids(matches):
    return [m.offer.id for m in matches]


def test_only_published_offers():
    offers = [offer("p-1"), offer("p-2", published=False)]
    assert ids(rank_offers(profile(), offers)) == ["p-1"]


def test_region_must_be_served():
    offers = [
        offer("p-hue", regions=["Huế"]),
        offer("p-hcm", regions=["TP. Hồ Chí Minh", "Đồng Nai"]),
        offer("p-all", regions=["*"]),
    ]
    assert set(ids(rank_offers(profile(province="Hồ Chí Minh"), offers))) == {"p-hcm", "p-all"}
    assert set(ids(rank_offers(profile(province="Hà Nội"), offers))) == {"p-all"}


def test_company_size_must_be_allowed():
    offers = [offer("p-big", company_sizes=["small", "medium"]), offer("p-any")]
    assert ids(rank_offers(profile(size="micro"), offers)) == ["p-any"]
    assert set(ids(rank_offers(profile(size="medium"), offers))) == {"p-big", "p-any"}


def test_readiness_far_beyond_the_sme_is_ruled_out_one_level_is_not():
    offers = [offer("p-4", readiness_min=4), offer("p-3", readiness_min=3), offer("p-0", readiness_min=0)]
    ranked = ids(rank_offers(profile(readiness_level=2), offers))
    assert ranked == ["p-0", "p-3"]  # p-3 is one level short and ranks lower; p-4 is out
    assert set(ids(rank_offers(profile(readiness_level=None), offers))) == {"p-4", "p-3", "p-0"}


def test_needs_from_the_problem_text_count_like_stated_ones():
    offers = [offer("p-inv", categories=["e_invoice"]), offer("p-kho", categories=["inventory_logistics"])]
    sme = profile(needs=[], problem="ton kho hay lech, ko biet con bao nhieu hang")
    assert ids(rank_offers(sme, offers))[0] == "p-kho"


def test_sector_specific_beats_generic_and_other_sectors_rank_last():
    offers = [
        offer("p-gen", sectors=["*"]),
        offer("p-trade", sectors=["trade"]),
        offer("p-health", sectors=["healthcare"]),
    ]
    assert ids(rank_offers(profile(sector="trade"), offers)) == ["p-trade", "p-gen", "p-health"]


def test_affordable_and_preferred_pricing_rank_higher():
    cheap = offer("p-cheap", price_monthly_vnd=300_000)
    dear = offer("p-dear", price_monthly_vnd=3_000_000)
    assert ids(rank_offers(profile(), [dear, cheap])) == ["p-cheap", "p-dear"]
    later = offer("p-later", pricing_models=[{"type": "use_first_pay_later", "free_months": 2}])
    plain = offer("p-plain")
    sme = profile(preferred_pricing_models=["use_first_pay_later"])
    assert ids(rank_offers(sme, [plain, later])) == ["p-later", "p-plain"]


def test_official_catalog_gets_a_small_bonus():
    assert ids(rank_offers(profile(), [offer("p-a"), offer("p-b", official=True)])) == ["p-b", "p-a"]


def test_one_vendor_does_not_fill_the_list():
    offers = [offer(f"p-{i}", vendor_id="v-big") for i in range(5)] + [
        offer("p-x", vendor_id="v-small", price_monthly_vnd=150_000)
    ]
    ranked = ids(rank_offers(profile(), offers, top=3))
    assert "p-x" in ranked
    assert ids(rank_offers(profile(), offers, top=3, weights=Weights(vendor_repeat=1.0))) == [
        "p-0",
        "p-1",
        "p-2",
    ]


def test_reasons_in_vietnamese_name_need_sector_readiness_price_model_region():
    sme = profile(
        needs=[],
        problem="Cần xuất hóa đơn điện tử ngay khi bán",
        province="Huế",
        preferred_pricing_models=["use_first_pay_later"],
        monthly_budget_vnd=500_000,
    )
    item = offer(
        "p-1",
        regions=["Huế"],
        sectors=["trade"],
        readiness_min=1,
        readiness_max=3,
        price_monthly_vnd=120_000,
        official=True,
        pricing_models=[{"type": "subscription"}, {"type": "use_first_pay_later", "free_months": 3}],
    )
    (match,) = rank_offers(sme, [item])
    need, sector, readiness, price, model, region, official = match.reasons
    assert need == "Đáp ứng nhu cầu: Hóa đơn điện tử (từ mô tả vấn đề: “xuất hóa đơn điện tử”)."
    assert sector == "Được xây dựng cho ngành Thương mại, bán lẻ."
    assert readiness == "Phù hợp mức sẵn sàng số 2 (Bắt đầu) của doanh nghiệp (sản phẩm dành cho mức 1–3)."
    assert price == (
        "Dùng miễn phí 3 tháng đầu, sau đó 120.000 ₫/tháng (bình quân 105.000 ₫/tháng trong 24 tháng), "
        "trong ngân sách 500.000 ₫/tháng."
    )
    assert model == "Có hình thức thanh toán doanh nghiệp ưu tiên: Dùng trước - trả sau."
    assert region == "Phục vụ tại Huế, nơi doanh nghiệp hoạt động."
    assert official == "Có trong danh mục giải pháp chính thức."


def test_reasons_say_when_an_offer_is_over_budget_or_a_level_short():
    sme = profile(readiness_level=1, monthly_budget_vnd=1_000_000)
    (match,) = rank_offers(sme, [offer("p-1", readiness_min=2, price_monthly_vnd=1_500_000)])
    assert "vượt ngân sách 1.000.000 ₫/tháng khoảng 50%" in match.reasons[3]
    assert match.reasons[2].startswith("Sản phẩm cần mức sẵn sàng số từ 2 (Bắt đầu)")


def test_ranking_is_deterministic_whatever_the_input_order():
    offers = [
        offer(
            f"p-{i:02d}",
            categories=random.Random(i).sample(["crm", "e_invoice", "hrm", "booking"], 2),
            vendor_id=f"v-{i % 4}",
            price_monthly_vnd=100_000 * (i % 3 + 1),
        )
        for i in range(40)
    ]
    sme = profile(needs=["crm"], problem="nhắc lịch khách cũ, chấm công nhân viên")
    first = [(m.offer.id, m.score, m.reasons) for m in rank_offers(sme, offers, top=15)]
    shuffled = offers[:]
    random.Random(3).shuffle(shuffled)
    assert [(m.offer.id, m.score, m.reasons) for m in rank_offers(sme, shuffled, top=15)] == first
    index = OfferIndex(offers)
    assert [(m.offer.id, m.score) for m in index.rank(sme, 15)] == [(i, s) for i, s, _ in first]


def test_ties_are_broken_by_offer_id():
    offers = [offer("p-b", vendor_id="v-1"), offer("p-a", vendor_id="v-2"), offer("p-c", vendor_id="v-3")]
    assert ids(rank_offers(profile(), offers)) == ["p-a", "p-b", "p-c"]


def test_scores_descend_and_top_limits_the_list():
    offers = [offer(f"p-{i}", price_monthly_vnd=50_000 * i, vendor_id=f"v-{i}") for i in range(1, 30)]
    matches = rank_offers(profile(), offers, top=7)
    assert len(matches) == 7
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)
    assert rank_offers(profile(), offers, top=0) == []


def test_profile_without_needs_still_gets_ranked_offers():
    matches = rank_offers(profile(needs=[], problem=None), [offer("p-1"), offer("p-2", sectors=["trade"])])
    assert ids(matches) == ["p-2", "p-1"]
    assert matches[0].reasons[0].startswith("Chưa thấy nhu cầu cụ thể")
