"""Choices for the provider register (English values, Swedish labels)."""

from django.db import models


class OperationForm(models.TextChoices):
    PRIVATE = "private", "Privat företag"
    NONPROFIT = "nonprofit", "Idéburen organisation"
    OWN = "own", "Egen regi"
    PUBLIC = "public", "Annan offentlig aktör"


class ContractType(models.TextChoices):
    FRAMEWORK = "framework", "Ramavtal"
    CHOICE_SYSTEM = "choice_system", "LOV (valfrihetssystem)"
    DIRECT_AWARD = "direct_award", "Direktupphandling"
    INDIVIDUAL = "individual", "Individavtal"
    CONCESSION = "concession", "Entreprenad"
    ASSIGNMENT = "assignment", "Uppdragsbeskrivning (egen regi)"


class TargetGender(models.TextChoices):
    ANY = "any", "Alla"
    FEMALE = "female", "Kvinnor/flickor"
    MALE = "male", "Män/pojkar"


# Categories from DESIGN.md, loaded by a data migration; the list is editable afterwards.
DEFAULT_CATEGORIES = [
    ("hvb-barn", "HVB barn och unga"),
    ("hvb-vuxna", "HVB vuxna"),
    ("sociala-boenden", "Sociala boenden"),
    ("familjehem", "Konsulentstödda familjehem"),
    ("lss-boende", "Bostad med särskild service LSS"),
    ("behandlingshem", "Behandlingshem"),
    ("skyddat-boende", "Skyddat boende"),
    ("hemtjanst", "Hemtjänst"),
    ("daglig-verksamhet", "Daglig verksamhet"),
    ("korttidsvistelse", "Korttidsvistelse"),
    ("boendestod", "Boendestöd"),
    ("personlig-assistans", "Personlig assistans"),
]

# Default categories whose privately run units need a permit from IVO (SoL 7 kap. 1 §,
# LSS 23 §); migration 0006 set `Category.requires_ivo_permit` from this list, and the demo
# uses it after `flush`. Administrators change the flag per category in the admin.
IVO_PERMIT_CATEGORIES = [
    "hvb-barn",
    "hvb-vuxna",
    "behandlingshem",
    "skyddat-boende",
    "lss-boende",
    "familjehem",
    "korttidsvistelse",
]
