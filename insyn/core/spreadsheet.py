"""Cells for every CSV and XLSX file Insyn writes: user text never becomes a live formula.

Text a spreadsheet would run ("CSV injection", OWASP) is neutralised in one place:

- CSV has no cell types, so such text gets a leading single quote (`'=HYPERLINK(…)`); the
  register importer removes it again (`unescape_formula`), so an export re-imports unchanged.
- XLSX has cell types: such text is written as a string cell with Excel's "quote prefix"
  style, so it shows exactly as typed, and stays text even when someone edits the cell.

What counts as a formula (`is_formula`): text starting with `=`, `+`, `-`, `@`, a tab or a
carriage return, except a phone number: `+` followed by digits and spaces only
(`+46 8 123 45 67`). Such a value holds no function, reference or operator that could do
anything, and a visible apostrophe in front of every phone number is what users complained
about. `+46-8-123` or `+1+1` are escaped: they are arithmetic.

Use `csv_writer(out, …)` instead of `csv.writer` and `xlsx_row(sheet, values)` for every row
appended to an openpyxl sheet (a test checks that no other module calls `csv.writer`).
"""

import csv
import re

# Characters a spreadsheet may treat as the start of a formula (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_PHONE_NUMBER = re.compile(r"\+[0-9][0-9 ]*")
# Text openpyxl would store as an error value rather than a string.
_XLSX_ERROR_CODES = frozenset(("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"))


def is_formula(text: str) -> bool:
    """True when a spreadsheet would run `text` (or read it as arithmetic) on opening."""
    if not text.startswith(FORMULA_PREFIXES):
        return False
    return not _PHONE_NUMBER.fullmatch(text)


def escape_formula(text: str) -> str:
    """Prefix text a spreadsheet would run with a single quote.

    Text that already looks escaped (`'=…`) gets one more quote, so `unescape_formula`
    restores it exactly.
    """
    if is_formula(text) or (text.startswith("'") and text.lstrip("'").startswith(FORMULA_PREFIXES)):
        return "'" + text
    return text


def unescape_formula(text: str) -> str:
    """Undo `escape_formula`, for a file Insyn wrote that comes back as an import."""
    if text.startswith("'") and text.lstrip("'").startswith(FORMULA_PREFIXES):
        return text[1:]
    return text


def safe_cell(value):
    """A CSV cell: text escaped, None empty, anything else (numbers, dates) as it is."""
    if value is None:
        return ""
    if isinstance(value, str):
        return escape_formula(value)
    return value


class _SafeWriter:
    """csv.writer whose rows pass through `safe_cell`."""

    def __init__(self, writer):
        self._writer = writer

    def writerow(self, row):
        return self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(out, **options):
    """`csv.writer(out, **options)` with every cell escaped by `safe_cell`."""
    return _SafeWriter(csv.writer(out, **options))


def xlsx_cell(sheet, value):
    """A value for `sheet.append`: plain values keep their type (a cell object each would
    be much slower); text that a spreadsheet would run, or that openpyxl would store as a
    formula or error, becomes a string cell with the quote-prefix style."""
    if not isinstance(value, str) or not (
        is_formula(value) or value.startswith("=") or value in _XLSX_ERROR_CODES
    ):
        return value
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def xlsx_row(sheet, values) -> list:
    """One row for `sheet.append`, every text cell made safe by `xlsx_cell`."""
    return [xlsx_cell(sheet, value) for value in values]
