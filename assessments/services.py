"""Reading and recording an SME's assessments (plain functions taking a session; flush, never commit).

The SME's current level is its latest assessment's (latest `assessed_on`, then the larger id). Matching,
the SME's dashboard and the profile read it from the profile's `readiness_level` (and
`readiness_framework`), which `hold_current_levels` here keeps equal to the latest assessment's: every
way an assessment is stored (`record_assessment`: the SME's own questionnaire, a consultant's run; the
`assessments` section of an import) goes through it. An SME without an assessment keeps its own level.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assessments.models import Assessment
from contracts.models import Contract, ContractCategory
from core.audit import record_audit
from core.db import utcnow
from core.domain import N_, ValidationFailed
from core.formatting import to_vn
from smes import readiness
from smes.models import Sme

BATCH = 1000  # SME ids per query (SQLite's bound on a statement's parameters is far above)


def history(session: Session, sme_id: str) -> list[Assessment]:
    """Every assessment of the SME, oldest first (the order of assessments.tiers.order_key)."""
    return list(
        session.scalars(
            select(Assessment)
            .where(Assessment.sme_id == sme_id)
            .order_by(Assessment.assessed_on, Assessment.id)
        )
    )


def latest(session: Session, sme_id: str) -> Assessment | None:
    return session.scalars(
        select(Assessment)
        .where(Assessment.sme_id == sme_id)
        .order_by(Assessment.assessed_on.desc(), Assessment.id.desc())
        .limit(1)
    ).first()


def current_level(session: Session, sme_id: str) -> int | None:
    """The latest assessment's level; the profile's own readiness_level only where there is none."""
    found = latest(session, sme_id)
    if found is not None:
        return found.level
    sme = session.get(Sme, sme_id)
    return sme.readiness_level if sme is not None else None


def latest_levels(session: Session, sme_ids: Iterable[str]) -> dict[str, tuple[int, str]]:
    """(level, framework) of each given SME's latest assessment, for those that have one."""
    ids = sorted(set(sme_ids))
    found: dict[str, tuple[int, str]] = {}
    for start in range(0, len(ids), BATCH):
        ranked = (
            select(
                Assessment.sme_id,
                Assessment.level,
                Assessment.framework,
                func.row_number()
                .over(
                    partition_by=Assessment.sme_id,
                    order_by=(Assessment.assessed_on.desc(), Assessment.id.desc()),
                )
                .label("n"),
            )
            .where(Assessment.sme_id.in_(ids[start : start + BATCH]))
            .subquery()
        )
        rows = session.execute(
            select(ranked.c.sme_id, ranked.c.level, ranked.c.framework).where(ranked.c.n == 1)
        )
        found.update({sme_id: (level, framework) for sme_id, level, framework in rows})
    return found


def hold_current_levels(session: Session, sme_ids: Iterable[str]) -> int:
    """Set each given SME's `readiness_level` and `readiness_framework` to its latest assessment's (the
    one place that writes them for an assessed SME); SMEs without one keep theirs. Flushes; how many
    profiles changed."""
    levels = latest_levels(session, sme_ids)
    changed = 0
    for start in range(0, len(levels), BATCH):
        batch = sorted(levels)[start : start + BATCH]
        for sme in session.scalars(select(Sme).where(Sme.id.in_(batch))):
            level, framework = levels[sme.id]
            if (sme.readiness_level, sme.readiness_framework) != (level, framework):
                sme.readiness_level, sme.readiness_framework = level, framework
                changed += 1
    session.flush()
    return changed


def _new_id() -> str:
    """Ids of the assessments recorded here sort in the order they were recorded ("the larger id" wins
    between two of the same day: a questionnaire taken again the same day is the latest)."""
    return f"as-{utcnow():%Y%m%d%H%M%S%f}-{secrets.token_hex(2)}"


def has_assessment(session: Session, sme_id: str) -> bool:
    """Whether an assessment of the SME is on record (what a voucher's eligibility asks)."""
    return latest(session, sme_id) is not None


def record_assessment(
    session: Session,
    actor,
    sme_id: str,
    level: int,
    day: date,
    framework: str,
    consultant_id: str | None = None,
    answers: dict | None = None,
) -> Assessment:
    """A new assessment of the SME, kept beside the earlier ones; audited (who ran it, the level). The
    SME's current level follows when it is the latest (an earlier-dated one changes only the history).
    `consultant_id` None: the SME assessed itself."""
    problems = {}
    if session.get(Sme, sme_id) is None:
        problems["sme_id"] = N_("Không có doanh nghiệp này.")
    if not (isinstance(level, int) and 0 <= level <= 5):
        problems["level"] = N_("Mức sẵn sàng từ 0 đến 5.")
    if day > vn_today():
        problems["assessed_on"] = N_("Ngày đánh giá không được sau hôm nay.")
    if not framework.strip() or len(framework) > 100:
        problems["framework"] = N_("Ghi bộ tiêu chí và phiên bản (tối đa 100 ký tự).")
    if problems:
        raise ValidationFailed(N_("Chưa ghi được kết quả đánh giá."), problems)
    assessment = Assessment(
        id=_new_id(),
        sme_id=sme_id,
        level=level,
        assessed_on=day,
        framework=framework.strip(),
        consultant_id=consultant_id,
        answers=answers,
        extra={},
    )
    session.add(assessment)
    session.flush()
    record_audit(
        session,
        actor,
        "assessment.recorded",
        "sme",
        sme_id,
        to_state=str(level),
        data={"assessment": assessment.id, "consultant": consultant_id},
    )
    hold_current_levels(session, [sme_id])
    return assessment


def vn_today() -> date:
    return to_vn(utcnow()).date()


def self_assess(
    session: Session, user, sme_id: str, framework: readiness.Framework, answers: Mapping[str, int]
) -> readiness.Assessment:
    """The SME's own questionnaire: an assessment of today (Vietnam's calendar) with no consultant, the
    answers kept with it; the per-pillar result kept on the profile for its result page."""
    result = readiness.assess(framework, answers)  # ValidationFailed naming unanswered questions
    answers = {code: int(index) for code, index in answers.items()}
    assessment = record_assessment(
        session, user, sme_id, result.level, vn_today(), framework.ref, answers=answers
    )
    sme = session.get(Sme, sme_id)
    sme.readiness_breakdown = {**result.breakdown(), "answers": answers, "assessment": assessment.id}
    session.flush()
    return result


def signed_categories(session: Session, sme_id: str) -> set[str]:
    """The categories of the products the SME has counted contracts for (the roadmap's ticks)."""
    return set(
        session.scalars(
            select(ContractCategory.category)
            .join(Contract, Contract.id == ContractCategory.contract_id)
            .where(Contract.sme_id == sme_id)
        )
    )
