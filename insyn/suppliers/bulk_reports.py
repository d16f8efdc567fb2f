"""Bulk import of digital annual reports (iXBRL): many reports at once, each matched to its
provider by the organisation number in the report, shown as a preview and then stored all
or nothing (docs/suppliers.md, "Import av årsredovisningar").

The upload is either several files (each an XHTML/HTML report, or a ZIP holding one as
Bolagsverket delivers it) or one ZIP holding many such files. Either way it is kept as one
ZIP (`pack`): a ZIP upload as it is, several files packed together. Between the preview and
"Importera" that ZIP lies in the private storage under a random name; the page holds only a
signed token naming it and the user (`keep` / `kept`). The confirm reads the kept ZIP and
checks every report again (`preview`): nothing the browser sends back is trusted.

Rules, one row per file (`Row.error` says what to do, in Swedish):

- the outer ZIP: at most `max_files` reports and `max_unpacked_bytes` unpacked in all, else
  the whole upload is refused (`ImportRefused`); an entry with a path-traversal name or one
  that unpacks suspiciously (ixbrl.check_entry) is a row with an error;
- each report is read by `ixbrl.parse` (never by hand here); a report that does not parse is
  a row with the parser's message;
- its organisation number must be a provider in the register (the user's scope,
  registry.queries.providers_for);
- two files for the same provider and financial year (the same year end) are both errors.

Worked example: a ZIP with `a.xhtml` (556036-0793, 2025) and `b.zip` (212000-0142, 2025),
both providers in the register → two rows without errors; "Importera" stores both through
`services.store_report` (origin "Filimport") in one transaction. Had `b.zip` been for an
organisation number not in the register, its row would say so and nothing would be stored.
"""

import io
import logging
import re
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from insyn.core.errors import DomainError
from insyn.registry.queries import providers_for

from . import conf, services
from .constants import FigureOrigin
from .ixbrl import MAX_FILE_BYTES, ParsedReport, ReportRefused, check_entry, parse
from .models import AnnualReport

logger = logging.getLogger("insyn.suppliers")

REPORT_SUFFIXES = (".xhtml", ".html", ".htm", ".zip")
KEEP_DIR = "report-imports"
_KEPT_NAME = re.compile(rf"^{KEEP_DIR}/[0-9a-f]{{32}}\.zip$")
_SALT = "insyn.suppliers.bulk_reports"


class ImportRefused(DomainError):
    """The whole upload is refused (too many files, too large, not a ZIP, a stale token)."""


@dataclass
class Row:
    name: str
    parsed: ParsedReport | None = None
    provider: object = None
    error: str = ""
    replaces: bool = False  # the provider already has figures for that year


@dataclass
class Preview:
    rows: list[Row] = field(default_factory=list)

    @property
    def errors(self) -> list[Row]:
        return [row for row in self.rows if row.error]

    @property
    def can_import(self) -> bool:
        return bool(self.rows) and not self.errors


def _limit(name: str) -> int:
    return conf.get("REPORT_IMPORT")[name]


def _mb(size: int) -> str:
    return f"{size // (1024 * 1024)} MB"


def _is_zip(content: bytes) -> bool:
    return content.startswith(b"PK\x03\x04")


def pack(uploads) -> bytes:
    """One ZIP of the upload: a single ZIP as it is, else the files packed together under
    their own names (a repeated name gets " (2)", " (3)" …). Refuses more files or more
    bytes than the limits."""
    uploads = list(uploads)
    if not uploads:
        raise ImportRefused("Välj en eller flera filer att importera.")
    total = sum(upload.size for upload in uploads)
    if total > _limit("max_upload_bytes"):
        raise ImportRefused(
            f"Filerna är tillsammans för stora ({_mb(total)}); högst "
            f"{_mb(_limit('max_upload_bytes'))} per import. Dela upp dem i flera importer."
        )
    if len(uploads) > _limit("max_files"):
        raise ImportRefused(
            f"Du valde {len(uploads)} filer; högst {_limit('max_files')} årsredovisningar per "
            "import. Dela upp dem i flera importer."
        )
    contents = [upload.read() for upload in uploads]
    if len(uploads) == 1 and _is_zip(contents[0]):
        return contents[0]
    buffer = io.BytesIO()
    seen: dict[str, int] = {}
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for upload, content in zip(uploads, contents, strict=True):
            name = PurePosixPath((upload.name or "fil").replace("\\", "/")).name or "fil"
            seen[name] = seen.get(name, 0) + 1
            if seen[name] > 1:
                stem, dot, suffix = name.rpartition(".")
                name = f"{stem} ({seen[name]}){dot}{suffix}" if dot else f"{name} ({seen[name]})"
            archive.writestr(name, content)
    return buffer.getvalue()


