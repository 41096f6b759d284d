"""The programme's rules in pure code: each eligibility rule and its refusal, the share under each pricing
model, the split over instalments, and the rules a stored voucher must keep."""

from __future__ import annotations

from datetime import date

import pytest

from catalog.product import Pricing
from vouchers import rules

RULES = rules.ProgrammeRules(
    opens_on=date(2027, 1, 1),
    closes_on=date(2027, 12, 31),
    province="Hà Nội",
    categories=("e_invoice", "accounting"),
)
OK = rules.Applicant(size="small", province="Hà Nội", readiness_level=2, granted_this_year_vnd=0)
ON = date(2027, 3, 1)


def _eligibility(applicant=OK, categories=("e_invoice",), on=ON, programme=RULES, edition=True):
    return rules.eligibility(programme, applicant, categories, on, in_current_edition=edition)


def _refused(found) -> set[str]:
    return {f.code for f in found.refusals}


def test_an_eligible_sme_passes_every_rule_each_explained():
    found = _eligibility()
    assert found.ok and found.cap_left_vnd == 50_000_000
    assert {f.code for f in found.findings} == {
        "dates",
        "size",
        "province",
        "category",
        "catalog",
        "assessment",
        "cap",
    }
    assert (
        "Doanh nghiệp quy mô “Nhỏ” thuộc đối tượng"
        in next(f for f in found.findings if f.code == "size").text()
    )
    assert "50.000.000 ₫" in next(f for f in found.findings if f.code == "cap").text()


@pytest.mark.parametrize(
    ("change", "code", "words"),
    [
        ({"on": date(2026, 12, 31)}, "dates", "chỉ nhận hồ sơ từ 01/01/2027 đến 31/12/2027"),
        ({"on": date(2028, 1, 1)}, "dates", "chỉ nhận hồ sơ"),
        (
            {"applicant": rules.Applicant("small", "Hải Phòng", 2)},
            "province",
            "chỉ dành cho doanh nghiệp ở Hà Nội",
        ),
        ({"categories": ("crm",)}, "category", "không nằm trong danh sách"),
        ({"edition": False}, "catalog", "không có trong danh mục chính thức"),
        ({"applicant": rules.Applicant("small", "Hà Nội", None)}, "assessment", "đánh giá mức độ sẵn sàng"),
        ({"applicant": rules.Applicant(None, "Hà Nội", 2)}, "size", "Nghị định 80/2021/NĐ-CP"),
        ({"applicant": rules.Applicant("small", "Hà Nội", 2, 50_000_000)}, "cap", "hết hạn mức 50.000.000 ₫"),
    ],
)
def test_each_rule_refuses_with_its_reason(change, code, words):
    found = _eligibility(**change)
    assert not found.ok
    assert _refused(found) == {code}
    assert words in next(f for f in found.refusals if f.code == code).text()


def test_a_size_capped_at_zero_is_not_eligible():
    programme = rules.ProgrammeRules(
        date(2027, 1, 1),
        date(2027, 12, 31),
        caps_vnd={"micro": 0, "small": 50_000_000, "medium": 100_000_000},
    )
    found = _eligibility(rules.Applicant("micro", "Đà Nẵng", 1), programme=programme)
    assert _refused(found) == {"size"}
    assert programme.sizes == ("small", "medium")


def test_any_category_and_any_province_by_default():
    programme = rules.ProgrammeRules(date(2027, 1, 1), date(2027, 12, 31))
    assert _eligibility(rules.Applicant("micro", "Cà Mau", 0), ("crm",), programme=programme).ok


def test_findings_read_in_english_and_survive_json():
    finding = next(f for f in _eligibility().findings if f.code == "size")
    again = rules.Finding.from_json(finding.to_json())
    assert again == finding
    assert "small" in again.text("en").lower()


def test_the_cap_left_counts_what_was_granted_this_year():
    found = _eligibility(rules.Applicant("micro", "Hà Nội", 1, 15_000_000))
    assert found.ok and found.cap_left_vnd == 5_000_000


# -- the share under each pricing model ---------------------------------------------------------------

START = date(2027, 2, 1)


def test_subscription_share_is_half_of_the_value_within_the_voucher():
    outlay = rules.sme_outlay(Pricing("subscription"), 24_000_000, 12, START)
    assert outlay == 24_000_000
    share = rules.programme_share(outlay, 50, 20_000_000, 50_000_000)
    assert (share.programme_vnd, share.limited_by) == (12_000_000, "share")
    assert rules.programme_share(outlay, 50, 8_000_000, 50_000_000).programme_vnd == 8_000_000


