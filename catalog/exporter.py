"""Exports: the interchange document (all stored data, or one edition) and the edition as CSV/XLSX."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from sqlalchemy.orm import Session

from catalog.importer import export_vendors, sections
from catalog.interchange import FORMAT
from catalog.models import CatalogEdition
from catalog.product import Product
from catalog.queries import edition_products
from catalog.terms import pricing_summary, readiness_range
from catalog.vocab import CATEGORIES, DEPLOYMENTS, SECTORS, SIZES, label
from marketplace.formatting import vn_date


def edition_meta(edition: CatalogEdition) -> dict:
    return {
        "number": edition.number,
        "decision_number": edition.decision_number,
        "decision_date": edition.decision_date.isoformat(),
        "note": edition.note,
    }


def export_document(session: Session, edition: CatalogEdition | None = None) -> dict:
    """Everything stored (vendors, products, SMEs and added sections), or only one edition's products
    and their vendors, with the edition described under the extra key "edition"."""
    if edition is not None:
        products = edition_products(session, edition)
        return {
            "format": FORMAT,
            "edition": edition_meta(edition),
            "vendors": export_vendors(session, {p.vendor_id for p in products}),
            "products": [p.to_dict() for p in products],
        }
    document: dict = {"format": FORMAT}
    for handler in sections():
        document[handler.name] = handler.export(session)
    return document


HEADERS = {
    "vi": (
        "Mã sản phẩm",
        "Tên sản phẩm",
        "Nhà cung cấp",
        "Tóm tắt",
        "Lĩnh vực",
        "Ngành phù hợp",
        "Mức sẵn sàng chuyển đổi số",
        "Quy mô doanh nghiệp",
        "Khu vực phục vụ",
        "Hình thức triển khai",
        "Giá hằng tháng (₫)",
        "Phí khởi tạo (₫)",
        "Hình thức thanh toán",
        "Ngôn ngữ",
        "Tích hợp",
    ),
    "en": (
        "Product id",
        "Product",
        "Vendor",
        "Summary",
        "Categories",
        "Sectors",
        "Digital readiness",
        "Company sizes",
        "Regions",
        "Deployment",
        "Monthly price (₫)",
        "Setup fee (₫)",
        "Pricing models",
        "Languages",
        "Integrations",
    ),
}
MONEY_COLUMNS = (10, 11)  # 0-based columns holding amounts in VND


def catalog_rows(products: list[Product], vendor_names: dict[str, str], lang: str = "vi") -> list[list]:
    """One row per product, vocabulary codes spelled out in `lang`."""

    def labels(vocabulary, codes) -> str:
        return ", ".join(label(vocabulary, c, lang) for c in codes)

    every = "Tất cả" if lang == "vi" else "All"
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
    if lang == "vi":
        return (
            f"Danh mục giải pháp chuyển đổi số chính thức – Ấn bản số {edition.number} "
            f"(Quyết định {edition.decision_number} ngày {vn_date(edition.decision_date)})"
        )
    return (
        f"Official digital-transformation solution catalog – edition {edition.number} "
        f"(decision {edition.decision_number} of {vn_date(edition.decision_date)})"
    )


def to_csv(rows: list[list], lang: str = "vi") -> bytes:
    """UTF-8 with a byte-order mark, so that Excel shows Vietnamese correctly."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS[lang])
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(title: str, rows: list[list], lang: str = "vi") -> bytes:
    """A workbook with a title row, bold Vietnamese headers and amounts as numbers in VND."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Danh mục" if lang == "vi" else "Catalog"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(list(HEADERS[lang]))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append(row)
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
