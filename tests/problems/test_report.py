"""The officers' report of the board: posted, answered, awarded, median days to the first proposal, by
category and by province; its page, XLSX/CSV and command."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta

from openpyxl import load_workbook

from core.db import utcnow
from problems import proposals, services
from problems.cli import report_problems_command
from problems.lifecycle import vietnam_today
from problems.report import TOTAL, Fact, report
from tests.contracts.test_pages import Browser
from tests.problems.builders import board, offer, problem_input

T0 = datetime(2026, 3, 1, 3, tzinfo=UTC)


def fact(id_, categories, province, first_after_days=None, awarded=False):
    first = T0 + timedelta(days=first_after_days) if first_after_days is not None else None
    return Fact(id_, tuple(categories), province, T0, first, awarded)


def test_counts_per_category_each_problem_once_in_the_total():
    rows = report([
        fact("a", ["sales_pos", "inventory_logistics"], "Hà Nội", 2, awarded=True),
        fact("b", ["sales_pos"], "Huế", 6),
        fact("c", ["hrm"], "Hà Nội"),
    ], "category")
    got = {r.key: (r.posted, r.answered, r.awarded, r.median_days_to_first) for r in rows}
    assert got == {"sales_pos": (2, 2, 1, 4.0), "inventory_logistics": (1, 1, 1, 2.0), "hrm": (1, 0, 0, None),
                   TOTAL: (3, 2, 1, 4.0)}
    assert rows[0].key == "sales_pos" and rows[-1].key == TOTAL
    by_province = {r.key: r.posted for r in report([fact("a", ["crm"], "Hà Nội"), fact("b", ["crm"], None)],
                                                  "province")}
    assert by_province == {"Hà Nội": 1, "": 1, TOTAL: 2}


def _awarded_world(session, factory):
    world = board(session, factory)
    problem = services.post_problem(session, world.sme_user, problem_input())
    services.moderate(session, world.officer, problem.id, True, None, "")
    bid = proposals.submit(session, world.vendor_users[0], problem.id, offer(world.products[0].id))
    proposals.accept(session, world.sme_user, bid.id)
    services.post_problem(session, world.sme_user, problem_input(title="Chưa duyệt"))  # not published
    session.commit()
    return world


def test_the_stored_problems_make_the_report(app, session, factory):
    _awarded_world(session, factory)
    today = vietnam_today(utcnow())
    rows = report(services.report_facts(session, today, today), "province")
    assert [(r.key, r.posted, r.answered, r.awarded) for r in rows] == [("Hà Nội", 1, 1, 1), (TOTAL, 1, 1, 1)]
    assert rows[-1].median_days_to_first == 0.0
    assert report(services.report_facts(session, today + timedelta(days=1), today + timedelta(days=2)),
                  "province")[-1].posted == 0


def test_page_and_downloads(app, session, factory):
    world = _awarded_world(session, factory)
    officer = Browser(app, world.officer)
    page = officer.get("/officer/problems/report").get_data(as_text=True)
    assert "Quản lý bán hàng (POS)" in page and "Tổng cộng" in page
    page = officer.get("/officer/problems/report?by=nonsense&from=2026-13-01").get_data(as_text=True)
    assert "Chiều báo cáo không hợp lệ" in page
    xlsx = officer.get("/officer/problems/report.xlsx?by=province")
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    values = [row for row in sheet.iter_rows(values_only=True)]
    assert values[1][:4] == ("Nhóm", "Bài toán đã đăng", "Có đề xuất", "Đã chọn đề xuất")
    assert ("Hà Nội", 1, 1, 1) == values[2][:4] and values[-1][0] == "Tổng cộng"
    csv = officer.get("/officer/problems/report.csv").get_data(as_text=True)
    assert csv.startswith("\ufeff") and "Tổng cộng,1,1,1" in csv


def test_the_command(app, session, factory, tmp_path):
    _awarded_world(session, factory)
    today = vietnam_today(utcnow()).isoformat()
    result = app.test_cli_runner().invoke(report_problems_command, [
        "--from", today, "--to", today, "--by", "province", "--json", "--xlsx", str(tmp_path / "r.xlsx")])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["rows"][-1] == {"key": "*", "posted": 1, "answered": 1, "awarded": 1,
                                                     "median_days_to_first_proposal": 0.0}
    assert (tmp_path / "r.xlsx").stat().st_size > 0
    bad = app.test_cli_runner().invoke(report_problems_command, ["--from", "2026-02-30", "--to", today])
    assert bad.exit_code != 0 and "YYYY-MM-DD" in bad.output
