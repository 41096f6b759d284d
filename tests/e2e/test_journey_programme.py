"""Journeys of the programme. A consultant registers, an officer certifies them, the demo SME asks them
for help, they accept, record a session and run an assessment with the SME; the SME reads its history
and roadmap. An officer sets a plan's target and publishes a course, the demo SME enrols on a phone, the
officer marks attendance once the course has begun, the indicator moves by one, and the annual Word
report downloaded holds the target. An officer calls a course off with a reason, which the enrolled SME
reads on its phone. Key pages at 390 and 1280 px (check_page)."""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from docx import Document
from playwright.sync_api import expect

from core.db import utcnow
from core.formatting import to_vn
from tests.e2e.steps import PASSWORD, log_in_demo, unique_email
from tests.e2e.ui import ARTIFACTS, PHONE, check_page

pytestmark = pytest.mark.e2e
JOURNEY = "programme"
NAME = "Trần Thị Thu Hà"


def test_a_consultant_joins_and_helps_an_sme_that_then_reads_its_roadmap(open_page):
    consultant, officer, sme = open_page(), open_page(), open_page()

    consultant.goto("/register")
    consultant.get_by_role("link", name="Đăng ký chuyên gia").click()
    check_page(consultant, JOURNEY, "register")
    consultant.fill("#name", NAME)
    consultant.get_by_label("Quản lý bán hàng (POS)").check()
    consultant.get_by_label("Hóa đơn điện tử").check()
    consultant.fill("#experience", "6 năm triển khai phần mềm bán hàng cho 50 cửa hàng bán lẻ.")
    consultant.fill("#documents", "Chứng chỉ Chuyên gia chuyển đổi số, Bộ KH&CN, 2025")
    consultant.fill("#references", "Bà Lê Mai, Hội Doanh nghiệp trẻ TP.HCM, 0903 222 111")
    consultant.fill("#full_name", NAME)
    consultant.fill("#email", unique_email("thuha", "tuvan.vn"))
    consultant.fill("#password", PASSWORD)
    consultant.fill("#confirm", PASSWORD)
    consultant.get_by_role("button", name="Đăng ký").click()
    expect(consultant).to_have_url(re.compile(r"/consultant/$"))
    expect(consultant.locator("main")).to_contain_text("Đang chờ thẩm định")

    log_in_demo(officer, "officer")
    officer.locator("summary", has_text="Công việc khác").click()
    officer.get_by_role("link", name="Mạng lưới chuyên gia").click()
    card = officer.locator("article", has_text=NAME)
    expect(card).to_contain_text("6 năm triển khai phần mềm bán hàng")
    check_page(officer, JOURNEY, "officer-vetting")
    card.get_by_label("Hồ sơ, văn bằng, chứng chỉ về chuyển đổi số hợp lệ").check()
    card.get_by_label("Ít nhất 2 năm kinh nghiệm").check()
    card.locator("input[name=certified_on]").fill(date.today().isoformat())
    card.get_by_role("button", name="Công nhận đạt chuẩn").click()
    # One criterion left unchecked: refused, naming it.
    expect(officer.locator(".flash-danger")).to_contain_text("chuyên gia phải đạt mọi tiêu chí")
    card = officer.locator("article", has_text=NAME)
    for text in ("Hồ sơ, văn bằng", "Ít nhất 2 năm", "Có người giới thiệu"):
        card.get_by_label(text).check()
    card.locator("input[name=certified_on]").fill(date.today().isoformat())
    card.get_by_role("button", name="Công nhận đạt chuẩn").click()
    expect(officer.locator(".flash-success")).to_contain_text(f"Đã công nhận {NAME} đạt chuẩn.")

    log_in_demo(sme, "sme")
    sme.goto("/sme/consultants")
    suggestion = sme.locator("article", has_text=NAME)
    expect(suggestion).to_contain_text("Tư vấn đúng nhu cầu: Quản lý bán hàng (POS), Hóa đơn điện tử")
    check_page(sme, JOURNEY, "sme-consultants")
    suggestion.locator("textarea").fill("Cần chọn phần mềm bán hàng cho hai cửa hàng.")
    suggestion.get_by_role("button", name="Nhờ chuyên gia này").click()
    expect(sme.locator(".flash-success")).to_contain_text("Đã gửi yêu cầu tư vấn.")

    consultant.reload()
    request = consultant.locator("article", has_text="Cần chọn phần mềm bán hàng")
    check_page(consultant, JOURNEY, "consultant-workspace")
    request.get_by_role("button", name="Nhận hỗ trợ").click()
    expect(consultant.locator(".flash-success")).to_contain_text("Đã nhận hỗ trợ doanh nghiệp.")
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    consultant.select_option("#kind", "consulting")
    consultant.fill("#on", yesterday)
    consultant.fill("#hours", "2,5")
    consultant.fill("#note", "Rà soát quy trình bán hàng, chọn phần mềm POS.")
    consultant.get_by_role("button", name="Ghi buổi làm việc").click()
    expect(consultant.locator(".flash-success")).to_contain_text("Đã ghi buổi làm việc.")
    expect(consultant.locator("main")).to_contain_text("Rà soát quy trình bán hàng")
    consultant.select_option("#level", "5")
    consultant.fill("#assessed_on", (date.today() + timedelta(days=3)).isoformat())
    consultant.get_by_role("button", name="Ghi kết quả đánh giá").click()
    expect(consultant.locator("#assessed_on-error")).to_contain_text("không được sau hôm nay")
    check_page(consultant, JOURNEY, "consultant-sme-refused")
    consultant.select_option("#level", "4")
    consultant.fill("#assessed_on", yesterday)
    consultant.get_by_role("button", name="Ghi kết quả đánh giá").click()
    expect(consultant.locator(".flash-success")).to_contain_text("Đã ghi kết quả đánh giá.")
    check_page(consultant, JOURNEY, "consultant-sme")

    sme.get_by_role("link", name="Lộ trình số").click()
    expect(sme.locator("main")).to_contain_text("Mức hiện tại: 4")
    expect(sme.locator("main")).to_contain_text("Chuyển đổi toàn diện")
    expect(sme.locator("#assessment-change")).to_contain_text("tăng 2 mức")
    expect(sme.locator("svg.line-chart circle")).to_have_count(3)  # the demo's two, then this one
    expect(sme.locator("#roadmap-title")).to_contain_text("Lộ trình cho nhóm Chuyển đổi toàn diện")
    check_page(sme, JOURNEY, "sme-roadmap")


