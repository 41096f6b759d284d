"""The report as CLI JSON, API JSON, dashboard, XLSX and CSV downloads, and the annual workbook."""

import io
import json
from datetime import UTC, datetime

from openpyxl import load_workbook
from sqlalchemy import func, select

from contracts import services as contract_services
from contracts.models import Contract
from core.audit import AuditEntry
from reports.cli import report_group
from reports.models import IndicatorTarget
from tests.contracts.test_pages import Browser

EXPECTED_SECTOR_2026 = {
    "from": "2026-01-01",
    "to": "2026-12-31",
    "by": "sector",
    "contracts": 4,
    "smes": 3,
    "value_vnd": 10_800_000,
    "groups": [
        {"key": "tourism", "contracts": 3, "smes": 2, "value_vnd": 7_800_000},
        {"key": "trade", "contracts": 1, "smes": 1, "value_vnd": 3_000_000},
    ],
}


def test_cli_prints_the_spec_json(app, some_counted):
    result = app.test_cli_runner().invoke(
        report_group, ["contracts", "--from", "2026-01-01", "--to", "2026-12-31", "--by", "sector", "--json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == EXPECTED_SECTOR_2026


def test_cli_per_dimension_and_the_new_year_boundary(app, some_counted):
    def run(by, start="2026-01-01", end="2026-12-31"):
        result = app.test_cli_runner().invoke(
            report_group, ["contracts", "--from", start, "--to", end, "--by", by, "--json"]
        )
        assert result.exit_code == 0, result.output
        return json.loads(result.output)

    assert [(g["key"], g["contracts"]) for g in run("month")["groups"]] == [
        ("2026-03", 1),
        ("2026-04", 1),
        ("2026-05", 1),
        ("2026-07", 1),
    ]
    assert run("month", "2027-01-01", "2027-01-01")["contracts"] == 1
    assert [(g["key"], g["contracts"], g["smes"]) for g in run("category")["groups"]] == [
        ("booking", 4, 3),
        ("crm", 4, 3),
    ]
    assert [(g["key"], g["contracts"]) for g in run("province")["groups"]] == [
        ("Huế", 2),
        ("Hà Nội", 1),
        ("unknown", 1),
    ]
    assert [(g["key"], g["contracts"]) for g in run("size")["groups"]] == [
        ("small", 2),
        ("micro", 1),
        ("unknown", 1),
    ]
    assert run("vendor")["groups"] == [
        {"key": some_counted["vendor"].id, "contracts": 4, "smes": 3, "value_vnd": 10_800_000}
    ]
    assert run("pricing_model")["groups"][0]["key"] == "subscription"


def test_cli_names_a_wrong_date(app, some_counted):
    result = app.test_cli_runner().invoke(
        report_group, ["contracts", "--from", "2026-02-30", "--to", "2026-12-31", "--by", "sector", "--json"]
    )
    assert result.exit_code != 0 and "--from" in result.output


def test_api_answers_officers_with_the_same_json(app, factory, some_counted, session):
    officer, sme_user = factory.user("officer"), factory.user("sme")
    session.commit()
    url = "/api/v1/reports/contracts?from=2026-01-01&to=2026-12-31&by=sector"
    anonymous = Browser(app).get(url)
    assert anonymous.status_code == 401 and anonymous.get_json()["error"]["code"] == "unauthorized"
    forbidden = Browser(app, sme_user).get(url)
    assert forbidden.status_code == 403 and forbidden.get_json()["error"]["code"] == "forbidden"
    browser = Browser(app, officer)
    assert browser.get(url).get_json() == EXPECTED_SECTOR_2026
    wrong = browser.get("/api/v1/reports/contracts?from=2026-01-01&to=2026-12-31&by=colour")
    assert wrong.status_code == 422 and "by" in wrong.get_json()["error"]["fields"]


def test_dashboard_shows_targets_breakdowns_and_filters(app, factory, some_counted, session):
    officer, vendor_user = factory.user("officer"), factory.user("vendor")
    session.commit()
    browser = Browser(app, officer)
    saved = browser.post(
        "/officer/dashboard/target",
        {"year": "2026", "contracts_target": "72.000", "smes_target": "72000"},
        "/officer/dashboard",
    )
    assert saved.status_code == 303
    page = browser.get("/officer/dashboard?from=2026-01-01&to=2026-12-31")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    for expected in (
        "Du lịch, lưu trú, ăn uống",
        "Theo tháng",
        "<svg",
        '<ol class="hbars"',
        '<progress class="hbar" max=',
        "Huế",
        "Không rõ",
        "Đã chấm dứt",
        "10.800.000 ₫",
        "Sản phẩm thuộc nhiều lĩnh vực",
    ):
        assert expected in text, expected
    assert "style=" not in text and "<script>" not in text
    filtered = browser.get(
        "/officer/dashboard?from=2026-01-01&to=2026-12-31&sector=trade&province=H%C3%A0+N%E1%BB%99i"
    )
    assert filtered.status_code == 200 and "3.000.000 ₫" in filtered.get_data(as_text=True)
    assert Browser(app, vendor_user).get("/officer/dashboard").status_code in (302, 403)


def test_a_target_too_large_for_the_database_is_refused_naming_it(app, factory, session):
    officer = factory.user("officer")
    session.commit()
    browser = Browser(app, officer)
    refused = browser.post(
        "/officer/dashboard/target",
        {"year": "2026", "contracts_target": "999999999999999999999999", "smes_target": "72000"},
        "/officer/dashboard",
    )
    assert refused.status_code == 303
    page = browser.get("/officer/dashboard").get_data(as_text=True)
    assert "Chỉ tiêu số hợp đồng đã ký phải từ 0 đến 10.000.000." in page
    assert session.get(IndicatorTarget, 2026) is None


def test_xlsx_and_csv_downloads(app, factory, some_counted, session):
    officer = factory.user("officer")
    session.commit()
    browser = Browser(app, officer)
    response = browser.get("/officer/reports/contracts.xlsx?from=2026-01-01&to=2026-12-31&by=sector")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet["A1"].value.startswith("Hợp đồng đã ký theo ngành · Kỳ 01/01/2026 – 31/12/2026 · Lập lúc")
    assert "(giờ Việt Nam)" in sheet["A1"].value
    assert [c.value for c in sheet[2]] == [
        "Mã",
        "Ngành",
        "Số hợp đồng đã ký",
        "Số doanh nghiệp",
        "Tổng giá trị (₫)",
        "Trong đó đã chấm dứt",
    ]
    assert [c.value for c in sheet[3]] == ["tourism", "Du lịch, lưu trú, ăn uống", 3, 2, 7_800_000, 1]
    assert [c.value for c in sheet[5]][1:] == ["Tổng cộng", 4, 3, 10_800_000, 1]
    assert sheet["E3"].number_format == '#,##0 "₫"'
    csv_response = browser.get("/officer/reports/contracts.csv?from=2026-01-01&to=2026-12-31&by=province")
    assert csv_response.data.startswith("\ufeff".encode())
    assert "Huế,2,1" in csv_response.data.decode("utf-8-sig")


def test_annual_workbook_has_a_sheet_per_dimension(app, factory, some_counted, session):
    officer = factory.user("officer")
    session.commit()
    response = Browser(app, officer).get("/officer/reports/annual/2026.xlsx")
    workbook = load_workbook(io.BytesIO(response.data))
    assert workbook.sheetnames == [
        "Tháng",
        "Ngành",
        "Tỉnh-thành phố",
        "Hình thức thanh toán",
        "Lĩnh vực giải pháp",
        "Quy mô doanh nghiệp",
        "Nhà cung cấp",
    ]
    assert workbook["Lĩnh vực giải pháp"]["B5"].value == "Tổng cộng (mỗi hợp đồng một lần)"


def test_cli_names_a_file_it_cannot_write(app, tmp_path):
    for option in ("--xlsx", "--csv"):
        result = app.test_cli_runner().invoke(report_group, [
            "contracts", "--from", "2026-01-01", "--to", "2026-12-31", "--by", "sector",
            option, str(tmp_path / "khong-co" / "r.out")])
        # A ClickException exits; any other exception would be a traceback.
        assert isinstance(result.exception, SystemExit) and result.exit_code == 1, result.exception
        assert "Không ghi được" in result.output and "khong-co" in result.output


def test_a_filtered_reports_caption_names_the_filter_by_its_label_not_its_code(app, factory, some_counted,
                                                                               session):
    officer = factory.user("officer")
    session.commit()
    browser = Browser(app, officer)
    query = "from=2026-01-01&to=2026-12-31&by=province&sector=tourism&pricing_model=subscription"
    caption = browser.get(f"/officer/reports/contracts.csv?{query}").data.decode("utf-8-sig").splitlines()[0]
    assert "Ngành: Du lịch, lưu trú, ăn uống" in caption and "Hình thức thanh toán: Thuê bao" in caption
    assert "tourism" not in caption and "subscription" not in caption
    vendor_id = session.get(Contract, "c-r-0").vendor_id
    by_vendor = f"from=2026-01-01&to=2026-12-31&by=sector&vendor={vendor_id}"
    sheet = load_workbook(io.BytesIO(browser.get(f"/officer/reports/contracts.xlsx?{by_vendor}").data)).active
    assert "Nhà cung cấp: Công ty Sao Mai" in sheet["A1"].value


def test_the_target_saved_unchanged_records_nothing(app, factory, session):
    officer = factory.user("officer")
    session.commit()
    browser = Browser(app, officer)
    target = {"year": "2026", "contracts_target": "1.200", "smes_target": "800"}
    browser.post("/officer/dashboard/target", target, "/officer/dashboard")

    def entries() -> int:
        return session.scalar(select(func.count()).select_from(AuditEntry))

    before = entries()
    assert browser.post("/officer/dashboard/target", target, "/officer/dashboard").status_code == 303
    assert entries() == before
    saved = session.get(IndicatorTarget, 2026)
    assert (saved.contracts_target, saved.smes_target) == (1200, 800)


def test_the_dashboard_shows_a_contract_counted_since_the_last_visit(app, factory, some_counted, session):
    """The dashboard's reports are kept between visits (reports.memo) until the contracts change."""
    officer = factory.user("officer")
    session.commit()
    browser = Browser(app, officer)
    url = "/officer/dashboard?from=2026-01-01&to=2026-12-31"
    assert "10.800.000 ₫" in browser.get(url).get_data(as_text=True)
    assert "10.800.000 ₫" in browser.get(url).get_data(as_text=True)  # kept: the same figures
    half = session.get(Contract, "c-r-half")
    half.vendor_signed_at = datetime(2026, 6, 2, tzinfo=UTC)
    session.flush()
    assert contract_services.count(session, half, None)
    session.commit()
    assert "10.800.099 ₫" in browser.get(url).get_data(as_text=True)
