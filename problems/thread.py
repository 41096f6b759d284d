"""The public questions-and-answers thread of a problem: vendors ask, the poster answers, everyone
reads (clarifications are public, as in public procurement). Flush only."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.audit import record_audit
from core.db import utcnow
from core.domain import N_, Forbidden, InvalidTransition, NotFound, ValidationFailed
from problems import lifecycle, notices
from problems.models import ENTITY, Proposal, Question
from problems.proposals import is_poster
from problems.services import NOTE_MAX, get_problem, invited_vendor_ids


def _text(text: str | None, field: str) -> str:
    text = (text or "").strip()
    if not text or len(text) > NOTE_MAX:
        raise ValidationFailed(N_("Nội dung chưa hợp lệ."), {field: N_("Từ 1 đến 4.000 ký tự.")})
    return text


def ask(session: Session, user, problem_id: str, text: str | None) -> Question:
    if user.role != "vendor":
        raise Forbidden(N_("Chỉ nhà cung cấp được đặt câu hỏi."))
    problem = get_problem(session, problem_id)
    if problem.status not in lifecycle.PUBLIC_STATUSES:
        raise NotFound(N_("Không tìm thấy bài toán."))
    if not lifecycle.takes_proposals(problem.status, problem.deadline, lifecycle.vietnam_today(utcnow())):
        raise InvalidTransition(N_("Bài toán không còn nhận câu hỏi."))
    question = Question(problem_id=problem.id, vendor_id=user.vendor_id, asked_by_id=user.id,
                        question=_text(text, "question"))
    session.add(question)
    session.flush()
    record_audit(session, user, "problem.question", ENTITY, problem.id, None, None, None,
                 {"question_id": question.id})
    notices.question_asked(session, problem, question)
    return question


def answer(session: Session, user, problem_id: str, question_id: int, text: str | None) -> Question:
    problem = get_problem(session, problem_id)
    question = session.get(Question, question_id)
    if question is None or question.problem_id != problem.id or not is_poster(problem, user):
        raise NotFound(N_("Không tìm thấy câu hỏi."))
    question.answer = _text(text, "answer")
    question.answered_by_id, question.answered_at = user.id, utcnow()
    record_audit(session, user, "problem.answer", ENTITY, problem.id, None, None, None,
                 {"question_id": question.id})
    session.flush()
    bidders = set(session.scalars(select(Proposal.vendor_id).where(Proposal.problem_id == problem.id)))
    bidders |= invited_vendor_ids(session, problem.id) | {question.vendor_id} - {None}
    notices.answered(session, problem, question, bidders)
    return question


def questions_of(session: Session, problem_id: str) -> list[Question]:
    return list(session.scalars(select(Question).where(Question.problem_id == problem_id)
                                .order_by(Question.asked_at, Question.id)))
