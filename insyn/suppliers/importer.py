"""File import of register answers (CSV or XLSX exports from the authorities or a
credit-information vendor), one format per source (docs/suppliers.md). All or nothing:
every row is checked first; one bad row refuses the whole file with a row report in
Swedish and stores nothing.
"""

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.se import orgnr

from insyn.core.errors import DomainError
from insyn.registry.models import Provider

from . import services
from .adapters.base import CompanyInfo, Decision, TaxInfo
from .adapters.http import COMPANY_STATUS_CODES, DECISION_CODES
from .constants import Source

COLUMNS = {
    Source.BOLAGSVERKET: ("organisationsnummer", "status", "statusdatum"),
    Source.SKATTEVERKET: ("organisationsnummer", "fskatt", "moms", "arbetsgivare"),
    Source.IVO: (
        "organisationsnummer",
        "diarienummer",
        "beslutstyp",
        "beslutsdatum",
        "verksamhet",
        "sammanfattning",
    ),
}
YES = {"ja": True, "j": True, "1": True, "nej": False, "n": False, "0": False}


class ImportRefused(DomainError):
    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__(
            f"Filen importerades inte ({len(errors)} fel, inget sparades): " + " ".join(errors[:5])
        )


@dataclass
class ImportReport:
    rows: int = 0
    providers: int = 0
    errors: list[str] = field(default_factory=list)


# An XLSX is a ZIP: its parts may unpack to at most this much, and this many times their
# packed size (a decompression bomb is refused before openpyxl opens it).
XLSX_MAX_UNPACKED = 50 * 1024 * 1024
XLSX_MAX_RATIO = 100


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_rows(content: bytes) -> list[dict]:
    """The first sheet's rows as {header: text}, like csv.DictReader gives (row 1 holds the
    headers). Dates become ÅÅÅÅ-MM-DD, true/false ja/nej."""
    import zipfile

    from openpyxl import load_workbook

    try:
        entries = zipfile.ZipFile(io.BytesIO(content)).infolist()
    except zipfile.BadZipFile as error:
        raise ImportRefused(["Filen är ingen Excel-fil (XLSX) och inte heller CSV."]) from error
    unpacked = sum(e.file_size for e in entries)
    packed = sum(e.compress_size for e in entries) or 1
    if unpacked > XLSX_MAX_UNPACKED or unpacked / packed > XLSX_MAX_RATIO:
        raise ImportRefused(["Excel-filen packas upp till orimligt mycket data; inget sparades."])
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds for broken files
        raise ImportRefused(["Excel-filen är skadad och kan inte läsas."]) from error
    try:
        sheet = workbook.worksheets[0]
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()
        values = sheet.iter_rows(values_only=True)
        header = [_cell(v) for v in next(values, ())]
        rows = []
        for row in values:
            texts = [_cell(v) for v in row]
            if any(t.strip() for t in texts):
                rows.append(dict(zip(header, texts, strict=False)))
    finally:
        workbook.close()
    return rows


def _rows(content: bytes):
    if content[:4] == b"PK\x03\x04":
        return _xlsx_rows(content)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252")
    sample = text[:2048]
    delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    return list(csv.DictReader(io.StringIO(text), delimiter=delimiter))


def _date(value, column, line, errors):
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        errors.append(f"Rad {line}: {column} ”{value}” är inget datum (ÅÅÅÅ-MM-DD).")
        return None


def parse(source: str, content: bytes) -> tuple[dict, list[str]]:
    """{Provider: [parsed value, …]} and the errors, row by row (line 2 is the first row)."""
    errors: list[str] = []
    try:
        rows = _rows(content)
    except ImportRefused as refused:
        return {}, refused.errors
    if not rows:
        return {}, ["Filen innehåller inga rader."]
    missing = [c for c in COLUMNS[source] if c not in {(k or "").strip().lower() for k in rows[0]}]
    if missing:
        return {}, [f"Kolumnen {', '.join(missing)} saknas i filen."]
    rows = [{(k or "").strip().lower(): (v or "").strip() for k, v in row.items()} for row in rows]
    numbers = {}
    for line, row in enumerate(rows, start=2):
        try:
            numbers[line] = orgnr.format(orgnr.validate(row["organisationsnummer"]))
        except StdnumError:
            errors.append(
                f"Rad {line}: organisationsnumret ”{row['organisationsnummer']}” är ogiltigt."
            )
    providers = {p.org_number: p for p in Provider.objects.filter(org_number__in=numbers.values())}
    found: dict = {}
    for line, row in enumerate(rows, start=2):
        number = numbers.get(line)
        if number is None:
            continue
        provider = providers.get(number)
        if provider is None:
            errors.append(
                f"Rad {line}: ingen utförare i registret har organisationsnummer {number}."
            )
            continue
        value = _value(source, row, number, line, errors)
        if value is not None:
            found.setdefault(provider, []).append(value)
    return found, errors


def _value(source, row, number, line, errors):
    if source == Source.BOLAGSVERKET:
        code = row["status"].lower()
        if code not in COMPANY_STATUS_CODES:
            errors.append(
                f"Rad {line}: status ”{row['status']}” är okänd; använd "
                f"{', '.join(COMPANY_STATUS_CODES)}."
            )
            return None
        day = _date(row["statusdatum"], "statusdatum", line, errors) if row["statusdatum"] else None
        return CompanyInfo(number, "", COMPANY_STATUS_CODES[code], day)
    if source == Source.SKATTEVERKET:
        flags = []
        for column in ("fskatt", "moms", "arbetsgivare"):
            if row[column].lower() not in YES:
                errors.append(f"Rad {line}: {column} ska vara ja eller nej, inte ”{row[column]}”.")
                return None
            flags.append(YES[row[column].lower()])
        return TaxInfo(number, *flags)
    code = row["beslutstyp"].lower()
    if code not in DECISION_CODES:
        errors.append(
            f"Rad {line}: beslutstyp ”{row['beslutstyp']}” är okänd; använd "
            f"{', '.join(DECISION_CODES)}."
        )
        return None
    if not row["diarienummer"]:
        errors.append(f"Rad {line}: diarienummer saknas.")
        return None
    day = _date(row["beslutsdatum"], "beslutsdatum", line, errors)
    if day is None:
        return None
    return Decision(
        row["diarienummer"], DECISION_CODES[code], day, row["verksamhet"], row["sammanfattning"]
    )


@transaction.atomic
def import_file(source: str, content: bytes, today: dt.date | None = None) -> ImportReport:
    """Check every row, then apply them all in one transaction (ImportRefused on any error)."""
    today = today or timezone.localdate()
    found, errors = parse(source, content)
    if errors:
        raise ImportRefused(errors)
    label = f"Filimport ({Source(source).label})"
    report = ImportReport(providers=len(found))
    for provider, values in found.items():
        report.rows += len(values)
        if source == Source.BOLAGSVERKET:
            services.apply_company(provider, values[-1], label, today)
        elif source == Source.SKATTEVERKET:
            services.apply_tax(provider, values[-1], label, today)
        else:
            services.apply_decisions(provider, values, label, today)
    return report
