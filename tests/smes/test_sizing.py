"""Size by Decree 80/2021/NĐ-CP from employees and revenue, per group of sectors."""

import pytest

from smes.sizing import derive_size, effective_size

B = 1_000_000_000


@pytest.mark.parametrize(
    "sector, employees, revenue, size",
    [
        ("manufacturing", 10, 3 * B, "micro"),
        ("manufacturing", 11, 1 * B, "small"),
        ("agriculture", 8, 4 * B, "small"),  # revenue above the micro ceiling of agriculture/industry
        ("trade", 8, 4 * B, "micro"),  # ... but within the one of trade/services
        ("construction", 100, 50 * B, "small"),
        ("construction", 120, 150 * B, "medium"),
        ("trade", 50, 100 * B, "small"),
        ("trade", 51, 20 * B, "medium"),
        ("services", 100, 300 * B, "medium"),
        ("tourism", 101, 1 * B, None),  # above the medium ceiling: not an SME
        ("craft_village", 8, 2_500_000_000, "micro"),
    ],
)
def test_size_from_employees_and_revenue(sector, employees, revenue, size):
    assert derive_size(sector, employees, revenue).size == size


def test_explanation_names_the_decree_the_group_and_the_tests():
    finding = derive_size("trade", 40, 90 * B)
    assert finding.size == "small" and finding.derived
    assert "Nghị định 80/2021/NĐ-CP" in finding.explanation
    assert "thương mại và dịch vụ" in finding.explanation
    assert "40 lao động (không quá 50)" in finding.explanation
    assert "doanh thu 90 tỷ đồng/năm (không quá 100 tỷ đồng)" in finding.explanation


def test_one_figure_is_enough_and_the_explanation_says_so():
    finding = derive_size("manufacturing", None, 30 * B)
    assert finding.size == "small"
    assert "chỉ xét doanh thu" in finding.explanation
    assert derive_size("trade", None, None).size is None


def test_a_given_size_wins():
    finding = effective_size("trade", "medium", 3, 1 * B)
    assert finding.size == "medium" and not finding.derived


@pytest.mark.parametrize(
    "finding, english",
    [
        (derive_size("trade", 40, 90 * B, "en"),
         "Under Decree 80/2021/ND-CP, the sector (Trade, retail) is in the group “trade and services”: a "
         "workforce of 40 (at most 50) and annual revenue of VND 90 billion (at most VND 100 billion), so it "
         "is a small enterprise."),
        (derive_size("manufacturing", None, 2_500_000_000, "en"),
         "Under Decree 80/2021/ND-CP, the sector (Manufacturing) is in the group “agriculture, forestry and "
         "fisheries; industry and construction”: annual revenue of VND 2.5 billion (at most VND 3 billion), "
         "so it is a micro enterprise. The number of employees is not given, so only the revenue was "
         "considered."),
        (derive_size("agriculture", 8, None, "en"),
         "Under Decree 80/2021/ND-CP, the sector (Agriculture) is in the group “agriculture, forestry and "
         "fisheries; industry and construction”: a workforce of 8 (at most 10), so it is a micro enterprise. "
         "The revenue is not given, so only the number of employees was considered."),
        (derive_size(None, None, None, "en"),
         "Under Decree 80/2021/ND-CP, the sector (not given) is in the group “trade and services”: the "
         "number of employees or the annual revenue is needed to determine the size."),
        (derive_size("tourism", 101, 1 * B, "en"),
         "Under Decree 80/2021/ND-CP, the sector (Tourism, accommodation, food service) is in the group "
         "“trade and services”: above the ceilings of a medium enterprise (100 employees, annual revenue of "
         "VND 300 billion), so not a small or medium-sized enterprise."),
        (effective_size("trade", "medium", 3, 1 * B, "en"), "Size as declared by the business: medium."),
    ],
)
def test_every_explanation_reads_in_english_on_request(finding, english):
    assert finding.explanation == english


def test_vietnamese_stays_the_default():
    assert derive_size("tourism", 101, 1 * B).explanation == (
        "Theo Nghị định 80/2021/NĐ-CP, ngành Du lịch, lưu trú, ăn uống thuộc nhóm thương mại và dịch vụ: "
        "vượt ngưỡng doanh nghiệp vừa (100 lao động, doanh thu 300 tỷ đồng/năm), không thuộc diện doanh "
        "nghiệp nhỏ và vừa."
    )
    assert derive_size("manufacturing", 5, 2_500_000_000).explanation.endswith(
        "5 lao động (không quá 10) và doanh thu 2,5 tỷ đồng/năm (không quá 3 tỷ đồng) là doanh nghiệp "
        "siêu nhỏ."
    )
    assert effective_size("trade", "medium", 3, 1 * B).explanation == "Quy mô do doanh nghiệp khai: vừa."
