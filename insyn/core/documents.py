"""Long documents built in the background (issue 11, issue 16 item 6).

An app registers a *kind* of document once (in its AppConfig.ready):

    documents.register(
        "reports.annual_pdf",
        build=build_annual_pdf,      # (user, params, progress) -> Built
        allowed=may_read_annual,     # (user, params) -> bool
    )

A view asks `request_document(user, kind, title, params)`: a `GeneratedDocument` row is
made (queued) and the django-tasks job `build_document` (below) is enqueued after the
commit; the worker calls `run(pk)`, which calls the builder with a `progress(percent)`
callback, stores the file (private storage) and marks the row done, or failed with a
Swedish message. The file is handed out only to the person who asked for it, and only
while `allowed(user, params)` still holds (a role or scope taken away since the order
closes the download too). `delete_expired(now)` removes rows and files after KEEP_DAYS.

Whether a document goes to the background at all is the app's choice, by size:
`in_background(rows)` is true when the setting BACKGROUND is on and `rows` (the app's
estimate of the document's size) reaches BACKGROUND_ROWS. Small documents stay synchronous.
"""

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .conf import app_settings
from .models import GeneratedDocument

logger = logging.getLogger("insyn.documents")

DEFAULTS = {
    # Build large documents in the background (off: every document is built in the request).
    "BACKGROUND": True,
    # From this many rows (an export's rows, a report's table rows) a document is built in
    # the background; 0 = always.
    "BACKGROUND_ROWS": 2000,
    # Finished documents are removed this many days after they were ordered.
    "KEEP_DAYS": 7,
}

get = app_settings("DOCUMENTS", DEFAULTS).get

FAILED_MESSAGE = (
    "Dokumentet kunde inte skapas. Försök igen om en stund; kvarstår felet, kontakta "
    "systemförvaltningen och ange dokumentets nummer {pk}."
)
GONE_MESSAGE = "Du har inte längre behörighet till underlaget, så dokumentet skapades inte."


@dataclass(frozen=True)
class Built:
    content: bytes
    filename: str
    content_type: str


@dataclass(frozen=True)
class Kind:
    build: Callable
    allowed: Callable


KINDS: dict[str, Kind] = {}


def register(kind: str, *, build: Callable, allowed: Callable) -> None:
    KINDS[kind] = Kind(build=build, allowed=allowed)


def in_background(rows: int) -> bool:
    return bool(get("BACKGROUND")) and rows >= get("BACKGROUND_ROWS")


def request_document(user, kind: str, title: str, params: dict) -> GeneratedDocument:
    """Order a document; the worker builds it after this transaction commits."""
    if kind not in KINDS:
        raise KeyError(kind)
    # A reload of the order link while the first order is still being built is that order.
    pending = GeneratedDocument.objects.filter(
        requested_by=user,
        kind=kind,
        params=params,
        status__in=[GeneratedDocument.Status.QUEUED, GeneratedDocument.Status.RUNNING],
    ).first()
    if pending is not None:
        return pending
    document = GeneratedDocument.objects.create(
        requested_by=user,
        kind=kind,
        title=title[:200],
        params=params,
        expires_at=timezone.now() + dt.timedelta(days=get("KEEP_DAYS")),
    )
    transaction.on_commit(lambda: build_document.enqueue(document.pk))
    return document


def may_download(user, document: GeneratedDocument) -> bool:
    kind = KINDS.get(document.kind)
    return (
        kind is not None
        and user.is_authenticated
        and document.requested_by_id == user.pk
        and bool(kind.allowed(user, document.params))
    )


def _set(document, **fields):
    for name, value in fields.items():
        setattr(document, name, value)
    GeneratedDocument.objects.filter(pk=document.pk).update(**fields)


def run(pk: int) -> GeneratedDocument | None:
    """The worker's part: build one queued document. Never raises for a builder's error:
    the row says what went wrong (Swedish) and the log has the traceback."""
    document = GeneratedDocument.objects.select_related("requested_by").filter(pk=pk).first()
    if document is None or document.status != GeneratedDocument.Status.QUEUED:
        return document
    kind = KINDS.get(document.kind)
    user = document.requested_by
    if kind is None or not kind.allowed(user, document.params):
        _set(document, status=GeneratedDocument.Status.FAILED, error=GONE_MESSAGE)
        return document
    _set(document, status=GeneratedDocument.Status.RUNNING, progress=1)

    def progress(percent: int) -> None:
        _set(document, progress=max(1, min(99, int(percent))))

    try:
        built = kind.build(user, document.params, progress)
    except Exception:
        logger.exception("document %s (%s) failed", document.pk, document.kind)
        _set(
            document,
            status=GeneratedDocument.Status.FAILED,
            error=FAILED_MESSAGE.format(pk=document.pk),
            finished_at=timezone.now(),
        )
        return document
    document.file.save(built.filename, ContentFile(built.content), save=False)
    _set(
        document,
        file=document.file.name,
        filename=built.filename,
        content_type=built.content_type,
        status=GeneratedDocument.Status.DONE,
        progress=100,
        finished_at=timezone.now(),
    )
    return document


def delete_expired(now=None) -> int:
    """Remove documents past `expires_at`, files first. Returns how many rows went."""
    now = now or timezone.now()
    expired = list(GeneratedDocument.objects.filter(expires_at__lte=now))
    for document in expired:
        if document.file:
            document.file.delete(save=False)
    GeneratedDocument.objects.filter(pk__in=[d.pk for d in expired]).delete()
    return len(expired)


@task()
def build_document(document_id: int) -> str:
    """The django-tasks job (`manage.py db_worker` runs it): build one ordered document."""
    document = run(document_id)
    return document.status if document else "missing"
