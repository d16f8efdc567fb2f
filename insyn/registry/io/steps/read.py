"""Step 1, read: each file's bytes, refused over the size limit, as header-checked sheets.

The parsing itself (CSV as Swedish Excel writes it, XLSX after its ZIP limits) is in
`insyn.registry.io.readers`; this step only adds the upload's size limit and joins files.
"""

import os
from pathlib import Path

from django.conf import settings

from ..archive import megabytes
from ..readers import FileRejected, Problem, RawSheet, read_file


class ImportTooLarge(FileRejected):
    pass


def max_bytes() -> int:
    return settings.INSYN.get("IMPORT_MAX_BYTES", 20 * 1024 * 1024)


def too_large(limit: int) -> FileRejected:
    return ImportTooLarge(
        [
            Problem(
                f"Filen är för stor. Den största fil som kan importeras är {megabytes(limit)} MB. "
                "Dela upp filen i flera mindre filer."
            )
        ]
    )


def read_bytes(path_or_file, limit: int | None = None) -> tuple[bytes, str]:
    """The file's content (refusing more than the size limit before reading it all) and name."""
    limit = limit or max_bytes()
    if isinstance(path_or_file, str | os.PathLike):
        path = Path(path_or_file)
        if path.stat().st_size > limit:
            raise too_large(limit)
        return path.read_bytes(), path.name
    size = getattr(path_or_file, "size", None)
    if size is not None and size > limit:
        raise too_large(limit)
    if hasattr(path_or_file, "seek"):
        path_or_file.seek(0)
    data = path_or_file.read(limit + 1)
    if len(data) > limit:
        raise too_large(limit)
    return data, os.path.basename(getattr(path_or_file, "name", "") or "")


def read_sheets(files) -> list[RawSheet]:
    """The sheets of all files, in order; FileRejected when any file can't be read.

    Each item is a path or file object, or a (path or file object, display name) pair."""
    sheets: list[RawSheet] = []
    for item in files:
        source, shown = item if isinstance(item, tuple) else (item, "")
        data, name = read_bytes(source)
        sheets.extend(read_file(data, shown or name))
    return sheets
