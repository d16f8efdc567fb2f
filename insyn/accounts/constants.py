"""Roles and organisational unit kinds (English values, Swedish labels)."""

from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "Systemförvaltare"
    CONTROLLER = "controller", "Uppföljare / controller"
    PLACEMENT_OFFICER = "placement_officer", "Placeringshandläggare"
    CASE_WORKER = "case_worker", "Socialsekreterare / handläggare"
    COORDINATOR = "coordinator", "Stadsdelens samordnare (LINK)"
    MANAGER = "manager", "Chef / nämnd"
    PROVIDER = "provider", "Utförare"


class OrgUnitKind(models.TextChoices):
    MUNICIPALITY = "municipality", "Kommun"
    COMMITTEE = "committee", "Nämnd"
    ADMINISTRATION = "administration", "Förvaltning"
    DISTRICT = "district", "Stadsdel"
    SECTION = "section", "Enhet"
