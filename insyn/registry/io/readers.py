"""Reading CSV (as Swedish Excel writes it) and XLSX files into header-checked rows.

Cell parsers turn what a spreadsheet gives (text with decimal commas and spaces as thousand
separators, Excel date cells, Ja/Nej) into Python values, or raise ValueError with a Swedish
reason that the importer puts in the row report.
"""

import csv
import datetime as dt
import io
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal

from insyn.core.numbers import check_decimal_places, parse_number
from insyn.core.spreadsheet import (  # noqa: F401 - the importer's tests use them from here
    FORMULA_PREFIXES,
    escape_formula,
    unescape_formula,
)

from .columns import (
    INSTRUCTIONS_TITLE,
    SHEET_TITLES,
    Column,
    columns_by_header,
    detect_kind,
    normalise_header,
)
from .constants import SheetKind

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00)?)?$")
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls format
TRUE_WORDS = {"ja", "j", "sant", "true", "1", "x"}
FALSE_WORDS = {"nej", "n", "falskt", "false", "0"}


@dataclass
class Problem:
    """One line of the row report. `row` is the spreadsheet row (header = 1) or None."""

    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""

    def as_dict(self) -> dict:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }

    def __str__(self) -> str:
        where = []
        if self.sheet:
            where.append(self.sheet)
        if self.row is not None:
            where.append(f"rad {self.row}")
        if self.column:
            where.append(f"kolumn \u201d{self.column}\u201d")
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass
class RawSheet:
    kind: str
    title: str
    columns: list[Column]
    rows: list[tuple[int, dict]] = field(default_factory=list)  # (row number, header -> raw)


class FileRejected(Exception):
    """The file as a whole can't be read; carries the problems to show."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


# --- cell parsers -------------------------------------------------------------------------


def parse_text(raw) -> str:
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return "Ja" if raw else "Nej"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat() if raw.time() == dt.time() else raw.isoformat(sep=" ")
    if isinstance(raw, dt.date):
        return raw.isoformat()
    return unescape_formula(str(raw).strip())


def parse_decimal(raw, decimal_places: int | None = None) -> Decimal | None:
    """A cell as a Decimal through `insyn.core.numbers.parse_number`; empty gives None.

    Text must be a Swedish number (`3 500,50`, `3500.5`, `1.200,00`); numeric cells are taken
    as Excel shows them (15 significant digits, so 0.1 + 0.2 is 0.3). Either way a value with
    more decimals than `decimal_places` is refused, never rounded."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValueError("Värdet är inte ett tal.")
    if isinstance(raw, int | Decimal):
        return check_decimal_places(Decimal(raw), decimal_places, str(raw))
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise ValueError(f"\u201d{raw}\u201d är inte ett tal.")
        value = Decimal(format(raw, ".15g"))
        return check_decimal_places(value, decimal_places, format_decimal(value))
    return parse_number(str(raw), decimal_places)


def parse_int(raw) -> int | None:
    value = parse_decimal(raw, decimal_places=0)
    return None if value is None else int(value)


def parse_date(raw) -> dt.date | None:
    if raw is None:
        return None
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    text = str(raw).strip()
    if not text:
        return None
    match = _ISO_DATE.match(text)
    if match:
        try:
            return dt.date(*(int(part) for part in match.groups()))
        except ValueError:
            pass
    raise ValueError(f"\u201d{text}\u201d är inte ett datum. Skriv datum som ÅÅÅÅ-MM-DD.")


def parse_bool(raw, default: bool = True) -> bool:
    if raw is None:
        return default
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().casefold()
    if not text:
        return default
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise ValueError(f"\u201d{raw}\u201d ska vara Ja eller Nej.")


def format_decimal(value: Decimal | None) -> str:
    """Swedish decimal comma without thousand separators (what Swedish Excel reads as a number)."""
    if value is None:
        return ""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


# --- files --------------------------------------------------------------------------------


