"""The plans' targets (seeded, edited by officers, audited), each plan's progress, the officers'
dashboard, and the annual report in Word read back, then rendered to PDF and PNG."""

import io
import shutil
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from sqlalchemy import select

from core.audit import AuditEntry
from core.domain import ValidationFailed
from core.jobs import JobRun
from indicators.annual import annual_docx
from indicators.models import Target
from indicators.render import first_page_png, to_pdf
from indicators.services import annual_figures, plan_progress, seed_plan_targets, set_target
from indicators.targets import PLAN_TARGETS
from interchange.sections import import_document
from notifications.models import Notification
from tests.contracts.test_pages import Browser
from tests.programme.test_report import _assessment, _base, _contract

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "programme"


@pytest.fixture
def programme(session):
    """Two SMEs (Huế, Hà Nội) with assessments, supports and contracts in 2025-2026; the plans' targets."""
    import_document(
        session,
        _base(
            contracts=[
                _contract("k-1", "s-1", "2026-03-10T09:00:00+07:00"),
                _contract("k-2", "s-2", "2025-05-05T09:00:00+07:00"),
                _contract("k-3", "s-2", "2026-06-01T09:00:00+07:00"),
            ],
            consultants=[
                {
                    "id": "cg-1",
                    "name": "Nguyễn Văn An",
                    "kind": "person",
                    "specialties": ["e_invoice"],
                    "provinces": ["Huế"],
                    "certified_on": "2026-02-01",
                    "status": "active",
                }
            ],
            assessments=[
                _assessment("a-1", "s-1", "2026-01-05", 1, "cg-1"),
                _assessment("a-2", "s-1", "2026-09-01", 3),
                _assessment("a-3", "s-2", "2025-04-01", 2),
            ],
            supports=[
                {"id": "su-1", "sme_id": "s-1", "kind": "training", "on": "2026-04-04"},
                {"id": "su-2", "sme_id": "s-2", "kind": "consulting", "on": "2026-02-02"},
            ],
        ),
    )
    seed_plan_targets(session)
    session.commit()


def test_the_four_plans_are_seeded_once(session):
    assert seed_plan_targets(session) == len(PLAN_TARGETS)
    assert seed_plan_targets(session) == 0
    hanoi = session.scalar(
        select(Target).where(Target.plan == "Hà Nội 2026-2030", Target.indicator == "applying")
    )
    assert (hanoi.province, hanoi.target, hanoi.year) == ("Hà Nội", 72_000, None)


def test_progress_against_targets_this_year_and_last(session, programme):
    hue = {r.target.indicator: r for r in plan_progress(session, "Huế 2026-2030", 2026)}
    assert (hue["tier_khoi_dong"].value, hue["tier_khoi_dong"].target.target) == (0, 200)  # s-1 is at 3 now
    assert hue["consultants_newly_certified"].value == 1 and hue["consultants_newly_certified"].share == 10.0
    hanoi = {r.target.indicator: r for r in plan_progress(session, "Hà Nội 2026-2030", 2026)}
    assert (hanoi["smes_supported"].value, hanoi["smes_supported"].last_year) == (1, 1)
    assert (
        hanoi["applying"].value == 1 and hanoi["consultants_certified"].value == 0
    )  # cg-1 works in Huế only
    haiphong = plan_progress(session, "Hải Phòng 2026-2030", 2026)
    assert all(r.value == 0 for r in haiphong)


def test_an_officer_sets_a_target_refused_when_wrong_and_audited(session, factory, programme):
    officer = factory.user("officer")
    with pytest.raises(ValidationFailed) as refused:
        set_target(session, officer, "", "Narnia", "wishes", -1, 1999)
    assert set(refused.value.fields) == {"plan", "province", "indicator", "target", "year"}
    set_target(session, officer, "Hà Nội 2026-2030", "Hà Nội", "applying", 80_000, None)
    set_target(session, officer, "Cần Thơ 2027", "Cần Thơ", "trained", 500, 2027)
    stored = session.scalar(
        select(Target).where(Target.plan == "Hà Nội 2026-2030", Target.indicator == "applying")
    )
    assert stored.target == 80_000
    entries = session.scalars(select(AuditEntry).where(AuditEntry.action == "target.set")).all()
    assert [(e.from_state, e.to_state) for e in entries] == [("72000", "80000"), (None, "500")]


