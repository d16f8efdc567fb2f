"""Choices for plans, follow-ups, deficiencies and action plans (English values, Swedish labels)."""

from django.db import models


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Förslag"
    APPROVED = "approved", "Beslutad"


class PlanRule(models.TextChoices):
    NEW_CONTRACT = "new_contract", "Nytt avtal – uppföljning efter sex månader"
    FRAMEWORK = "framework", "Ramavtal – två spridda uppföljningar per avtalsperiod"
    CATEGORY_COVER = "category_cover", "Minst en fördjupad uppföljning per kategori"
    RISK = "risk", "Högst risk- och väsentlighetspoäng"
    MANUAL = "manual", "Tillagd av controller"
    EVENT = "event", "Händelsestyrd"


class FollowUpStatus(models.TextChoices):
    DRAFT = "draft", "Pågår"
    SENT = "sent", "Skickad till utföraren"
    SUBMITTED = "submitted", "Besvarad – väntar på granskning"
    DONE = "done", "Avslutad"


class Assessment(models.TextChoices):
    MET = "met", "Uppfyllt"
    PARTLY = "partly", "Delvis uppfyllt"
    NOT_MET = "not_met", "Inte uppfyllt"
    NOTED = "noted", "Noterat"


class Severity(models.TextChoices):
    LOW = "low", "Låg"
    MEDIUM = "medium", "Medel"
    HIGH = "high", "Hög"


class FinishDecision(models.TextChoices):
    """What finishing a follow-up does with a finding that would create a deficiency."""

    CREATE = "create", "Registrera som ny brist"
    MERGE = "merge", "Slå ihop med en brist som redan är registrerad"
    DROP = "drop", "Registrera ingen brist"


class DeficiencyStatus(models.TextChoices):
    OPEN = "open", "Öppen – handlingsplan krävs"
    PLAN_SUBMITTED = "plan_submitted", "Handlingsplan inlämnad"
    PLAN_ACCEPTED = "plan_accepted", "Handlingsplan godkänd"
    REMEDIED = "remedied", "Åtgärdad"


class ActionPlanStatus(models.TextChoices):
    SUBMITTED = "submitted", "Inlämnad"
    ACCEPTED = "accepted", "Godkänd"
    RETURNED = "returned", "Återsänd för komplettering"


class ValueClass(models.TextChoices):
    LOW = "low", "Lågt värde"
    HIGH = "high", "Högt värde"


class ImpactClass(models.TextChoices):
    LOW = "low", "Låg påverkan"
    HIGH = "high", "Hög påverkan"
