"""`bench report` on a small synthetic set: it fills, times every dimension, and its rows report correctly."""

import json
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from contracts.models import Contract
from marketplace.app import create_app
from marketplace.db import make_engine
from reports.aggregate import DIMENSIONS
from reports.cli import bench_report
from reports.queries import contract_report
from tests.conftest import TEST_CONFIG


def test_bench_report_fills_and_times_each_dimension(tmp_path):
    url = f"sqlite:///{tmp_path / 'bench.db'}"
    app = create_app({**TEST_CONFIG, "DATABASE_URL": url, "SEARCH_INDEX_PATH": str(tmp_path / "search.db")})
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
