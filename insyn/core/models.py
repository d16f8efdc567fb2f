"""Base models shared by every domain app: timestamps and soft deletion."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField("skapad", auto_now_add=True)
    updated_at = models.DateTimeField("ändrad", auto_now=True)

    class Meta:
        abstract = True


class AliveQuerySet(models.QuerySet):
    def alive(self):
        return self.filter(deleted_at__isnull=True)


class AliveManager(models.Manager.from_queryset(AliveQuerySet)):
    """Default manager that hides soft-deleted rows; `all_objects` still sees them."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class SoftDeleteModel(TimeStampedModel):
    """Nothing is lost: a deletion only stamps `deleted_at` (kept in history too)."""

    deleted_at = models.DateTimeField("borttagen", null=True, blank=True, editable=False)

    objects = AliveManager()
    all_objects = models.Manager.from_queryset(AliveQuerySet)()

    class Meta:
        abstract = True

    def soft_delete(self):
        self.deleted_at = timezone.now()
        self.save(update_fields=["deleted_at", "updated_at"])


class ActionLog(models.Model):
    """One meaningful domain event ("plan approved", "follow-up finished") in words, next to
    auditlog's field-by-field changes. Written by `core.history.log_action` inside the
    transaction of the change; the sentence is rendered from the action name at display time.

    `object_repr` keeps the object's name from the moment of the event, so an entry still
    reads well after the object is renamed or gone. `data` holds a few labels and counts,
    never identity numbers or free text about a person."""

    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.PROTECT, related_name="+"
    )
    # A string, so objects of any primary-key type fit (as in auditlog's LogEntry).
    object_id = models.CharField("objekt-id", max_length=64)
    object_repr = models.CharField("objekt", max_length=200)
    action = models.CharField("händelse", max_length=100, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="användare",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_logs",
    )
    created = models.DateTimeField("tid", default=timezone.now, db_index=True)
    data = models.JSONField("uppgifter", default=dict, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="core_actionlog_object"),
            models.Index(fields=["user", "-created"], name="core_actionlog_user"),
        ]
        verbose_name = "händelse"
        verbose_name_plural = "händelser"

    def __str__(self):
        return f"{self.action} {self.object_repr}"


class GeneratedDocument(models.Model):
    """A long document (a report PDF, a large export) built by the background worker for
    the person who asked for it: `core.documents` creates it, runs the builder its `kind`
    names and hands the file out only to that person while they may still read what it
    was built from. Removed by the nightly `delete_expired_documents` after `expires_at`."""

    class Status(models.TextChoices):
        QUEUED = "queued", "I kö"
        RUNNING = "running", "Skapas"
        DONE = "done", "Klar"
        FAILED = "failed", "Misslyckades"

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="beställd av",
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField("slag", max_length=60)
    title = models.CharField("titel", max_length=200)
    params = models.JSONField("underlag", default=dict)
    status = models.CharField("läge", max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField("klart (%)", default=0)
    # The default storage is private (core.files): no URL, handed out by the download view.
    file = models.FileField("fil", upload_to="dokument/%Y/%m/", blank=True)
    filename = models.CharField("filnamn", max_length=200, blank=True)
    content_type = models.CharField("filtyp", max_length=100, blank=True)
    error = models.TextField("fel", blank=True)
    created_at = models.DateTimeField("beställd", auto_now_add=True)
    finished_at = models.DateTimeField("klar", null=True, blank=True)
    expires_at = models.DateTimeField("tas bort", db_index=True)

    class Meta:
        verbose_name = "skapat dokument"
        verbose_name_plural = "skapade dokument"
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("document_detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
