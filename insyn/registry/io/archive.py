"""Limits a workbook (a ZIP file) must keep before any part of it is unpacked or parsed.

An XLSX is a ZIP of XML parts. A 2 MB upload can unpack to a gigabyte, and openpyxl loads
some parts (shared strings, styles, the workbook) whole into memory, so the ZIP's central
directory is checked first: the number of entries, the declared uncompressed size of all
entries together, and the declared size of each part that is loaded whole. Worksheets are
streamed and only count towards the total. Declared sizes are binding: Python's zipfile
stops at the declared size and refuses an entry whose data does not match its CRC, so a
directory that understates its sizes gives a broken file, not a large one.

The limits are `settings.INSYN` keys (defaults below): `IMPORT_MAX_UNPACKED_BYTES`,
`IMPORT_MAX_ZIP_ENTRIES`, `IMPORT_MAX_WHOLE_PART_BYTES`, and `IMPORT_MAX_ROWS` for the rows
the readers keep.
"""

import io
import re
import zipfile

from django.conf import settings

DEFAULTS = {
    "IMPORT_MAX_UNPACKED_BYTES": 100 * 1024 * 1024,
    "IMPORT_MAX_ZIP_ENTRIES": 500,
    "IMPORT_MAX_WHOLE_PART_BYTES": 20 * 1024 * 1024,
    "IMPORT_MAX_ROWS": 50_000,
}
# Parts openpyxl reads as a stream; every other part it parses whole.
_STREAMED = re.compile(r"^xl/worksheets/[^/]+\.xml$")


def limit(name: str) -> int:
    return settings.INSYN.get(name, DEFAULTS[name])


def megabytes(size: int) -> str:
    mb = size / (1024 * 1024)
    return f"{mb:.0f}" if mb >= 1 else f"{mb:.2f}".replace(".", ",")


def archive_problem(data: bytes) -> str | None:
    """Why the ZIP in `data` is over a limit (Swedish), or None; reads only its directory.

    Raises zipfile.BadZipFile when `data` is no ZIP at all."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = archive.infolist()
    max_entries = limit("IMPORT_MAX_ZIP_ENTRIES")
    if len(entries) > max_entries:
        return (
            f"Excel-filen består av {len(entries)} delar; en arbetsbok som kan importeras har "
            f"högst {max_entries}. Kopiera mallens flikar till en ny arbetsbok, eller spara "
            "dem som CSV (semikolonavgränsad)."
        )
    total = sum(entry.file_size for entry in entries)
    max_total = limit("IMPORT_MAX_UNPACKED_BYTES")
    if total > max_total:
        return (
            f"Excel-filen blir {megabytes(total)} MB när den packas upp; högst "
            f"{megabytes(max_total)} MB kan importeras. Dela upp filen i flera mindre filer."
        )
    max_part = limit("IMPORT_MAX_WHOLE_PART_BYTES")
    for entry in entries:
        if entry.file_size > max_part and not _STREAMED.match(entry.filename):
            return (
                f"Delen {entry.filename} i Excel-filen blir {megabytes(entry.file_size)} MB "
                f"när den packas upp; högst {megabytes(max_part)} MB kan läsas. Dela upp "
                "filen i flera mindre filer."
            )
    return None


NOT_A_WORKBOOK = (
    "Filen kunde inte läsas som en Excel-arbetsbok (.xlsx). Den kan vara skadad eller i ett "
    "annat format. Spara den på nytt som .xlsx eller som CSV (semikolonavgränsad) och försök "
    "igen."
)