def test_one_off_share_reads_the_price():
    outlay = rules.sme_outlay(Pricing("one_time", price_vnd=9_000_000), 9_000_000, None, START)
    assert rules.programme_share(outlay, 50, 20_000_000, 20_000_000).programme_vnd == 4_500_000


def test_use_first_pay_later_free_months_are_not_subsidised():
    # 12 months, 3 free: the SME pays 9 months carrying the value; the programme pays half of what is paid.
    pricing = Pricing("use_first_pay_later", free_months=3)
    outlay = rules.sme_outlay(pricing, 9_000_000, 12, START)
    assert outlay == 9_000_000
    share = rules.programme_share(outlay, 50, 20_000_000, 20_000_000).programme_vnd
    assert share == 4_500_000
    from payments.schedule import ContractTerms, build_schedule

    lines = build_schedule(ContractTerms(pricing, START, 12, 9_000_000))
    parts = rules.split_share([line.amount_vnd for line in lines], share)
    assert parts[:3] == [0, 0, 0] and sum(parts) == share


def test_co_investment_subsidises_only_the_smes_part():
    # The vendor carries 40%: the SME pays 60% of 10.000.000; the programme half of that.
    outlay = rules.sme_outlay(Pricing("co_investment", vendor_share_pct=40), 10_000_000, 10, START)
    assert outlay == 6_000_000
    assert rules.programme_share(outlay, 50, 20_000_000, 20_000_000).programme_vnd == 3_000_000


def test_revenue_sharing_is_bounded_by_its_monthly_cap():
    pricing = Pricing("revenue_sharing", revenue_share_pct=5, monthly_cap_vnd=1_000_000)
    outlay = rules.sme_outlay(pricing, None, 12, START)
    assert outlay == 12_000_000
    assert rules.programme_share(outlay, 50, 20_000_000, 20_000_000).programme_vnd == 6_000_000
    # The agreed value bounds it further; without a cap nor a value nothing bounds it: no share.
    assert rules.sme_outlay(pricing, 5_000_000, 12, START) == 5_000_000
    unbounded = rules.sme_outlay(Pricing("revenue_sharing", revenue_share_pct=5), None, 12, START)
    assert rules.programme_share(unbounded, 50, 20_000_000, 20_000_000) == rules.Share(0, None, "unknown")


def test_the_share_stops_at_the_smes_cap_left():
    share = rules.programme_share(40_000_000, 50, 20_000_000, 7_000_000)
    assert (share.programme_vnd, share.limited_by) == (7_000_000, "cap")


def test_split_share_is_exact_and_proportional():
    parts = rules.split_share([1_000_001, 1_000_000, 1_000_000], 1_500_000)
    assert sum(parts) == 1_500_000 and max(parts) - min(parts) <= 1
    assert rules.split_share([None, None], 1_000) == [0, 0]
    assert rules.split_share([100, 100], 1_000) == [100, 100]


def test_voucher_amount_and_expiry():
    assert rules.voucher_amount(RULES, 30_000_000, 50_000_000) == 15_000_000
    assert rules.voucher_amount(RULES, 300_000_000, 50_000_000) == 50_000_000
    assert rules.expiry(date(2027, 1, 1)) == date(2027, 4, 1)


# -- rules a stored voucher must keep ---------------------------------------------------------------------


def _facts(**over):
    base = {
        "amount_vnd": 10_000_000,
        "issued_on": date(2027, 3, 1),
        "status": "redeemed",
        "sme_province": "Hà Nội",
        "sme_size": "small",
        "granted_before_vnd": 0,
        "redeemed_vnd": 5_000_000,
        "contract_sme_id": "s-1",
        "contract_value_vnd": 20_000_000,
        "contract_counted": True,
        "sme_id": "s-1",
    }
    return rules.VoucherFacts(**{**base, **over})


@pytest.mark.parametrize(
    ("over", "broken"),
    [
        ({}, []),
        ({"redeemed_vnd": 11_000_000, "contract_value_vnd": 40_000_000}, ["over_amount"]),
        ({"redeemed_vnd": 9_000_000, "contract_value_vnd": 10_000_000}, ["over_share"]),
        ({"granted_before_vnd": 45_000_000}, ["over_cap"]),
        ({"issued_on": date(2026, 12, 31)}, ["outside_dates"]),
        ({"sme_province": "Huế"}, ["outside_province"]),
        ({"contract_sme_id": "s-2"}, ["other_sme_contract"]),
        ({"contract_counted": False}, ["uncounted_contract"]),
        ({"status": "expired", "granted_before_vnd": 45_000_000}, []),
    ],
)
def test_broken_rules(over, broken):
    assert rules.broken_rules(RULES, _facts(**over)) == broken
