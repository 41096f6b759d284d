"""Contract reports as SQL GROUP BY queries over the counted contracts and their report snapshot.

Without filters a report is ONE aggregate scan of a covering index: contracts and value are COUNT
and SUM, and "SMEs supported" is the number of contracts that are their SME's first of the period in
their group (reports.firsts), also a SUM, so no COUNT(DISTINCT) over a million rows. Filtered
reports (a dashboard drilling into one sector, say) read fewer rows and use COUNT(DISTINCT sme_id).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from contracts.models import REPORT_COLUMNS, Contract, ContractCategory
from reports.aggregate import UNKNOWN, Group, Report, check_dimension, sort_groups, with_terminated

FILTERS = ("sector", "province", "size", "pricing_model", "vendor", "category")


def _key_column(by: str):
    return ContractCategory.category if by == "category" else getattr(Contract, REPORT_COLUMNS[by][0])


def _first_of_period(previous, date_from: date):
    """1 for a contract that is its SME's first of the period in the group `previous` belongs to."""
    return func.sum(case((or_(previous.is_(None), previous < date_from), 1), else_=0))


def clean_filters(filters: Mapping[str, str] | None) -> dict[str, str]:
    """Only known dimension filters with a value."""
    return {k: v for k, v in (filters or {}).items() if k in FILTERS and v}


def _filter_conditions(filters: Mapping[str, str]) -> list:
    conditions = []
    for name, value in filters.items():
        if name == "category":
            conditions.append(
                Contract.id.in_(
                    select(ContractCategory.contract_id).where(ContractCategory.category == value)
                )
            )
        else:
            column = _key_column(name)
            conditions.append(column.is_(None) if value == UNKNOWN else column == value)
    return conditions


def _period(table, date_from: date, date_to: date) -> list:
    return [table.counted_day.is_not(None), table.counted_day.between(date_from, date_to)]


def _groups(rows) -> list[Group]:
    merged: dict[str, Group] = {}
    for key, contracts, smes, value in rows:
        name = key if key else UNKNOWN
        if name in merged:  # NULL and an empty string both mean unknown
            old = merged[name]
            merged[name] = Group(
                name, old.contracts + int(contracts), old.smes + int(smes), old.value_vnd + int(value)
            )
        else:
            merged[name] = Group(name, int(contracts), int(smes), int(value))
    return list(merged.values())


def _unfiltered(session: Session, date_from: date, date_to: date, by: str):
    value = func.coalesce(func.sum(Contract.value_vnd), 0)
    if by == "category":
        rows = session.execute(
            select(
                ContractCategory.category,
                func.count(),
                _first_of_period(ContractCategory.prev_day, date_from),
                func.coalesce(func.sum(ContractCategory.value_vnd), 0),
            )
            .where(*_period(ContractCategory, date_from, date_to))
            .group_by(ContractCategory.category)
        ).all()
        total = session.execute(
            select(func.count(), _first_of_period(Contract.prev_day, date_from), value).where(
                *_period(Contract, date_from, date_to)
            )
        ).one()
        return rows, tuple(int(x or 0) for x in total)
    key, previous = (getattr(Contract, name) for name in REPORT_COLUMNS[by])
    rows = session.execute(
        select(
            key,
            func.count(),
            _first_of_period(previous, date_from),
            value,
            _first_of_period(Contract.prev_day, date_from),
        )
        .where(*_period(Contract, date_from, date_to))
        .group_by(key)
    ).all()
    # Every other dimension partitions the contracts, so the totals are sums of the groups.
    total = (sum(r[1] for r in rows), sum(int(r[4]) for r in rows), sum(int(r[3]) for r in rows))
    return [r[:4] for r in rows], total


def _filtered(session: Session, date_from: date, date_to: date, by: str, filters: Mapping[str, str]):
    conditions = [*_period(Contract, date_from, date_to), *_filter_conditions(filters)]
    value = func.coalesce(func.sum(Contract.value_vnd), 0)
    key = _key_column(by)
    query = select(key, func.count(), func.count(Contract.sme_id.distinct()), value).select_from(Contract)
    if by == "category":
        query = query.join(ContractCategory, ContractCategory.contract_id == Contract.id)
    rows = session.execute(query.where(*conditions).group_by(key)).all()
    total = session.execute(
        select(func.count(), func.count(Contract.sme_id.distinct()), value).where(*conditions)
    ).one()
    return rows, tuple(int(x or 0) for x in total)


def contract_report(
    session: Session,
    date_from: date,
    date_to: date,
    by: str,
    filters: Mapping[str, str] | None = None,
    *,
    terminations: bool = False,
) -> Report:
    """The report of contracts counted between the two Vietnam-time days (inclusive), grouped `by`.

    `filters`: dimension -> key (UNKNOWN for a missing value) restricting the contracts counted.
    `terminations`: also count, in total and per group, the contracts later terminated.
    """
    check_dimension(by)
    filters = clean_filters(filters)
    if filters:
        rows, (contracts, smes, value) = _filtered(session, date_from, date_to, by, filters)
    else:
        rows, (contracts, smes, value) = _unfiltered(session, date_from, date_to, by)
    report = Report(
        date_from, date_to, by, contracts, smes, value, sort_groups(_groups(rows), by), filters=filters
    )
    if terminations:
        report = with_terminated(report, *terminated_counts(session, date_from, date_to, by, filters))
    return report


def terminated_counts(
    session: Session, date_from: date, date_to: date, by: str, filters: Mapping[str, str]
) -> tuple[int, dict[str, int]]:
    """Counted contracts of the period that were terminated afterwards: in total and per group key."""
    conditions = [
        *_period(Contract, date_from, date_to),
        *_filter_conditions(filters),
        Contract.status == "terminated",
    ]
    key = _key_column(by)
    query = select(key, func.count()).select_from(Contract)
    if by == "category":
        query = query.join(ContractCategory, ContractCategory.contract_id == Contract.id)
    per_group: dict[str, int] = {}
    for name, n in session.execute(query.where(*conditions).group_by(key)):
        per_group[name or UNKNOWN] = per_group.get(name or UNKNOWN, 0) + int(n)
    total = session.scalar(select(func.count()).select_from(Contract).where(*conditions)) or 0
    return int(total), per_group


def ward_breakdown(
    session: Session, date_from: date, date_to: date, filters: Mapping[str, str]
) -> list[Group]:
    """Counted contracts per ward (of the SME when counted), for a dashboard filtered to one province."""
    conditions = [*_period(Contract, date_from, date_to), *_filter_conditions(clean_filters(filters))]
    rows = session.execute(
        select(
            Contract.ward,
            func.count(),
            func.count(Contract.sme_id.distinct()),
            func.coalesce(func.sum(Contract.value_vnd), 0),
        )
        .where(*conditions)
        .group_by(Contract.ward)
    ).all()
    return list(sort_groups(_groups(rows), "ward"))
