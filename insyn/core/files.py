"""Uploaded files: what Insyn accepts, where it keeps them and how it hands them out.

Every uploaded file (feedback attachments, follow-up and self-report attachments, contract
documents) is private:

- it is kept in `MEDIA_ROOT` by `PrivateFileSystemStorage`, which has no URL: no web server
  and no `static()` route serves that folder, so no file can be reached by guessing a path;
- its type is decided from its own bytes (the `filetype` library reads the signature),
  never from the name or the browser's claim, and must be on the kind's allowlist;
- it is handed out only by a view that has checked permission on the owning object, through
  `download_response`, which logs the read and sends it as an attachment with `nosniff`, so
  an HTML or SVG file can never run in Insyn's origin.

Worked example: a provider uploads `evil.html` renamed `rapport.pdf`. `validate_upload`
reads `<!doctype html>…`, finds no allowed signature and refuses it: X
inte en PDF, bild, Office- eller textfil ..." — nothing is stored.
"""

import logging
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.http import FileResponse

logger = logging.getLogger("insyn.files")

SNIFF_BYTES = 8192

# MIME type → (extension, Swedish name). Archives, scripts, HTML, SVG and executables are
# deliberately absent.
ALLOWED_TYPES = {
    "application/pdf": (".pdf", "PDF"),
    "image/png": (".png", "PNG-bild"),
    "image/jpeg": (".jpg", "JPEG-bild"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (
        ".docx",
        "Word-dokument",
    ),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (
        ".xlsx",
        "Excel-arbetsbok",
    ),
    "application/vnd.oasis.opendocument.text": (".odt", "OpenDocument-text"),
    "application/vnd.oasis.opendocument.spreadsheet": (".ods", "OpenDocument-kalkylblad"),
    "application/msword": (".doc", "Word-dokument"),
    "application/vnd.ms-excel": (".xls", "Excel-arbetsbok"),
    "text/plain": (".txt", "textfil"),
}
ALLOWED_DESCRIPTION = "PDF, bild (PNG/JPEG), Word, Excel, OpenDocument eller ren text"

# Text has no signature; these markers make a "text" file a document a browser would run.
_MARKUP = (b"<!doctype", b"<html", b"<script", b"<svg", b"<?xml", b"<iframe", b"<body", b"<head")


@dataclass(frozen=True)
class FileKind:
    """What one kind of upload may be: its allowed types and its size limit."""

    name: str
    max_bytes_setting: str
    default_max_bytes: int
    types: frozenset = frozenset(ALLOWED_TYPES)

    @property
    def max_bytes(self) -> int:
        return settings.INSYN.get(self.max_bytes_setting, self.default_max_bytes)


ATTACHMENT = FileKind("bilaga", "ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
DOCUMENT = FileKind("dokument", "DOCUMENT_MAX_BYTES", 25 * 1024 * 1024)


class PrivateFileSystemStorage(FileSystemStorage):
    """Keeps uploads on disk but gives them no URL: a file is reached only through a
    permission-checked download view."""

    def url(self, name):
        raise ValueError("Uppladdade filer har ingen publik adress; använd nedladdningsvyn.")


def sniff(upload) -> str | None:
    """The MIME type read from the file's first bytes, or None when nothing on the
    allowlist matches. Plain text counts only when it decodes as UTF-8 (or Windows-1252)
    and carries no markup that a browser would render."""
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(position)
    if not head:
        return None
    guessed = filetype.guess_mime(head)
    if guessed is not None:
        return guessed if guessed in ALLOWED_TYPES else None
    if b"\x00" in head:
        return None
    lowered = head.lstrip().lower()
    if any(marker in lowered for marker in _MARKUP):
        return None
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the sniff boundary is still text.
        if exc.start < len(head) - 3:
            try:
                head.decode("cp1252")
            except UnicodeDecodeError:
                return None
    return "text/plain"


def validate_upload(upload, kind: FileKind = ATTACHMENT) -> str:
    """Refuse a file over the kind's size limit or of a type not on its allowlist, decided
    from the bytes. Returns the detected MIME type. Swedish messages name the file."""
    name = getattr(upload, "name", "") or "filen"
    limit = kind.max_bytes
    if upload.size > limit:
        raise ValidationError(
            f"Filen {name} är för stor ({upload.size // 1024} kB). Största tillåtna storlek "
            f"för en {kind.name} är {limit // (1024 * 1024)} MB – dela upp eller komprimera filen."
        )
    detected = sniff(upload)
    if detected is None or detected not in kind.types:
        raise ValidationError(
            f"Filen {name} har en filtyp som inte tas emot: innehållet är inte "
            f"{ALLOWED_DESCRIPTION}. Filtypen avgörs av innehållet, inte av filnamnet."
        )
    return detected


def attachment_validator(kind: FileKind = ATTACHMENT):
    """A form-field validator for `kind` (Django validators return nothing)."""

    def validate(upload):
        validate_upload(upload, kind)

    return validate


def download_response(request, field_file, filename: str, subject) -> FileResponse:
    """Send a stored file after the caller has checked permission on `subject`: always as
    an attachment, with the type read from its bytes, `nosniff`, no caching and a sandbox
    CSP, and one log line saying who read what."""
    handle = field_file.open("rb")
    content_type = sniff(handle) or "application/octet-stream"
    handle.seek(0)
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    logger.info(
        "file read: user=%s object=%s.%s:%s file=%s",
        getattr(request.user, "pk", None),
        subject._meta.app_label,
        subject._meta.model_name,
        subject.pk,
        field_file.name,
    )
    return response


def delete_on_commit(field_file) -> None:
    """Remove a replaced or deleted file from disk once the change is committed (a rolled-
    back change keeps it)."""
    if not field_file:
        return
    storage, name = field_file.storage, field_file.name
    transaction.on_commit(lambda: storage.delete(name))
