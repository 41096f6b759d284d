"""Vendors' proposals and the poster's decisions on them (flush only; every decision audited).

Who sees what: a vendor sees its own proposal and, once the problem is awarded, which proposal won; the
poster (the SME, or officers for a city problem) and officers see every proposal. Accepting a proposal
on an SME's problem opens a contract in the existing flow: the SME's request for the proposed product,
the vendor's offer with the proposed terms (by the member who proposed), the SME's acceptance; both
sides then sign on the contract page, and it is counted like any other. The other bidders are told
(their proposals are marked not chosen). A city problem's award makes no contract here: the city
procures under its own rules.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from accounts.models import User
from catalog.models import Listing
from catalog.product import Pricing
from contracts import services as contracts
from contracts.models import Contract
from contracts.terms import Terms, parse_terms
from core.audit import record_audit
from core.db import utcnow
from core.domain import N_, Conflict, Forbidden, InvalidTransition, Label, NotFound, ValidationFailed
from core.formatting import vnd
from problems import lifecycle, notices
from problems.lifecycle import (
    ACCEPTED,
    AWARDED,
    CHANGES,
    DECLINED,
    LIVE_PROPOSALS,
    PROPOSAL_LABELS,
    SHORTLISTED,
    SUBMITTED,
    WITHDRAWN,
)
from problems.models import PROPOSAL_ENTITY, Problem, Proposal
from problems.services import NOTE_MAX, TEXT_MAX, TITLE_MAX, get_problem
from vendors.models import Vendor

MAX_TIMELINE_DAYS = 730


@dataclass(frozen=True)
class ProposalInput:
    product_id: str | None
    solution_name: str | None
    summary: str
    pricing: dict  # {"type": ..., and that model's terms}
    value_vnd: int | None
    start_date: date | None
    months: int | None
    timeline_days: int | None
    deliverables: str


def new_proposal_id() -> str:
    return "dx-" + secrets.token_hex(6)


def is_poster(problem: Problem, user) -> bool:
    """Who decides on the proposals: the SME that posted, officers for a city problem."""
    if not getattr(user, "is_authenticated", False):
        return False
    if problem.kind == "city":
        return user.is_officer
    return user.role == "sme" and user.sme_id == problem.sme_id


def _today():
    return lifecycle.vietnam_today(utcnow())


def _vendor_product(session: Session, vendor_id: str, product_id: str) -> Listing:
    listing = session.get(Listing, product_id)
    if listing is None or listing.vendor_id != vendor_id or listing.status != "published":
        raise ValidationFailed(N_("Đề xuất chưa hợp lệ."),
                               {"product_id": N_("Chọn một sản phẩm đang công khai của bạn.")})
    return listing


def _check(session: Session, vendor_id: str, data: ProposalInput) -> tuple[Terms, Listing | None]:
    errors: dict = {}
    listing = None
    if data.product_id:
        listing = _vendor_product(session, vendor_id, data.product_id)
    elif not (data.solution_name or "").strip():
        errors["solution_name"] = N_("Chọn một sản phẩm trong danh mục hoặc đặt tên giải pháp mới.")
    elif len(data.solution_name) > TITLE_MAX:
        errors["solution_name"] = N_("Tối đa 300 ký tự.")
    if not data.summary.strip():
        errors["summary"] = N_("Cần mô tả cách giải bài toán.")
    elif len(data.summary) > TEXT_MAX:
        errors["summary"] = N_("Tối đa 10.000 ký tự.")
    if not data.deliverables.strip():
        errors["deliverables"] = N_("Cần nêu doanh nghiệp nhận được gì.")
    elif len(data.deliverables) > TEXT_MAX:
        errors["deliverables"] = N_("Tối đa 10.000 ký tự.")
    if data.timeline_days is None or not 1 <= data.timeline_days <= MAX_TIMELINE_DAYS:
        errors["timeline_days"] = N_("Từ 1 đến 730 ngày.")
    allowed = None
    if listing is not None:  # a catalog product: its own pricing models, as a contract would require
        allowed = tuple(p["type"] for p in listing.live_revision.pricing_models)
    try:
        terms = parse_terms(data.pricing, data.value_vnd, data.start_date, data.months,
                            allowed_types=allowed, complete=True)
    except ValidationFailed as refused:
        errors.update(refused._fields)
        terms = None
    if errors:
        raise ValidationFailed(N_("Đề xuất chưa hợp lệ."), errors)
    return terms, listing


def submit(session: Session, user, problem_id: str, data: ProposalInput) -> Proposal:
    """A vendor proposes, or revises its proposal (one per vendor and problem) while the problem takes
    proposals; after the deadline nothing is taken."""
    if user.role != "vendor" or not user.vendor_id:
        raise Forbidden(N_("Chỉ nhà cung cấp được gửi đề xuất."))
    problem = get_problem(session, problem_id)
    if problem.status not in lifecycle.PUBLIC_STATUSES:
        raise NotFound(N_("Không tìm thấy bài toán."))
    if not lifecycle.takes_proposals(problem.status, problem.deadline, _today()):
        raise InvalidTransition(N_("Bài toán không còn nhận đề xuất (hạn %(deadline)s)."),
                                deadline=problem.deadline.strftime("%d/%m/%Y"))
    terms, listing = _check(session, user.vendor_id, data)
    proposal = own_proposal(session, problem.id, user.vendor_id)
    previous = proposal.status if proposal else None
    if proposal is None:
        proposal = Proposal(id=new_proposal_id(), problem_id=problem.id, vendor_id=user.vendor_id,
                            status=SUBMITTED)
        session.add(proposal)
    elif previous not in LIVE_PROPOSALS:
        raise InvalidTransition(N_("Đề xuất đã %(status)s; không sửa được nữa."),
                                status=Label(PROPOSAL_LABELS[previous]))
    proposal.user_id = user.id
    proposal.product_id = listing.id if listing else None
    proposal.solution_name = None if listing else data.solution_name.strip()
    proposal.summary, proposal.deliverables = data.summary.strip(), data.deliverables.strip()
    proposal.pricing, proposal.pricing_type = terms.pricing.to_dict(), terms.pricing.type
    proposal.value_vnd, proposal.start_date, proposal.months = terms.value_vnd, terms.start_date, terms.months
    proposal.timeline_days = data.timeline_days
    if previous == CHANGES:
        proposal.status = SUBMITTED  # revised as asked: back before the poster
    session.flush()
    if previous in (None, CHANGES):  # new, or revised as asked: the poster has something to read
        notices.proposal_received(session, problem, proposal, session.get(Vendor, user.vendor_id).name,
                                  vnd(proposal.value_vnd))
    record_audit(session, user, "proposal.revise" if previous else "proposal.submit", PROPOSAL_ENTITY,
                 proposal.id, previous, proposal.status, None,
                 {"problem_id": problem.id, "value_vnd": proposal.value_vnd, "pricing": proposal.pricing})
    session.flush()
    return proposal


def own_proposal(session: Session, problem_id: str, vendor_id: str) -> Proposal | None:
    return session.scalar(select(Proposal).where(Proposal.problem_id == problem_id,
                                                 Proposal.vendor_id == vendor_id))


def proposals_of(session: Session, problem: Problem, user) -> list[Proposal]:
    """The proposals this reader may see: all for the poster and officers; for a vendor its own, and
    the chosen one once the problem is awarded; none for others."""
    query = select(Proposal).where(Proposal.problem_id == problem.id).order_by(Proposal.value_vnd,
                                                                                Proposal.id)
    if is_poster(problem, user) or (getattr(user, "is_authenticated", False) and user.is_officer):
        return list(session.scalars(query))
    if getattr(user, "role", None) == "vendor":
        mine = Proposal.vendor_id == user.vendor_id
        if problem.status == AWARDED:
            mine = mine | (Proposal.status == ACCEPTED)
        return list(session.scalars(query.where(mine)))
    return []


def _decidable(session: Session, user, proposal_id: str) -> tuple[Proposal, Problem]:
    proposal = session.get(Proposal, proposal_id)
    if proposal is None:
        raise NotFound(N_("Không tìm thấy đề xuất."))
    problem = proposal.problem
    if not is_poster(problem, user):
        raise NotFound(N_("Không tìm thấy đề xuất."))
    if problem.status != lifecycle.OPEN:
        raise InvalidTransition(N_("Bài toán đã %(status)s."),
                                status=Label(lifecycle.STATUS_LABELS[problem.status]))
    if proposal.status not in LIVE_PROPOSALS:
        raise InvalidTransition(N_("Đề xuất đã %(status)s."), status=Label(PROPOSAL_LABELS[proposal.status]))
    return proposal, problem


def _decide(session: Session, user, proposal: Proposal, status: str, action: str, note: str | None = None,
            data: dict | None = None) -> Proposal:
    previous, proposal.status = proposal.status, status
    record_audit(session, user, action, PROPOSAL_ENTITY, proposal.id, previous, status, note,
                 {"problem_id": proposal.problem_id, **(data or {})})
    session.flush()
    if status != WITHDRAWN:  # the poster decided: the vendor is told (rejected bidders too)
        notices.proposal_decided(session, proposal.problem, proposal, note)
    return proposal


def shortlist(session: Session, user, proposal_id: str) -> Proposal:
    """The poster keeps the proposal in the running; its vendor now sees the firm's name."""
    proposal, _ = _decidable(session, user, proposal_id)
    if proposal.status == SHORTLISTED:
        return proposal
    return _decide(session, user, proposal, SHORTLISTED, "proposal.shortlist")


