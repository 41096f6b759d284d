"""The rules of a financial-support programme (pure): who may get a voucher, how much the programme pays
of a contract under each pricing model, and which rule a stored voucher breaks.

Decree 80/2021/NĐ-CP (Article 11 and the plans built on it): the programme pays at most half of
renting or buying a solution, and what one SME is granted by one programme in one calendar year is
capped by its size (20 / 50 / 100 million VND for micro / small / medium firms). Those are the
defaults; a programme may set its own. A size whose cap is 0 is not eligible.

Each finding carries a Vietnamese template and its values; the reader's language is chosen when it is
shown (core.translation), so the same finding reads in English for an English-speaking officer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from catalog.product import Pricing
from core.domain import N_, Label
from core.formatting import grouped, percent
from core.translation import translate
from core.vocab import CATEGORIES, SIZES
from payments.schedule import ContractTerms, ScheduleError, build_schedule, share_of

ANY = "*"
DEFAULT_SHARE_PCT = 50
DEFAULT_CAPS_VND = {"micro": 20_000_000, "small": 50_000_000, "medium": 100_000_000}
# How long an issued voucher may wait for a contract: long enough to negotiate and sign, short enough
# that an unused reservation does not hold the budget for the rest of the year.
VALID_DAYS = 90


@dataclass(frozen=True)
class ProgrammeRules:
    opens_on: date
    closes_on: date
    province: str | None = None
    max_share_pct: float = DEFAULT_SHARE_PCT
    caps_vnd: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_CAPS_VND))
    categories: Sequence[str] = (ANY,)

    def cap_for(self, size: str | None) -> int:
        return int(self.caps_vnd.get(size, 0)) if size else 0

    @property
    def sizes(self) -> tuple[str, ...]:
        return tuple(size for size in SIZES if self.cap_for(size) > 0)


@dataclass(frozen=True)
class Finding:
    """One rule checked: `code`, whether it holds, and why, as a template with its values."""

    code: str
    ok: bool
    template: str
    params: Mapping[str, object] = field(default_factory=dict)

    def text(self, lang: str = "vi") -> str:
        values = {k: translate(v.text, lang) if isinstance(v, Label) else v for k, v in self.params.items()}
        return translate(self.template, lang, **values)

    def to_json(self) -> dict:
        params = {k: {"label": v.text} if isinstance(v, Label) else v for k, v in self.params.items()}
        return {"code": self.code, "ok": self.ok, "template": self.template, "params": params}

    @classmethod
    def from_json(cls, data: dict) -> Finding:
        params = {k: Label(v["label"]) if isinstance(v, dict) else v for k, v in data["params"].items()}
        return cls(data["code"], data["ok"], data["template"], params)


@dataclass(frozen=True)
class Applicant:
    """What eligibility reads of an SME: its size (Decree 80), province, readiness on record, and what the
    same programme granted it already in the calendar year of the application."""

    size: str | None
    province: str | None
    readiness_level: int | None
    granted_this_year_vnd: int = 0


@dataclass(frozen=True)
class Eligibility:
    findings: tuple[Finding, ...]
    cap_left_vnd: int

    @property
    def ok(self) -> bool:
        return all(f.ok for f in self.findings)

    @property
    def refusals(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.ok)


def vnd_text(amount: int) -> str:
    return grouped(amount) + " ₫"


def cap_left(rules: ProgrammeRules, applicant: Applicant) -> int:
    return max(0, rules.cap_for(applicant.size) - applicant.granted_this_year_vnd)


def eligibility(
    rules: ProgrammeRules,
    applicant: Applicant,
    product_categories: Sequence[str],
    on: date,
    *,
    in_current_edition: bool,
) -> Eligibility:
    """Every rule, each with its reason (held or not): dates, size, province, category, the product in the
    current catalog edition, an assessment on record, and the yearly cap left."""
    found = []
    if rules.opens_on <= on <= rules.closes_on:
        found.append(
            Finding(
                "dates",
                True,
                N_("Chương trình đang nhận hồ sơ (đến %(until)s)."),
                {"until": rules.closes_on.strftime("%d/%m/%Y")},
            )
        )
    else:
        found.append(
            Finding(
                "dates",
                False,
                N_("Chương trình chỉ nhận hồ sơ từ %(since)s đến %(until)s."),
                {"since": rules.opens_on.strftime("%d/%m/%Y"), "until": rules.closes_on.strftime("%d/%m/%Y")},
            )
        )
    if applicant.size is None:
        found.append(
            Finding(
                "size",
                False,
                N_(
                    "Chưa xác định được quy mô doanh nghiệp theo Nghị định "
                    "80/2021/NĐ-CP: cần số lao động hoặc doanh thu năm."
                ),
            )
        )
    elif applicant.size in rules.sizes:
        found.append(
            Finding(
                "size",
                True,
                N_("Doanh nghiệp quy mô “%(size)s” thuộc đối tượng của chương trình."),
                {"size": Label(SIZES[applicant.size])},
            )
        )
    else:
        found.append(
            Finding(
                "size",
                False,
                N_("Chương trình không hỗ trợ doanh nghiệp quy mô “%(size)s”."),
                {"size": Label(SIZES[applicant.size])},
            )
        )
    if rules.province is None:
        found.append(Finding("province", True, N_("Chương trình áp dụng cho mọi tỉnh, thành phố.")))
    elif applicant.province == rules.province:
        found.append(
            Finding(
                "province",
                True,
                N_("Doanh nghiệp ở %(province)s, đúng địa bàn chương trình."),
                {"province": rules.province},
            )
        )
    else:
        found.append(
            Finding(
                "province",
                False,
                N_("Chương trình chỉ dành cho doanh nghiệp ở %(province)s."),
                {"province": rules.province},
            )
        )
    matching = [c for c in product_categories if ANY in rules.categories or c in rules.categories]
    if matching:
        found.append(
            Finding(
                "category",
                True,
                N_("Sản phẩm thuộc lĩnh vực được hỗ trợ: %(category)s."),
                {"category": Label(CATEGORIES.get(matching[0], matching[0]))},
            )
        )
    else:
        found.append(
            Finding(
                "category", False, N_("Lĩnh vực của sản phẩm không nằm trong danh sách chương trình hỗ trợ.")
            )
        )
    if in_current_edition:
        found.append(Finding("catalog", True, N_("Sản phẩm có trong danh mục chính thức hiện hành.")))
    else:
        found.append(Finding("catalog", False, N_("Sản phẩm không có trong danh mục chính thức hiện hành.")))
    if applicant.readiness_level is not None:
        found.append(
            Finding(
                "assessment",
                True,
                N_("Đã có đánh giá mức độ sẵn sàng (mức %(level)s)."),
                {"level": applicant.readiness_level},
            )
        )
    else:
        found.append(
            Finding(
                "assessment",
                False,
                N_("Cần có kết quả đánh giá mức độ sẵn sàng chuyển đổi số trước khi xin hỗ trợ."),
            )
        )
    left = cap_left(rules, applicant)
    if left > 0:
        found.append(
            Finding("cap", True, N_("Hạn mức còn lại trong năm: %(left)s."), {"left": vnd_text(left)})
        )
    elif applicant.size in rules.sizes:
        found.append(
            Finding(
                "cap",
                False,
                N_("Đã dùng hết hạn mức %(cap)s của năm."),
                {"cap": vnd_text(rules.cap_for(applicant.size))},
            )
        )
    return Eligibility(tuple(found), left)


# -- the programme's share of a contract ---------------------------------------------------------------


@dataclass(frozen=True)
class Share:
    """What the programme pays of a contract and why: `base_vnd` is what the SME itself would pay over the
    contract (None when nothing bounds it), the share at most `max_share_pct` of it."""

    programme_vnd: int
    base_vnd: int | None
    limited_by: str  # "voucher", "share", "cap" or "unknown" (no base: nothing is paid)


def sme_outlay(pricing: Pricing, value_vnd: int | None, months: int | None, start: date) -> int | None:
    """What the SME pays over the contract under its pricing model, before any subsidy:
    - one-off and subscription: the price, or the contract value spread over the months;
    - use first, pay later: the free months cost nothing, the paying months carry the value;
    - co-investment: the vendor's share is the vendor's, only the SME's part can be subsidised;
    - revenue sharing: unknown in advance, bounded by the monthly cap over the months (else the value).
    The schedule of payments.schedule decides, so that the share and the instalments never disagree."""
    if pricing.type == "revenue_sharing":
        bounds = [
            b
            for b in (
                value_vnd,
                pricing.monthly_cap_vnd * months if pricing.monthly_cap_vnd is not None and months else None,
            )
            if b is not None
        ]
        return min(bounds) if bounds else None
    try:
        lines = build_schedule(ContractTerms(pricing, start, months, value_vnd))
    except ScheduleError:
        return None
    return sum(line.amount_vnd for line in lines)


def programme_share(base_vnd: int | None, max_share_pct: float, voucher_vnd: int, cap_left_vnd: int) -> Share:
    """At most the voucher, `max_share_pct` of what the SME pays, and the SME's cap left."""
    if base_vnd is None:
        return Share(0, None, "unknown")
    limits = {"voucher": voucher_vnd, "share": share_of(base_vnd, max_share_pct), "cap": cap_left_vnd}
    reason = min(limits, key=lambda k: limits[k])
    return Share(max(0, limits[reason]), base_vnd, reason)


