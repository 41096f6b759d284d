"""The matching commands: match --sme/--all (the spec's JSON), eval-matching, bench match."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from catalog.models import Listing
from interchange.format import DEV_CATALOG as DEV
from matching.cli import bench_match_command, eval_matching_command, match_command


def test_match_one_sme_prints_the_spec_array(app, shop):
    _, sme, _ = shop
    result = app.test_cli_runner().invoke(match_command, ["--sme", sme.id, "--top", "2", "--json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert [m["product_id"] for m in body] == ["p-pos", "p-invoice"]
    assert set(body[0]) == {"product_id", "score", "reasons"}


def test_match_all_prints_one_object_per_line(app, factory, shop):
    factory.sme(id="s-factory", sector="manufacturing", problem="cham cong, tinh luong cong nhan")
    result = app.test_cli_runner().invoke(match_command, ["--all", "--top", "1", "--json"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(line["sme_id"], [m["product_id"] for m in line["matches"]]) for line in lines] == [
        ("s-factory", ["p-hrm"]),
        ("s-shop", ["p-pos"]),
    ]


def test_match_refuses_unknown_or_ambiguous_requests(app, shop):
    runner = app.test_cli_runner()
    unknown = runner.invoke(match_command, ["--sme", "khong-co", "--json"])
    assert unknown.exit_code == 1 and "Không tìm thấy doanh nghiệp “khong-co”" in unknown.output
    both = runner.invoke(match_command, ["--sme", "s-shop", "--all"])
    assert both.exit_code == 2 and "Chọn đúng một trong --sme ID hoặc --all" in both.output


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_eval_matching_imports_into_a_throwaway_database(app, session):
    result = app.test_cli_runner().invoke(eval_matching_command, [str(DEV), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert (figures["smes"], figures["products"], figures["judgments"]) == (35, 70, 207)
    best = max(figures[k]["ndcg@10"] for k in ("popularity", "bm25", "random"))
    assert figures["engine"]["ndcg@10"] >= 0.90 and figures["engine"]["ndcg@10"] - best >= 0.08
    assert session.scalar(select(func.count()).select_from(Listing)) == 0  # the app's database is untouched


def test_bench_match_prints_its_figures(app):
    result = app.test_cli_runner().invoke(
        bench_match_command, ["--products", "300", "--smes", "20", "--json"]
    )
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["products"] == 300 and figures["smes"] == 20
    assert figures["one_p95_ms"] > 0 and figures["all_seconds"] > 0
