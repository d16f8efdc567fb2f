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


# Role sets that the models need too (the others are in predicates.py, which re-exports
# these). Roles that work for the municipality (everyone but the provider's own staff).
MUNICIPAL_ROLES = frozenset(
    {
        Role.ADMIN,
        Role.CONTROLLER,
        Role.PLACEMENT_OFFICER,
        Role.CASE_WORKER,
        Role.COORDINATOR,
        Role.MANAGER,
    }
)
# Controllers and admins: they write the register, follow-ups, publication, report texts.
CONTROLLER_ROLES = frozenset({Role.ADMIN, Role.CONTROLLER})
