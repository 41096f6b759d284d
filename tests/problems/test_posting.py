"""Posting, moderating and routing problems (services, on SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.audit import AuditEntry
from core.domain import Forbidden, InvalidTransition, ValidationFailed
from problems import services
from problems.lifecycle import CLOSED, OPEN, PENDING, REJECTED, status_on
from tests.problems.builders import board, in_days, problem_input


def _actions(session, problem_id):
    return [e.action for e in session.scalars(
        select(AuditEntry).where(AuditEntry.entity_id == problem_id).order_by(AuditEntry.id))]


def test_an_sme_problem_waits_for_moderation_and_invites_no_one_before(session, factory):
    world = board(session, factory)
    problem = services.post_problem(session, world.sme_user, problem_input())
    assert problem.status == PENDING and problem.kind == "sme"
    assert (problem.sector, problem.province) == ("trade", "Hà Nội")  # the SME's, for routing and facets
    assert services.invitations_of(session, problem.id) == []
    assert _actions(session, problem.id) == ["problem.post"]


def test_approval_publishes_and_invites_the_vendors_of_the_best_products_with_reasons(session, factory):
    world = board(session, factory)
    problem = services.post_problem(session, world.sme_user, problem_input())
    services.moderate(session, world.officer, problem.id, True, None, "")
    assert problem.status == OPEN and problem.published_at is not None
    invitations = services.invitations_of(session, problem.id)
    assert [i.product_id for i in invitations][:2] == [world.products[0].id, world.products[1].id]
    assert invitations[0].vendor_id == world.vendor_users[0].vendor_id
    assert any("Quản lý bán hàng (POS)" in r for r in invitations[0].reasons["vi"])
    assert any("Sales management (POS)" in r for r in invitations[0].reasons["en"])
    assert _actions(session, problem.id) == ["problem.post", "problem.approve", "problem.route"]


def test_refusal_needs_a_reason_and_a_note_and_is_audited(session, factory):
    world = board(session, factory)
    problem = services.post_problem(session, world.sme_user, problem_input())
    with pytest.raises(ValidationFailed) as refused:
        services.moderate(session, world.officer, problem.id, False, None, "Có số điện thoại")
    assert "reason" in refused.value.fields
    with pytest.raises(ValidationFailed) as refused:
        services.moderate(session, world.officer, problem.id, False, "personal_data", " ")
    assert "note" in refused.value.fields
    assert problem.status == PENDING
    services.moderate(session, world.officer, problem.id, False, "personal_data", "Bỏ số điện thoại.")
    assert problem.status == REJECTED and problem.moderation_reason == "Bỏ số điện thoại."
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "problem.reject")).one()
    assert (entry.actor_id, entry.data, entry.reason) == (world.officer.id, {"reason": "personal_data"},
                                                          "Bỏ số điện thoại.")
    with pytest.raises(InvalidTransition):
        services.moderate(session, world.officer, problem.id, True, None, "")


def test_a_city_problem_is_published_at_once_with_its_criteria(session, factory):
    world = board(session, factory)
    problem = services.post_problem(session, world.officer, problem_input(
        sector="trade", province="Hải Phòng", prize_vnd=200_000_000, budget_max_vnd=None, budget_min_vnd=None,
        evaluation_criteria="Hiệu quả (40%)\nChi phí (30%)"))
    assert (problem.kind, problem.status, problem.show_name) == ("city", OPEN, True)
    assert services.invitations_of(session, problem.id)


def test_a_city_problem_needs_sector_budget_or_prize_and_criteria(session, factory):
    world = board(session, factory)
    with pytest.raises(ValidationFailed) as refused:
        services.post_problem(session, world.officer, problem_input(budget_max_vnd=None, budget_min_vnd=None))
    assert {"sector", "province", "budget_max_vnd", "evaluation_criteria"} <= set(refused.value.fields)


@pytest.mark.parametrize(("over", "field"), [
    ({"deadline": in_days(-1)}, "deadline"),
    ({"categories": ()}, "categories"),
    ({"categories": ("no_such_thing",)}, "categories"),
    ({"budget_min_vnd": 20_000_000}, "budget_max_vnd"),
    ({"title": " "}, "title"),
    ({"months": 0}, "months"),
])
def test_bad_input_is_refused_naming_the_field(session, factory, over, field):
    world = board(session, factory)
    with pytest.raises(ValidationFailed) as refused:
        services.post_problem(session, world.sme_user, problem_input(**over))
    assert field in refused.value.fields


def test_vendors_do_not_post_problems(session, factory):
    world = board(session, factory)
    with pytest.raises(Forbidden):
        services.post_problem(session, world.vendor_users[0], problem_input())


def test_the_same_form_twice_makes_one_problem(session, factory):
    world = board(session, factory)
    first = services.post_problem(session, world.sme_user, problem_input(), "bt-000000000001")
    again = services.post_problem(session, world.sme_user, problem_input(), "bt-000000000001")
    assert first is again


def test_an_open_problem_reads_closed_after_its_deadline():
    deadline = in_days(0)
    assert status_on(OPEN, deadline, deadline) == OPEN
    assert status_on(OPEN, deadline, in_days(1)) == CLOSED
    assert status_on(PENDING, deadline, in_days(1)) == PENDING
