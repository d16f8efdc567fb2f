"""Choices of the notifications app (English values, Swedish labels)."""

from django.db import models


class Delivery(models.TextChoices):
    """How a person wants a kind by e-mail (the in-app list always has it)."""

    IMMEDIATE = "immediate", "Direkt"
    DIGEST = "digest", "Daglig sammanfattning"
    NONE = "none", "Ingen e-post"


class MailStatus(models.TextChoices):
    PENDING = "pending", "Väntar"
    SENDING = "sending", "Skickas"
    SENT = "sent", "Skickad"
    FAILED = "failed", "Kunde inte skickas"
    SKIPPED = "skipped", "Skickas inte"


class ReportKind(models.TextChoices):
    """The reports with a date in the year's calendar (seed 004: the follow-up is reported
    with the year-end accounts, and the strategic contracts in a separate matter to the
    council; the feedback table per tertial, seed 002)."""

    ANNUAL = "annual", "Årsrapport"
    COUNCIL = "council", "Rapport om strategiska avtal till kommunfullmäktige"
    TERTIAL = "tertial", "Tertialrapport synpunkter"
