"""Routing on the judged development set: each SME's problem text posted as a problem (categories
from the form's suggestion), nDCG@10 of the invited products at least 0.85."""

from __future__ import annotations

import json

from interchange.format import DEV_CATALOG as DEV
from matching.evaluation import judged_set_from_document
from problems.cli import eval_routing_command
from problems.evaluation import TARGET_NDCG, brief_of, evaluate
from problems.routing import suggest_categories
from smes.sizing import size_of_interchange_sme


def _dev():
    return judged_set_from_document(json.loads(DEV.read_text(encoding="utf-8")), size_of_interchange_sme,
                                    official=True)


def test_invited_products_reach_the_target_on_the_development_set():
    figures = evaluate(_dev())
    assert figures["ndcg@10"] >= TARGET_NDCG == 0.85


def test_the_problem_uses_the_suggested_categories_not_the_stated_needs():
    profile = next(p for p in _dev().profiles if p.id == "ds-01")
    brief = brief_of(profile)
    assert brief.categories == tuple(suggest_categories(profile.problem))
    assert "sales_pos" in brief.categories and brief.description == profile.problem


def test_the_command_prints_the_figure(app):
    result = app.test_cli_runner().invoke(eval_routing_command, [str(DEV), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["problems"] == 35 and figures["routing"]["ndcg@10"] >= 0.85
