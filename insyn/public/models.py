"""Publication marks: a row means a controller has published that object to the public.

Unpublishing deletes the row; auditlog keeps who published and unpublished what and when.
"""

from django.conf import settings
from django.db import models

from insyn.core.models import TimeStampedModel

User = settings.AUTH_USER_MODEL


class PublishedProvider(TimeStampedModel):
    provider = models.OneToOneField(
        "registry.Provider",
        verbose_name="utförare",
        on_delete=models.CASCADE,
        related_name="publication",
    )
    published_by = models.ForeignKey(
        User, verbose_name="publicerad av", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "publicerad utförare"
        verbose_name_plural = "publicerade utförare"

    def __str__(self):
        return f"Utföraren {self.provider.name}"


class PublishedUnit(TimeStampedModel):
    unit = models.OneToOneField(
        "registry.Unit",
        verbose_name="verksamhet",
        on_delete=models.CASCADE,
        related_name="publication",
    )
    published_by = models.ForeignKey(
        User, verbose_name="publicerad av", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "publicerad verksamhet"
        verbose_name_plural = "publicerade verksamheter"

    def __str__(self):
        return f"Verksamheten {self.unit.name}"


class PublishedFollowUp(TimeStampedModel):
    followup = models.OneToOneField(
        "followup.FollowUp",
        verbose_name="uppföljning",
        on_delete=models.CASCADE,
        related_name="publication",
    )
    public_text = models.CharField(
        "kort text för allmänheten",
        max_length=600,
        blank=True,
        help_text="Frivillig. Skriv utan namn och personnummer; texten granskas före publicering.",
    )
    published_by = models.ForeignKey(
        User, verbose_name="publicerad av", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "publicerat uppföljningsresultat"
        verbose_name_plural = "publicerade uppföljningsresultat"

    def __str__(self):
        f = self.followup
        when = f.performed_on.strftime("%Y-%m") if f.performed_on else "utan datum"
        return f"Resultatet av {f.get_method_display().lower()} {when} – {f.unit.name}"


class PublishedYear(TimeStampedModel):
    """A year's summary of finished follow-ups, frozen when published (raw counts; the
    suppression of small counts is applied when shown, so a changed threshold applies)."""

    year = models.PositiveIntegerField("år", unique=True)
    counts = models.JSONField("antal", default=dict)
    published_by = models.ForeignKey(
        User, verbose_name="publicerad av", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "publicerad årssammanställning"
        verbose_name_plural = "publicerade årssammanställningar"
        ordering = ["-year"]

    def __str__(self):
        return f"Årssammanställning {self.year}"
