"""The plans' indicators and their published targets, and how each indicator is read off the programme
report (pure).

Indicators are the plans' own words mapped onto the spec's report: Hà Nội counts SMEs supported
(120,000), those applying digital products (72,000) and certified consultants (125); Hải Phòng splits
10,000 into 3,000 assessed and consulted, 5,000 applying, 2,000 trained; Đồng Nai 10,000 / 5,000 and 100
consultants; Huế supports at least 200 SMEs of the first tier a year and certifies 10-20 consultants a
year (its lower bounds are the targets)."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from core.translation import N_

INDICATORS = MappingProxyType({
    "smes_supported": N_("Doanh nghiệp được hỗ trợ"),
    "applying": N_("Doanh nghiệp ứng dụng sản phẩm số"),
    "assessed": N_("Doanh nghiệp được đánh giá mức độ sẵn sàng"),
    "assessed_or_consulted": N_("Doanh nghiệp được đánh giá, tư vấn"),
    "consulted": N_("Doanh nghiệp được tư vấn"),
    "trained": N_("Doanh nghiệp được đào tạo"),
    "tier_khoi_dong": N_("Doanh nghiệp nhóm khởi động được hỗ trợ"),
    "tier_nang_cao": N_("Doanh nghiệp nhóm nâng cao được hỗ trợ"),
    "tier_toan_dien": N_("Doanh nghiệp nhóm chuyển đổi toàn diện được hỗ trợ"),
    "readiness_improved": N_("Doanh nghiệp tăng mức sẵn sàng sau hợp đồng"),
    "consultants_certified": N_("Chuyên gia tư vấn đạt chuẩn"),
    "consultants_newly_certified": N_("Chuyên gia được công nhận đạt chuẩn trong kỳ"),
    "contracts": N_("Hợp đồng đã ký"),
})
PLAN_YEARS = range(2026, 2031)

# (plan, province of its SMEs, indicator, target, year or None for the whole 2026-2030 plan)
PLAN_TARGETS = (
    ("Hà Nội 2026-2030", "Hà Nội", "smes_supported", 120_000, None),
    ("Hà Nội 2026-2030", "Hà Nội", "applying", 72_000, None),
    ("Hà Nội 2026-2030", "Hà Nội", "consultants_certified", 125, None),
    ("Hải Phòng 2026-2030", "Hải Phòng", "smes_supported", 10_000, None),
    ("Hải Phòng 2026-2030", "Hải Phòng", "assessed_or_consulted", 3_000, None),
    ("Hải Phòng 2026-2030", "Hải Phòng", "applying", 5_000, None),
    ("Hải Phòng 2026-2030", "Hải Phòng", "trained", 2_000, None),
    ("Đồng Nai 2026-2030", "Đồng Nai", "smes_supported", 10_000, None),
    ("Đồng Nai 2026-2030", "Đồng Nai", "applying", 5_000, None),
    ("Đồng Nai 2026-2030", "Đồng Nai", "consultants_certified", 100, None),
    *(("Huế 2026-2030", "Huế", "tier_khoi_dong", 200, year) for year in PLAN_YEARS),
    *(("Huế 2026-2030", "Huế", "consultants_newly_certified", 10, year) for year in PLAN_YEARS),
)


def actual(indicator: str, report: Mapping, extra: Mapping[str, int]) -> int:
    """The indicator's value in a programme report (`extra`: figures the spec's report does not carry:
    indicators.programme.extra_figures)."""
    if indicator in extra:
        return extra[indicator]
    kinds = report["by_kind"]
    return {
        "smes_supported": report["smes_supported"],
        "applying": kinds["application"],
        "assessed": kinds["assessment"],
        "consulted": kinds["consulting"],
        "trained": kinds["training"],
        "tier_khoi_dong": report["tiers"]["khoi_dong"],
        "tier_nang_cao": report["tiers"]["nang_cao"],
        "tier_toan_dien": report["tiers"]["toan_dien"],
        "readiness_improved": report["readiness_change"]["improved"],
        "consultants_certified": report["consultants"]["certified"],
        "contracts": report["contracts"],
    }[indicator]


def progress(value: int, target: int) -> float | None:
    """Share of the target reached, in percent (None for a target of 0)."""
    return round(100 * value / target, 1) if target else None