def request_changes(session: Session, user, proposal_id: str, note: str | None) -> Proposal:
    proposal, _ = _decidable(session, user, proposal_id)
    note = (note or "").strip()
    if not note or len(note) > NOTE_MAX:
        raise ValidationFailed(N_("Cần nói rõ điều muốn nhà cung cấp sửa."),
                               {"note": N_("Từ 1 đến 4.000 ký tự.")})
    proposal.change_request = note
    return _decide(session, user, proposal, CHANGES, "proposal.request_changes", note)


def decline(session: Session, user, proposal_id: str, note: str | None = None) -> Proposal:
    proposal, _ = _decidable(session, user, proposal_id)
    return _decide(session, user, proposal, DECLINED, "proposal.reject", (note or "").strip() or None)


def withdraw(session: Session, user, proposal_id: str) -> Proposal:
    proposal = session.get(Proposal, proposal_id)
    if proposal is None or user.role != "vendor" or proposal.vendor_id != user.vendor_id:
        raise NotFound(N_("Không tìm thấy đề xuất."))
    if proposal.status not in LIVE_PROPOSALS:
        raise InvalidTransition(N_("Đề xuất đã %(status)s."), status=Label(PROPOSAL_LABELS[proposal.status]))
    return _decide(session, user, proposal, WITHDRAWN, "proposal.withdraw")


