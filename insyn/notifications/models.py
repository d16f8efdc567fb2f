"""Notifications (aviseringar): the in-app list and the mail outbox (docs/notifications.md)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone

from .constants import Delivery, MailStatus, ReportKind


class Notification(models.Model):
    """One notification to one person about one object; written in the transaction of the
    change. Identity: (recipient, kind, object, date) — raising it again changes nothing."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="mottagare",
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField("typ", max_length=80)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    # The due date for a reminder, the day of the event otherwise.
    occurred_on = models.DateField("datum")
    subject = models.CharField("rubrik", max_length=300)
    text = models.CharField("text", max_length=1000)
    link = models.CharField("länk", max_length=500)
    created_at = models.DateTimeField("skapad", default=timezone.now)
    read_at = models.DateTimeField("läst", null=True, blank=True)
    delivery = models.CharField("e-post", max_length=20, choices=Delivery.choices)
    mail = models.ForeignKey(
        "OutgoingMail",
        verbose_name="utskick",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
    )

    class Meta:
        verbose_name = "avisering"
        verbose_name_plural = "aviseringar"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "content_type", "object_id", "occurred_on"],
                name="notification_once_per_kind_object_date",
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["delivery", "mail"], name="notification_digest"),
        ]

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return reverse("notifications:open", args=[self.pk])


class OutgoingMail(models.Model):
    """The outbox: one mail to one person (one notification, or a day's digest). Sent by
    the background worker; claimed (status 'skickas') before the SMTP call, so a crash
    after sending never sends it twice."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="mottagare",
        on_delete=models.CASCADE,
        related_name="outgoing_mail",
    )
    kind = models.CharField("typ", max_length=80, blank=True)
    digest_on = models.DateField("sammanfattning för", null=True, blank=True)
    to_email = models.CharField("adress", max_length=254, blank=True)
    subject = models.CharField("rubrik", max_length=300, blank=True)
    status = models.CharField(
        "status", max_length=20, choices=MailStatus.choices, default=MailStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField("försök", default=0)
    next_attempt_at = models.DateTimeField("nästa försök", default=timezone.now)
    last_error = models.CharField("orsak", max_length=500, blank=True)
    created_at = models.DateTimeField("skapad", default=timezone.now)
    sent_at = models.DateTimeField("skickad", null=True, blank=True)

    class Meta:
        verbose_name = "utskick"
        verbose_name_plural = "utskick"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "digest_on"],
                condition=models.Q(digest_on__isnull=False),
                name="one_digest_per_person_and_day",
            )
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]

    def __str__(self):
        return f"{self.subject or self.kind} → {self.recipient}"


class Preference(models.Model):
    """How one person wants one kind by e-mail; no row means at once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_preferences"
    )
    kind = models.CharField("typ", max_length=80)
    delivery = models.CharField("e-post", max_length=20, choices=Delivery.choices)

    class Meta:
        verbose_name = "aviseringsval"
        verbose_name_plural = "aviseringsval"
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self):
        return f"{self.user} – {self.kind}: {self.get_delivery_display()}"


class NotificationSettings(models.Model):
    """The municipality's settings (one row): the digest hour and the mandatory kinds,
    which are mailed whatever the person chose."""

    digest_hour = models.PositiveSmallIntegerField(
        "timme för daglig sammanfattning", default=7, help_text="0–23, svensk tid."
    )
    mandatory_kinds = models.JSONField("obligatoriska typer", default=list, blank=True)

    class Meta:
        verbose_name = "inställningar för aviseringar"
        verbose_name_plural = "inställningar för aviseringar"

    def __str__(self):
        return "Inställningar för aviseringar"

    @classmethod
    def current(cls) -> "NotificationSettings":
        return cls.objects.first() or cls()


class Bounce(models.Model):
    """An address the mail server refused: not mailed again until the user's address
    changes. Shown to the administrator with the outbox."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mail_bounces"
    )
    email = models.CharField("adress", max_length=254)
    reason = models.CharField("orsak", max_length=500)
    created_at = models.DateTimeField("registrerad", default=timezone.now)

    class Meta:
        verbose_name = "studsad adress"
        verbose_name_plural = "studsade adresser"
        constraints = [
            models.UniqueConstraint(fields=["user", "email"], name="one_bounce_per_address")
        ]

    def __str__(self):
        return self.email


class CommitteeMeeting(models.Model):
    """A meeting of a committee (nämndsammanträde) in the year's calendar; entered by the
    administrator."""

    committee = models.ForeignKey(
        "accounts.OrgUnit",
        verbose_name="nämnd",
        on_delete=models.CASCADE,
        related_name="meetings",
    )
    date = models.DateField("datum")
    title = models.CharField("rubrik", max_length=200, default="Nämndsammanträde")

    class Meta:
        verbose_name = "nämndsammanträde"
        verbose_name_plural = "nämndsammanträden"
        ordering = ["date", "pk"]

    def __str__(self):
        return f"{self.title} {self.date:%Y-%m-%d}"


class ReportDate(models.Model):
    """The last day for a report (the annual report at the year-end accounts, the council
    report on strategic contracts, a tertial's feedback table) in the year's calendar;
    entered by the administrator. No committee means every committee's report."""

    report = models.CharField("rapport", max_length=20, choices=ReportKind.choices)
    year = models.PositiveIntegerField("rapportår", help_text="Året rapporten gäller.")
    date = models.DateField("sista dag")
    committee = models.ForeignKey(
        "accounts.OrgUnit",
        verbose_name="nämnd",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="report_dates",
    )

    class Meta:
        verbose_name = "rapportdatum"
        verbose_name_plural = "rapportdatum"
        ordering = ["date", "pk"]

    def __str__(self):
        return f"{self.get_report_display()} {self.year}: {self.date:%Y-%m-%d}"


class CalendarFeed(models.Model):
    """A person's secret iCalendar address; renewing it makes the old address answer 404."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField("hemlighet", max_length=64, unique=True)
    created_at = models.DateTimeField("skapad", default=timezone.now)

    class Meta:
        verbose_name = "kalenderprenumeration"
        verbose_name_plural = "kalenderprenumerationer"

    def __str__(self):
        return f"Kalender för {self.user}"
