"""Choices for bulk import (English values, Swedish labels)."""

from django.db import models


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", "Förhandsgranskad"
    REJECTED = "rejected", "Avvisad"
    DONE = "done", "Importerad"


class SheetKind(models.TextChoices):
    UNITS = "units", "Utförare och verksamheter"
    CONTRACTS = "contracts", "Avtal"
