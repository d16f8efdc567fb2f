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
