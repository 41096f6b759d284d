"""Enterprise size by Decree 80/2021/NĐ-CP, Article 5, from employees and annual revenue.

The decree sets, per size, a ceiling on the yearly average of employees with social insurance AND a
ceiling on total annual revenue OR on total capital; the ceilings differ between (a) agriculture,
forestry, fisheries, industry and construction and (b) trade and services. Interchange profiles carry
employees and revenue, not capital, so the revenue test stands for "revenue or capital". When only one
of the two figures is known the size is judged on that figure alone, and the explanation says so.
Explanations are Vietnamese by default, translated through the project's catalog (core.translation).
"""

from __future__ import annotations

from dataclasses import dataclass

from core.domain import N_
from core.translation import translate
from core.vocab import SECTORS, SIZES, label

DECREE = N_("Nghị định 80/2021/NĐ-CP")
BILLION = 1_000_000_000

# The decree's two groups of fields; every SECTOR code falls in one (Article 6: the main activity decides).
INDUSTRY_GROUP = frozenset({"agriculture", "manufacturing", "construction", "craft_village"})
GROUP_NAMES = {
    "industry": N_("nông nghiệp, lâm nghiệp, thủy sản; công nghiệp và xây dựng"),
    "trade": N_("thương mại và dịch vụ"),
}
# size -> (max employees, max annual revenue in VND), smallest size first (Article 5, clauses 1-3).
LIMITS = {
    "industry": (("micro", 10, 3 * BILLION), ("small", 100, 50 * BILLION), ("medium", 200, 200 * BILLION)),
    "trade": (("micro", 10, 10 * BILLION), ("small", 50, 100 * BILLION), ("medium", 100, 300 * BILLION)),
}


@dataclass(frozen=True)
class SizeFinding:
    """A size (None when it cannot be said or the firm is above the SME ceilings) and why."""

    size: str | None
    explanation: str
    derived: bool


def sector_group(sector: str | None) -> str:
    return "industry" if sector in INDUSTRY_GROUP else "trade"



def _billions(amount: int, lang: str) -> str:
    point = f"{amount / BILLION:.2f}".rstrip("0").rstrip(".")
    number = point.replace(".", ",") if lang == "vi" else point  # the decimal sign, not a text
    return translate(N_("%(n)s tỷ đồng"), lang, n=number)


def derive_size(
    sector: str | None, employees: int | None, annual_revenue_vnd: int | None, lang: str = "vi"
) -> SizeFinding:
    """The smallest size whose employee and revenue ceilings both hold, with the reasoning in `lang`."""
    group = sector_group(sector)
    intro = translate(
        N_("Theo %(decree)s, ngành %(sector)s thuộc nhóm %(group)s"),
        lang,
        decree=translate(DECREE, lang),
        sector=label(SECTORS, sector, lang) if sector else translate(N_("chưa rõ ngành"), lang),
        group=translate(GROUP_NAMES[group], lang),
    )
    if employees is None and annual_revenue_vnd is None:
        return SizeFinding(None, intro + translate(
            N_(": cần số lao động hoặc doanh thu năm để xác định quy mô."), lang), True)
    for size, max_people, max_revenue in LIMITS[group]:
        people_ok = employees is None or employees <= max_people
        revenue_ok = annual_revenue_vnd is None or annual_revenue_vnd <= max_revenue
        if people_ok and revenue_ok:
            tests = []
            if employees is not None:
                tests.append(translate(N_("%(n)s lao động (không quá %(most)s)"), lang,
                                       n=employees, most=max_people))
            if annual_revenue_vnd is not None:
                tests.append(translate(N_("doanh thu %(n)s/năm (không quá %(most)s)"), lang,
                                       n=_billions(annual_revenue_vnd, lang),
                                       most=_billions(max_revenue, lang)))
            missing = ""
            if employees is None:
                missing = translate(N_(" Chưa có số lao động nên chỉ xét doanh thu."), lang)
            elif annual_revenue_vnd is None:
                missing = translate(N_(" Chưa có doanh thu nên chỉ xét số lao động."), lang)
            text = translate(
                N_("%(intro)s: %(tests)s là doanh nghiệp %(size)s.%(missing)s"),
                lang, intro=intro, tests=translate(N_(" và "), lang).join(tests),
                size=label(SIZES, size, lang).lower(), missing=missing,
            )
            return SizeFinding(size, text, True)
    _, max_people, max_revenue = LIMITS[group][-1]
    return SizeFinding(None, translate(
        N_("%(intro)s: vượt ngưỡng doanh nghiệp vừa (%(people)s lao động, doanh thu %(revenue)s/năm), "
           "không thuộc diện doanh nghiệp nhỏ và vừa."),
        lang, intro=intro, people=max_people, revenue=_billions(max_revenue, lang)), True)


def effective_size(
    sector: str | None,
    size: str | None,
    employees: int | None,
    annual_revenue_vnd: int | None,
    lang: str = "vi",
) -> SizeFinding:
    """The size given in the profile, or else the one derived from employees and revenue."""
    if size:
        return SizeFinding(size, translate(N_("Quy mô do doanh nghiệp khai: %(size)s."), lang,
                                           size=label(SIZES, size, lang).lower()), False)
    return derive_size(sector, employees, annual_revenue_vnd, lang)


def size_of_interchange_sme(sme: dict) -> str | None:
    """The size of an interchange SME record (given, else derived)."""
    return effective_size(
        sme.get("sector"), sme.get("size"), sme.get("employees"), sme.get("annual_revenue_vnd")
    ).size
