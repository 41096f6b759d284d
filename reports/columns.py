"""The report columns of counted contracts: what makes every report a plain indexed sum.

When a contract counts (contracts.events.contract_counted, in the counting transaction), the
dimensions it is reported under are frozen on its row as they stand that day (the SME's sector,
province, ward and size; a row per product category), and the previous-contract days of every
counted contract of its SME are recomputed (reports.firsts), so that "distinct SMEs in a period" in
any group is a sum without DISTINCT.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from contracts.models import REPORT_COLUMNS, Contract, ContractCategory
from contracts.services import insert_ignoring_duplicates, product_revision
from reports.firsts import ALL, CountedKeys, previous_days
from smes.models import Sme
from smes.sizing import effective_size


def report_snapshot(session: Session, contract: Contract) -> tuple[dict, list[str]]:
    """The report dimensions of a contract now: the SME's sector, province, ward, size; the categories."""
    sme = session.get(Sme, contract.sme_id)
    size = effective_size(sme.sector, sme.size, sme.employees, sme.annual_revenue_vnd).size
    revision = product_revision(session, contract.product_id)
    categories = sorted(set(revision.categories)) if revision is not None else []
    values = {
        "sector": sme.sector or None,
        "province": sme.province or None,
        "ward": sme.ward or None,
        "size": size,
    }
    return values, categories

def on_contract_counted(contract: Contract, *, session: Session, actor=None) -> None:
    """Freeze the counted contract's report dimensions and refresh its SME's previous-contract days."""
    values, categories = report_snapshot(session, contract)
    session.execute(
        update(Contract).where(Contract.id == contract.id).values(**values)
        .execution_options(synchronize_session=False)
    )
    for category in categories:
        insert_ignoring_duplicates(
            session,
            ContractCategory,
            {
                "contract_id": contract.id,
                "category": category,
                "counted_day": contract.counted_day,
                "sme_id": contract.sme_id,
                "value_vnd": contract.value_vnd,
            },
            ["contract_id", "category"],
        )
    refresh_previous_days(session, contract.sme_id)


def refresh_previous_days(session: Session, sme_id: str) -> None:
    """Recompute the previous-contract days of every counted contract of one SME (its row locked)."""
    groupings = list(REPORT_COLUMNS.items())
    columns = [getattr(Contract, key) for _, (key, _) in groupings]
    previous = [getattr(Contract, prev) for _, (_, prev) in groupings]
    rows = session.execute(
        select(Contract.id, Contract.counted_day, Contract.prev_day, *columns, *previous).where(
            Contract.sme_id == sme_id, Contract.counted_day.is_not(None)
        )
    ).all()
    category_rows = session.execute(
        select(ContractCategory.contract_id, ContractCategory.category, ContractCategory.prev_day).where(
            ContractCategory.sme_id == sme_id
        )
    ).all()
    categories: dict[str, list[str]] = {}
    for contract_id, category, _ in category_rows:
        categories.setdefault(contract_id, []).append(category)
    n = len(groupings)
    days = previous_days(
        CountedKeys(
            row[0],
            row[1],
            {
                **{dim: (row[3 + i],) for i, (dim, _) in enumerate(groupings)},
                "category": tuple(categories.get(row[0], ())),
            },
        )
        for row in rows
    )
    for row in rows:
        found = days[row[0]]
        wanted = {"prev_day": found[(ALL, None)]}
        for i, (dim, (_, prev)) in enumerate(groupings):
            wanted[prev] = found[(dim, row[3 + i])]
        stored = {"prev_day": row[2], **{prev: row[3 + n + i] for i, (_, (_, prev)) in enumerate(groupings)}}
        if wanted != stored:
            session.execute(
                update(Contract)
                .where(Contract.id == row[0])
                .values(**wanted)
                .execution_options(synchronize_session=False)
            )
    for contract_id, category, stored in category_rows:
        wanted = days[contract_id][("category", category)] if contract_id in days else None
        if wanted != stored:
            session.execute(
                update(ContractCategory)
                .where(ContractCategory.contract_id == contract_id, ContractCategory.category == category)
                .values(prev_day=wanted)
                .execution_options(synchronize_session=False)
            )
