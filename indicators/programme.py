"""The programme indicators of `marketplace report programme` (shared/spec/programme.md), in SQL.

Every SME count is of distinct SMEs. One query finds the SMEs supported in the period (an assessment,
a support or a counted contract dated in it) with what they had, and the tier of each one's latest
assessment on or before `to`; one finds, for each SME with a counted contract in the period, its
readiness before and after its first counted day. Both group by an SME dimension for the breakdowns
(`by`: sector, province, size; None for the total). "Latest" is the latest day, then the larger id:
the correlated subqueries read the (sme_id, assessed_on, id) index backwards, one row per SME.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import and_, case, func, literal, select, union_all
from sqlalchemy.orm import Session

from assessments.models import Assessment
from assessments.tiers import KHOI_DONG, NANG_CAO, TIER_LEVELS, TOAN_DIEN, UNASSESSED
from consultants.models import Consultant, Support
from contracts.models import Contract
from core.vocab import ANY
from smes.models import Sme
from vouchers.indicators import programme_block

KINDS = ("assessment", "consulting", "training", "application")
SME_DIMENSIONS = ("province", "sector", "size")
UNKNOWN = "unknown"  # an SME whose province, sector or size is not known
TOTAL = UNKNOWN  # the key of the one group of an ungrouped query (its key is NULL)


def latest_level(sme_id, *conditions):
    """The level of the SME's latest assessment meeting `conditions` (NULL without one)."""
    return (
        select(Assessment.level)
        .where(Assessment.sme_id == sme_id, *conditions)
        .order_by(Assessment.assessed_on.desc(), Assessment.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def _flags(*ones):
    return [literal(1 if kind in ones else 0).label(kind) for kind in KINDS]


def _activity(start: date, end: date):
    """(sme_id, assessment, consulting, training, application): one row per SME supported in the period."""
    kind = Support.kind
    rows = union_all(
        select(Assessment.sme_id.label("sme_id"), *_flags("assessment")).where(
            Assessment.assessed_on.between(start, end)
        ),
        select(
            Support.sme_id,
            literal(0),
            case((kind == "consulting", 1), else_=0),
            case((kind == "training", 1), else_=0),
            case((kind == "application", 1), else_=0),
        ).where(Support.on.between(start, end)),
        select(Contract.sme_id, *_flags("application")).where(Contract.counted_day.between(start, end)),
    ).subquery()
    return (
        select(rows.c.sme_id, *(func.max(rows.c[k]).label(k) for k in KINDS))
        .group_by(rows.c.sme_id)
        .subquery()
    )


def _scoped(query, sme_id, province: str | None, by: str | None):
    """The query joined to the SMEs when it is filtered by province or grouped by an SME dimension."""
    if province is None and by is None:
        return query.add_columns(literal(None).label("key"))
    key = literal(None) if by is None else getattr(Sme, by)
    query = query.join(Sme, Sme.id == sme_id).add_columns(key.label("key"))
    return query.where(Sme.province == province) if province is not None else query


def _once(query, name: str):
    """The query as a materialised CTE: its correlated subqueries (the latest levels) run once per row,
    where an inlined subquery would run them again for each expression that reads them."""
    return query.cte(name).prefix_with("MATERIALIZED")


def _keyed(rows, width: int) -> dict[str, tuple[int, ...]]:
    """{group key: figures} with NULL and "" merged under `unknown` (TOTAL: the one group of a total)."""
    out: dict[str | None, list[int]] = {}
    for row in rows:
        key = row[0] if row[0] else UNKNOWN
        sums = out.setdefault(key, [0] * width)
        for i, value in enumerate(row[1:]):
            sums[i] += int(value or 0)
    return {k: tuple(v) for k, v in out.items()}


def _supported(session: Session, start: date, end: date, province: str | None, by: str | None):
    activity = _activity(start, end)
    level = latest_level(activity.c.sme_id, Assessment.assessed_on <= end).label("level")
    per_sme = _once(
        _scoped(
            select(activity.c.sme_id, *(activity.c[k] for k in KINDS), level), activity.c.sme_id, province, by
        ),
        "per_sme",
    )

    def tier(levels):
        low, high = levels
        return func.sum(case((per_sme.c.level.between(low, high), 1), else_=0))

    query = select(
        per_sme.c.key,
        func.count(),
        *(func.sum(per_sme.c[k]) for k in KINDS),
        tier(TIER_LEVELS[KHOI_DONG]),
        tier(TIER_LEVELS[NANG_CAO]),
        tier(TIER_LEVELS[TOAN_DIEN]),
        func.sum(case((per_sme.c.level.is_(None), 1), else_=0)),
    ).group_by(per_sme.c.key)
    return _keyed(session.execute(query), 9)


def _readiness_change(session: Session, start: date, end: date, province: str | None, by: str | None):
    first = (
        select(Contract.sme_id, func.min(Contract.counted_day).label("day"))
        .where(Contract.counted_day.between(start, end))
        .group_by(Contract.sme_id)
        .subquery()
    )
    before = latest_level(first.c.sme_id, Assessment.assessed_on <= first.c.day).label("before")
    after = latest_level(
        first.c.sme_id, Assessment.assessed_on > first.c.day, Assessment.assessed_on <= end
    ).label("after")
    pairs = _once(_scoped(select(before, after).select_from(first), first.c.sme_id, province, by), "pairs")

    def count(condition):
        return func.sum(
            case((and_(pairs.c.before.is_not(None), pairs.c.after.is_not(None), condition), 1), else_=0)
        )

    query = select(
        pairs.c.key,
        count(pairs.c.after > pairs.c.before),
        count(pairs.c.after == pairs.c.before),
        count(pairs.c.after < pairs.c.before),
    ).group_by(pairs.c.key)
    return _keyed(session.execute(query), 3)


def _contracts(session: Session, start: date, end: date, province: str | None, by: str | None):
    query = _scoped(select(func.count()).select_from(Contract), Contract.sme_id, province, by)
    query = query.where(Contract.counted_day.between(start, end))
    rows = session.execute(query.group_by(query.selected_columns.key)).all()
    return _keyed(((key, n) for n, key in rows), 1)


def _serves(provinces: list, province: str | None) -> bool:
    return province is None or ANY in (provinces or []) or province in (provinces or [])


def consultant_counts(session: Session, start: date, end: date, province: str | None) -> dict:
    """Certified (active, certified on or before `to`) and active (named on a support or an assessment
    dated in the period); with a province, only consultants working there, whichever SMEs they saw.
    The network is thousands of people, so the province rule (a JSON list) is read in Python."""
    named = set(
        session.scalars(
            select(Support.consultant_id)
            .where(Support.on.between(start, end), Support.consultant_id.is_not(None))
            .union(
                select(Assessment.consultant_id).where(
                    Assessment.assessed_on.between(start, end), Assessment.consultant_id.is_not(None)
                )
            )
        )
    )
    certified = active = 0
    for cid, provinces, status, certified_on in session.execute(
        select(Consultant.id, Consultant.provinces, Consultant.status, Consultant.certified_on)
    ):
        if not _serves(provinces, province):
            continue
        certified += status == "active" and certified_on is not None and certified_on <= end
        active += cid in named
    return {"certified": certified, "active": active}


def extra_figures(session: Session, start: date, end: date, province: str | None = None) -> dict[str, int]:
    """What the plans count beyond the spec's report: SMEs assessed or consulted in the period (Hải Phòng's
    3,000), and consultants certified in the period (Huế's 10-20 a year), by the report's province rules."""
    touched = union_all(
        select(Assessment.sme_id.label("sme_id")).where(Assessment.assessed_on.between(start, end)),
        select(Support.sme_id).where(Support.on.between(start, end), Support.kind == "consulting"),
    ).subquery()
    query = select(func.count(touched.c.sme_id.distinct())).select_from(touched)
    if province is not None:
        query = query.join(Sme, Sme.id == touched.c.sme_id).where(Sme.province == province)
    newly = sum(
        1
        for provinces, status, day in session.execute(
            select(Consultant.provinces, Consultant.status, Consultant.certified_on).where(
                Consultant.certified_on.between(start, end)
            )
        )
        if status == "active" and _serves(provinces, province)
    )
    return {"assessed_or_consulted": int(session.scalar(query) or 0), "consultants_newly_certified": newly}


def _figures(supported, change, contracts) -> dict:
    smes, assessed, consulting, training, applying, low, middle, high, unassessed = supported or (0,) * 9
    improved, unchanged, declined = change or (0, 0, 0)
    return {
        "smes_supported": smes,
        "by_kind": {
            "assessment": assessed,
            "consulting": consulting,
            "training": training,
            "application": applying,
        },
        "tiers": {KHOI_DONG: low, NANG_CAO: middle, TOAN_DIEN: high, UNASSESSED: unassessed},
        "readiness_change": {"improved": improved, "unchanged": unchanged, "declined": declined},
        "contracts": (contracts or (0,))[0],
    }


def programme_report(session: Session, start: date, end: date, province: str | None = None) -> dict:
    """Exactly the JSON of `marketplace report programme --json`."""
    figures = _figures(
        _supported(session, start, end, province, None).get(TOTAL),
        _readiness_change(session, start, end, province, None).get(TOTAL),
        _contracts(session, start, end, province, None).get(TOTAL),
    )
    contracts = figures.pop("contracts")
    return {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "province": province,
        **figures,
        "consultants": consultant_counts(session, start, end, province),
        "vouchers": programme_block(session, start, end, province),
        "contracts": contracts,
    }


def breakdown(session: Session, start: date, end: date, by: str, province: str | None = None) -> list[dict]:
    """The report's SME figures per group of `by` (an SME dimension): [{"key": ..., figures}], largest
    first, `unknown` last. Consultants are counted per province only (where they work)."""
    supported = _supported(session, start, end, province, by)
    change = _readiness_change(session, start, end, province, by)
    contracts = _contracts(session, start, end, province, by)
    groups = []
    for key in set(supported) | set(change) | set(contracts):
        group = {"key": key, **_figures(supported.get(key), change.get(key), contracts.get(key))}
        if by == "province" and key != UNKNOWN:
            group["consultants"] = consultant_counts(session, start, end, key)
        groups.append(group)
    return sorted(groups, key=lambda g: (g["key"] == UNKNOWN, -g["smes_supported"], g["key"]))


def months(start: date, end: date) -> list[tuple[str, date, date]]:
    """(YYYY-MM, first day, last day) of each month the period touches, clipped to the period."""
    out, day = [], start
    while day <= end:
        following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
        last = min(end, following - timedelta(days=1))
        out.append((f"{day.year:04d}-{day.month:02d}", day, last))
        day = following
    return out


def month_breakdown(session: Session, start: date, end: date, province: str | None = None) -> list[dict]:
    """The whole report for each month of the period (its own distinct SMEs and consultants)."""
    groups = []
    for key, first, last in months(start, end):
        report = programme_report(session, first, last, province)
        groups.append(
            {"key": key, **{k: v for k, v in report.items() if k not in ("from", "to", "province")}}
        )
    return groups


def all_breakdowns(session: Session, start: date, end: date, province: str | None = None) -> dict:
    return {
        **{by: breakdown(session, start, end, by, province) for by in SME_DIMENSIONS},
        "month": month_breakdown(session, start, end, province),
    }


def readiness_by_solution(session: Session, start: date, end: date, by: str, province: str | None = None):
    """Which solutions move SMEs up: for each product (`by` "product") or vendor ("vendor") with contracts
    counted in the period, its SMEs whose readiness rose, stayed or fell, as the spec's readiness_change
    reads it (latest assessment on or before the contract's day, then the latest after it up to `to`).
    [(key, improved, unchanged, declined)], most improved first."""
    key = {"product": Contract.product_id, "vendor": Contract.vendor_id}[by]
    before = latest_level(Contract.sme_id, Assessment.assessed_on <= Contract.counted_day).label("before")
    after = latest_level(
        Contract.sme_id, Assessment.assessed_on > Contract.counted_day, Assessment.assessed_on <= end
    ).label("after")
    query = select(key.label("solution"), Contract.sme_id.label("sme_id"), before, after).where(
        Contract.counted_day.between(start, end)
    )
    if province is not None:
        query = query.join(Sme, Sme.id == Contract.sme_id).where(Sme.province == province)
    pairs = _once(query, "solution_pairs")

    def smes(condition):
        both = and_(pairs.c.before.is_not(None), pairs.c.after.is_not(None), condition)
        return func.count(case((both, pairs.c.sme_id)).distinct())

    rows = session.execute(
        select(
            pairs.c.solution,
            smes(pairs.c.after > pairs.c.before),
            smes(pairs.c.after == pairs.c.before),
            smes(pairs.c.after < pairs.c.before),
        ).group_by(pairs.c.solution)
    ).all()
    kept = [(k, int(u), int(s), int(d)) for k, u, s, d in rows if u or s or d]
    return sorted(kept, key=lambda r: (-r[1], r[3], r[0]))