def split_share(amounts: Sequence[int | None], share_vnd: int) -> list[int]:
    """The programme's part of each instalment: the same fraction of each known amount, whole dong, summing
    exactly to `share_vnd` (at most the total)."""
    known = [a or 0 for a in amounts]
    total = sum(known)
    share = min(share_vnd, total)
    if total == 0 or share <= 0:
        return [0] * len(known)
    parts = [a * share // total for a in known]
    # Largest remainder first (ties: the earlier instalment), so that no part is off by more than a dong.
    by_remainder = sorted(range(len(known)), key=lambda i: (-(known[i] * share % total), i))
    for i in by_remainder[: share - sum(parts)]:
        parts[i] += 1
    return parts


def voucher_amount(rules: ProgrammeRules, outlay_vnd: int | None, cap_left_vnd: int) -> int:
    """The amount of a voucher for an intended contract: its share at the programme's rate, within the cap."""
    return programme_share(outlay_vnd, rules.max_share_pct, cap_left_vnd, cap_left_vnd).programme_vnd


def expiry(issued_on: date) -> date:
    return issued_on + timedelta(days=VALID_DAYS)


def share_text(rules: ProgrammeRules) -> str:
    return percent(rules.max_share_pct)


# -- rules a stored voucher must keep (spec: programme.md, VOUCHER) -------------------------------------

BROKEN_RULES = {
    "over_amount": N_("được thanh toán nhiều hơn giá trị phiếu"),
    "over_share": N_("được thanh toán vượt tỷ lệ hỗ trợ tối đa của chương trình"),
    "over_cap": N_("vượt hạn mức một năm của doanh nghiệp"),
    "outside_dates": N_("cấp ngoài thời gian của chương trình"),
    "outside_province": N_("cấp cho doanh nghiệp ngoài địa bàn chương trình"),
    "other_sme_contract": N_("thanh toán cho hợp đồng của doanh nghiệp khác"),
    "uncounted_contract": N_("thanh toán cho hợp đồng chưa từng được tính"),
    "over_budget": N_("vượt ngân sách của chương trình"),
}


@dataclass(frozen=True)
class VoucherFacts:
    """What the rules read of one voucher (interchange VOUCHER fields) and of what it names."""

    amount_vnd: int
    issued_on: date
    status: str
    sme_province: str | None
    sme_size: str | None
    granted_before_vnd: int  # the same SME's other vouchers of the programme in the same year
    redeemed_vnd: int | None = None
    contract_sme_id: str | None = None
    contract_value_vnd: int | None = None
    contract_counted: bool = False
    sme_id: str = ""


def broken_rules(rules: ProgrammeRules, voucher: VoucherFacts) -> list[str]:
    """The codes of BROKEN_RULES that a voucher breaks (the budget is the caller's: it needs the others)."""
    broken = []
    if voucher.status == "redeemed" and voucher.redeemed_vnd is not None:
        if voucher.redeemed_vnd > voucher.amount_vnd:
            broken.append("over_amount")
        if voucher.contract_value_vnd is not None and voucher.redeemed_vnd > share_of(
            voucher.contract_value_vnd, rules.max_share_pct
        ):
            broken.append("over_share")
    counts_toward_cap = voucher.status not in ("expired", "revoked")
    if counts_toward_cap and voucher.granted_before_vnd + voucher.amount_vnd > rules.cap_for(
        voucher.sme_size
    ):
        broken.append("over_cap")
    if not rules.opens_on <= voucher.issued_on <= rules.closes_on:
        broken.append("outside_dates")
    if rules.province is not None and voucher.sme_province != rules.province:
        broken.append("outside_province")
    if voucher.status == "redeemed":
        if voucher.contract_sme_id is not None and voucher.contract_sme_id != voucher.sme_id:
            broken.append("other_sme_contract")
        elif not voucher.contract_counted:
            broken.append("uncounted_contract")
    return broken
