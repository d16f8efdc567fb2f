"""Choices for the public part (English values, Swedish labels in plain language)."""

from django.db import models


class PublicResult(models.TextChoices):
    """A finished follow-up's result as the public reads it (derived, never typed in)."""

    MET = "met", "Kraven uppfylls"
    REMEDIED = "remedied", "Brister har hittats och åtgärdats"
    IN_PROGRESS = "in_progress", "Brister har hittats, åtgärder pågår"


class Regi(models.TextChoices):
    """The two sides the public tables compare (DESIGN: own and private side by side)."""

    OWN = "own", "Egen regi"
    OTHER = "other", "Privat eller annan utförare"


# Shown instead of a sole trader's name and org number: both are personal data.
SOLE_TRADER_LABEL = "Enskild näringsidkare"
