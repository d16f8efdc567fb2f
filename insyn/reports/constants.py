"""Choices for reports, indicators and goals (English values, Swedish labels)."""

from django.db import models


class Tertial(models.IntegerChoices):
    """Four-month periods; the date an item was received decides which one it counts in."""

    T1 = 1, "Utfall T1"
    T2 = 2, "Utfall T2"
    VB = 3, "Utfall VB"


class IndicatorSource(models.TextChoices):
    COMPUTED = "computed", "Beräknas från Insyn"
    MANUAL = "manual", "Registreras för hand"
    KOLADA = "kolada", "Importeras från Kolada (CSV)"


class ComputedMetric(models.TextChoices):
    FOLLOWUPS_ON_TIME = "followups_on_time", "Andel uppföljningar genomförda i tid"
    DEFICIENCIES_IN_TIME = "deficiencies_in_time", "Andel brister åtgärdade i tid"
    MEAN_RATING = "mean_rating", "Genomsnittlig rating (0–100)"
    RATING_ANSWER_RATE = "rating_answer_rate", "Svarsfrekvens rating"
    COMPLAINTS_PER_100_PLACES = "complaints_per_100_places", "Klagomål per 100 platser"


class GoalLevel(models.TextChoices):
    """The four levels of the goal chain (seed 002), top down. Each goal's parent is on the
    level just above (`PARENT_LEVEL`)."""

    DIRECTION = "direction", "KF:s inriktningsmål"
    COUNCIL = "council", "KF:s mål för verksamhetsområdet"
    COMMITTEE = "committee", "Nämndmål"
    UNIT = "unit", "Enhetsmål"


LEVEL_ORDER = [GoalLevel.DIRECTION, GoalLevel.COUNCIL, GoalLevel.COMMITTEE, GoalLevel.UNIT]
PARENT_LEVEL = {
    GoalLevel.COUNCIL: GoalLevel.DIRECTION,
    GoalLevel.COMMITTEE: GoalLevel.COUNCIL,
    GoalLevel.UNIT: GoalLevel.COMMITTEE,
}


class GoalStatus(models.TextChoices):
    MET = "met", "Uppfylls helt"
    PARTLY = "partly", "Uppfylls delvis"
    NOT_MET = "not_met", "Uppfylls inte"
    UNKNOWN = "unknown", "Kan inte bedömas"


# What a person proposes or confirms ("Kan inte bedömas" is only ever the rule's answer).
DECIDABLE_GOAL_STATUSES = [(c.value, c.label) for c in GoalStatus if c != GoalStatus.UNKNOWN]


class ReportSection(models.TextChoices):
    """Free-text sections of the annual report that the controller writes."""

    SUMMARY = "summary", "Sammanfattning"
    ANALYSIS = "analysis", "Analys"
    IMPROVEMENTS = "improvements", "Planerade förbättringar"
