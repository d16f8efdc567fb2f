"""Choices for follow-up templates (English values, Swedish labels)."""

from django.db import models


class Method(models.TextChoices):
    SITE_VISIT = "site_visit", "Verksamhetsbesök (på plats)"
    DIGITAL_VISIT = "digital_visit", "Digitalt besök"
    SELF_REPORT = "self_report", "Egenrapportering"
    USER_SURVEY = "user_survey", "Brukarenkät"
    DOCUMENT_REVIEW = "document_review", "Granskning av kvalitetsrutiner"
    CONTRACT_AUDIT = "contract_audit", "Avtalsuppföljning (ekonomi och avtalsvillkor)"


class AnswerType(models.TextChoices):
    YES_NO_PARTLY = "yes_no_partly", "Ja / Nej / Delvis"
    SCALE = "scale", "Skala 1–5"
    NUMBER = "number", "Antal / tal"
    DATE = "date", "Datum"
    TEXT = "text", "Fritext"
    ATTACHMENT = "attachment", "Bilaga"


class YesNoPartly(models.TextChoices):
    YES = "yes", "Ja"
    PARTLY = "partly", "Delvis"
    NO = "no", "Nej"


# A scale answer at or below this value counts as "not met" (1–5 scale).
SCALE_MAX = 5
SCALE_NOT_MET_AT_OR_BELOW = 2