ODS_REFUSED = (
    "ODS-filer läses inte: spara som .xlsx eller .csv. I LibreOffice: Arkiv → Spara som → "
    "filtyp Excel 2007-365 (.xlsx) eller Text CSV."
)


def is_ods(data: bytes, name: str = "") -> bool:
    """An OpenDocument spreadsheet: also a ZIP, so without this check it would be read as a
    broken Excel workbook. Its first ZIP entry is the stored file `mimetype`."""
    head = data[:120]
    return name.lower().endswith(".ods") or (
        head[30:38] == b"mimetype" and b"opendocument.spreadsheet" in head
    )


def is_xlsx(data: bytes, name: str = "") -> bool:
    return data[:4] == b"PK\x03\x04" or name.lower().endswith((".xlsx", ".xlsm"))


def decode_csv(data: bytes) -> str:
    """UTF-8 with or without BOM, else Windows-1252 (what older Swedish Excel saves)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise FileRejected(
            [
                Problem(
                    "Filens teckenkodning känns inte igen. Spara filen som CSV UTF-8 "
                    "(semikolonavgränsad) eller som Excel-arbetsbok (.xlsx)."
                )
            ]
        ) from exc


def read_csv(data: bytes, name: str = "") -> list[RawSheet]:
    if data.startswith(OLE_SIGNATURE):
        raise FileRejected(
            [
                Problem(
                    "Filen är i det gamla Excel-formatet (.xls), som inte kan läsas. Spara den "
                    "som Excel-arbetsbok (.xlsx) eller som CSV (semikolonavgränsad)."
                )
            ]
        )
    text = decode_csv(data)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if ";" in first_line or "\t" not in first_line else "\t"
    # Rows are read one at a time: only the template's columns of each row are kept.
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        sheet = _sheet_from_rows(rows, title=name or "CSV-filen", required=True)
    except csv.Error as exc:
        raise FileRejected(
            [Problem(f"Filen kunde inte läsas som CSV ({exc}). Spara den på nytt från Excel.")]
        ) from exc
    return [sheet] if sheet else []


def read_xlsx(data: bytes) -> list[RawSheet]:
    """The workbook's template sheets, after its ZIP directory has passed `archive`'s limits.

    openpyxl's read-only mode streams each worksheet; its declared dimensions are ignored so
    that a sheet claiming 16,384 columns is not padded to them on every row."""
    from openpyxl import load_workbook

    from .archive import NOT_A_WORKBOOK, archive_problem

    try:
        too_large = archive_problem(data)
    except Exception as exc:  # zipfile raises several kinds for what is no ZIP
        raise FileRejected([Problem(NOT_A_WORKBOOK)]) from exc
    if too_large:
        raise FileRejected([Problem(too_large)])
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for broken files
        raise FileRejected([Problem(NOT_A_WORKBOOK)]) from exc
    sheets = []
    rows_left = max_rows()
    try:
        for worksheet in workbook.worksheets:
            if normalise_header(worksheet.title) == normalise_header(INSTRUCTIONS_TITLE):
                continue
            if hasattr(worksheet, "reset_dimensions"):  # chart sheets have no rows
                worksheet.reset_dimensions()
            sheet = _sheet_from_rows(
                worksheet.iter_rows(values_only=True),
                title=worksheet.title,
                required=False,
                row_limit=rows_left,
            )
            if sheet:
                sheets.append(sheet)
                rows_left -= len(sheet.rows)
    except FileRejected:
        raise
    except Exception as exc:
        raise FileRejected(
            [Problem("Excel-filen är skadad och kunde inte läsas till slut. Spara den på nytt.")]
        ) from exc
    finally:
        workbook.close()
    return sheets


def max_rows() -> int:
    from .archive import limit

    return limit("IMPORT_MAX_ROWS")


def read_file(data: bytes, name: str = "") -> list[RawSheet]:
    """All recognised sheets of one file; FileRejected when nothing in it can be imported."""
    if not data or not data.strip(b"\xef\xbb\xbf \r\n\t;,"):
        raise FileRejected([Problem("Filen är tom. Använd mallen och fyll i minst en rad.")])
    if is_ods(data, name):
        raise FileRejected([Problem(ODS_REFUSED)])
    if is_xlsx(data, name):
        sheets = read_xlsx(data)
        if not sheets:
            raise FileRejected(
                [
                    Problem(
                        "Ingen flik i filen har mallens kolumnrubriker på rad 1. Ladda ner "
                        "mallen och använd flikarna \u201dUtförare och verksamheter\u201d "
                        "och \u201dAvtal\u201d."
                    )
                ]
            )
    else:
        sheets = read_csv(data, name)
    if not any(sheet.rows for sheet in sheets):
        raise FileRejected(
            [Problem("Filen innehåller inga rader att importera, bara kolumnrubriker.")]
        )
    return sheets


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _sheet_from_rows(
    rows, title: str, required: bool, row_limit: int | None = None
) -> RawSheet | None:
    iterator = iter(rows)
    header_row = next(iterator, None)
    if header_row is None or all(_blank(v) for v in header_row):
        if required:
            raise FileRejected([Problem("Filen är tom eller saknar kolumnrubriker på rad 1.")])
        return None
    headers = [parse_text(h) for h in header_row]
    while headers and not headers[-1]:
        headers.pop()
    kind = detect_kind(headers)
    if kind is None:
        if not required:
            return None
        expected = ", ".join(c.header for c in columns_by_header(SheetKind.UNITS).values())
        raise FileRejected(
            [
                Problem(
                    "Filens kolumnrubriker på rad 1 känns inte igen. Avgränsaren ska vara "
                    f"semikolon (;). Väntade rubriker är t.ex.: {expected}.",
                    sheet=title,
                )
            ]
        )
    known = columns_by_header(kind)
    problems = []
    positions: dict[int, Column] = {}
    seen: set[str] = set()
    unknown = []
    for index, header in enumerate(headers):
        key = normalise_header(header)
        if not key:
            continue
        if key in seen:
            problems.append(Problem(f"Kolumnen \u201d{header}\u201d finns två gånger.", title, 1))
            continue
        seen.add(key)
        if key in known:
            positions[index] = known[key]
        else:
            unknown.append(header)
    missing = [c.header for k, c in known.items() if k not in seen and not c.optional_column]
    sheet_title = SHEET_TITLES[kind]
    if missing or unknown:
        parts = []
        if missing:
            parts.append("Kolumner som saknas: " + ", ".join(f"\u201d{h}\u201d" for h in missing))
        if unknown:
            parts.append(
                "okända kolumner: " + ", ".join(f"\u201d{h}\u201d" for h in unknown)
                if parts
                else "Okända kolumner: " + ", ".join(f"\u201d{h}\u201d" for h in unknown)
            )
        problems.append(
            Problem(
                "; ".join(parts) + ". Använd mallens rubriker oförändrade (har en kolumn "
                "bytt namn?).",
                sheet=f"{title} ({sheet_title})" if title != sheet_title else title,
                row=1,
            )
        )
    if problems:
        raise FileRejected(problems)
    sheet = RawSheet(kind=kind, title=title, columns=list(positions.values()))
    if row_limit is None:
        row_limit = max_rows()
    for number, values in enumerate(iterator, start=2):
        if values is None or all(_blank(v) for v in values):
            continue
        if len(sheet.rows) >= row_limit:
            raise FileRejected(
                [
                    Problem(
                        f"Filen har fler än {_thousands(row_limit)} rader att importera. Dela "
                        "upp den i flera filer.",
                        sheet=title,
                        row=number,
                    )
                ]
            )
        row = {}
        for index, column in positions.items():
            row[column.header] = values[index] if index < len(values) else None
        sheet.rows.append((number, row))
    return sheet


def _thousands(value: int) -> str:
    return f"{value:,}".replace(",", "\u00a0")
