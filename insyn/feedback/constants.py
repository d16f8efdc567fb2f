"""Choices for feedback (synpunkter, klagomål, avvikelser): English values, Swedish labels.

The lists for "from whom", "what it concerned", "who identified a deviation", "what a
deviation concerned" and "whom a deviation concerns" follow the rows of seed 002's table
"Redovisning av synpunkter och klagomål" exactly, so the tertial report can count them.
"""

from django.db import models


class Kind(models.TextChoices):
    COMPLAINT = "complaint", "Klagomål"
    PRAISE = "praise", "Beröm"
    SUGGESTION = "suggestion", "Synpunkt/förslag"
    DEVIATION = "deviation", "Avvikelse"
    LEX_SARAH = "lex_sarah", "Lex Sarah-rapport"
    LEX_MARIA = "lex_maria", "Lex Maria-rapport"


class Source(models.TextChoices):
    """Från vem har klagomål eller synpunkt inkommit?"""

    OTHER = "other", "Annan (t.ex. okänd)"
    CLIENT = "client", "Brukare/patient"
    STAFF = "staff", "Medarbetare/verksamhet inom förvaltningen"
    RELATIVE = "relative", "Närstående (anhörig, god man, etc.)"
    PARTNER = "partner", "Samverkanspart (ex annan förvaltning, Region Stockholm, Polis)"


class Concern(models.TextChoices):
    """Vad gällde klagomålet eller synpunkten? (every row of seed 002, in its order)"""

    OTHER = "other", "Annat (ange vad i rapporteringsvyn)"
    STAFFING = "staffing", "Bemanning (Kontinuitet, vikarieanskaffning)"
    TREATMENT = "treatment", "Bemötande"
    DECISION = "decision", "Beslut (missnöje, avsaknad av beslut, ej kommunicerat etc.)"
    INFORMATION = "information", "Brister i information (utebliven info, obegriplig info, etc.)"
    ROUTINES = "routines", "Brister i rutiner/utförande av insats eller verksamhet"
    QUESTION = "question", "Fråga/idé"
    ENVIRONMENT = (
        "environment",
        "Fysisk inne- eller utemiljö (ej städad, avsaknad av material etc.)",
    )
    PERSONAL_DATA = "personal_data", "Hantering av personuppgifter"
    COMPETENCE = "competence", "Kompetens"
    TECHNOLOGY = "technology", "Teknik, verksamhetssystem och IT-relaterade frågor"
    ACCESSIBILITY = "accessibility", "Tillgänglighet (öppetider, telefontider, fysisk miljö)"
    MISSED_SERVICE = "missed_service", "Utebliven/försenad insats eller aktivitet"


class DeviationIdentifiedBy(models.TextChoices):
    """Avvikelserapporter enligt SoL - Vem har identifierat avvikelserna?"""

    PARTNER = "partner", "Extern samverkanspart/annan verksamhet"
    STAFF = "staff", "Medarbetare"


class DeviationConcern(models.TextChoices):
    """Vad har avvikelser berört?"""

    OTHER = "other", "Annat"
    TREATMENT = "treatment", "Bemötande"
    LEGAL_CERTAINTY = "legal_certainty", "Brister i rättssäkerhet vid handläggning och utförande"
    EXECUTION = "execution", "Brister i utförande av insats"
    ENVIRONMENT = "environment", "Fysisk miljö, utrustning och teknik"


class DeviationSubject(models.TextChoices):
    """Vem avser avvikelser?"""

    OTHER_UNIT = "other_unit", "Annan verksamhet"
    OWN_UNIT = "own_unit", "Den egna verksamheten"


class Severity(models.TextChoices):
    LOW = "low", "Låg"
    MEDIUM = "medium", "Medel"
    HIGH = "high", "Hög"
    SERIOUS = "serious", "Allvarlig"


class Status(models.TextChoices):
    REGISTERED = "registered", "Registrerad"
    SENT = "sent", "Skickad till utföraren"
    ANSWERED = "answered", "Besvarad av utföraren"
    FEEDBACK_GIVEN = "feedback_given", "Återkoppling lämnad"
    CLOSED = "closed", "Avslutad"


OPEN_STATUSES = frozenset({Status.REGISTERED, Status.SENT, Status.ANSWERED, Status.FEEDBACK_GIVEN})
# Statuses in which the provider may see the item (it has been sent to them).
PROVIDER_VISIBLE_STATUSES = frozenset(
    {Status.SENT, Status.ANSWERED, Status.FEEDBACK_GIVEN, Status.CLOSED}
)


class DayType(models.TextChoices):
    CALENDAR = "calendar", "Kalenderdagar"
    WORKING = "working", "Arbetsdagar (utan helger och svenska helgdagar)"


class AlertRule(models.TextChoices):
    SERIOUS = "serious", "Allvarlig synpunkt"
    REPEATED_COMPLAINTS = "repeated_complaints", "Upprepade klagomål om samma verksamhet"


class EventType(models.TextChoices):
    TRANSITION = "transition", "Statusändring"
    FORWARDED = "forwarded", "Vidarebefordrad till controller"
    REOPENED = "reopened", "Återöppnad"
    RETENTION = "retention", "Gallrad"


REPORT_KINDS = frozenset({Kind.LEX_SARAH, Kind.LEX_MARIA})
# Kinds that are asked what they concerned (Concern); reports of missförhållanden (Lex Sarah,
# Lex Maria) and deviations are not: they have rows of their own in the tertial table.
CONCERN_KINDS = frozenset({Kind.COMPLAINT, Kind.SUGGESTION, Kind.PRAISE})
