"""The public directory of the network and each consultant's track record.

The network is thousands of people, so the list filters (JSON lists of specialties, sectors, provinces)
run in Python over the active consultants; the track record is three small queries per page."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assessments.models import Assessment
from consultants.models import Consultant, Support
from consultants.ranking import serves
from core.text import fold
from core.vocab import ANY


@dataclass(frozen=True)
class Track:
    smes: int  # SMEs they assessed or supported
    assessments: int  # assessments they ran
    improved: int  # of their SMEs, those whose latest assessment is above their first
    declined: int


def listed(
    session: Session,
    specialty: str = "",
    sector: str = "",
    province: str = "",
    q: str = "",
    certified_only: bool = True,
) -> list[Consultant]:
    """Active consultants (certified ones, unless `certified_only` is False) matching the filters."""
    query = select(Consultant).where(Consultant.status == "active").order_by(Consultant.name, Consultant.id)
    if certified_only:
        query = query.where(Consultant.certified_on.is_not(None))
    words = fold(q).split()
    out = []
    for c in session.scalars(query):
        if specialty and specialty not in c.specialties:
            continue
        if sector and not (sector in c.sectors or ANY in c.sectors):
            continue
        if province and not serves(c.provinces, province):
            continue
        if words and not all(w in fold(f"{c.name} {c.organisation or ''}") for w in words):
            continue
        out.append(c)
    return out


def track_records(session: Session, ids: Iterable[str]) -> dict[str, Track]:
    ids = list(ids)
    if not ids:
        return {}
    pairs = session.execute(
        select(Support.consultant_id, Support.sme_id)
        .where(Support.consultant_id.in_(ids))
        .union(select(Assessment.consultant_id, Assessment.sme_id).where(Assessment.consultant_id.in_(ids)))
    ).all()
    run = dict(
        session.execute(
            select(Assessment.consultant_id, func.count())
            .where(Assessment.consultant_id.in_(ids))
            .group_by(Assessment.consultant_id)
        ).all()
    )
    smes = {sme for _, sme in pairs}
    levels: dict[str, list[int]] = {}
    for sme_id, level in session.execute(
        select(Assessment.sme_id, Assessment.level)
        .where(Assessment.sme_id.in_(smes))
        .order_by(Assessment.sme_id, Assessment.assessed_on, Assessment.id)
    ):
        levels.setdefault(sme_id, []).append(level)
    out = {}
    for cid in ids:
        theirs = {sme for c, sme in pairs if c == cid}
        moves = [levels[s][-1] - levels[s][0] for s in theirs if len(levels.get(s, [])) > 1]
        out[cid] = Track(
            len(theirs), int(run.get(cid, 0)), sum(m > 0 for m in moves), sum(m < 0 for m in moves)
        )
    return out
