"""`bench report --programme` on a small synthetic set: it fills a scratch database, rebuilds the monthly
rows the reports read (the fill writes around the sessions that keep them), and times every report."""

import json
from datetime import date

from sqlalchemy.orm import Session

from core.db import make_engine
from indicators import bench
from indicators.cli import with_programme
from indicators.programme import programme_report
from marketplace.app import create_app
from reports.cli import bench_report
from tests.conftest import TEST_CONFIG
from tests.programme.test_rollup import _as_rebuilt


def test_the_programme_bench_fills_rebuilds_and_times_every_report(tmp_path):
    app = create_app(
        {
            **TEST_CONFIG,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'app.db'}",
            "SEARCH_INDEX_PATH": str(tmp_path / "search.db"),
        }
    )
    url = f"sqlite:///{tmp_path / 'bench.db'}"
    result = app.test_cli_runner().invoke(
        with_programme(bench_report),
        ["--programme", "--smes", "300", "--database-url", url, "--repeat", "1", "--json"],
    )
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)  # the fill's steps go to stderr
    assert (figures["smes"], figures["assessments"], figures["supports"]) == (300, 900, 1500)
    assert {"programme", "programme_month", "by_month", "readiness_by_product", bench.WORKBOOK} <= set(
        figures["reports"]
    )
    assert figures["slowest_s"] == max(
        t["median_s"] for n, t in figures["reports"].items() if n != bench.WORKBOOK
    )
    # 300 SMEs with 8 records each over two years: nearly all were supported in 2026.
    assert 250 < figures["reports"]["programme"]["smes_supported"] <= 300
    with Session(make_engine(url)) as session:
        _as_rebuilt(session)  # the rows the fill wrote are those the records make
        report = programme_report(session, date(2026, 1, 1), date(2026, 12, 31))
        assert report["smes_supported"] == figures["reports"]["programme"]["smes_supported"]
        assert (
            sum(report["tiers"].values()) == report["smes_supported"]
            and report["readiness_change"]["improved"]
        )
