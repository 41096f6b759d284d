"""Enterprise size by Decree 80/2021/NĐ-CP, Article 5, from employees and annual revenue.

The decree sets, per size, a ceiling on the yearly average of employees with social insurance AND a
ceiling on total annual revenue OR on total capital; the ceilings differ between (a) agriculture,
forestry, fisheries, industry and construction and (b) trade and services. Interchange profiles carry
employees and revenue, not capital, so the revenue test stands for "revenue or capital". When only one
of the two figures is known the size is judged on that figure alone, and the explanation says so.
Explanations are Vietnamese by default; each sentence is a (Vietnamese, English) pair of templates.
"""

from __future__ import annotations

from dataclasses import dataclass

from catalog.vocab import SECTORS, SIZES, label
from marketplace.bilingual import pick, say

DECREE = ("Nghị định 80/2021/NĐ-CP", "Decree 80/2021/ND-CP")
BILLION = 1_000_000_000

# The decree's two groups of fields; every SECTOR code falls in one (Article 6: the main activity decides).
INDUSTRY_GROUP = frozenset({"agriculture", "manufacturing", "construction", "craft_village"})
GROUP_NAMES = {
    "industry": (
        "nông nghiệp, lâm nghiệp, thủy sản; công nghiệp và xây dựng",
        "agriculture, forestry and fisheries; industry and construction",
    ),
    "trade": ("thương mại và dịch vụ", "trade and services"),
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
    return say(("{comma} tỷ đồng", "VND {point} billion"), lang, comma=point.replace(".", ","), point=point)


def derive_size(
    sector: str | None, employees: int | None, annual_revenue_vnd: int | None, lang: str = "vi"
) -> SizeFinding:
    """The smallest size whose employee and revenue ceilings both hold, with the reasoning in `lang`."""
    group = sector_group(sector)
    intro = say(
        ("Theo {decree}, ngành {sector} thuộc nhóm {group}",
         "Under {decree}, the sector ({sector}) is in the group “{group}”"),
        lang,
        decree=pick(DECREE, lang),
        sector=label(SECTORS, sector, lang) if sector else pick(("chưa rõ ngành", "not given"), lang),
        group=pick(GROUP_NAMES[group], lang),
    )
    if employees is None and annual_revenue_vnd is None:
        return SizeFinding(None, intro + pick((
            ": cần số lao động hoặc doanh thu năm để xác định quy mô.",
            ": the number of employees or the annual revenue is needed to determine the size.",
        ), lang), True)
    for size, max_people, max_revenue in LIMITS[group]:
        people_ok = employees is None or employees <= max_people
        revenue_ok = annual_revenue_vnd is None or annual_revenue_vnd <= max_revenue
        if people_ok and revenue_ok:
            tests = []
            if employees is not None:
                tests.append(say(
                    ("{n} lao động (không quá {most})", "a workforce of {n} (at most {most})"),
                    lang, n=employees, most=max_people,
                ))
            if annual_revenue_vnd is not None:
                tests.append(say(
                    ("doanh thu {n}/năm (không quá {most})", "annual revenue of {n} (at most {most})"),
                    lang, n=_billions(annual_revenue_vnd, lang), most=_billions(max_revenue, lang),
                ))
            missing = ""
            if employees is None:
                missing = pick((
                    " Chưa có số lao động nên chỉ xét doanh thu.",
                    " The number of employees is not given, so only the revenue was considered.",
                ), lang)
            elif annual_revenue_vnd is None:
                missing = pick((
                    " Chưa có doanh thu nên chỉ xét số lao động.",
                    " The revenue is not given, so only the number of employees was considered.",
                ), lang)
            text = say(
                ("{intro}: {tests} là doanh nghiệp {size}.{missing}",
                 "{intro}: {tests}, so it is a {size} enterprise.{missing}"),
                lang, intro=intro, tests=pick((" và ", " and "), lang).join(tests),
                size=label(SIZES, size, lang).lower(), missing=missing,
            )
            return SizeFinding(size, text, True)
    _, max_people, max_revenue = LIMITS[group][-1]
    return SizeFinding(None, say((
        "{intro}: vượt ngưỡng doanh nghiệp vừa ({people} lao động, doanh thu {revenue}/năm), không thuộc "
        "diện doanh nghiệp nhỏ và vừa.",
        "{intro}: above the ceilings of a medium enterprise ({people} employees, annual revenue of "
        "{revenue}), so not a small or medium-sized enterprise.",
    ), lang, intro=intro, people=max_people, revenue=_billions(max_revenue, lang)), True)


def effective_size(
    sector: str | None,
    size: str | None,
    employees: int | None,
    annual_revenue_vnd: int | None,
    lang: str = "vi",
) -> SizeFinding:
    """The size given in the profile, or else the one derived from employees and revenue."""
    if size:
        return SizeFinding(size, say(
            ("Quy mô do doanh nghiệp khai: {size}.", "Size as declared by the business: {size}."),
            lang, size=label(SIZES, size, lang).lower(),
        ), False)
    return derive_size(sector, employees, annual_revenue_vnd, lang)


def size_of_interchange_sme(sme: dict) -> str | None:
    """The size of an interchange SME record (given, else derived)."""
    return effective_size(
        sme.get("sector"), sme.get("size"), sme.get("employees"), sme.get("annual_revenue_vnd")
    ).size
