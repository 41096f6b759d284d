"""The board's report as rows, XLSX and CSV (through core.spreadsheet: no cell is ever a formula)."""

from __future__ import annotations

import io
from datetime import date, datetime

from openpyxl import Workbook

from core.formatting import vn_datetime
from core.spreadsheet import append_row, csv_bytes
from core.translation import N_, translate
from core.vocab import CATEGORIES, label
from problems.report import TOTAL, Row

HEADERS = (N_("Nhóm"), N_("Bài toán đã đăng"), N_("Có đề xuất"), N_("Đã chọn đề xuất"),
           N_("Trung vị số ngày đến đề xuất đầu tiên"))
BY_LABELS = {"category": N_("Lĩnh vực"), "province": N_("Tỉnh/thành phố")}


def group_name(key: str, by: str, lang: str = "vi") -> str:
    if key == TOTAL:
        return translate(N_("Tổng cộng"), lang)
    if not key:
        return translate(N_("(chưa nêu)"), lang)
    return label(CATEGORIES, key, lang) if by == "category" else key


def title(by: str, start: date, end: date, generated_at: datetime, lang: str = "vi") -> str:
    return translate(N_("Bài toán theo %(by)s, công bố từ %(start)s đến %(end)s (lập lúc %(at)s)"), lang,
                     by=translate(BY_LABELS[by], lang).lower(), start=start.strftime("%d/%m/%Y"),
                     end=end.strftime("%d/%m/%Y"), at=vn_datetime(generated_at))


def rows(report: list[Row], by: str, lang: str = "vi") -> list[tuple]:
    return [tuple(translate(h, lang) for h in HEADERS)] + [
        (group_name(r.key, by, lang), r.posted, r.answered, r.awarded, r.median_days_to_first)
        for r in report
    ]


def report_xlsx(report: list[Row], by: str, start: date, end: date, generated_at: datetime) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = translate(BY_LABELS[by], "vi").replace("/", "-")[:31]
    append_row(sheet, [title(by, start, end, generated_at)])
    for row in rows(report, by):
        append_row(sheet, row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def report_csv(report: list[Row], by: str, start: date, end: date, generated_at: datetime) -> bytes:
    return csv_bytes([[title(by, start, end, generated_at)], *rows(report, by)])
