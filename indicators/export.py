"""The programme report as files for an office (pure): XLSX, a sheet per breakdown (province, sector,
size, month) after the totals, and CSV, the same tables one after another. Written through
core.spreadsheet, so a province typed by a user is never read as a formula."""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Font

from core.formatting import to_vn, vn_date
from core.spreadsheet import append_row, csv_bytes
from core.vocab import SECTORS, SIZES, label

BREAKDOWNS = ("province", "sector", "size", "month")
SHEET_TITLES = {"province": "Tỉnh, thành phố", "sector": "Ngành", "size": "Quy mô", "month": "Tháng"}
HEADERS = (
    "Mã",
    "Tên",
    "DN được hỗ trợ",
    "Đánh giá mức độ sẵn sàng",
    "Tư vấn",
    "Đào tạo",
    "Ứng dụng sản phẩm số",
    "Khởi động (0-1)",
    "Nâng cao (2-3)",
    "Chuyển đổi toàn diện (4-5)",
    "Chưa đánh giá",
    "Mức sẵn sàng tăng",
    "Không đổi",
    "Giảm",
    "Hợp đồng đã ký",
    "Chuyên gia đạt chuẩn",
    "Chuyên gia hoạt động",
)


def group_name(by: str, key: str) -> str:
    """A breakdown group's name as an office reads it."""
    if key == "unknown":
        return "Chưa rõ"
    if by == "sector":
        return label(SECTORS, key)
    if by == "size":
        return label(SIZES, key)
    return key


def row(key: str, name: str, figures: Mapping) -> tuple:
    kinds, tiers, change = figures["by_kind"], figures["tiers"], figures["readiness_change"]
    consultants = figures.get("consultants") or {}
    return (
        key,
        name,
        figures["smes_supported"],
        kinds["assessment"],
        kinds["consulting"],
        kinds["training"],
        kinds["application"],
        tiers["khoi_dong"],
        tiers["nang_cao"],
        tiers["toan_dien"],
        tiers["unassessed"],
        change["improved"],
        change["unchanged"],
        change["declined"],
        figures["contracts"],
        consultants.get("certified"),
        consultants.get("active"),
    )


def title(report: Mapping, generated_at: datetime) -> str:
    where = f" · Tỉnh, thành phố: {report['province']}" if report.get("province") else ""
    start, end = (datetime.fromisoformat(report[k]).date() for k in ("from", "to"))
    return (
        f"Chỉ tiêu chương trình chuyển đổi số DNNVV · Kỳ {vn_date(start)} – {vn_date(end)}{where}"
        f" · Lập lúc {to_vn(generated_at):%d/%m/%Y %H:%M} (giờ Việt Nam)"
    )


def tables(report: Mapping, breakdowns: Mapping[str, list[dict]]) -> list[tuple[str, list[tuple]]]:
    """(sheet title, rows) for the totals, then each breakdown."""
    out = [("Tổng hợp", [HEADERS, row("", "Tổng cộng", report)])]
    for by in BREAKDOWNS:
        if by in breakdowns:
            rows = [HEADERS, *(row(g["key"], group_name(by, g["key"]), g) for g in breakdowns[by])]
            out.append((SHEET_TITLES[by], rows))
    return out


def programme_xlsx(report: Mapping, breakdowns: Mapping[str, list[dict]], generated_at: datetime) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in tables(report, breakdowns):
        sheet = workbook.create_sheet(name)
        append_row(sheet, [title(report, generated_at)])
        sheet["A1"].font = Font(bold=True, size=13)
        for values in rows:
            append_row(sheet, values)
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A3"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def programme_csv(report: Mapping, breakdowns: Mapping[str, list[dict]], generated_at: datetime) -> bytes:
    lines: list = [[title(report, generated_at)]]
    for name, rows in tables(report, breakdowns):
        lines += [[], [name], *rows]
    return csv_bytes(lines)