def _trained(officer, plan: str) -> str:
    """The plan's "SMEs trained" row on the officers' dashboard: its value, as shown."""
    officer.goto(f"/officer/programme/?plan={plan}")
    row = officer.locator("#targets tbody tr", has_text="Doanh nghiệp được đào tạo")
    return row.locator("td").nth(3).inner_text().strip()


def _course_begins(demo_app, title: str) -> None:
    """Time passes: the course began two hours ago (today, in Vietnam)."""
    starts = utcnow() - timedelta(hours=2)
    engine = demo_app.extensions["db_engine"]
    courses = sa.Table("courses", sa.MetaData(), autoload_with=engine)
    with engine.begin() as connection:
        connection.execute(courses.update().where(courses.c.title == title)
                           .values(starts_at=starts, held_on=to_vn(starts).date()))


def test_an_officer_sets_a_target_trains_an_sme_and_the_annual_report_holds_both(open_page, demo_app):
    officer, sme = open_page(), open_page(PHONE)
    year = to_vn(utcnow()).year
    plan = f"Kế hoạch đào tạo thử {uuid.uuid4().hex[:6]}"
    title = f"Hóa đơn điện tử cho hộ kinh doanh {uuid.uuid4().hex[:4]}"

    # The target, on the targets page.
    log_in_demo(officer, "officer")
    officer.get_by_role("link", name="Chỉ tiêu chương trình").click()
    officer.fill("#t-plan", plan)
    officer.select_option("#t-province", "")  # the whole country (the form shows the plan's province)
    officer.select_option("#t-indicator", "trained")
    officer.fill("#t-target", "1.234")
    officer.fill("#t-year", str(year))
    officer.get_by_role("button", name="Lưu chỉ tiêu").click()
    expect(officer.locator(".flash-success")).to_contain_text(f"Đã lưu chỉ tiêu của kế hoạch {plan}.")
    row = officer.locator("#targets tbody tr", has_text="Doanh nghiệp được đào tạo")
    expect(row).to_contain_text("1.234")
    check_page(officer, JOURNEY, "officer-targets")
    before = int(_trained(officer, plan).replace(".", ""))

    # A course: refused with a message naming the field, then published.
    officer.locator("summary", has_text="Công việc khác").click()
    officer.get_by_role("link", name="Khóa đào tạo").click()
    officer.get_by_role("link", name="Đăng khóa đào tạo").click()
    officer.fill("#title", title)
    officer.select_option("#topic", "e_invoice")
    officer.fill("#held_on", (to_vn(utcnow()).date() + timedelta(days=3)).isoformat())
    officer.fill("#starts_at", "08:30")
    officer.fill("#hours", "3,5")
    officer.fill("#place", "Hội trường Sở KH&CN, 39 Trần Hưng Đạo")
    officer.fill("#online_url", "https://meet.example.vn/hddt")
    officer.fill("#seats", "0")
    officer.fill("#description", "Lập, ký số và gửi hóa đơn điện tử theo Nghị định 123/2020/NĐ-CP.")
    officer.get_by_role("button", name="Đăng khóa học").click()
    expect(officer.locator(".flash-danger")).to_contain_text("Số chỗ: ")
    expect(officer.locator("#seats-error")).to_be_visible()
    expect(officer.locator("#title")).to_have_value(title)  # what was typed stays
    check_page(officer, JOURNEY, "course-refused")
    officer.fill("#seats", "30")
    officer.get_by_role("button", name="Đăng khóa học").click()
    expect(officer.locator(".flash-success")).to_contain_text(f"Đã đăng khóa “{title}”.")
    expect(officer.locator("article", has_text=title)).to_contain_text("30/30 chỗ")

    # The SME, on a phone: from its dashboard to the courses, enrols.
    log_in_demo(sme, "sme")
    sme.goto("/sme/")
    sme.locator("#courses").get_by_role("link", name="Khóa đào tạo sắp tới").click()
    course = sme.locator("article", has_text=title)
    expect(course).to_contain_text("08:30")
    expect(course).not_to_contain_text("Vào lớp trực tuyến")  # the link: once enrolled
    course.get_by_role("button", name="Đăng ký tham gia").click()
    expect(sme.locator(".flash-success")).to_contain_text(f"Đã đăng ký khóa “{title}”.")
    course = sme.locator("article", has_text=title)
    expect(course).to_contain_text("29/30 chỗ")
    expect(course.get_by_role("link", name="Vào lớp trực tuyến")).to_have_attribute(
        "href", "https://meet.example.vn/hddt")
    check_page(sme, JOURNEY, "sme-courses")

    # The course took place: the organiser ticks who attended, twice without a second record.
    _course_begins(demo_app, title)
    officer.goto("/courses/organised")
    officer.locator("article", has_text=title).get_by_role("link", name="Danh sách tham dự").click()
    officer.locator("label.check").first.locator("input").check()  # the one SME enrolled
    check_page(officer, JOURNEY, "course-attendance")
    officer.get_by_role("button", name="Ghi danh sách tham dự").click()
    expect(officer.locator(".flash-success")).to_contain_text("1 hoạt động đào tạo mới")
    expect(officer.locator("main")).to_contain_text("Đã ghi nhận tham dự")
    officer.get_by_role("button", name="Ghi danh sách tham dự").click()
    expect(officer.locator(".flash-success")).to_contain_text("0 hoạt động đào tạo mới")
    sme.goto("/sme/")
    expect(sme.locator("#courses")).to_contain_text("Đã tham dự")
    check_page(sme, JOURNEY, "sme-dashboard-trained")

    # The indicator moved by one; the annual report (Word), made by a background job, holds the target
    # and the value: the officer is taken to the jobs page, told when it is ready, and downloads it.
    assert int(_trained(officer, plan).replace(".", "")) == before + 1
    officer.get_by_role("button", name=f"Tạo báo cáo năm {year} (Word)").click()
    expect(officer).to_have_url(re.compile(r"/officer/jobs$"))
    expect(officer.locator("#job-runs")).to_contain_text("Báo cáo năm (Word)")
    check_page(officer, JOURNEY, "jobs")
    expect(officer.locator(".nav-count")).to_be_visible()  # "the report is ready" in the header's badge
    with officer.expect_download() as download:
        officer.locator("#job-runs").get_by_role("link", name="Tải về").first.click()
    report = ARTIFACTS / JOURNEY / download.value.suggested_filename
    assert report.suffix == ".docx", report
    report.parent.mkdir(parents=True, exist_ok=True)
    download.value.save_as(report)
    rows = [[cell.text.strip() for cell in r.cells] for table in Document(str(report)).tables
            for r in table.rows]
    ours = [r for r in rows if r and r[0] == plan]
    assert ours, f"{plan} is not in the report's tables"
    value = f"{before + 1:,}".replace(",", ".")
    assert ours[0][1:5] == ["Doanh nghiệp được đào tạo", str(year), "1.234", value], ours


