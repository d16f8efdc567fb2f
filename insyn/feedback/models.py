"""Feedback items (synpunkter, klagomål, avvikelser, Lex Sarah) about a unit or a provider,
their step-by-step events, attachments, escalation alerts, and the tunable rules."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from insyn.core.models import TimeStampedModel

from .constants import (
    AlertRule,
    Concern,
    DayType,
    DeviationConcern,
    DeviationIdentifiedBy,
    DeviationSubject,
    EventType,
    Kind,
    Severity,
    Source,
    Status,
)


class FeedbackItem(TimeStampedModel):
    """One piece of feedback. Counts for the tertial table come from these rows, so they are
    never deleted: retention (gallring) only empties the free text and attachments."""

    # Exactly one of provider and org_unit: feedback about a provider (and maybe one of its
    # units), or about the municipality's own handling (an ordering unit, a district's own
    # casework). Feedback about an org unit is never sent to, seen by or counted against a
    # provider.
    provider = models.ForeignKey(
        "registry.Provider",
        verbose_name="utförare",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="feedback_items",
    )
    org_unit = models.ForeignKey(
        "accounts.OrgUnit",
        verbose_name="kommunens organisationsenhet",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="feedback_about",
        help_text="Om synpunkten gäller kommunens egen handläggning, t.ex. en beställarenhet.",
    )
    unit = models.ForeignKey(
        "registry.Unit",
        verbose_name="verksamhet",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="feedback_items",
    )
    # The district the item belongs to (the registering user's district): coordinators and
    # case workers see their district's items, and the tertial table groups by it.
    district = models.ForeignKey(
        "accounts.OrgUnit",
        verbose_name="stadsdel/organisationsenhet",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="feedback_items",
    )
    kind = models.CharField("typ", max_length=20, choices=Kind.choices)
    source = models.CharField(
        "från vem", max_length=20, choices=Source.choices, default=Source.CLIENT
    )
    # What a complaint, suggestion or praise concerned (seed 002's rows). Lex Sarah, Lex Maria
    # and deviations are not asked for it (empty): they are counted by their own rows.
    concern = models.CharField(
        "vad gäller det", max_length=20, choices=Concern.choices, blank=True, default=""
    )
    concern_other = models.CharField(
        "annat, ange vad",
        max_length=200,
        blank=True,
        help_text="Fylls i när klagomålet eller synpunkten gäller Annat.",
    )
    deviation_identified_by = models.CharField(
        "vem har identifierat avvikelsen",
        max_length=20,
        choices=DeviationIdentifiedBy.choices,
        blank=True,
    )
    deviation_concern = models.CharField(
        "vad har avvikelsen berört", max_length=20, choices=DeviationConcern.choices, blank=True
    )
    deviation_subject = models.CharField(
        "vem avser avvikelsen", max_length=20, choices=DeviationSubject.choices, blank=True
    )
    reported_to_ivo = models.BooleanField(
        "bedömd som allvarlig och anmäld till IVO",
        default=False,
        help_text="Gäller Lex Sarah/Lex Maria: allvarligt missförhållande eller påtaglig risk.",
    )
    severity = models.CharField(
        "allvarlighetsgrad", max_length=10, choices=Severity.choices, default=Severity.MEDIUM
    )
    received_on = models.DateField("datum inkommen")
    text = models.TextField("beskrivning", blank=True)
    status = models.CharField(
        "status", max_length=20, choices=Status.choices, default=Status.REGISTERED
    )
    # Fixed at registration (and reopening) from the handling-time target then in force, so a
    # later change of the target does not move old deadlines and lists can filter in SQL.
    due_on = models.DateField("ska vara hanterad senast", null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="registrerad av",
        null=True,
        on_delete=models.SET_NULL,
        related_name="registered_feedback",
    )
    sent_at = models.DateTimeField("skickad till utföraren", null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    provider_action = models.TextField("utförarens åtgärd", blank=True)
    answered_at = models.DateTimeField("besvarad", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    feedback_given_on = models.DateField("återkoppling lämnad datum", null=True, blank=True)
    feedback_note = models.TextField("återkoppling", blank=True)
    feedback_given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # "Action taken" as its own fact, whoever took it: set from the provider's answer, or
    # recorded by the municipality for feedback about its own handling. The tertial table's
    # "Åtgärder" row counts this, so återkoppling without an action is counted honestly.
    action_taken_on = models.DateField("åtgärd vidtagen datum", null=True, blank=True)
    action_taken_note = models.TextField("vidtagen åtgärd", blank=True)
    action_taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField("avslutad", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    forwarded_at = models.DateTimeField("vidarebefordrad till controller", null=True, blank=True)
    forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reopened_count = models.PositiveSmallIntegerField("antal återöppningar", default=0)
    text_removed_at = models.DateTimeField("fritext gallrad", null=True, blank=True)

    class Meta:
        verbose_name = "synpunkt"
        verbose_name_plural = "synpunkter"
        ordering = ["-received_on", "-pk"]
        indexes = [
            # District lists sorted newest first (a backward scan), and the kind/status filters.
            models.Index(fields=["district", "received_on", "id"]),
            models.Index(fields=["kind", "status", "received_on"]),
            # The list's other common filters within a district (category, severity).
            models.Index(fields=["district", "concern", "received_on"]),
            models.Index(fields=["district", "severity", "received_on"]),
            models.Index(fields=["unit", "kind", "received_on"]),
            models.Index(fields=["provider", "status"]),
            models.Index(
                fields=["due_on", "id"],
                condition=~models.Q(status="closed"),
                name="feedback_open_due_idx",
            ),
            models.Index(fields=["received_on"]),
            models.Index(fields=["org_unit", "received_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(provider__isnull=False, org_unit__isnull=True)
                    | models.Q(provider__isnull=True, org_unit__isnull=False)
                ),
                name="feedback_provider_xor_org_unit",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    def get_absolute_url(self):
        return reverse("feedback:detail", args=[self.pk])

    def clean(self):
        if bool(self.provider_id or self.unit_id) == bool(self.org_unit_id):
            raise ValidationError(
                "Ange antingen utförare/verksamhet eller kommunens organisationsenhet, inte "
                "båda och inte ingen av dem."
            )
        if self.unit_id and self.provider_id and self.unit.provider_id != self.provider_id:
            raise ValidationError({"unit": "Verksamheten hör inte till den valda utföraren."})

    @property
    def is_open(self) -> bool:
        return self.status != Status.CLOSED

    @property
    def about_org_unit(self) -> bool:
        """Feedback about the municipality's own handling: no provider step in its flow."""
        return self.org_unit_id is not None

    @property
    def is_serious(self) -> bool:
        return self.severity == Severity.SERIOUS or self.reported_to_ivo