def test_dashboard_and_target_form_over_http(app, session, factory, programme):
    user = factory.user("officer")
    session.commit()
    officer = Browser(app, user)
    page = officer.get("/officer/programme/?plan=Huế+2026-2030&year=2026").get_data(as_text=True)
    assert "Doanh nghiệp nhóm khởi động được hỗ trợ" in page and "<svg" in page
    assert "Huế 2026-2030 · Huế" in page
    refused = officer.post(
        "/officer/programme/targets",
        {"plan": "Huế 2026-2030", "indicator": "trained", "target": "²", "year": ""},
        page="/officer/programme/",
    )
    assert (
        refused.status_code == 303
        and session.scalar(
            select(Target).where(Target.plan == "Huế 2026-2030", Target.indicator == "trained")
        )
        is None
    )
    officer.post(
        "/officer/programme/targets",
        {
            "plan": "Huế 2026-2030",
            "province": "Huế",
            "indicator": "trained",
            "target": "1.200",
            "year": "2026",
        },
        page="/officer/programme/",
    )
    session.expire_all()
    assert (
        session.scalar(
            select(Target.target).where(Target.plan == "Huế 2026-2030", Target.indicator == "trained")
        )
        == 1200
    )
    asked = officer.post("/officer/programme/annual/2026", {"place": "Huế"}, page="/officer/programme/")
    assert asked.status_code == 303 and asked.headers["Location"].endswith("/officer/jobs")
    jobs_page = officer.get("/officer/jobs").get_data(as_text=True)  # inline here: already done
    [run] = session.scalars(select(JobRun).where(JobRun.job == "indicators.annual_report"))
    assert (run.state, run.done, run.total, run.user_id) == ("done", 2, 2, user.id)
    download = f"/officer/jobs/{run.key}/file"
    assert download in jobs_page and "Báo cáo năm (Word)" in jobs_page
    response = officer.get(download)
    assert response.status_code == 200 and response.data[:2] == b"PK"
    assert "bao-cao-chuong-trinh-chuyen-doi-so-2026.docx" in response.headers["Content-Disposition"]
    told = session.scalar(select(Notification).where(Notification.event == "indicators.report_ready"))
    assert told.user_id == user.id and told.link == download


def test_annual_report_reads_back_in_the_decree_30_format(session, programme):
    document = Document(io.BytesIO(annual_docx(annual_figures(session, 2026, date(2026, 12, 10), "Huế"))))
    header = document.tables[0].rows[0].cells
    assert (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header[1].text
        and "Độc lập - Tự do - Hạnh phúc" in header[1].text
    )
    assert "Huế, ngày 10 tháng 12 năm 2026" in header[1].text and "Số:" in header[0].text
    texts = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in texts
    assert [t.split(".")[0] for t in texts if t[:3] in ("I. ", "II.", "III", "IV.", "V. ")] == [
        "I",
        "II",
        "III",
        "IV",
        "V",
    ]
    assert any("chương trình đã hỗ trợ 2 doanh nghiệp nhỏ và vừa" in t for t in texts)
    fonts = {r.font.name for p in document.paragraphs for r in p.runs}
    sizes = {r.font.size.pt for p in document.paragraphs for r in p.runs}
    assert fonts == {"Times New Roman"} and sizes <= {12.0, 13.0, 14.0}
    targets = document.tables[1]
    rows = [[c.text for c in row.cells] for row in targets.rows]
    assert rows[0] == ["Kế hoạch", "Chỉ tiêu", "Kỳ", "Chỉ tiêu giao", "Thực hiện", "Năm trước", "Tỷ lệ (%)"]
    assert [
        "Hà Nội 2026-2030",
        "Doanh nghiệp ứng dụng sản phẩm số",
        "2026-2030",
        "72.000",
        "1",
        "1",
        "0,0",
    ] in rows
    assert [
        "Huế 2026-2030",
        "Chuyên gia được công nhận đạt chuẩn trong kỳ",
        "2026",
        "10",
        "1",
        "0",
        "10,0",
    ] in rows
    provinces = [[c.text for c in row.cells] for row in document.tables[2].rows]
    assert ["Huế", "1", "1", "0", "1", "1", "1"] in provinces
    months = next(t for t in document.tables if t.rows[0].cells[0].text == "Tháng")
    assert [[c.text for c in row.cells] for row in months.rows][1:] == [
        ["03/2026", "1", "1"],
        ["06/2026", "1", "1"],
    ]
    solutions = next(t for t in document.tables if t.rows[0].cells[0].text == "Sản phẩm")
    assert [c.text for c in solutions.rows[1].cells][1:] == ["1", "0", "0"]  # s-1 moved from 1 to 3


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_annual_report_renders_to_pdf_and_png(session, programme, tmp_path):
    """LibreOffice (PDF) and Ghostscript (PNG of the first page), kept in test-artifacts for a person."""
    docx = tmp_path / "annual.docx"
    docx.write_bytes(annual_docx(annual_figures(session, 2026, date(2026, 12, 10), "Hà Nội")))
    pdf = to_pdf(docx, tmp_path / "annual.pdf")
    png = first_page_png(pdf, tmp_path / "annual.png")
    assert pdf.read_bytes()[:5] == b"%PDF-" and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size > 10_000  # a page with text, not a blank
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for path in (docx, pdf, png):
        shutil.copy(path, ARTIFACTS / path.name)
