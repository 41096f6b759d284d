"""The programme indicators of `marketplace report programme` (shared/spec/programme.md), in SQL.

Every SME count is of distinct SMEs. The figures are read from programme_sme_months (one row per SME
and month it was active in; indicators.activity says what a row holds), so that a report reads at
most one row per SME and month of the period, and groups without DISTINCT:

- An SME's last row up to the period's last month (its next active month is later, or none) says
  whether it was supported in the period and how: the kinds of that month's days inside the period,
  or a latest day of the kind before that month that is inside it. Its level on the last day is read
  from the same row.
- An SME's first counted day in the period is in the row of the period whose previous counted day is
  before the period; the readiness baseline is its level on that day, and the follow-up exists when
  an assessment falls after that day and on or before the last: later in that month, or in the last
  row (its own days, or a latest assessment before its month that is after the first row's month).

A day inside a month is a bit: masks select the period's days of its first and last months, and the
lowest bit of a month's counted days inside the period is its first counted day. The level on a day
comes from its row's levels before and at the end of the month, unless the month has assessments
both before and after that day; only then is the assessments' history read (a subquery that runs
for those rows alone).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Integer, and_, case, cast, extract, func, literal, or_, select, text
from sqlalchemy.orm import Session

from assessments.models import Assessment
from assessments.tiers import KHOI_DONG, NANG_CAO, TIER_LEVELS, TOAN_DIEN, UNASSESSED
from consultants.models import Consultant, Support
from contracts.models import Contract
from core.vocab import ANY
from indicators import rollup
from indicators.activity import FULL_MONTH, days_from, days_upto, month_end, month_key
from indicators.models import SmeMonth
from smes.models import Sme
from vouchers.indicators import programme_block

KINDS = ("assessment", "consulting", "training", "application")
SME_DIMENSIONS = ("province", "sector", "size")
UNKNOWN = "unknown"  # an SME whose province, sector or size is not known
TOTAL = UNKNOWN  # the key of the one group of an ungrouped query (its key is NULL)
WIDTH = 12  # figures per group: supported, 4 kinds, 4 tiers, 3 readiness changes
T = SmeMonth.__table__.c


def latest_level(sme_id, *conditions):
    """The level of the SME's latest assessment meeting `conditions` (NULL without one)."""
    return (
        select(Assessment.level)
        .where(Assessment.sme_id == sme_id, *conditions)
        .order_by(Assessment.assessed_on.desc(), Assessment.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def _prepare(session: Session) -> None:
    """Rows up to date with this session's changes; on PostgreSQL, for the rest of the transaction, no JIT
    (compiling a report's expressions costs more than it saves: ~1 s of a 1 s query at 1 M SMEs) and room
    for the join of the SMEs' rows to stay in memory."""
    rollup.flush_pending(session)
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL jit = off"))
        session.execute(text("SET LOCAL work_mem = '64MB'"))


def _bits(expression, mask):
    return expression.bitwise_and(mask)


def _some(expression, mask) -> object:
    return _bits(expression, mask) != 0


def _any_activity(row):
    """The days of a row's month with an activity of a by_kind kind (counted days are application days)."""
    return row.assessment.bitwise_or(row.consulting).bitwise_or(row.training).bitwise_or(row.application)


def _count(condition):
    return func.sum(case((condition, 1), else_=0))


def _upto(day_bit):
    """The day of `day_bit` and the days before it (2·day_bit - 1 would overflow on day 31)."""
    return day_bit - 1 + day_bit


def _upto_lowest(bits):
    """The day of the lowest bit of `bits` and the days before it (-1, every day, when `bits` is 0)."""
    return _upto(bits.bitwise_and(-bits))


def _after(upto):
    """The days of a month after those of `upto` (none when `upto` is -1: every day)."""
    return literal(FULL_MONTH).bitwise_and(upto.bitwise_not())


def _followed(first, after_first, last, in_last):
    """Whether an assessment follows the first counted day: after it (`after_first`: the days after it in
    the `first` row's month) and on or before the period's last day (`in_last`: the period's days of the
    `last` row's month), in the same month or later."""
    return case(
        (first.month == last.month, _some(last.assessment.bitwise_and(after_first), in_last)),
        else_=or_(
            _some(first.assessment, after_first),
            last.prior_assessment > first.month_end,
            _some(last.assessment, in_last),
        ),
    )


def _level_on_first(row, bits, day):
    """The level on the day of the lowest bit of `bits` (a day of the row's month); `day` is that day
    as a date, for the history lookup of a month with assessments on both sides of it."""
    upto = _upto_lowest(bits)
    return case(
        (_bits(row.assessment, _after(upto)) == 0, row.level_end),
        (_bits(row.assessment, upto) == 0, row.level_before),
        else_=latest_level(row.sme_id, Assessment.assessed_on <= day),
    )


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def first(self) -> str:
        return month_key(self.start)

    @property
    def last(self) -> str:
        return month_key(self.end)

    @property
    def low(self) -> int:
        """The period's days of its first month."""
        return FULL_MONTH if self.start.day == 1 else days_from(self.start.day)

    @property
    def high(self) -> int:
        """The period's days of its last month."""
        return FULL_MONTH if self.end == month_end(self.last) else days_upto(self.end.day)

    def mask(self, month):
        """The period's days of the month `month` (a row's month, within the period)."""
        if self.first == self.last:
            return literal(self.low & self.high)
        whens = [(month == key, bits) for key, bits in ((self.first, self.low), (self.last, self.high))]
        whens = [(condition, bits) for condition, bits in whens if bits != FULL_MONTH]
        return case(*whens, else_=FULL_MONTH) if whens else literal(FULL_MONTH)

    def within(self, month):
        return month.between(self.first, self.last)

    def last_rows(self, row):
        """Each SME's last row up to the period's last month, among the period's months."""
        return and_(self.within(row.month), row.next_month > self.last)

    def level_at_end(self, row):
        """The level on the period's last day, from a row of a month up to the last one."""
        if self.high == FULL_MONTH:
            return row.level_end
        return case(
            (or_(row.month != self.last, _bits(row.assessment, FULL_MONTH - self.high) == 0), row.level_end),
            (_bits(row.assessment, self.high) == 0, row.level_before),
            else_=latest_level(row.sme_id, Assessment.assessed_on <= self.end),
        )

    def level_on_first_counted(self, row, counted, month=None):
        """The level on the row's first counted day in the period (`counted`: its counted days in the
        period): the month's first counted day, unless the period starts inside the row's month after
        one; `month` when the day is looked for within that month only."""
        if self.low == FULL_MONTH:
            return row.level_first_counted
        return case(
            (
                or_(row.month != self.first, _bits(row.counted, FULL_MONTH - self.low) == 0),
                row.level_first_counted,
            ),
            else_=_level_on_first(row, counted, self.first_counted_day(row.sme_id, month)),
        )

    def first_counted_day(self, sme_id, month=None):
        """The SME's first counted day in the period (in the month `month` if given)."""
        query = select(func.min(Contract.counted_day)).where(
            Contract.sme_id == sme_id, Contract.counted_day.between(self.start, self.end)
        )
        query = query if month is None else query.where(Contract.counted_month == month)
        # Nested in the history lookup: correlated with the row two levels up, not a FROM of its own.
        return query.correlate_except(Contract).scalar_subquery()


def _scoped(query, province: str | None):
    return query if province is None else query.where(T.province == province)


def _key(by: str | None):
    return (literal(None) if by is None else T[by]).label("key")


def _tiers(level):
    return [_count(level.between(*TIER_LEVELS[tier])) for tier in (KHOI_DONG, NANG_CAO, TOAN_DIEN)] + [
        _count(level.is_(None))
    ]


def _changes(before, after, followed):
    """improved, unchanged, declined: rows with a baseline and a follow-up, by their levels."""
    both = and_(before.is_not(None), followed)
    return [
        _count(and_(both, after > before)),
        _count(and_(both, after == before)),
        _count(and_(both, after < before)),
    ]


def _keyed(rows, width: int) -> dict[str, tuple[int, ...]]:
    """{group key: figures} with NULL and "" merged under `unknown` (TOTAL: the one group of a total)."""
    out: dict[str | None, list[int]] = {}
    for row in rows:
        key = row[0] if row[0] else UNKNOWN
        sums = out.setdefault(key, [0] * width)
        for i, value in enumerate(row[1:]):
            sums[i] += int(value or 0)
    return {k: tuple(v) for k, v in out.items()}


def _smes(session: Session, period: Period, province: str | None, by: str | None):
    """{key: (supported, 4 kinds, 4 tiers, improved, unchanged, declined)} for the SMEs of the period.

    Both row sets are plain scans (PostgreSQL reads them in parallel); the levels, whose history lookups
    are correlated subqueries, are read above the join."""
    mask = period.mask(T.month)
    kinds = {kind: or_(_some(T[kind], mask), T[f"prior_{kind}"] >= period.start) for kind in KINDS}
    supported = or_(
        _some(_any_activity(T), mask),
        T.prior_any >= period.start,
    )
    levels = (T.sme_id, T.month, T.assessment, T.level_before, T.level_end)
    last = _scoped(
        select(
            *levels,
            T.prior_assessment,
            _key(by),
            *(case((condition, 1), else_=0).label(f"had_{kind}") for kind, condition in kinds.items()),
        ).where(period.last_rows(T), supported),
        province,
    ).subquery("last_rows")
    first = _scoped(
        select(*levels, T.month_end, T.level_first_counted, _bits(T.counted, mask).label("counted")).where(
            period.within(T.month),
            T.counted != 0,  # what the partial index of counted rows is for: the mask alone does not say it
            _some(T.counted, mask),
            or_(T.prior_counted.is_(None), T.prior_counted < period.start),
        ),
        province,
    ).subquery("first_counted")
    followed = _followed(first.c, _after(_upto_lowest(first.c.counted)), last.c, period.mask(last.c.month))
    level = period.level_at_end(last.c)
    before = period.level_on_first_counted(first.c, first.c.counted)
    query = (
        select(
            last.c.key,
            func.count(),
            *(func.sum(last.c[f"had_{kind}"]) for kind in KINDS),
            *_tiers(level),
            *_changes(before, level, and_(first.c.sme_id.is_not(None), followed)),
        )
        .select_from(last.outerjoin(first, first.c.sme_id == last.c.sme_id))
        .group_by(last.c.key)
    )
    return _keyed(session.execute(query), WIDTH)


def _contracts(session: Session, period: Period, province: str | None, by: str | None):
    query = (
        select(func.count())
        .select_from(Contract)
        .where(Contract.counted_day.between(period.start, period.end))
    )
    if province is None and by is None:
        return {TOTAL: (session.scalar(query),)}
    key = literal(None) if by is None else getattr(Sme, by)
    query = query.join(Sme, Sme.id == Contract.sme_id).add_columns(key.label("key"))
    if province is not None:
        query = query.where(Sme.province == province)
    rows = session.execute(query.group_by(query.selected_columns.key)).all()
    return _keyed(((key, n) for n, key in rows), 1)


def _serves(provinces: list, province: str | None) -> bool:
    return province is None or ANY in (provinces or []) or province in (provinces or [])


def active_consultants(session: Session, start: date, end: date) -> set[str]:
    """Consultants named on a support or an assessment dated in the period: one probe of the
    (consultant, day) indexes per consultant of the network, whatever the number of records."""
    supports = select(Support.id).where(
        Support.consultant_id == Consultant.id, Support.on.between(start, end)
    )
    assessments = select(Assessment.id).where(
        Assessment.consultant_id == Consultant.id, Assessment.assessed_on.between(start, end)
    )
    return set(session.scalars(select(Consultant.id).where(or_(supports.exists(), assessments.exists()))))


def network(session: Session) -> list[tuple]:
    """The consultants as the counts read them: thousands of people, read once per report (a breakdown
    counts them for each province or month)."""
    return session.execute(
        select(Consultant.id, Consultant.provinces, Consultant.status, Consultant.certified_on)
    ).all()


def consultant_counts(
    session: Session,
    start: date,
    end: date,
    province: str | None,
    named: set[str] | None = None,
    consultants: list[tuple] | None = None,
) -> dict:
    """Certified (active, certified on or before `to`) and active (named on a support or an assessment
    dated in the period); with a province, only consultants working there, whichever SMEs they saw.
    The province rule (a JSON list) is read in Python. `named` and `consultants`: active_consultants and
    network, when the caller has them already."""
    named = active_consultants(session, start, end) if named is None else named
    certified = active = 0
    for cid, provinces, status, certified_on in network(session) if consultants is None else consultants:
        if not _serves(provinces, province):
            continue
        certified += status == "active" and certified_on is not None and certified_on <= end
        active += cid in named
    return {"certified": certified, "active": active}


def extra_figures(session: Session, start: date, end: date, province: str | None = None) -> dict[str, int]:
    """What the plans count beyond the spec's report: SMEs assessed or consulted in the period (Hải Phòng's
    3,000), and consultants certified in the period (Huế's 10-20 a year), by the report's province rules."""
    _prepare(session)
    period = Period(start, end)
    touched = or_(
        _some(T.assessment.bitwise_or(T.consulting), period.mask(T.month)),
        T.prior_assessment >= start,
        T.prior_consulting >= start,
    )
    query = _scoped(
        select(func.count()).where(period.last_rows(T), touched),
        province,
    )
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


def _figures(smes, contracts) -> dict:
    supported, assessed, consulting, training, applying, low, middle, high, unassessed, *change = (
        smes or (0,) * WIDTH
    )
    improved, unchanged, declined = change
    return {
        "smes_supported": supported,
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


def _report(
    session: Session, start: date, end: date, province: str | None, figures: dict, consultants=None
) -> dict:
    contracts = figures.pop("contracts")
    return {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "province": province,
        **figures,
        "consultants": consultant_counts(session, start, end, province, consultants=consultants),
        "vouchers": programme_block(session, start, end, province),
        "contracts": contracts,
    }


def programme_report(session: Session, start: date, end: date, province: str | None = None) -> dict:
    """Exactly the JSON of `marketplace report programme --json`."""
    _prepare(session)
    period = Period(start, end)
    figures = _figures(
        _smes(session, period, province, None).get(TOTAL),
        _contracts(session, period, province, None).get(TOTAL),
    )
    return _report(session, start, end, province, figures)


def breakdown(session: Session, start: date, end: date, by: str, province: str | None = None) -> list[dict]:
    """The report's SME figures per group of `by` (an SME dimension): [{"key": ..., figures}], largest
    first, `unknown` last. Consultants are counted per province only (where they work)."""
    _prepare(session)
    period = Period(start, end)
    smes = _smes(session, period, province, by)
    contracts = _contracts(session, period, province, by)
    named = active_consultants(session, start, end) if by == "province" else None
    consultants = network(session) if by == "province" else None
    groups = []
    for key in set(smes) | set(contracts):
        group = {"key": key, **_figures(smes.get(key), contracts.get(key))}
        if by == "province" and key != UNKNOWN:
            group["consultants"] = consultant_counts(session, start, end, key, named, consultants)
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


def _by_month(session: Session, period: Period, province: str | None) -> dict[str, tuple[int, ...]]:
    """Each month's SME figures in one pass: within a month, an SME has one row, which holds them all."""
    mask = period.mask(T.month)
    level = period.level_at_end(T)
    counted = _bits(T.counted, mask)
    before = case((counted != 0, period.level_on_first_counted(T, counted, T.month)))
    followed = and_(counted != 0, _some(_bits(T.assessment, _after(_upto_lowest(counted))), mask))
    query = _scoped(
        select(
            T.month,
            func.count(),
            *(_count(_some(T[kind], mask)) for kind in KINDS),
            *_tiers(level),
            *_changes(before, level, followed),
        )
        .where(
            period.within(T.month),
            _some(_any_activity(T), mask),
        )
        .group_by(T.month),
        province,
    )
    return _keyed(session.execute(query), WIDTH)


def month_breakdown(session: Session, start: date, end: date, province: str | None = None) -> list[dict]:
    """The whole report for each month of the period (its own distinct SMEs and consultants)."""
    _prepare(session)
    period = Period(start, end)
    smes = _by_month(session, period, province)
    contracts = select(Contract.counted_month, func.count()).where(Contract.counted_day.between(start, end))
    if province is not None:
        contracts = contracts.join(Sme, Sme.id == Contract.sme_id).where(Sme.province == province)
    counts = dict(session.execute(contracts.group_by(Contract.counted_month)).all())
    consultants = network(session)
    groups = []
    for key, first, last in months(start, end):
        figures = _figures(smes.get(key), (counts.get(key, 0),))
        report = _report(session, first, last, province, figures, consultants)
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
    _prepare(session)
    period = Period(start, end)
    key = {"product": Contract.product_id, "vendor": Contract.vendor_id}[by]
    day_bit = literal(1).bitwise_lshift(cast(extract("day", Contract.counted_day), Integer) - 1)
    after_day = _after(_upto(day_bit))
    last = _scoped(
        select(
            T.sme_id, T.month, T.assessment, T.prior_assessment, period.level_at_end(T).label("level")
        ).where(
            period.last_rows(T),
            T.sme_id.in_(select(Contract.sme_id).where(Contract.counted_day.between(start, end))),
        ),
        province,
    )
    # Materialised: read once from the index and hashed, where the planner, misjudging how many contracts
    # match their month's row, would look each SME's last row up again per contract.
    last = last.cte("last_rows").prefix_with("MATERIALIZED")
    followed = _followed(T, after_day, last.c, period.mask(last.c.month))
    # Each contract's levels, computed once (a materialised CTE: inlined, each use would compute them again).
    pairs = (
        select(
            key.label("solution"),
            Contract.sme_id,
            _level_on_first(T, day_bit, Contract.counted_day).label("before"),
            last.c.level,
            followed.label("followed"),
        )
        .select_from(Contract)
        # A contract's month is a counted row: the partial index of counted rows holds what is read here.
        .join(SmeMonth, and_(T.sme_id == Contract.sme_id, T.month == Contract.counted_month, T.counted != 0))
        .join(last, last.c.sme_id == Contract.sme_id)
        .where(Contract.counted_day.between(start, end))
        .cte("solution_pairs")
        .prefix_with("MATERIALIZED")
    )
    before, level = pairs.c.before, pairs.c.level
    both = and_(before.is_not(None), pairs.c.followed)
    # Each SME once per solution and outcome (DISTINCT), then counted per solution.
    outcomes = (
        select(
            pairs.c.solution,
            pairs.c.sme_id,
            case((and_(both, level > before), 1), (and_(both, level == before), 0), (both, -1)).label(
                "change"
            ),
        )
        .distinct()
        .subquery("outcomes")
    )
    change = outcomes.c.change
    rows = session.execute(
        select(outcomes.c.solution, _count(change == 1), _count(change == 0), _count(change == -1))
        .where(change.is_not(None))
        .group_by(outcomes.c.solution)
    ).all()
    kept = [(k, int(u), int(s), int(d)) for k, u, s, d in rows if u or s or d]
    return sorted(kept, key=lambda r: (-r[1], r[3], r[0]))
