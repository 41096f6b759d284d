"""The programme's annual report as a Word document in the administrative format of Decree
30/2020/NĐ-CP (pure: figures in, .docx bytes out; python-docx, no Flask or SQLAlchemy).

The format: A4, margins 20-25 mm top and bottom, 30-35 left, 15-20 right; Times New Roman; the issuing
body at top left (its superior above it) and the national motto at top right, both in capitals, bold
where the decree says, the motto's second line underlined; the number and symbol under the issuing body
("Số: .../BC-SKHCN") and the place and date under the motto in italics; the report's kind (BÁO CÁO) and
its summary centred in bold; the text in 13-14 pt, justified, with numbered sections (I, II, III; 1, 2);
then the recipients ("Nơi nhận:", 12 and 11 pt) at left and the signature block at right."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from core.formatting import grouped

FONT = "Times New Roman"
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII")


@dataclass(frozen=True)
class TargetRow:
    plan: str
    indicator: str  # its label
    target: int
    value: int
    last_year: int
    share: float | None
    year: int | None  # None: the whole plan


@dataclass(frozen=True)
class AnnualFigures:
    year: int
    issued_on: date
    place: str
    report: Mapping  # the spec's programme report for the year
    targets: Sequence[TargetRow]
    breakdowns: Mapping[str, Sequence[tuple[str, Mapping]]]  # title -> [(group name, figures)]
    editions: Sequence[tuple[int, str, date, int]]  # (number, decision, decision date, products)
    contracts_by_month: Sequence[tuple[str, int, int]]  # (YYYY-MM, contracts, SMEs)
    solutions: Sequence[tuple[str, int, int, int]] = field(default_factory=tuple)  # (name, up, same, down)


def _run(
    paragraph, text: str, size: float = 13, bold: bool = False, italic: bool = False, underline: bool = False
):
    run = paragraph.add_run(text)
    run.font.name, run.font.size, run.bold, run.italic, run.underline = (
        FONT,
        Pt(size),
        bold,
        italic,
        underline,
    )
    run._element.rPr.rFonts.set(qn("w:eastAsia"), FONT)  # Vietnamese text in Word keeps the font too
    return run


def _paragraph(
    doc,
    text: str = "",
    size: float = 14,
    bold: bool = False,
    italic: bool = False,
    align=WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent: bool = True,
):
    paragraph = doc.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(6)
    if indent and align == WD_ALIGN_PARAGRAPH.JUSTIFY:
        paragraph.paragraph_format.first_line_indent = Mm(10)
    if text:
        _run(paragraph, text, size, bold, italic)
    return paragraph


def _cell(cell, text: str, bold: bool = False, size: float = 12, align=WD_ALIGN_PARAGRAPH.LEFT) -> None:
    cell.text = ""
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    _run(paragraph, text, size, bold)


def _table(doc, headers: Sequence[str], rows: Sequence[Sequence], numeric_from: int = 1) -> None:
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        _cell(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for values in rows:
        cells = table.add_row().cells
        for i, (cell, value) in enumerate(zip(cells, values, strict=True)):
            text = grouped(value) if isinstance(value, int) else ("—" if value is None else str(value))
            _cell(
                cell, text, align=WD_ALIGN_PARAGRAPH.RIGHT if i >= numeric_from else WD_ALIGN_PARAGRAPH.LEFT
            )
    doc.add_paragraph()


def _header(doc, figures: AnnualFigures, body: str, superior: str) -> None:
    """The issuing body and number at left, the national motto and place, date at right (Decree 30,
    Appendix I: a borderless two-column table)."""
    table = doc.add_table(rows=1, cols=2)
    table.autofit = False
    left, right = table.rows[0].cells
    for column, cell, width in zip(table.columns, (left, right), (Mm(75), Mm(90)), strict=True):
        column.width = cell.width = width  # Word reads the cell's, LibreOffice the column's
    p = left.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, superior.upper() + "\n", 12)
    _run(p, body.upper(), 12, bold=True, underline=True)
    p = left.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, "Số:      /BC-SKHCN", 13)
    p = right.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n", 12, bold=True)
    _run(p, "Độc lập - Tự do - Hạnh phúc", 14, bold=True, underline=True)
    p = right.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    day = figures.issued_on
    _run(p, f"{figures.place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}", 14, italic=True)


def annual_docx(
    figures: AnnualFigures,
    body: str = "Sở Khoa học và Công nghệ",
    superior: str = "Ủy ban nhân dân thành phố",
) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = doc.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    doc.core_properties.title = f"Báo cáo kết quả chương trình chuyển đổi số DNNVV năm {figures.year}"

    _header(doc, figures, body, superior)
    _paragraph(doc, "BÁO CÁO", 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(
        doc,
        f"Kết quả thực hiện chương trình hỗ trợ chuyển đổi số doanh nghiệp nhỏ và vừa năm {figures.year}",
        14,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    report = figures.report
    kinds, tiers, change = report["by_kind"], report["tiers"], report["readiness_change"]

    sections = iter(ROMAN)
    _paragraph(doc, f"{next(sections)}. KẾT QUẢ CHUNG", bold=True, indent=False)
    n = {k: grouped(v) for k, v in kinds.items()}
    _paragraph(doc, (
        f"Từ ngày 01/01/{figures.year} đến ngày 31/12/{figures.year}, chương trình đã hỗ trợ "
        f"{grouped(report['smes_supported'])} doanh nghiệp nhỏ và vừa: {n['assessment']} doanh nghiệp được "
        f"đánh giá mức độ sẵn sàng chuyển đổi số, {n['consulting']} được tư vấn, {n['training']} được "
        f"đào tạo và {n['application']} ứng dụng sản phẩm, giải pháp số; "
        f"{grouped(report['contracts'])} hợp đồng đã được ký trên Sàn."))
    t = {k: grouped(v) for k, v in tiers.items()}
    c = {k: grouped(v) for k, v in change.items()}
    _paragraph(doc, (
        f"Theo nhóm mức độ sẵn sàng: {t['khoi_dong']} doanh nghiệp nhóm khởi động, {t['nang_cao']} nhóm nâng "
        f"cao, {t['toan_dien']} nhóm chuyển đổi toàn diện, {t['unassessed']} chưa được đánh giá. Sau hợp "
        f"đồng, {c['improved']} doanh nghiệp tăng mức sẵn sàng, {c['unchanged']} giữ nguyên, "
        f"{c['declined']} giảm. "
        f"Mạng lưới có {grouped(report['consultants']['certified'])} chuyên gia tư vấn đạt chuẩn, "
        f"{grouped(report['consultants']['active'])} chuyên gia đã hỗ trợ doanh nghiệp trong năm."))
    if "vouchers" in report:
        vouchers = report["vouchers"]
        _paragraph(
            doc,
            (
                f"Phiếu hỗ trợ tài chính: đã cấp {grouped(vouchers['issued'])} phiếu, trị giá "
                f"{grouped(vouchers['issued_vnd'])} đồng; đã sử dụng {grouped(vouchers['redeemed'])} phiếu, "
                f"{grouped(vouchers['redeemed_vnd'])} đồng."
            ),
        )

    _paragraph(doc, f"{next(sections)}. KẾT QUẢ SO VỚI CHỈ TIÊU KẾ HOẠCH", bold=True, indent=False)
    _table(
        doc,
        ("Kế hoạch", "Chỉ tiêu", "Kỳ", "Chỉ tiêu giao", "Thực hiện", "Năm trước", "Tỷ lệ (%)"),
        [
            (
                t.plan,
                t.indicator,
                str(t.year) if t.year else "2026-2030",
                t.target,
                t.value,
                t.last_year,
                f"{t.share:.1f}".replace(".", ",") if t.share is not None else "—",
            )
            for t in figures.targets
        ],
        numeric_from=3,
    )

    _paragraph(doc, f"{next(sections)}. KẾT QUẢ THEO ĐỊA BÀN, NGÀNH VÀ QUY MÔ", bold=True, indent=False)
    for n, (title, groups) in enumerate(figures.breakdowns.items(), start=1):
        _paragraph(doc, f"{n}. {title}", bold=True, indent=False)
        _table(
            doc,
            (title, "DN được hỗ trợ", "Đánh giá", "Tư vấn", "Đào tạo", "Ứng dụng", "Hợp đồng"),
            [
                (
                    name,
                    g["smes_supported"],
                    g["by_kind"]["assessment"],
                    g["by_kind"]["consulting"],
                    g["by_kind"]["training"],
                    g["by_kind"]["application"],
                    g["contracts"],
                )
                for name, g in groups
            ],
        )

    _paragraph(doc, f"{next(sections)}. DANH MỤC GIẢI PHÁP VÀ HỢP ĐỒNG", bold=True, indent=False)
    _paragraph(doc, "1. Các ấn bản danh mục giải pháp số được công bố trong năm", bold=True, indent=False)
    if figures.editions:
        _table(
            doc,
            ("Ấn bản", "Quyết định", "Ngày", "Số sản phẩm"),
            [
                (f"Số {n}", decision, day.strftime("%d/%m/%Y"), products)
                for n, decision, day, products in figures.editions
            ],
            numeric_from=3,
        )
    else:
        _paragraph(doc, "Không có ấn bản mới trong năm.")
    _paragraph(doc, "2. Hợp đồng đã ký theo tháng", bold=True, indent=False)
    _table(
        doc,
        ("Tháng", "Hợp đồng", "Doanh nghiệp"),
        [
            (f"{month[5:]}/{month[:4]}", contracts, smes)
            for month, contracts, smes in figures.contracts_by_month
        ],
    )
    if figures.solutions:
        _paragraph(doc, "3. Giải pháp giúp doanh nghiệp tăng mức sẵn sàng", bold=True, indent=False)
        _table(doc, ("Sản phẩm", "Tăng", "Giữ nguyên", "Giảm"), list(figures.solutions))

    _paragraph(doc, f"{next(sections)}. ĐỀ XUẤT, KIẾN NGHỊ", bold=True, indent=False)
    _paragraph(
        doc,
        "Tiếp tục hỗ trợ doanh nghiệp theo lộ trình của từng nhóm mức độ sẵn sàng; ưu tiên "
        "các chỉ tiêu có tỷ lệ thực hiện thấp.",
    )

    footer = doc.add_table(rows=1, cols=2)
    left, right = footer.rows[0].cells
    p = left.paragraphs[0]
    _run(p, "Nơi nhận:\n", 12, bold=True, italic=True)
    _run(p, "- Ủy ban nhân dân thành phố;\n- Bộ Khoa học và Công nghệ;\n- Lưu: VT.", 11)
    p = right.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, "GIÁM ĐỐC", 14, bold=True)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
