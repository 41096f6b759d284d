"""The plans' targets in the database (officers edit them; audited), and each plan's progress: every
target against the indicator's value this year and last year, by the plan's province (flush only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalog.models import CatalogEdition, EditionEntry, Listing
from catalog.services import newest_revision
from core.audit import record_audit
from core.domain import N_, ValidationFailed
from core.translation import translate
from core.vocab import PROVINCES
from indicators.annual import AnnualFigures, TargetRow
from indicators.export import group_name
from indicators.models import Target
from indicators.programme import breakdown, extra_figures, programme_report, readiness_by_solution
from indicators.targets import INDICATORS, PLAN_TARGETS, actual, progress
from reports.queries import contract_report

PLAN_START = date(2026, 1, 1)  # the plans run 2026-2030
MAX_TARGET = 10**9


@dataclass(frozen=True)
class Progress:
    target: Target
    value: int  # this year's (a yearly target), or since the plan began (a whole-plan target)
    last_year: int
    share: float | None  # percent of the target reached


def seed_plan_targets(session: Session) -> int:
    """The four plans' published targets (indicators.targets.PLAN_TARGETS), where not stored yet."""
    stored = {(t.plan, t.indicator, t.year) for t in session.scalars(select(Target))}
    added = 0
    for plan, province, indicator, target, year in PLAN_TARGETS:
        if (plan, indicator, year) not in stored:
            session.add(Target(plan=plan, province=province, indicator=indicator, target=target, year=year))
            added += 1
    session.flush()
    return added


def set_target(
    session: Session,
    officer,
    plan: str,
    province: str | None,
    indicator: str,
    target: int | None,
    year: int | None,
) -> Target:
    """Add or change the target of `indicator` in `plan` for `year` (None: the whole plan)."""
    plan, province = (plan or "").strip(), (province or "").strip() or None
    problems = {}
    if not plan or len(plan) > 200:
        problems["plan"] = N_("Nhập tên kế hoạch (tối đa 200 ký tự).")
    if province is not None and province not in PROVINCES:
        problems["province"] = N_("Chọn tỉnh, thành phố trong danh sách.")
    if indicator not in INDICATORS:
        problems["indicator"] = N_("Chọn chỉ tiêu trong danh sách.")
    if target is None or not 0 <= target <= MAX_TARGET:
        problems["target"] = N_("Chỉ tiêu là số nguyên từ 0 đến 1.000.000.000.")
    if year is not None and not 2000 <= year <= 2100:
        problems["year"] = N_("Năm từ 2000 đến 2100, hoặc để trống cho cả giai đoạn.")
    if problems:
        raise ValidationFailed(N_("Chưa lưu được chỉ tiêu."), problems)
    row = session.scalar(
        select(Target).where(
            Target.plan == plan,
            Target.indicator == indicator,
            Target.year.is_(None) if year is None else Target.year == year,
        )
    )
    before = None if row is None else str(row.target)
    if row is None:
        row = Target(plan=plan, indicator=indicator, year=year, target=target)
        session.add(row)
    row.province, row.target, row.updated_by_id = province, target, getattr(officer, "id", None)
    session.flush()
    record_audit(
        session,
        officer,
        "target.set",
        "programme_target",
        str(row.id),
        from_state=before,
        to_state=str(target),
        data={"plan": plan, "indicator": indicator, "year": year},
    )
    return row


def plans(session: Session) -> list[str]:
    return list(session.scalars(select(Target.plan).distinct().order_by(Target.plan)))


def _period(year: int, whole_plan: bool) -> tuple[date, date]:
    return (PLAN_START if whole_plan and year >= PLAN_START.year else date(year, 1, 1)), date(year, 12, 31)


def plan_progress(session: Session, plan: str, year: int) -> list[Progress]:
    """Each target of the plan for `year` (and its whole-plan targets) against the indicator's value:
    a yearly target against the year's value, a whole-plan target against the value since 2026."""
    targets = session.scalars(
        select(Target)
        .where(Target.plan == plan, (Target.year == year) | Target.year.is_(None))
        .order_by(Target.year.is_(None), Target.indicator)
    ).all()
    cache: dict = {}

    def value(target: Target, in_year: int) -> int:
        start, end = _period(in_year, target.year is None)
        key = (start, end, target.province)
        if key not in cache:
            cache[key] = (
                programme_report(session, start, end, target.province),
                extra_figures(session, start, end, target.province),
            )
        return actual(target.indicator, *cache[key])

    out = []
    for target in targets:
        now = value(target, year)
        out.append(Progress(target, now, value(target, year - 1), progress(now, target.target)))
    return out


def annual_figures(session: Session, year: int, issued_on: date, place: str) -> AnnualFigures:
    """Everything the annual report states, read from the database."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    targets = []
    for plan in plans(session):
        for row in plan_progress(session, plan, year):
            t = row.target
            targets.append(
                TargetRow(
                    t.plan,
                    translate(INDICATORS[t.indicator], "vi"),
                    t.target,
                    row.value,
                    row.last_year,
                    row.share,
                    t.year,
                )
            )
    titles = {"province": "Theo tỉnh, thành phố", "sector": "Theo ngành", "size": "Theo quy mô"}
    breakdowns = {}
    for by, title in titles.items():
        groups = breakdown(session, start, end, by)
        breakdowns[title] = [(group_name(by, g["key"]), g) for g in groups]
    editions = session.execute(
        select(
            CatalogEdition.number,
            CatalogEdition.decision_number,
            CatalogEdition.decision_date,
            func.count(EditionEntry.id),
        )
        .join(EditionEntry, EditionEntry.edition_id == CatalogEdition.id, isouter=True)
        .where(CatalogEdition.decision_date.between(start, end))
        .group_by(CatalogEdition.id)
        .order_by(CatalogEdition.number)
    ).all()
    months = contract_report(session, start, end, "month")
    solutions = [
        (product_name(session, key), up, same, down)
        for key, up, same, down in readiness_by_solution(session, start, end, "product")[:10]
    ]
    return AnnualFigures(
        year=year,
        issued_on=issued_on,
        place=place,
        report=programme_report(session, start, end),
        targets=targets,
        breakdowns=breakdowns,
        editions=[tuple(e) for e in editions],
        contracts_by_month=[(g.key, g.contracts, g.smes) for g in months.groups],
        solutions=solutions,
    )


def product_name(session: Session, listing_id: str) -> str:
    listing = session.get(Listing, listing_id)
    return newest_revision(listing).name if listing is not None and listing.revisions else listing_id
