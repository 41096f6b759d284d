"""Problems and proposals in the interchange: export, import back (idempotent), references checked."""

from __future__ import annotations

import copy

import pytest
from sqlalchemy import delete

from interchange.format import check_document
from interchange.sections import ImportRefused, export_document, import_document
from problems import proposals, services
from problems.models import Invitation, Problem, Proposal
from tests.problems.builders import board, offer, problem_input


def _world(session, factory):
    world = board(session, factory)
    problem = services.post_problem(session, world.sme_user, problem_input())
    services.moderate(session, world.officer, problem.id, True, None, "")
    proposals.submit(session, world.vendor_users[0], problem.id, offer(world.products[0].id))
    proposals.submit(session, world.vendor_users[1], problem.id, offer())
    session.commit()
    return world, problem


def test_export_then_import_changes_nothing_and_fills_an_empty_store(session, factory):
    world, problem = _world(session, factory)
    document = export_document(session)
    assert check_document(document) == []
    exported = next(p for p in document["problems"] if p["id"] == problem.id)
    assert exported["categories"] == ["sales_pos", "inventory_logistics"] and exported["status"] == "open"
    assert exported["deadline"] == problem.deadline.isoformat() and "+00:00" in exported["published_at"]
    assert {p["vendor_id"] for p in document["proposals"]} == {u.vendor_id for u in world.vendor_users[:2]}
    report = import_document(session, copy.deepcopy(document))
    assert not report.changed
    # Into a store without the board's rows: the same records come back.
    for model in (Proposal, Invitation, Problem):
        session.execute(delete(model))
    session.flush()
    report = import_document(session, copy.deepcopy(document))
    assert (report.results["problems"].created, report.results["proposals"].created) == (1, 2)
    again = export_document(session)
    assert (again["problems"], again["proposals"]) == (document["problems"], document["proposals"])


def test_references_are_checked_before_anything_is_written(session, factory):
    world, problem = _world(session, factory)
    document = {"format": "sme-catalog/1", "problems": [
        {"id": "bt-x", "kind": "sme", "sme_id": "nobody", "title": "T", "description": "D",
         "categories": ["crm"], "deadline": "2026-02-30", "status": "open"}],
        "proposals": [
            {"id": "dx-x", "problem_id": "bt-none", "vendor_id": world.vendor_users[1].vendor_id,
             "product_id": world.products[0].id, "pricing": {"type": "subscription"}, "value_vnd": 1,
             "months": 12, "status": "submitted"},
            {"id": "dx-y", "problem_id": problem.id, "vendor_id": world.vendor_users[2].vendor_id,
             "pricing": {"type": "subscription"}, "value_vnd": 1, "months": 12, "status": "submitted"}]}
    with pytest.raises(ImportRefused) as refused:
        import_document(session, document)
    found = {(p.section, p.field) for p in refused.value.problems}
    assert {("problems", "sme_id"), ("problems", "deadline"), ("proposals", "problem_id"),
            ("proposals", "product_id")} <= found
    assert any(p.section == "proposals" and p.index == 1  # neither a product nor a new solution's name
               for p in refused.value.problems)
    assert session.get(Problem, "bt-x") is None
