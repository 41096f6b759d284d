"""The demo's programme section: consultants, assessments over two years and supports, so the spec's
report on the dev data has every figure to show; a second run changes nothing."""

from datetime import date

from sqlalchemy import select

from assessments.models import Assessment
from core.extensions import db
from demo.cli import DEMO_FILE, demo_command
from indicators.programme import programme_report
from tests.catalog.test_demo import fresh_app  # noqa: F401  (the fixture)


def test_the_demo_has_a_programme_section_and_the_report_reads_it(fresh_app):  # noqa: F811
    session = db.session
    assert fresh_app.test_cli_runner().invoke(demo_command, ["--file", str(DEMO_FILE)]).exit_code == 0
    days = session.scalars(select(Assessment.assessed_on)).all()
    assert {d.year for d in days} == {2025, 2026}
    report = programme_report(session, date(2025, 1, 1), date(2026, 12, 31))
    assert report["smes_supported"] >= 30 and report["contracts"] >= 30
    assert all(report["by_kind"].values()) and report["consultants"]["certified"] >= 5
    change = report["readiness_change"]
    assert change["improved"] > change["declined"] > 0 and change["unchanged"] > 0
    assert {k for k, v in report["tiers"].items() if v} >= {"khoi_dong", "nang_cao", "toan_dien"}
    again = fresh_app.test_cli_runner().invoke(demo_command, ["--file", str(DEMO_FILE)])
    assert again.exit_code == 0 and "Chuyên gia tư vấn" not in again.output
    assert programme_report(session, date(2025, 1, 1), date(2026, 12, 31)) == report
