"""Enterprise size by Decree 80/2021/NĐ-CP, Article 5, from employees and annual revenue.

The decree sets, per size, a ceiling on the yearly average of employees with social insurance AND a
ceiling on total annual revenue OR on total capital; the ceilings differ between (a) agriculture,
forestry, fisheries, industry and construction and (b) trade and services. Interchange profiles carry
employees and revenue, not capital, so the revenue test stands for "revenue or capital". When only one
of the two figures is known the size is judged on that figure alone, and the explanation says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from catalog.vocab import SECTORS, SIZES, label

DECREE = "Nghị định 80/2021/NĐ-CP"
BILLION = 1_000_000_000

# The decree's two groups of fields; every SECTOR code falls in one (Article 6: the main activity decides).
INDUSTRY_GROUP = frozenset({"agriculture", "manufacturing", "construction", "craft_village"})
GROUP_NAMES = {
    "industry": "nông nghiệp, lâm nghiệp, thủy sản; công nghiệp và xây dựng",
    "trade": "thương mại và dịch vụ",
}
# size -> (max employees, max annual revenue in VND), smallest size first (Article 5, clauses 1-3).
LIMITS = {
    "industry": (("micro", 10, 3 * BILLION), ("small", 100, 50 * BILLION), ("medium", 200, 200 * BILLION)),
    "trade": (("micro", 10, 10 * BILLION), ("small", 50, 100 * BILLION), ("medium", 100, 300 * BILLION)),
}


@dataclass(frozen=True)
class SizeFinding:
    """A size (None when it cannot be said or the firm is above the SME ceilings) and why, in Vietnamese."""

    size: str | None
    explanation: str
    derived: bool


def sector_group(sector: str | None) -> str:
    return "industry" if sector in INDUSTRY_GROUP else "trade"


def _billions(amount: int) -> str:
    text = f"{amount / BILLION:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") + " tỷ đồng"


def derive_size(sector: str | None, employees: int | None, annual_revenue_vnd: int | None) -> SizeFinding:
    """The smallest size whose employee and revenue ceilings both hold, with the reasoning."""
    group = sector_group(sector)
    sector_name = label(SECTORS, sector) if sector else "chưa rõ ngành"
    intro = f"Theo {DECREE}, ngành {sector_name} thuộc nhóm {GROUP_NAMES[group]}"
    if employees is None and annual_revenue_vnd is None:
        return SizeFinding(None, intro + ": cần số lao động hoặc doanh thu năm để xác định quy mô.", True)
    for size, max_people, max_revenue in LIMITS[group]:
        people_ok = employees is None or employees <= max_people
        revenue_ok = annual_revenue_vnd is None or annual_revenue_vnd <= max_revenue
        if people_ok and revenue_ok:
            tests = []
            if employees is not None:
                tests.append(f"{employees} lao động (không quá {max_people})")
            if annual_revenue_vnd is not None:
                tests.append(
                    f"doanh thu {_billions(annual_revenue_vnd)}/năm (không quá {_billions(max_revenue)})"
                )
            missing = ""
            if employees is None:
                missing = " Chưa có số lao động nên chỉ xét doanh thu."
            elif annual_revenue_vnd is None:
                missing = " Chưa có doanh thu nên chỉ xét số lao động."
            text = f"{intro}: {' và '.join(tests)} là doanh nghiệp {label(SIZES, size).lower()}.{missing}"
            return SizeFinding(size, text, True)
    _, max_people, max_revenue = LIMITS[group][-1]
    return SizeFinding(
        None,
        f"{intro}: vượt ngưỡng doanh nghiệp vừa ({max_people} lao động, doanh thu "
        f"{_billions(max_revenue)}/năm), không thuộc diện doanh nghiệp nhỏ và vừa.",
        True,
    )


def effective_size(
    sector: str | None, size: str | None, employees: int | None, annual_revenue_vnd: int | None
) -> SizeFinding:
    """The size given in the profile, or else the one derived from employees and revenue."""
    if size:
        return SizeFinding(size, f"Quy mô do doanh nghiệp khai: {label(SIZES, size).lower()}.", False)
    return derive_size(sector, employees, annual_revenue_vnd)


def size_of_interchange_sme(sme: dict) -> str | None:
    """The size of an interchange SME record (given, else derived)."""
    return effective_size(
        sme.get("sector"), sme.get("size"), sme.get("employees"), sme.get("annual_revenue_vnd")
    ).size