def _skipped(entry: zipfile.ZipInfo) -> bool:
    """Folders and the copies macOS adds (__MACOSX/, ._name) are not files of the import."""
    parts = entry.filename.replace("\\", "/").split("/")
    return entry.is_dir() or parts[0] == "__MACOSX" or parts[-1].startswith("._")


def entries(archive_bytes: bytes):
    """(name, content or None, error) for each file in the ZIP, read one at a time. Refuses
    the whole ZIP when it is broken, holds more than `max_files` files or unpacks to more
    than `max_unpacked_bytes` (the sizes the ZIP declares; reading never goes past them)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(archive_bytes))
        infos = [entry for entry in archive.infolist() if not _skipped(entry)]
    except zipfile.BadZipFile as error:
        raise ImportRefused("ZIP-filen är skadad och kan inte öppnas; inget sparades.") from error
    if not infos:
        raise ImportRefused("ZIP-filen innehåller inga filer; inget sparades.")
    if len(infos) > _limit("max_files"):
        raise ImportRefused(
            f"ZIP-filen innehåller {len(infos)} filer; högst {_limit('max_files')} "
            "årsredovisningar per import. Dela upp dem i flera ZIP-filer; inget sparades."
        )
    unpacked = sum(entry.file_size for entry in infos)
    if unpacked > _limit("max_unpacked_bytes"):
        raise ImportRefused(
            f"ZIP-filen packas upp till {_mb(unpacked)}; högst "
            f"{_mb(_limit('max_unpacked_bytes'))} per import. Dela upp den i flera ZIP-filer; "
            "inget sparades."
        )
    for entry in infos:
        name = entry.filename
        try:
            check_entry(entry)
        except ReportRefused as refused:
            yield name, None, f"{refused.message} Ta bort filen ur ZIP-filen och ladda upp igen."
            continue
        if not name.lower().endswith(REPORT_SUFFIXES):
            yield (
                name,
                None,
                "Filen är inte en digital årsredovisning (XHTML, HTML eller ZIP); ta bort den "
                "och ladda upp igen.",
            )
            continue
        with archive.open(entry) as handle:
            yield name, handle.read(MAX_FILE_BYTES + 1), ""


def preview(archive_bytes: bytes, user) -> Preview:
    """Every report of the ZIP read, matched to its provider and checked (module docstring).
    Nothing is stored."""
    rows = []
    for name, content, error in entries(archive_bytes):
        row = Row(name=name, error=error)
        if content is not None:
            try:
                row.parsed = parse(content, None, name)
            except ReportRefused as refused:
                row.error = f"{refused.message} Rätta eller ta bort filen och ladda upp igen."
        rows.append(row)
    parsed = [row for row in rows if row.parsed is not None]
    numbers = {row.parsed.org_number for row in parsed}
    providers = {p.org_number: p for p in providers_for(user).filter(org_number__in=numbers)}
    stored = set(
        AnnualReport.objects.filter(provider__in=providers.values()).values_list(
            "provider_id", "period_end"
        )
    )
    years: dict[tuple, list[Row]] = {}
    for row in parsed:
        row.provider = providers.get(row.parsed.org_number)
        if row.provider is None:
            row.error = (
                f"Ingen utförare i registret har organisationsnummer {row.parsed.org_number}. "
                "Lägg in utföraren i registret eller ta bort filen och ladda upp igen."
            )
            continue
        row.replaces = (row.provider.pk, row.parsed.period_end) in stored
        years.setdefault((row.provider.pk, row.parsed.period_end), []).append(row)
    for same in years.values():
        if len(same) > 1:
            names = ", ".join(row.name for row in same)
            for row in same:
                row.error = (
                    f"{len(same)} filer gäller {row.provider.name} och räkenskapsåret som slutar "
                    f"{row.parsed.period_end:%Y-%m-%d} ({names}); behåll en av dem och ladda "
                    "upp igen."
                )
    return Preview(rows)


@transaction.atomic
def store(checked: Preview, user, today=None) -> int:
    """Store every report of a preview without errors through `services.store_report`
    (origin "Filimport"; warning signs, red flags and history as for a single upload), all in
    one transaction. Returns how many were stored."""
    if not checked.can_import:
        raise ImportRefused(
            f"Importen har {len(checked.errors)} fel; inget sparades. Rätta filerna och ladda "
            "upp dem igen."
        )
    today = today or timezone.localdate()
    for row in checked.rows:
        services.store_report(row.provider, row.parsed, FigureOrigin.IMPORT, None, user, today)
    logger.info(
        "annual reports imported: user=%s reports=%s", getattr(user, "pk", None), len(checked.rows)
    )
    return len(checked.rows)


# --- keeping the upload between the preview and "Importera" ------------------------------


def _sweep(now) -> None:
    """Remove kept uploads older than `keep_seconds` (previews that were never imported)."""
    try:
        _, names = default_storage.listdir(KEEP_DIR)
    except FileNotFoundError:
        return
    for name in names:
        path = f"{KEEP_DIR}/{name}"
        age = (now - default_storage.get_modified_time(path)).total_seconds()
        if age > _limit("keep_seconds"):
            default_storage.delete(path)


def keep(archive_bytes: bytes, user) -> str:
    """Store the packed upload privately under a random name; the signed token names it and
    the user (only that user can import it, and only for `keep_seconds`)."""
    _sweep(timezone.now())
    name = default_storage.save(f"{KEEP_DIR}/{uuid.uuid4().hex}.zip", ContentFile(archive_bytes))
    return signing.dumps({"file": name, "user": user.pk}, salt=_SALT)


def _kept_name(token: str, user) -> str:
    stale = ImportRefused(
        "Förhandsgranskningen är ogiltig eller för gammal; inget sparades. Ladda upp filerna igen."
    )
    try:
        data = signing.loads(token, salt=_SALT, max_age=_limit("keep_seconds"))
    except signing.BadSignature as error:  # SignatureExpired is a BadSignature too
        raise stale from error
    if not isinstance(data, dict) or data.get("user") != user.pk:
        raise stale
    name = str(data.get("file", ""))
    if not _KEPT_NAME.match(name):
        raise stale
    if not default_storage.exists(name):
        raise stale
    return name


def kept(token: str, user) -> bytes:
    """The kept upload the token names, for the user who made the preview; a tampered,
    expired or another user's token is refused (`ImportRefused`)."""
    with default_storage.open(_kept_name(token, user), "rb") as handle:
        return handle.read()


def discard(token: str, user) -> None:
    """Remove the kept upload once the import is committed."""
    name = _kept_name(token, user)
    transaction.on_commit(lambda: default_storage.delete(name))


def preview_upload(uploads, user) -> tuple[Preview, str]:
    """The preview of an upload and the token the confirm needs (empty when it has errors:
    nothing is kept that cannot be imported)."""
    archive_bytes = pack(uploads)
    checked = preview(archive_bytes, user)
    token = keep(archive_bytes, user) if checked.can_import else ""
    return checked, token


@transaction.atomic
def confirm(token: str, user, today=None) -> Preview:
    """Check the kept upload again and store it all, or nothing when any row now has an
    error (the register may have changed since the preview). Returns the preview; its rows
    were stored when `can_import` is true."""
    checked = preview(kept(token, user), user)
    if checked.can_import:
        store(checked, user, today)
    discard(token, user)  # with errors now, the same upload can never be imported either
    return checked
