"""`bench report` on a small synthetic set: it fills, times every dimension, and its rows report correctly."""

import json
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from contracts.models import Contract
from core.db import make_engine
from marketplace.app import create_app
from reports.aggregate import DIMENSIONS
from reports.cli import bench_report
from reports.queries import contract_report
from tests.conftest import TEST_CONFIG


def _app(tmp_path):
    return create_app({**TEST_CONFIG, "DATABASE_URL": f"sqlite:///{tmp_path / 'app.db'}",
                       "SEARCH_INDEX_PATH": str(tmp_path / "search.db")})


def test_bench_report_fills_and_times_each_dimension(tmp_path):
    url = f"sqlite:///{tmp_path / 'bench.db'}"
    app = _app(tmp_path)
    result = app.test_cli_runner().invoke(bench_report, ["--contracts", "400", "--database-url", url,
                                                         "--repeat", "1", "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["database"] == "sqlite" and figures["contracts"] == 400
    assert set(figures["reports"]) == set(DIMENSIONS)
    totals = {(t["contracts"], t["smes"]) for t in figures["reports"].values()}
    assert len(totals) == 1 and 300 < totals.pop()[0] <= 400
    # The synthetic first-of-period days agree with a plain COUNT(DISTINCT) over the same rows.
    engine = make_engine(url)
    with Session(engine) as session:
        for start, end in ((date(2024, 1, 1), date(2026, 12, 31)), (date(2025, 3, 1), date(2025, 8, 15))):
            distinct = session.scalar(sa.select(sa.func.count(Contract.sme_id.distinct()))
                                      .where(Contract.counted_day.between(start, end)))
            for by in ("sector", "category", "month"):
                assert contract_report(session, start, end, by).smes == distinct
            one = contract_report(session, start, end, "sector").groups[0]
            assert contract_report(session, start, end, "province", {"sector": one.key}).smes == one.smes
    engine.dispose()
    again = app.test_cli_runner().invoke(
        bench_report, ["--contracts", "400", "--database-url", url, "--reuse", "--repeat", "1", "--json"])
    assert json.loads(again.output)["fill_seconds"] is None


def test_bench_report_never_fills_the_marketplace_database(tmp_path):
    """Synthetic contracts in the real database would inflate the "contracts signed" indicator."""
    app = _app(tmp_path)
    own = app.test_cli_runner().invoke(bench_report, ["--contracts", "10", "--database-url",
                                                      app.config["DATABASE_URL"], "--json"])
    assert own.exit_code == 1 and "cơ sở dữ liệu của sàn" in own.output

    scratch = app.test_cli_runner().invoke(bench_report, ["--contracts", "50", "--repeat", "1", "--json"])
    assert scratch.exit_code == 0, scratch.output  # a throwaway SQLite file by default
    assert json.loads(scratch.output)["contracts"] == 50
    app_db = tmp_path / "app.db"
    assert not app_db.exists() or b"rb-" not in app_db.read_bytes()
