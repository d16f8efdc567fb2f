"""Writes of the import pages: keep the uploaded file with its preview, then store it.

Both steps are one transaction each with the user as auditlog actor; the confirm step
re-validates the kept file, since the register may have changed since the preview.
"""

from auditlog.context import set_actor
from django.db import transaction
from django.utils import timezone

from ..models import ImportBatch
from .constants import ImportStatus
from .importer import ImportResult, import_file


@transaction.atomic
def preview_import(upload, user) -> ImportBatch:
    with set_actor(user):
        batch = ImportBatch(original_name=upload.name[:255], created_by=user)
        batch.file.save(upload.name, upload, save=False)
        result = import_file(batch.file, user, dry_run=True, name=batch.original_name)
        batch.report = [p.as_dict() for p in result.problems]
        batch.counts = result.counts
        batch.status = ImportStatus.PREVIEWED if result.ok else ImportStatus.REJECTED
        batch.save()
    return batch


class ImportNotPossible(Exception):
    pass


@transaction.atomic
def confirm_import(batch: ImportBatch, user) -> ImportResult:
    if batch.status != ImportStatus.PREVIEWED:
        raise ImportNotPossible(
            "Den här filen kan inte importeras: den är redan importerad eller har fel."
        )
    with set_actor(user):
        with batch.file.open("rb") as handle:
            result = import_file(handle, user, name=batch.original_name)
        batch.report = [p.as_dict() for p in result.problems]
        batch.counts = result.counts
        if result.stored:
            batch.status = ImportStatus.DONE
            batch.finished_at = timezone.now()
        else:
            batch.status = ImportStatus.REJECTED
        batch.save()
    return result
