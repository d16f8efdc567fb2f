"""Choices for placements and ratings (English values, Swedish labels)."""

from django.db import models


class PlacementStatus(models.TextChoices):
    ACTIVE = "active", "Pågående"
    ENDED = "ended", "Avslutad"
    CANCELLED = "cancelled", "Makulerad"


class Gender(models.TextChoices):
    # The need's gender; "any" means the case worker did not restrict it.
    ANY = "any", "Ej angivet"
    FEMALE = "female", "Kvinna/flicka"
    MALE = "male", "Man/pojke"


# The default rating set, version 1 (seed 000 §3.2.2: about five questions with fixed
# alternatives; competence, treatment, outcome for the client). Points 1–4 per question.
DEFAULT_QUESTIONS = [
    (
        "competence",
        "Hur bedömer du utförarens kompetens för uppdraget?",
        [("Mycket god", 4), ("God", 3), ("Mindre god", 2), ("Dålig", 1)],
    ),
    (
        "treatment",
        "Hur har brukaren blivit bemött av verksamheten?",
        [("Mycket bra", 4), ("Bra", 3), ("Mindre bra", 2), ("Dåligt", 1)],
    ),
    (
        "cooperation",
        "Hur har samarbetet med socialtjänsten fungerat?",
        [("Mycket bra", 4), ("Bra", 3), ("Mindre bra", 2), ("Dåligt", 1)],
    ),
    (
        "goals",
        "Har placeringens mål uppnåtts för brukaren?",
        [("Helt", 4), ("Till stor del", 3), ("Delvis", 2), ("Inte alls", 1)],
    ),
    (
        "place_again",
        "Skulle du placera här igen?",
        [("Ja, absolut", 4), ("Troligen", 3), ("Troligen inte", 2), ("Nej", 1)],
    ),
]
