"""Digital annual reports (iXBRL, inline XBRL in XHTML) parsed with ixbrlparse (ADR 004).

`parse(content, org_number)` reads one report, or a ZIP holding one, and returns its key
figures for the financial year the report is about (the latest duration period in the file;
balance-sheet figures at that period's last day). Scale (`scale="3"` = thousands) and sign
(`sign="-"`) are applied by the library. Every fault is a `ReportRefused` with a Swedish
message; nothing is stored here (services.store_report does that).

Taxonomy names read (se-gen-base, common to K2 and K3; the organisation number and the year
from se-cd-base):

    Nettoomsattning, ResultatEfterFinansiellaPoster, AretsResultat          (the year)
    EgetKapital, Aktiekapital, Tillgangar, Omsattningstillgangar,
    VarulagerMm, KortfristigaSkulder                                         (the year end)
"""

import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

from ixbrlparse import IXBRL
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.se import orgnr

from insyn.core.errors import DomainError

# se-gen-base name → AnnualReport field, and whether it is a balance (instant) figure.
FIGURES = {
    "Nettoomsattning": ("net_sales", False),
    "ResultatEfterFinansiellaPoster": ("result_after_financial", False),
    "AretsResultat": ("net_result", False),
    "EgetKapital": ("equity", True),
    "Aktiekapital": ("share_capital", True),
    "Tillgangar": ("total_assets", True),
    "Omsattningstillgangar": ("current_assets", True),
    "VarulagerMm": ("inventory", True),
    "KortfristigaSkulder": ("current_liabilities", True),
}

# Words in the auditor's statement (se-ar-base:UttalandeText) that mark a modified opinion.
MODIFIED_OPINION_WORDS = ("med reservation", "avstyrker", "modifierat uttalande", "avstår")

MAX_FILE_BYTES = 20 * 1024 * 1024  # an unpacked report larger than this is refused
MAX_ZIP_RATIO = 100  # unpacked / packed: more is treated as a decompression bomb


class ReportRefused(DomainError):
    pass


@dataclass
class ParsedReport:
    org_number: str
    period_start: dt.date
    period_end: dt.date
    figures: dict[str, Decimal] = field(default_factory=dict)
    audit_opinion_modified: bool | None = None
    facts: int = 0


def check_entry(entry: zipfile.ZipInfo) -> None:
    """Refuse a ZIP entry with a path-traversal name (absolute, or with a `..` part) or one
    that unpacks to more than MAX_FILE_BYTES or MAX_ZIP_RATIO times its packed size."""
    parts = entry.filename.replace("\\", "/").split("/")
    if entry.filename.startswith(("/", "\\")) or ".." in parts:
        raise ReportRefused(
            f"ZIP-filen innehåller ett otillåtet filnamn ({entry.filename}); inget sparades."
        )
    if entry.file_size > MAX_FILE_BYTES or (
        entry.compress_size and entry.file_size / entry.compress_size > MAX_ZIP_RATIO
    ):
        raise ReportRefused(
            f"ZIP-filen packas upp till orimligt mycket data ({entry.filename}); inget sparades."
        )


def unpack(content: bytes, name: str = "") -> bytes:
    """The XHTML of a report given as the file itself or as a ZIP with exactly one report;
    ZIP entries with path traversal names or suspicious compression are refused."""
    if not content.startswith(b"PK\x03\x04"):
        if len(content) > MAX_FILE_BYTES:
            raise ReportRefused(f"{name or 'Filen'} är för stor för en årsredovisning.")
        return content
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        entries = archive.infolist()
    except zipfile.BadZipFile as error:
        raise ReportRefused(f"{name or 'ZIP-filen'} är skadad och kan inte öppnas.") from error
    reports = []
    for entry in entries:
        check_entry(entry)
        if entry.filename.lower().endswith((".xhtml", ".html", ".htm")):
            reports.append(entry)
    if len(reports) != 1:
        raise ReportRefused(
            "ZIP-filen ska innehålla exakt en årsredovisning i XHTML-format "
            f"(den innehåller {len(reports)})."
        )
    with archive.open(reports[0]) as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise ReportRefused("Årsredovisningen i ZIP-filen är för stor.")
    return data


