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
