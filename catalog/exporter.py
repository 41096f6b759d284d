"""Exports of a catalog edition: the interchange document, CSV and XLSX."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from sqlalchemy.orm import Session

from catalog.models import CatalogEdition
from catalog.product import Product
from catalog.queries import edition_products
from catalog.terms import pricing_summary, readiness_range
from core.formatting import vn_date
from core.spreadsheet import append_row, csv_bytes
from core.translation import N_, translate
from core.vocab import CATEGORIES, DEPLOYMENTS, SECTORS, SIZES, label
from interchange.format import FORMAT
from vendors.interchange import export as vendor_records


def edition_meta(edition: CatalogEdition) -> dict:
    return {
        "number": edition.number,
        "decision_number": edition.decision_number,
        "decision_date": edition.decision_date.isoformat(),
        "note": edition.note,
    }


def edition_document(session: Session, edition: CatalogEdition) -> dict:
    """One edition's products and their vendors, the edition described under the extra key "edition"."""
    products = edition_products(session, edition)
    return {
        "format": FORMAT,
        "edition": edition_meta(edition),
        "vendors": vendor_records(session, {p.vendor_id for p in products}),
        "products": [p.to_dict() for p in products],
    }


HEADERS = (
    N_("Mã sản phẩm"),
    N_("Tên sản phẩm"),
    N_("Nhà cung cấp"),
    N_("Tóm tắt"),
    N_("Lĩnh vực"),
    N_("Ngành phù hợp"),
    N_("Mức sẵn sàng chuyển đổi số"),
    N_("Quy mô doanh nghiệp"),
    N_("Khu vực phục vụ"),
    N_("Hình thức triển khai"),
    N_("Giá hằng tháng (₫)"),
    N_("Phí khởi tạo (₫)"),
    N_("Hình thức thanh toán"),
    N_("Ngôn ngữ"),
    N_("Tích hợp"),
)
MONEY_COLUMNS = (10, 11)  # 0-based columns holding amounts in VND


def catalog_rows(products: list[Product], vendor_names: dict[str, str], lang: str = "vi") -> list[list]:
    """One row per product, vocabulary codes spelled out in `lang`."""

    def labels(vocabulary, codes) -> str:
        return ", ".join(label(vocabulary, c, lang) for c in codes)

    every = translate(N_("Tất cả"), lang)
    return [
        [
            p.id,
            p.name,
            vendor_names.get(p.vendor_id, p.vendor_id),
            p.summary,
            labels(CATEGORIES, p.categories),
            labels(SECTORS, p.sectors),
            readiness_range(p, lang),
            labels(SIZES, p.company_sizes) if p.company_sizes else every,
            every if p.any_region else ", ".join(p.regions),
            label(DEPLOYMENTS, p.deployment, lang) if p.deployment else "",
            p.price_monthly_vnd,
            p.setup_fee_vnd,
            pricing_summary(p, lang),
            ", ".join(p.languages),
            ", ".join(p.integrations),
        ]
        for p in products
    ]


def edition_title(edition: CatalogEdition, lang: str = "vi") -> str:
    return translate(
        N_("Danh mục giải pháp chuyển đổi số chính thức – Ấn bản số %(number)s (Quyết định %(decision)s ngày "
           "%(date)s)"),
        lang, number=edition.number, decision=edition.decision_number, date=vn_date(edition.decision_date),
    )


def to_csv(rows: list[list], lang: str = "vi") -> bytes:
    """UTF-8 with a byte-order mark, so that Excel shows Vietnamese correctly (core.spreadsheet)."""
    return csv_bytes([[translate(h, lang) for h in HEADERS], *rows])


def to_xlsx(title: str, rows: list[list], lang: str = "vi") -> bytes:
    """A workbook with a title row, bold Vietnamese headers and amounts as numbers in VND; user text as
    text cells (core.spreadsheet)."""
    book = Workbook()
    sheet = book.active
    sheet.title = translate(N_("Danh mục"), lang)
    append_row(sheet, [title])
    sheet["A1"].font = Font(bold=True, size=13)
    append_row(sheet, [translate(h, lang) for h in HEADERS])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        append_row(sheet, row)
    for column in MONEY_COLUMNS:
        for (cell,) in sheet.iter_rows(min_row=3, min_col=column + 1, max_col=column + 1):
            cell.number_format = '#,##0 "₫"'
    widths = (14, 36, 30, 50, 30, 30, 30, 18, 24, 18, 16, 14, 50, 10, 24)
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A3"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