class FeedbackEvent(models.Model):
    """Who did what and when: every step of the flow, forwarding and reopening."""

    item = models.ForeignKey(FeedbackItem, on_delete=models.CASCADE, related_name="events")
    event_type = models.CharField(max_length=20, choices=EventType.choices)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = "händelse"
        verbose_name_plural = "händelser"

    def __str__(self):
        return f"{self.get_event_type_display()} {self.at:%Y-%m-%d}"


def attachment_path(instance, filename):
    return f"feedback/{instance.item_id}/{filename}"


class FeedbackAttachment(TimeStampedModel):
    item = models.ForeignKey(FeedbackItem, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("bilaga", upload_to=attachment_path)
    name = models.CharField("filnamn", max_length=200)
    size = models.PositiveIntegerField("storlek (byte)", default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "bilaga"
        verbose_name_plural = "bilagor"
        ordering = ["pk"]

    def __str__(self):
        return self.name


class HandlingTarget(models.Model):
    """Handling-time target for one category (what the item concerns)."""

    concern = models.CharField("kategori", max_length=20, choices=Concern.choices, unique=True)
    days = models.PositiveSmallIntegerField("mål (dagar)", default=20)
    day_type = models.CharField(
        "räknas i", max_length=10, choices=DayType.choices, default=DayType.WORKING
    )

    class Meta:
        verbose_name = "handläggningstid"
        verbose_name_plural = "handläggningstider"
        ordering = ["concern"]

    def __str__(self):
        return f"{self.get_concern_display()}: {self.days} {self.get_day_type_display().lower()}"


class FeedbackSettings(models.Model):
    """The escalation and retention rules, one row, editable by controllers and admins."""

    complaint_threshold = models.PositiveSmallIntegerField(
        "antal klagomål som larmar", default=3, help_text="Klagomål om samma verksamhet."
    )
    complaint_window_days = models.PositiveSmallIntegerField(
        "inom antal dagar", default=90, help_text="Räknat bakåt från datum inkommen."
    )
    alert_on_serious = models.BooleanField("larma vid allvarlig synpunkt", default=True)
    retention_days = models.PositiveIntegerField(
        "gallra fritext efter (dagar)",
        default=730,
        help_text="Fritext och bilagor tas bort så här länge efter att ärendet avslutats.",
    )
    default_target_days = models.PositiveSmallIntegerField(
        "handläggningstid för kategorier utan eget mål (dagar)", default=20
    )
    default_target_day_type = models.CharField(
        "räknas i", max_length=10, choices=DayType.choices, default=DayType.WORKING
    )

    class Meta:
        verbose_name = "regler för synpunkter"
        verbose_name_plural = "regler för synpunkter"

    def __str__(self):
        return "Regler för synpunkter"

    @classmethod
    def load(cls) -> "FeedbackSettings":
        return cls.objects.get_or_create(pk=1)[0]


class EscalationAlert(TimeStampedModel):
    """A rule fired for a unit: shown on the responsible controller's dashboard."""

    rule = models.CharField("regel", max_length=30, choices=AlertRule.choices)
    unit = models.ForeignKey(
        "registry.Unit",
        verbose_name="verksamhet",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="feedback_alerts",
    )
    provider = models.ForeignKey(
        "registry.Provider", verbose_name="utförare", on_delete=models.PROTECT, related_name="+"
    )
    item = models.ForeignKey(
        FeedbackItem, verbose_name="synpunkt", on_delete=models.CASCADE, related_name="alerts"
    )
    # Null means no controller owns a running contract for the unit: every controller sees it.
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ansvarig controller",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback_alerts",
    )
    complaint_count = models.PositiveSmallIntegerField("antal klagomål", default=0)
    handled_at = models.DateTimeField("hanterad", null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    followup_label = models.CharField("händelsestyrd uppföljning", max_length=200, blank=True)

    class Meta:
        verbose_name = "larm"
        verbose_name_plural = "larm"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["handled_at", "responsible"])]

    def __str__(self):
        return f"{self.get_rule_display()} – {self.unit or self.provider}"
