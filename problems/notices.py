"""What people hear of on the board (notifications): the SME of its problem's moderation, invited
vendors of the invitation, the poster of each proposal and question, bidders of the poster's decisions
(rejected bidders are told) and of answers in the public thread. The poster of a city problem is the
officer who posted it."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts.models import User
from core.domain import Label
from core.mail import page_path
from core.translation import N_
from notifications import notify
from notifications.delivery import speakers_for
from notifications.events import define
from problems.lifecycle import MODERATION_REASONS, PROPOSAL_LABELS

APPROVED = define(
    "problems.approved", name=N_("Bài toán được duyệt"),
    title=N_("Bài toán “%(title)s” đã được công khai"),
    body=N_("Cán bộ đã duyệt bài toán; %(invited)s nhà cung cấp phù hợp nhất được mời gửi đề xuất trước "
            "%(deadline)s."),
    action=N_("Xem bài toán"), roles=("sme",))
REJECTED = define(
    "problems.rejected", name=N_("Bài toán không được duyệt"),
    title=N_("Bài toán “%(title)s” chưa được duyệt"),
    body=N_("Lý do: %(reason)s. %(note)s"),
    action=N_("Xem bài toán"), roles=("sme",))
INVITED = define(
    "problems.invited", name=N_("Được mời gửi đề xuất"),
    title=N_("Mời gửi đề xuất: %(title)s"),
    body=N_("Sản phẩm của bạn nằm trong số phù hợp nhất với bài toán “%(title)s”. Nhận đề xuất đến hết "
            "%(deadline)s."),
    action=N_("Xem bài toán"), roles=("vendor",))
PROPOSAL_RECEIVED = define(
    "problems.proposal_received", name=N_("Đề xuất mới cho bài toán của bạn"),
    title=N_("%(vendor)s gửi đề xuất cho “%(title)s”"),
    body=N_("Đề xuất trị giá %(value)s. So sánh các đề xuất, đưa vào danh sách ngắn hoặc chọn."),
    action=N_("So sánh đề xuất"), roles=("sme", "officer", "admin"))
PROPOSAL_DECIDED = define(
    "problems.proposal_decided", name=N_("Bên đăng bài toán trả lời đề xuất"),
    title=N_("Đề xuất cho “%(title)s”: %(status)s"),
    body=N_("Bên đăng bài toán đã cập nhật đề xuất của bạn: %(status)s. %(note)s"),
    action=N_("Xem bài toán"), roles=("vendor",))
QUESTION_ASKED = define(
    "problems.question_asked", name=N_("Câu hỏi về bài toán của bạn"),
    title=N_("Câu hỏi mới về “%(title)s”"),
    body=N_("Một nhà cung cấp hỏi: %(question)s"),
    action=N_("Trả lời"), roles=("sme", "officer", "admin"))
ANSWERED = define(
    "problems.answered", name=N_("Trả lời trong hỏi đáp của bài toán"),
    title=N_("Bài toán “%(title)s” có trả lời mới"),
    body=N_("Hỏi: %(question)s — Đáp: %(answer)s"),
    action=N_("Xem hỏi đáp"), roles=("vendor",))


def _vendor_people(session: Session, vendor_ids: Iterable[str]) -> list[int]:
    ids = set(vendor_ids)
    if not ids:
        return []
    return list(session.scalars(select(User.id).where(User.vendor_id.in_(ids), User.role == "vendor",
                                                      User.active)))


def _posters(session: Session, problem) -> list[int]:
    if problem.kind == "city":
        return [problem.posted_by_id] if problem.posted_by_id else []
    return speakers_for(session, sme_id=problem.sme_id)


def _link(problem, anchor: str = "") -> str:
    return page_path("problems.detail", problem_id=problem.id) + anchor


def _deadline(problem) -> str:
    return problem.deadline.strftime("%d/%m/%Y")


def moderated(session: Session, problem, approved: bool, reason: str | None, invited: int) -> None:
    if approved:
        notify(session, _posters(session, problem), APPROVED.code, link=_link(problem), title=problem.title,
               invited=invited, deadline=_deadline(problem))
    else:
        notify(session, _posters(session, problem), REJECTED.code, link=_link(problem), title=problem.title,
               reason=Label(MODERATION_REASONS[reason]), note=problem.moderation_reason or "")


def invited(session: Session, problem, vendor_ids: Iterable[str]) -> None:
    notify(session, _vendor_people(session, vendor_ids), INVITED.code, link=_link(problem),
           title=problem.title, deadline=_deadline(problem))


def proposal_received(session: Session, problem, proposal, vendor_name: str, value: str) -> None:
    notify(session, _posters(session, problem), PROPOSAL_RECEIVED.code,
           link=page_path("proposals.compare", problem_id=problem.id), title=problem.title,
           vendor=vendor_name, value=value)


def proposal_decided(session: Session, problem, proposal, note: str | None = None) -> None:
    notify(session, _vendor_people(session, [proposal.vendor_id]), PROPOSAL_DECIDED.code,
           link=_link(problem), title=problem.title, status=Label(PROPOSAL_LABELS[proposal.status]),
           note=note or "")


def question_asked(session: Session, problem, question) -> None:
    notify(session, _posters(session, problem), QUESTION_ASKED.code, link=_link(problem, "#questions"),
           title=problem.title, question=question.question)


def answered(session: Session, problem, question, bidders: Iterable[str]) -> None:
    notify(session, _vendor_people(session, bidders), ANSWERED.code, link=_link(problem, "#questions"),
           title=problem.title, question=question.question, answer=question.answer)