def accept(session: Session, user, proposal_id: str) -> Proposal:
    """The poster chooses the proposal: the problem is awarded, the other live proposals are told they
    were not chosen, and on an SME's problem the proposal becomes a contract awaiting both signatures."""
    proposal, problem = _decidable(session, user, proposal_id)
    if problem.kind == "sme":
        if proposal.product_id is None:
            raise Conflict(N_("Giải pháp mới chưa có trong danh mục nên chưa thể lập hợp đồng: hãy đề nghị "
                              "nhà cung cấp đăng sản phẩm rồi sửa đề xuất theo sản phẩm đó."))
        proposal.contract_id = _contract(session, user, proposal)
    now = utcnow()
    _decide(session, user, proposal, ACCEPTED, "proposal.accept", None, {"contract_id": proposal.contract_id})
    for other in session.scalars(select(Proposal).where(Proposal.problem_id == problem.id,
                                                        Proposal.id != proposal.id,
                                                        Proposal.status.in_(LIVE_PROPOSALS))):
        _decide(session, user, other, DECLINED, "proposal.reject", None, {"chosen": proposal.id})
    previous, problem.status, problem.awarded_at = problem.status, AWARDED, now
    record_audit(session, user, "problem.award", "problem", problem.id, previous, AWARDED, None,
                 {"proposal_id": proposal.id, "contract_id": proposal.contract_id})
    session.flush()
    return proposal


def _contract(session: Session, sme_user, proposal: Proposal) -> str:
    """Request, offer and acceptance through the contract services, as if negotiated on the contract
    page: the vendor's offer is the proposal's terms, by the member who proposed."""
    vendor_user = session.get(User, proposal.user_id) if proposal.user_id else None
    if vendor_user is None or vendor_user.vendor_id != proposal.vendor_id:
        raise Conflict(N_("Không còn thành viên nào của nhà cung cấp đứng tên đề xuất."))
    terms = Terms(Pricing.from_dict(proposal.pricing), proposal.value_vnd, proposal.start_date,
                  proposal.months)
    contract = contracts.request_offer(session, sme_user, proposal.product_id, proposal.pricing_type,
                                       None, contracts.new_contract_id())
    offer = contracts.propose(session, vendor_user, contract.id, 1, terms,
                              f"Đề xuất {proposal.id} cho bài toán {proposal.problem_id}")
    contracts.accept(session, sme_user, contract.id, offer.round)
    return contract.id


def cancel(session: Session, user, problem_id: str, note: str | None) -> Problem:
    """The poster withdraws a problem not yet awarded (officers may cancel any: a duplicate found
    after publication); the live proposals are told they were not chosen."""
    problem = get_problem(session, problem_id)
    if not (is_poster(problem, user) or getattr(user, "is_officer", False)):
        raise NotFound(N_("Không tìm thấy bài toán."))
    if problem.status not in (lifecycle.PENDING, lifecycle.OPEN):
        raise InvalidTransition(N_("Bài toán đã %(status)s."),
                                status=Label(lifecycle.STATUS_LABELS[problem.status]))
    for proposal in session.scalars(select(Proposal).where(Proposal.problem_id == problem.id,
                                                           Proposal.status.in_(LIVE_PROPOSALS))):
        _decide(session, user, proposal, DECLINED, "proposal.reject", None, {"problem_cancelled": True})
    previous, problem.status = problem.status, lifecycle.CANCELLED
    record_audit(session, user, "problem.cancel", "problem", problem.id, previous, problem.status,
                 (note or "").strip() or None)
    session.flush()
    return problem


def track_records(session: Session, vendor_ids: set[str]) -> dict[str, int]:
    """Vendor id -> its contracts counted on the marketplace (its track record, beside the proposal)."""
    if not vendor_ids:
        return {}
    rows = session.execute(select(Contract.vendor_id, func.count()).where(
        Contract.vendor_id.in_(vendor_ids), Contract.counted_day.is_not(None)).group_by(Contract.vendor_id))
    return {vendor_id: 0 for vendor_id in vendor_ids} | dict(rows.all())