def _text(document, name: str) -> str:
    for fact in document.nonnumeric:
        if f"{fact.schema}:{fact.name}" == name:
            return str(fact.value or "").strip()
    return ""


def _date(document, name: str) -> dt.date | None:
    value = _text(document, name)
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def parse(content: bytes, org_number: str | None = None, name: str = "") -> ParsedReport:
    """Key figures of one iXBRL annual report (module docstring).

    Example: a K2 report for 556036-0793, year 2025-01-01–2025-12-31, with
    `<ix:nonFraction name="se-gen-base:EgetKapital" contextRef="balans0" scale="3">1 250</…>`
    → figures["equity"] == Decimal("1250000").
    """
    data = unpack(content, name)
    try:
        document = IXBRL(io.BytesIO(data), raise_on_error=True)
    except Exception as error:  # noqa: BLE001 - the library raises many kinds on bad input
        raise ReportRefused(
            f"{name or 'Filen'} kunde inte läsas som en digital årsredovisning (iXBRL): "
            "filen är skadad eller ofullständig."
        ) from error
    if not document.numeric:
        raise ReportRefused(
            f"{name or 'Filen'} innehåller inga siffror i iXBRL-format; är det en digital "
            "årsredovisning?"
        )
    found = _text(document, "se-cd-base:Organisationsnummer")
    try:
        file_org = orgnr.format(orgnr.validate(found))
    except StdnumError as error:
        raise ReportRefused(
            "Årsredovisningen saknar ett giltigt organisationsnummer "
            "(se-cd-base:Organisationsnummer)."
        ) from error
    if org_number and orgnr.compact(org_number) != orgnr.compact(file_org):
        raise ReportRefused(
            f"Årsredovisningen gäller organisationsnummer {file_org}, inte {org_number}; "
            "inget sparades."
        )
    durations = {
        (f.context.startdate, f.context.enddate)
        for f in document.numeric
        if getattr(f.context, "enddate", None) and getattr(f.context, "startdate", None)
    }
    if not durations:
        raise ReportRefused("Årsredovisningen saknar uppgift om räkenskapsåret.")
    start, end = max(durations, key=lambda period: period[1])
    declared_end = _date(document, "se-cd-base:RakenskapsarSistaDag")
    if declared_end and declared_end != end:
        raise ReportRefused(
            f"Årsredovisningen anger räkenskapsåret till {declared_end}, men siffrorna gäller "
            f"perioden som slutar {end}; inget sparades."
        )
    same_end = {p for p in durations if p[1] == end}
    if len(same_end) > 1:
        raise ReportRefused(
            "Årsredovisningen innehåller två olika räkenskapsår som slutar samma dag; "
            "inget sparades."
        )
    figures: dict[str, Decimal] = {}
    for fact in document.numeric:
        if fact.schema != "se-gen-base" or fact.name not in FIGURES or fact.value is None:
            continue
        target, balance = FIGURES[fact.name]
        context = fact.context
        if getattr(context, "segments", None):
            continue  # a dimension (e.g. one class of shares), not the company total
        if balance and getattr(context, "instant", None) != end:
            continue
        if not balance and (context.startdate, context.enddate) != (start, end):
            continue
        figures[target] = Decimal(str(round(fact.value)))
    statement = _text(document, "se-ar-base:UttalandeText").casefold()
    modified = any(word in statement for word in MODIFIED_OPINION_WORDS) if statement else None
    return ParsedReport(
        org_number=file_org,
        period_start=start,
        period_end=end,
        figures=figures,
        audit_opinion_modified=modified,
        facts=len(document.numeric) + len(document.nonnumeric),
    )
