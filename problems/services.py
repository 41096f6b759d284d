"""Posting, moderating and routing problems (flush only; one commit point per request or command).

Every decision is audited (core.audit): who posted, approved or refused a problem and why, who was
invited and for which product.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from consultants.models import Consultant
from core.audit import record_audit
from core.db import utcnow
from core.domain import N_, Forbidden, InvalidTransition, Label, NotFound, ValidationFailed
from core.vocab import CATEGORIES, PRICING_TYPES, PROVINCES, SECTORS, label
from interchange.format import MAX_VND
from matching.reasons import reasons_for
from matching.service import offer_index, profile_of
from problems import lifecycle, notices
from problems.board import Entry
from problems.lifecycle import MODERATION_REASONS, OPEN, PENDING, REJECTED, STATUS_LABELS
from problems.models import ENTITY, Invitation, Problem, Proposal
from problems.report import Fact
from problems.routing import INVITE_TOP, Brief, route
from smes.models import Sme

TITLE_MAX, TEXT_MAX, NOTE_MAX = 300, 10_000, 4_000
MAX_MONTHS = 120
MAX_CATEGORIES = 5
LANGUAGES = ("vi", "en")  # the page languages the invitations' reasons are kept in


@dataclass(frozen=True)
class ProblemInput:
    """What a poster types (the form's fields, parsed)."""

    title: str
    description: str
    deadline: date | None
    categories: tuple[str, ...] = ()
    budget_min_vnd: int | None = None
    budget_max_vnd: int | None = None
    months: int | None = None
    preferred_pricing_models: tuple[str, ...] = ()
    show_name: bool = False
    # City problems only.
    sector: str | None = None
    province: str | None = None
    prize_vnd: int | None = None
    evaluation_criteria: str | None = None
    extra: dict = field(default_factory=dict)


def new_problem_id() -> str:
    return "bt-" + secrets.token_hex(6)


def _check(data: ProblemInput, city: bool, today: date) -> None:
    """Refuse input that would make a bad problem, naming each field (forms check most of it first)."""
    errors: dict = {}
    if not data.title.strip():
        errors["title"] = N_("Cần nêu tên bài toán.")
    elif len(data.title) > TITLE_MAX:
        errors["title"] = N_("Tối đa 300 ký tự.")
    if not data.description.strip():
        errors["description"] = N_("Cần mô tả bài toán.")
    elif len(data.description) > TEXT_MAX:
        errors["description"] = N_("Tối đa 10.000 ký tự.")
    if not data.categories:
        errors["categories"] = N_("Chọn ít nhất một lĩnh vực.")
    elif len(data.categories) > MAX_CATEGORIES or any(c not in CATEGORIES for c in data.categories):
        errors["categories"] = N_("Chọn tối đa 5 lĩnh vực trong danh sách.")
    if any(m not in PRICING_TYPES for m in data.preferred_pricing_models):
        errors["preferred_pricing_models"] = N_("Chọn hình thức trong danh sách.")
    if data.deadline is None:
        errors["deadline"] = N_("Cần nêu hạn nhận đề xuất.")
    elif data.deadline < today:
        errors["deadline"] = N_("Hạn nhận đề xuất không được ở trong quá khứ.")
    for name in ("budget_min_vnd", "budget_max_vnd", "prize_vnd"):
        value = getattr(data, name)
        if value is not None and not 0 <= value <= MAX_VND:
            errors[name] = N_("Số tiền không hợp lệ.")
    if (data.budget_min_vnd is not None and data.budget_max_vnd is not None
            and data.budget_min_vnd > data.budget_max_vnd):
        errors["budget_max_vnd"] = N_("Mức tối đa phải lớn hơn hoặc bằng mức tối thiểu.")
    if data.months is not None and not 1 <= data.months <= MAX_MONTHS:
        errors["months"] = N_("Từ 1 đến 120 tháng.")
    if city:
        if data.sector not in SECTORS:
            errors["sector"] = N_("Chọn một ngành trong danh sách.")
        if data.province not in PROVINCES:
            errors["province"] = N_("Chọn một tỉnh/thành phố trong danh sách.")
        if data.budget_max_vnd is None and data.prize_vnd is None:
            errors["budget_max_vnd"] = N_("Bài toán của thành phố cần ngân sách hoặc giải thưởng.")
        if not (data.evaluation_criteria or "").strip():
            errors["evaluation_criteria"] = N_("Cần nêu tiêu chí đánh giá.")
    if errors:
        raise ValidationFailed(N_("Bài toán chưa hợp lệ."), errors)


def post_problem(session: Session, user, data: ProblemInput, problem_id: str | None = None) -> Problem:
    """An SME posts a problem (pending until an officer approves it); an officer posts a city problem,
    published and routed at once."""
    city = user.role in ("officer", "admin")
    if not city and (user.role != "sme" or not user.sme_id):
        raise Forbidden(N_("Chỉ doanh nghiệp và cán bộ được đăng bài toán."))
    now = utcnow()
    _check(data, city, lifecycle.vietnam_today(now))
    if problem_id is not None and (existing := session.get(Problem, problem_id)) is not None:
        if existing.posted_by_id == user.id:
            return existing  # the same form submitted twice
        raise ValidationFailed(N_("Mã bài toán đã được dùng; hãy tải lại trang."))
    sme = None if city else session.get(Sme, user.sme_id)
    problem = Problem(
        id=problem_id or new_problem_id(),
        kind="city" if city else "sme",
        sme_id=None if city else user.sme_id,
        posted_by_id=user.id,
        title=data.title.strip(),
        description=data.description.strip(),
        categories=list(dict.fromkeys(data.categories)),
        sector=data.sector if city else sme.sector,
        province=data.province if city else sme.province,
        budget_min_vnd=data.budget_min_vnd,
        budget_max_vnd=data.budget_max_vnd,
        prize_vnd=data.prize_vnd if city else None,
        months=data.months,
        preferred_pricing_models=list(dict.fromkeys(data.preferred_pricing_models)),
        evaluation_criteria=(data.evaluation_criteria or "").strip() or None if city else None,
        deadline=data.deadline,
        show_name=True if city else data.show_name,
        status=OPEN if city else PENDING,
        extra=dict(data.extra),
    )
    session.add(problem)
    session.flush()
    record_audit(session, user, "problem.post", ENTITY, problem.id, None, problem.status, None,
                 {"kind": problem.kind, "categories": problem.categories})
    if city:
        _publish(session, problem, now)
    session.flush()
    return problem


def get_problem(session: Session, problem_id: str) -> Problem:
    problem = session.get(Problem, problem_id)
    if problem is None:
        raise NotFound(N_("Không tìm thấy bài toán."))
    return problem


def moderate(session: Session, officer, problem_id: str, approve: bool, reason: str | None,
             note: str | None) -> Problem:
    """An officer publishes a pending SME problem, or refuses it with a reason (and a note for the
    SME); both audited."""
    problem = get_problem(session, problem_id)
    if problem.status != PENDING:
        raise InvalidTransition(N_("Bài toán đã được xử lý (%(status)s)."),
                                status=Label(STATUS_LABELS[problem.status]))
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationFailed(N_("Ghi chú quá dài."), {"note": N_("Tối đa 4.000 ký tự.")})
    if not approve:
        if reason not in MODERATION_REASONS:
            raise ValidationFailed(N_("Cần chọn lý do không duyệt."), {"reason": N_("Chọn một lý do.")})
        if not note:
            raise ValidationFailed(N_("Cần ghi chú cho doanh nghiệp biết cần sửa gì."),
                                   {"note": N_("Ghi lại điều cần sửa.")})
    now = utcnow()
    problem.status = OPEN if approve else REJECTED
    problem.moderation_reason = note or None
    problem.moderated_by_id, problem.moderated_at = officer.id, now
    record_audit(session, officer, "problem.approve" if approve else "problem.reject", ENTITY, problem.id,
                 PENDING, problem.status, note or None, {"reason": reason} if not approve else None)
    invited = _publish(session, problem, now) if approve else []
    notices.moderated(session, problem, approve, reason, len({i.vendor_id for i in invited}))
    session.flush()
    return problem


def _publish(session: Session, problem: Problem, now) -> list[Invitation]:
    problem.published_at = now
    session.flush()
    invitations = invite(session, problem)
    notices.invited(session, problem, {i.vendor_id for i in invitations})
    return invitations


def brief_of(problem: Problem) -> Brief:
    return Brief(
        id=problem.id,
        title=problem.title,
        description=problem.description,
        categories=tuple(problem.categories or ()),
        sector=problem.sector,
        province=problem.province,
        budget_max_vnd=problem.budget_max_vnd,
        months=problem.months,
        preferred_pricing_models=tuple(problem.preferred_pricing_models or ()),
    )


def invite(session: Session, problem: Problem, top: int = INVITE_TOP) -> list[Invitation]:
    """Rank the published products for the problem as the engine ranks them for an SME and invite
    the vendors of the best `top` (the list replaces an earlier one: the problem was routed again)."""
    poster = profile_of(problem.sme) if problem.sme is not None else None
    matches = route(offer_index(session), brief_of(problem), poster, top)
    session.execute(delete(Invitation).where(Invitation.problem_id == problem.id))
    invitations = [
        Invitation(problem_id=problem.id, product_id=m.offer.id, vendor_id=m.offer.vendor_id, rank=rank,
                   score=m.score, reasons={lang: list(reasons_for(m.facts, lang)) for lang in LANGUAGES})
        for rank, m in enumerate(matches, start=1)
    ]
    session.add_all(invitations)
    record_audit(session, None, "problem.route", ENTITY, problem.id, None, None, None,
                 {"invited": [[i.product_id, i.vendor_id] for i in invitations]})
    session.flush()
    return invitations


def invitations_of(session: Session, problem_id: str) -> list[Invitation]:
    return list(session.scalars(
        select(Invitation).where(Invitation.problem_id == problem_id).order_by(Invitation.rank)
    ))


def invited_vendor_ids(session: Session, problem_id: str) -> set[str]:
    return set(session.scalars(select(Invitation.vendor_id).where(Invitation.problem_id == problem_id)))


def pending_queue(session: Session) -> list[Problem]:
    return list(session.scalars(
        select(Problem).where(Problem.status == PENDING).order_by(Problem.created_at, Problem.id)
    ))


def problems_of_sme(session: Session, sme_id: str) -> list[Problem]:
    return list(session.scalars(
        select(Problem).where(Problem.sme_id == sme_id).order_by(Problem.created_at.desc(), Problem.id)
    ))


def invitations_for_vendor(session: Session, vendor_id: str) -> list[tuple[Invitation, Problem]]:
    """The published problems the vendor was invited to, newest first."""
    rows = session.execute(
        select(Invitation, Problem)
        .join(Problem, Problem.id == Invitation.problem_id)
        .where(Invitation.vendor_id == vendor_id, Problem.status.in_(lifecycle.PUBLIC_STATUSES))
        .order_by(Problem.published_at.desc(), Problem.id, Invitation.rank)
    ).all()
    seen: dict[str, tuple[Invitation, Problem]] = {}
    for invitation, problem in rows:
        seen.setdefault(problem.id, (invitation, problem))  # the vendor's best-ranked product
    return list(seen.values())


def may_read(problem: Problem, user) -> bool:
    """Published problems are public; a pending or refused one is its poster's and the officers'."""
    if problem.status in lifecycle.PUBLIC_STATUSES:
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_officer or (problem.sme_id is not None and user.sme_id == problem.sme_id)


def board_entries(session: Session) -> list[Entry]:
    """Every published problem as the board searches it (problems.board)."""
    today = lifecycle.vietnam_today(utcnow())
    rows = session.scalars(select(Problem).where(Problem.status.in_(lifecycle.PUBLIC_STATUSES)))
    return [
        Entry(
            id=p.id,
            text=" ".join([p.title, p.title, p.description, *(label(CATEGORIES, c) for c in p.categories),
                           label(SECTORS, p.sector) if p.sector else "", p.province or ""]),
            categories=tuple(p.categories or ()),
            sector=p.sector,
            province=p.province,
            budget_vnd=max((v for v in (p.budget_max_vnd, p.prize_vnd) if v is not None), default=None),
            status=lifecycle.status_on(p.status, p.deadline, today),
            order=p.published_at.timestamp() if p.published_at else 0.0,
        )
        for p in rows
    ]


def consultants_for(session: Session, problem: Problem, limit: int = 5) -> list[Consultant]:
    """Certified, active consultants whose specialties meet the problem's categories, those serving its
    province (or every province) first: who to ask when no vendor answered."""
    wanted = set(problem.categories or ())
    found = []
    for consultant in session.scalars(select(Consultant).where(Consultant.status == "active",
                                                                Consultant.certified_on.is_not(None))):
        shared = wanted & set(consultant.specialties or ())
        if not shared:
            continue
        provinces = consultant.provinces or []
        local = not provinces or problem.province in provinces
        found.append(((not local, -len(shared), consultant.name, consultant.id), consultant))
    return [consultant for _, consultant in sorted(found, key=lambda pair: pair[0])][:limit]


def report_facts(session: Session, date_from: date, date_to: date) -> list[Fact]:
    """The problems published within [date_from, date_to] (Vietnam days), with their first proposal."""
    start = datetime.combine(date_from, time.min, lifecycle.VIETNAM)
    end = datetime.combine(date_to + timedelta(days=1), time.min, lifecycle.VIETNAM)
    first = (select(Proposal.problem_id, func.min(Proposal.submitted_at).label("first"))
             .group_by(Proposal.problem_id).subquery())
    rows = session.execute(
        select(Problem, first.c.first)
        .outerjoin(first, first.c.problem_id == Problem.id)
        .where(Problem.published_at >= start, Problem.published_at < end)
        .order_by(Problem.published_at, Problem.id)
    ).all()
    return [Fact(p.id, tuple(p.categories or ()), p.province, p.published_at, first_at,
                 p.status == lifecycle.AWARDED) for p, first_at in rows]