def test_an_officer_calls_a_course_off_and_the_enrolled_sme_reads_why_on_its_phone(open_page):
    officer, sme = open_page(), open_page(PHONE)
    title = f"Bán hàng trên sàn thương mại điện tử {uuid.uuid4().hex[:4]}"
    reason = "Giảng viên ốm; lớp sẽ mở lại vào tháng sau."
    log_in_demo(officer, "officer")
    officer.goto("/courses/new")
    officer.fill("#title", title)
    officer.select_option("#topic", "ecommerce")
    officer.fill("#held_on", (to_vn(utcnow()).date() + timedelta(days=5)).isoformat())
    officer.fill("#starts_at", "14:00")
    officer.fill("#place", "Hội trường Sở KH&CN, 39 Trần Hưng Đạo")
    officer.fill("#seats", "20")
    officer.get_by_role("button", name="Đăng khóa học").click()
    expect(officer.locator(".flash-success")).to_contain_text(f"Đã đăng khóa “{title}”.")

    log_in_demo(sme, "sme")
    sme.goto("/courses/")
    sme.locator("article", has_text=title).get_by_role("button", name="Đăng ký tham gia").click()
    expect(sme.locator(".flash-success")).to_contain_text(f"Đã đăng ký khóa “{title}”.")

    # The organiser opens "call it off", must give a reason (the browser says so), then gives one.
    officer.goto("/courses/organised")
    course = officer.locator("article", has_text=title)
    course.locator("summary", has_text="Hủy khóa đào tạo").click()
    check_page(officer, JOURNEY, "course-cancel")
    course.get_by_role("button", name="Hủy khóa và báo cho doanh nghiệp").click()
    expect(course.get_by_label("Lý do (gửi cho các doanh nghiệp đã đăng ký)")).to_have_js_property(
        "validity.valueMissing", True)
    course.get_by_label("Lý do (gửi cho các doanh nghiệp đã đăng ký)").fill(reason)
    course.get_by_role("button", name="Hủy khóa và báo cho doanh nghiệp").click()
    expect(officer.locator(".flash-success")).to_contain_text("đã báo cho 1 doanh nghiệp đã đăng ký")
    expect(officer.locator("article", has_text=title)).to_contain_text(f"Lý do: {reason}")

    # The SME, on its phone: its dashboard, then the notice with the reason.
    sme.goto("/sme/")
    expect(sme.locator("#courses")).to_contain_text(f"Đã hủy: {reason}")
    check_page(sme, JOURNEY, "sme-course-cancelled")
    sme.goto("/notifications")
    expect(sme.locator("main")).to_contain_text(f"Khóa “{title}” bị hủy")
    expect(sme.locator("main")).to_contain_text(reason)
    sme.goto("/courses/")
    expect(sme.locator("main")).not_to_contain_text(title)
