"""The search commands: search --json, reindex, eval-search and bench search."""

import json

import pytest

from catalog.search.cli import bench_search_command, eval_search_command, reindex_command, search_command
from marketplace.app import create_app
from tests.conftest import TEST_CONFIG


@pytest.fixture(scope="module")
def bare_app(tmp_path_factory):
    """An app for commands that need no database."""
    return create_app(
        {**TEST_CONFIG, "DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('cli') / 'cli.db'}"}
    )


def test_search_prints_json_best_first_over_public_listings(app, factory):
    invoice = factory.listing("published", name="Hóa đơn điện tử An Phát", categories=["e_invoice"])
    factory.listing("published", name="Kế toán hóa đơn", categories=["accounting"])
    factory.listing("draft", name="Hóa đơn điện tử nháp", categories=["e_invoice"])
    factory.session.commit()
    result = app.test_cli_runner().invoke(
        search_command, ["hoa don dien tu", "--filter", "category=e_invoice", "--limit", "5", "--json"]
    )
    assert result.exit_code == 0, result.output
    hits = json.loads(result.output)
    assert [h["product_id"] for h in hits] == [invoice.id]
    assert set(hits[0]) == {"product_id", "score", "highlights"}
    assert 0 < hits[0]["score"] <= 1 and "<mark>" in hits[0]["highlights"]["name"]


def test_search_refuses_bad_filters_clearly(app):
    runner = app.test_cli_runner()
    result = runner.invoke(search_command, ["x", "--filter", "category=nope"])
    assert result.exit_code == 2 and "category" in result.output and "e_invoice" in result.output
    result = runner.invoke(search_command, ["x", "--filter", "category"])
    assert result.exit_code == 2 and "FIELD=VALUE" in result.output


def test_reindex_reports_what_it_indexed(app, factory):
    factory.listing("published")
    factory.listing("submitted")
    factory.session.commit()
    result = app.test_cli_runner().invoke(reindex_command, [])
    assert result.exit_code == 0, result.output
    assert "Đã lập chỉ mục 2 tài liệu (embedded)" in result.output


def test_eval_search_reports_the_known_item_share(bare_app):
    result = bare_app.test_cli_runner().invoke(eval_search_command, ["--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["queries"] >= 60 and report["top3"] >= 0.95


def test_eval_search_adhoc_reports_ndcg_against_bm25(bare_app, tmp_path):
    queries = tmp_path / "q.json"
    queries.write_text(
        json.dumps(
            {
                "queries": [
                    {"q": "thu tien bang ma qr", "split": "a", "grades": {"dp-26": 2, "dp-27": 1}},
                    {"q": "quan ly nha thuoc", "split": "b", "grades": {"dp-18": 2}},
                ]
            }
        ),
        encoding="utf-8",
    )
    runner = bare_app.test_cli_runner()
    result = runner.invoke(eval_search_command, ["--adhoc", str(queries), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["queries"] == 2 and 0 < report["bm25"] <= 1 and 0 < report["search"] <= 1
    assert set(report["splits"]) == {"a", "b"} and report["splits"]["b"]["queries"] == 1
    first = report["per_query"][0]
    assert first["got"][0] == "dp-26" and first["wanted"] == ["dp-26", "dp-27"] and first["split"] == "a"
    result = runner.invoke(eval_search_command, ["--adhoc", str(queries), "--verbose"])
    assert result.exit_code == 0 and "nDCG@10" in result.output and "'quan ly nha thuoc'" in result.output


def test_bench_search_prints_the_figures(bare_app):
    result = bare_app.test_cli_runner().invoke(bench_search_command, ["--listings", "300", "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["listings"] == 300 and figures["queries"] >= 200
    assert figures["index_seconds"] > 0 and 0 < figures["p50_ms"] <= figures["p95_ms"]
