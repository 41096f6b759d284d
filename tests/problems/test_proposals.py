"""Proposals: the deadline, who sees which proposal, anonymity until shortlisting, the poster's
decisions, and an accepted proposal becoming a contract that counts once both sides sign."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from contracts import services as contracts
from contracts.models import Contract
from core.audit import AuditEntry
from core.domain import Conflict, InvalidTransition, NotFound, ValidationFailed
from notifications.models import Notification
from problems import proposals, services, thread
from problems.lifecycle import ACCEPTED, AWARDED, CHANGES, DECLINED, SHORTLISTED, SUBMITTED, name_shown
from tests.contracts.test_pages import Browser
from tests.problems.builders import board, in_days, offer, problem_input


def _open_problem(session, world, **over):
    problem = services.post_problem(session, world.sme_user, problem_input(**over))
    services.moderate(session, world.officer, problem.id, True, None, "")
    return problem


def test_vendors_propose_and_see_only_their_own_until_award(session, factory):
    world = board(session, factory)
    problem = _open_problem(session, world)
    first = proposals.submit(session, world.vendor_users[0], problem.id, offer(world.products[0].id))
    second = proposals.submit(session, world.vendor_users[1], problem.id, offer(value_vnd=9_000_000))
    assert proposals.proposals_of(session, problem, world.vendor_users[0]) == [first]
    assert proposals.proposals_of(session, problem, world.vendor_users[1]) == [second]
    assert set(proposals.proposals_of(session, problem, world.sme_user)) == {first, second}
    assert proposals.proposals_of(session, problem, world.vendor_users[2]) == []
    proposals.accept(session, world.sme_user, first.id)
    assert set(proposals.proposals_of(session, problem, world.vendor_users[1])) == {first, second}
    assert proposals.proposals_of(session, problem, world.vendor_users[2]) == [first]  # the award is public


def test_a_proposal_after_the_deadline_is_refused(session, factory):
    world = board(session, factory)
    problem = _open_problem(session, world)
    problem.deadline = in_days(-1)
    with pytest.raises(InvalidTransition):
        proposals.submit(session, world.vendor_users[0], problem.id, offer(world.products[0].id))
    with pytest.raises(InvalidTransition):
        thread.ask(session, world.vendor_users[0], problem.id, "Có cần tích hợp MISA?")
    problem.deadline = in_days(0)  # the deadline day itself still counts
    assert proposals.submit(session, world.vendor_users[0], problem.id, offer(world.products[0].id))


def test_a_pending_problem_takes_no_proposal(session, factory):
    world = board(session, factory)
    problem = services.post_problem(session, world.sme_user, problem_input())
    with pytest.raises(NotFound):
        proposals.submit(session, world.vendor_users[0], problem.id, offer(world.products[0].id))


def test_the_product_must_be_the_vendors_own_and_its_pricing_one_of_the_products(session, factory):
    world = board(session, factory)
    problem = _open_problem(session, world)
    with pytest.raises(ValidationFailed) as refused:
        proposals.submit(session, world.vendor_users[1], problem.id, offer(world.products[0].id))
    assert "product_id" in refused.value.fields
    with pytest.raises(ValidationFailed) as refused:
        proposals.submit(session, world.vendor_users[0], problem.id,
                         offer(world.products[0].id, pricing={"type": "one_time", "price_vnd": 5_000_000}))
    assert "pricing.type" in refused.value.fields
    with pytest.raises(ValidationFailed) as refused:
        proposals.submit(session, world.vendor_users[1], problem.id,
                         offer(pricing={"type": "revenue_sharing"}, timeline_days=0))
    assert {"pricing.revenue_share_pct", "timeline_days"} <= set(refused.value.fields)


def test_the_firm_is_named_to_a_vendor_once_shortlisted():
    assert not name_shown(False, SUBMITTED) and not name_shown(False, CHANGES)
    assert name_shown(False, SHORTLISTED) and name_shown(False, ACCEPTED) and name_shown(True, None)


def test_changes_requested_then_revised_goes_back_to_the_poster(session, factory):
    world = board(session, factory)
    problem = _open_problem(session, world)
    mine = proposals.submit(session, world.vendor_users[0], problem.id, offer(world.products[0].id))
    with pytest.raises(ValidationFailed):
        proposals.request_changes(session, world.sme_user, mine.id, "")
    proposals.request_changes(session, world.sme_user, mine.id, "Giảm giá còn 12 triệu?")
    assert (mine.status, mine.change_request) == (CHANGES, "Giảm giá còn 12 triệu?")
    again = proposals.submit(session, world.vendor_users[0], problem.id, offer(world.products[0].id,
                                                                             value_vnd=12_000_000))
    assert again is mine and (mine.status, mine.value_vnd) == (SUBMITTED, 12_000_000)


def test_only_the_poster_decides(session, factory):
    world = board(session, factory)
    problem = _open_problem(session, world)
    mine = proposals.submit(session, world.vendor_users[0], problem.id, offer(world.products[0].id))
    stranger = factory.user("sme")
    for user in (stranger, world.vendor_users[0], world.officer):
        with pytest.raises(NotFound):
            proposals.shortlist(session, user, mine.id)


def test_accepting_makes_a_contract_tells_the_others_and_the_contract_counts(session, factory):
    world = board(session, factory)
    problem = _open_problem(session, world)
    chosen = proposals.submit(session, world.vendor_users[0], problem.id, offer(world.products[0].id))
    other = proposals.submit(session, world.vendor_users[1], problem.id, offer(value_vnd=9_000_000))
    proposals.shortlist(session, world.sme_user, chosen.id)
    proposals.accept(session, world.sme_user, chosen.id)
    assert (chosen.status, other.status, problem.status) == (ACCEPTED, DECLINED, AWARDED)
    contract = session.get(Contract, chosen.contract_id)
    assert (contract.status, contract.value_vnd, contract.sme_id, contract.vendor_id) == (
        "awaiting_signatures", 14_400_000, world.sme_user.sme_id, world.vendor_users[0].vendor_id)
    for user in (world.sme_user, world.vendor_users[0]):
        contracts.sign(session, user, contract.id, contract.terms_digest, ip="127.0.0.1", user_agent="test")
    assert contract.counted_day is not None
    told = session.scalars(select(AuditEntry).where(AuditEntry.entity_id == other.id,
                                                    AuditEntry.action == "proposal.reject")).one()
    assert told.data["chosen"] == chosen.id
    with pytest.raises(InvalidTransition):
        proposals.accept(session, world.sme_user, other.id)


def test_a_new_solution_cannot_become_a_contract_until_listed(session, factory):
    world = board(session, factory)
    problem = _open_problem(session, world)
    new = proposals.submit(session, world.vendor_users[1], problem.id, offer())
    with pytest.raises(Conflict):
        proposals.accept(session, world.sme_user, new.id)
    assert new.status == SUBMITTED and problem.status == "open"


def test_questions_are_public_and_answered_by_the_poster(session, factory):
    world = board(session, factory)
    problem = _open_problem(session, world)
    question = thread.ask(session, world.vendor_users[0], problem.id, "Có cần tích hợp MISA?")
    with pytest.raises(NotFound):
        thread.answer(session, world.vendor_users[1], problem.id, question.id, "Có")
    thread.answer(session, world.sme_user, problem.id, question.id, "Có, MISA SME.")
    assert [q.answer for q in thread.questions_of(session, problem.id)] == ["Có, MISA SME."]


def test_a_city_problem_is_decided_by_officers_without_a_contract(session, factory):
    world = board(session, factory)
    problem = services.post_problem(session, world.officer, problem_input(
        sector="trade", province="Hải Phòng", prize_vnd=200_000_000, evaluation_criteria="Hiệu quả"))
    bid = proposals.submit(session, world.vendor_users[0], problem.id, offer(world.products[0].id))
    with pytest.raises(NotFound):
        proposals.accept(session, world.sme_user, bid.id)
    proposals.accept(session, factory.user("officer"), bid.id)
    assert (bid.status, bid.contract_id, problem.status) == (ACCEPTED, None, AWARDED)



def test_the_poster_cancels_and_the_bidders_are_told(session, factory):
    world = board(session, factory)
    problem = _open_problem(session, world)
    bid = proposals.submit(session, world.vendor_users[0], problem.id, offer(world.products[0].id))
    with pytest.raises(NotFound):
        proposals.cancel(session, world.vendor_users[0], problem.id, None)
    proposals.cancel(session, world.sme_user, problem.id, "Đã tự giải quyết.")
    assert (problem.status, bid.status) == ("cancelled", DECLINED)
    with pytest.raises(InvalidTransition):
        proposals.submit(session, world.vendor_users[1], problem.id, offer())
    with pytest.raises(InvalidTransition):
        proposals.cancel(session, world.officer, problem.id, None)


def test_the_comparison_shows_terms_readiness_and_track_record(app, session, factory):
    world = board(session, factory)
    problem = _open_problem(session, world)
    proposals.submit(session, world.vendor_users[0], problem.id, offer(world.products[0].id))
    proposals.submit(session, world.vendor_users[1], problem.id, offer(value_vnd=9_000_000))
    session.commit()
    page = Browser(app, world.sme_user).get(f"/problems/{problem.id}/compare").get_data(as_text=True)
    assert "9.000.000 ₫" in page and "14.400.000 ₫" in page and "1.200.000 ₫" in page  # per month
    assert "Phần mềm bán hàng POS đa chi nhánh" in page and "Giải pháp kho riêng" in page
    assert "0–5" in page and "Hợp đồng đã ký trên sàn" in page and "chưa có" in page  # no reviews yet
    assert Browser(app, world.vendor_users[0]).get(f"/problems/{problem.id}/compare").status_code == 404


def _told(session, user, event):
    return session.scalars(select(Notification).where(Notification.user_id == user.id,
                                                      Notification.event == event)).all()


def test_people_are_told_at_each_step(session, factory):
    world = board(session, factory)
    problem = _open_problem(session, world)
    assert _told(session, world.sme_user, "problems.approved")
    assert _told(session, world.vendor_users[0], "problems.invited")  # its product ranked best
    assert not _told(session, world.vendor_users[2], "problems.invited")  # payroll: not invited
    chosen = proposals.submit(session, world.vendor_users[0], problem.id, offer(world.products[0].id))
    other = proposals.submit(session, world.vendor_users[1], problem.id, offer(value_vnd=9_000_000))
    received = _told(session, world.sme_user, "problems.proposal_received")
    assert {n.context["value"] for n in received} == {"14.400.000 ₫", "9.000.000 ₫"}
    question = thread.ask(session, world.vendor_users[1], problem.id, "Có cần tích hợp MISA?")
    assert _told(session, world.sme_user, "problems.question_asked")
    thread.answer(session, world.sme_user, problem.id, question.id, "Có.")
    assert _told(session, world.vendor_users[0], "problems.answered")  # every bidder reads the answer
    proposals.accept(session, world.sme_user, chosen.id)
    [told] = _told(session, world.vendor_users[1], "problems.proposal_decided")
    assert told.context["status"] == {"label": "Không được chọn"} and other.status == DECLINED
