"""Contract reports as files for an office: XLSX (one sheet, or the annual workbook) and CSV (pure).

XLSX: a title row with the period and the generation time in Vietnam time, Vietnamese headers, VND
amounts as numbers with a VND format (Excel can still add them up), a total row, terminations apart.
CSV: UTF-8 with a BOM, so that Excel opens Vietnamese text correctly. Names typed by users (a province,
a vendor) are written through core.spreadsheet: never a formula.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from core.formatting import to_vn, vn_date
from core.spreadsheet import append_row, csv_bytes
from reports.aggregate import Report
from reports.labels import dimension_label

VND_FORMAT = '#,##0 "₫"'
COUNT_FORMAT = "#,##0"
HEADERS = (
    "Mã",
    "{dimension}",
    "Số hợp đồng đã ký",
    "Số doanh nghiệp",
    "Tổng giá trị (₫)",
    "Trong đó đã chấm dứt",
)
WIDTHS = (24, 44, 18, 18, 22, 20)


def title(report: Report, generated_at: datetime, filter_names: Mapping[str, str] | None = None) -> str:
    """`filter_names`: the labels of the values the report is filtered on (reports.labels.filter_labels)."""
    what = f"Hợp đồng đã ký theo {dimension_label(report.by).lower()}"
    shown = filter_names or {}
    filters = "; ".join(f"{dimension_label(k)}: {shown.get(k, v)}" for k, v in report.filters.items())
    return (
        f"{what} · Kỳ {vn_date(report.date_from)} – {vn_date(report.date_to)}"
        f"{' · ' + filters if filters else ''} · Lập lúc {to_vn(generated_at):%d/%m/%Y %H:%M} (giờ Việt Nam)"
    )


def rows(report: Report, names: Mapping[str, str]) -> list[tuple]:
    """Header, one row per group, then the totals (a product's categories can sum to more than the total)."""
    out = [tuple(h.format(dimension=dimension_label(report.by)) for h in HEADERS)]
    for group in report.groups:
        out.append(
            (
                group.key,
                names.get(group.key, group.key),
                group.contracts,
                group.smes,
                group.value_vnd,
                group.terminated,
            )
        )
    total_label = "Tổng cộng (mỗi hợp đồng một lần)" if report.by == "category" else "Tổng cộng"
    out.append(("", total_label, report.contracts, report.smes, report.value_vnd, report.terminated))
    return out


def _fill_sheet(
    sheet: Worksheet,
    report: Report,
    names: Mapping[str, str],
    generated_at: datetime,
    filter_names: Mapping[str, str] | None = None,
) -> None:
    append_row(sheet, [title(report, generated_at, filter_names)])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A1"].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.row_dimensions[1].height = 36
    table = rows(report, names)
    for row in table:
        append_row(sheet, row)
    header_row, last_row = 2, 1 + len(table)
    for cell in sheet[header_row]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="B3261E")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in sheet.iter_rows(min_row=header_row + 1, max_row=last_row):
        for cell in row[2:4] + row[5:6]:
            cell.number_format = COUNT_FORMAT
        row[4].number_format = VND_FORMAT
    for cell in sheet[last_row]:
        cell.font = Font(bold=True)
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A3"


def sheet_title(by: str) -> str:
    """The dimension's name as an Excel sheet title (no []:*?/\\, at most 31 characters)."""
    return re.sub(r"[\[\]:*?/\\]", "-", dimension_label(by))[:31]


def _bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def report_xlsx(
    report: Report,
    names: Mapping[str, str],
    generated_at: datetime,
    filter_names: Mapping[str, str] | None = None,
) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title(report.by)
    _fill_sheet(sheet, report, names, generated_at, filter_names)
    return _bytes(workbook)


def annual_xlsx(year: int, reports: list[tuple[Report, Mapping[str, str]]], generated_at: datetime) -> bytes:
    """The annual report: a sheet per dimension, in the order given."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for report, names in reports:
        _fill_sheet(workbook.create_sheet(sheet_title(report.by)), report, names, generated_at)
    workbook.properties.title = f"Báo cáo hợp đồng đã ký năm {year}"
    return _bytes(workbook)


def report_csv(
    report: Report,
    names: Mapping[str, str],
    generated_at: datetime,
    filter_names: Mapping[str, str] | None = None,
) -> bytes:
    return csv_bytes([[title(report, generated_at, filter_names)], *rows(report, names)])
