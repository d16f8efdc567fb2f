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
