"""Writes to users and the organisational tree. Each entry point is one transaction; auditlog
keeps the history with the acting administrator, and nothing is ever hard-deleted."""

from urllib.parse import urljoin

from auditlog.context import set_actor
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from insyn.core.errors import DomainError
from insyn.core.history import log_action

from .constants import OrgUnitKind, Role
from .log_actions import NONE
from .models import Membership, OrgUnit, User

# A unit may sit under a unit of the same or a higher level, never under a lower one
# (kommun → nämnd → förvaltning → stadsdel → enhet); levels may be skipped.
KIND_LEVEL = {
    OrgUnitKind.MUNICIPALITY: 0,
    OrgUnitKind.COMMITTEE: 1,
    OrgUnitKind.ADMINISTRATION: 2,
    OrgUnitKind.DISTRICT: 3,
    OrgUnitKind.SECTION: 4,
}


class AccountError(DomainError):
    """A refused change; the message is Swedish and shown to the administrator as is."""


# --- Organisational units -------------------------------------------------------------------


def check_parent(unit: OrgUnit, parent: OrgUnit | None, kind: str, active: bool = True) -> None:
    """Refuse cycles, a unit placed under a lower level than itself, and an active unit under
    an inactive one (the tree below a closed unit must be closed too)."""
    if parent is None:
        return
    if kind == OrgUnitKind.MUNICIPALITY:
        raise ValidationError(
            "En kommun ligger överst i organisationen och kan inte ha någon överordnad enhet. "
            "Lämna fältet Överordnad tomt.",
            code="municipality_parent",
        )
    if unit.pk and (parent.pk == unit.pk or parent.pk in unit.descendant_ids()):
        raise ValidationError(
            f"{unit.name} kan inte ligga under sig själv eller under en av sina underenheter "
            f"({parent.name}). Välj en annan överordnad enhet.",
            code="cycle",
        )
    if KIND_LEVEL[OrgUnitKind(parent.kind)] > KIND_LEVEL[OrgUnitKind(kind)]:
        raise ValidationError(
            f"En {OrgUnitKind(kind).label.lower()} kan inte ligga under en "
            f"{parent.get_kind_display().lower()} ({parent.name}). "
            "Välj en överordnad enhet på samma eller högre nivå.",
            code="level",
        )
    if active and not parent.active:
        raise ValidationError(
            f"Den överordnade enheten {parent.name} är inaktiv. "
            "Aktivera den först eller välj en annan överordnad enhet.",
            code="inactive_parent",
        )


def deactivation_blockers(unit: OrgUnit) -> list[str]:
    """Why `unit` cannot be deactivated yet (empty when it can): nobody may be left in a
    unit that no longer exists, and the tree below must be closed first."""
    if not unit.pk:
        return []
    reasons = []
    users = unit.users.filter(is_active=True).count()
    if users:
        reasons.append(
            f"{users} aktiva användare tillhör enheten. Flytta dem till en annan enhet "
            "eller inaktivera dem först."
        )
    children = unit.children.filter(active=True).count()
    if children:
        reasons.append(
            f"{children} aktiva underenheter ligger under enheten. "
            "Inaktivera eller flytta dem först."
        )
    return reasons


@transaction.atomic
def save_orgunit(form, actor) -> OrgUnit:
    unit = form.save(commit=False)
    # Checked again here (not only in the form) so no entry point can break the tree.
    check_parent(unit, unit.parent, unit.kind, unit.active)
    if not unit.active and unit.pk:
        blockers = deactivation_blockers(unit)
        if blockers:
            raise ValidationError(blockers)
    with set_actor(actor):
        unit.save()
    return unit


@transaction.atomic
def deactivate_orgunit(unit: OrgUnit, actor) -> OrgUnit:
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    if not unit.active:
        raise AccountError(f"{unit.name} är redan inaktiv.")
    blockers = deactivation_blockers(unit)
    if blockers:
        raise AccountError(f"{unit.name} kan inte inaktiveras: " + " ".join(blockers))
    unit.active = False
    with set_actor(actor):
        unit.save(update_fields=["active", "updated_at"])
        log_action(unit, "insyn.accounts.orgunit.deactivated", actor)
    return unit


# --- Users ------------------------------------------------------------------------------------


def _other_active_admins(user: User):
    return User.objects.filter(is_active=True, role=Role.ADMIN).exclude(pk=user.pk)


def check_keeps_an_admin(user: User, actor) -> None:
    """Someone must always be able to administer Insyn, and an administrator must not
    lock themselves out by mistake."""
    if user.pk == actor.pk:
        raise AccountError(
            "Du kan inte ta bort din egen administratörsbehörighet eller inaktivera ditt eget "
            "konto. Be en annan systemförvaltare göra det."
        )
    if not _other_active_admins(user).exists():
        raise AccountError(
            f"{user} är den enda aktiva systemförvaltaren. Utse en annan systemförvaltare först."
        )


@transaction.atomic
def create_user(form, actor, site_url: str) -> User:
    """New accounts never get a password chosen by someone else: the user sets it through a
    one-time link sent by e-mail."""
    user = form.save(commit=False)
    user.set_unusable_password()
    with set_actor(actor):
        user.save()
        log_action(user, "insyn.accounts.user.created", actor, {"role": user.get_role_display()})
    send_password_link(user, site_url)
    return user


@transaction.atomic
def update_user(form, actor) -> User:
    before = User.objects.get(pk=form.instance.pk)
    user = form.save(commit=False)
    if before.is_active and before.role == Role.ADMIN and user.role != Role.ADMIN:
        check_keeps_an_admin(before, actor)
    with set_actor(actor):
        user.save()
        _log_membership(before, user, actor)
    return user


# What makes up a user's membership, each change logged as its own event.
MEMBERSHIP = (
    ("role", "insyn.accounts.user.role_changed", lambda u: u.get_role_display()),
    ("org_unit_id", "insyn.accounts.user.org_unit_changed", lambda u: u.org_unit),
    # By name only: a provider's str() holds its organisation number, for a sole trader a
    # personnummer.
    (
        "provider_id",
        "insyn.accounts.user.provider_changed",
        lambda u: u.provider and u.provider.name,
    ),
)


def _log_membership(before: User, after: User, actor) -> None:
    for field, action, label in MEMBERSHIP:
        if getattr(before, field) != getattr(after, field):
            old, new = label(before), label(after)
            log_action(
                after, action, actor, {"old": str(old or NONE)[:200], "new": str(new or NONE)[:200]}
            )


@transaction.atomic
def deactivate_user(user: User, actor) -> User:
    """An account is never deleted (history must keep its actor); an inactive one cannot log in
    and its open sessions and API tokens stop working at once."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        raise AccountError(f"{user} är redan inaktiverad.")
    if user.role == Role.ADMIN or user.pk == actor.pk:
        check_keeps_an_admin(user, actor)
    user.is_active = False
    with set_actor(actor):
        user.save(update_fields=["is_active"])
        log_action(user, "insyn.accounts.user.deactivated", actor)
    return user


@transaction.atomic
def reactivate_user(user: User, actor) -> User:
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_active:
        raise AccountError(f"{user} är redan aktiv.")
    if user.org_unit_id and not user.org_unit.active:
        raise AccountError(
            f"{user} tillhör den inaktiva enheten {user.org_unit}. "
            "Ändra användarens organisationsenhet först."
        )
    user.is_active = True
    with set_actor(actor):
        user.save(update_fields=["is_active"])
        log_action(user, "insyn.accounts.user.reactivated", actor)
    return user


def password_link(user: User, site_url: str) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return urljoin(site_url, reverse("accounts:password_set", args=[uid, token]))


def send_password_link(user: User, site_url: str) -> None:
    """Mail a link to choose a password, after the surrounding transaction commits (so a
    rolled-back account never gets mail). The link stops working once used."""
    if not user.is_active:
        raise AccountError(f"{user} är inaktiverad. Aktivera kontot innan du skickar en länk.")
    if not user.email:
        raise AccountError(f"{user} saknar e-postadress. Ange en e-postadress först.")
    days = max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
    municipality = settings.INSYN["MUNICIPALITY_NAME"]

    def _send():
        link = password_link(user, site_url)
        send_mail(
            subject=f"Välj lösenord till Insyn – {municipality}",
            message=(
                f"Hej {user.get_full_name() or user.username}!\n\n"
                f"Du har ett konto i Insyn hos {municipality}. "
                f"Ditt användarnamn är: {user.username}\n\n"
                f"Välj ditt lösenord genom att öppna länken nedan. Länken gäller i {days} dagar "
                f"och kan bara användas en gång:\n{link}\n\n"
                "Om du inte väntade dig det här meddelandet kan du bortse från det."
            ),
            from_email=None,
            recipient_list=[user.email],
        )

    transaction.on_commit(_send)


# --- Memberships ------------------------------------------------------------------------------
# The primary membership mirrors `User.role` / `User.org_unit` and changes on the user form;
# these add and remove the others. Every change is one event on the user ("who and when"),
# and auditlog keeps the membership rows' own history.


def _label(role, org_unit) -> str:
    where = org_unit.name if org_unit is not None else "hela kommunen"
    return f"{Role(role).label} – {where}"


def check_membership(user: User, role: str, org_unit: OrgUnit | None) -> None:
    """Refuse a membership that cannot give rights: for provider staff, the provider role, a
    closed unit, or one the user already holds."""
    if user.role == Role.PROVIDER or role == Role.PROVIDER:
        raise AccountError(
            "Utförarens användare har inga medlemskap i kommunens organisation; deras "
            "organisation är utföraren."
        )
    if org_unit is not None and not org_unit.active:
        raise AccountError(f"Enheten {org_unit.name} är inaktiv. Välj en aktiv organisationsenhet.")
    if Membership.objects.filter(user=user, role=role, org_unit=org_unit).exists():
        raise AccountError(f"{user} har redan medlemskapet {_label(role, org_unit)}.")


@transaction.atomic
def add_membership(
    user: User, role: str, org_unit: OrgUnit | None, actor, delegation: str = "", source="local"
) -> Membership:
    """Example: the controller of Socialnämnden Centrum also gets (controller, Socialnämnden
    Nordost) and then acts for both committees."""
    check_membership(user, role, org_unit)
    with set_actor(actor):
        membership = Membership.objects.create(
            user=user, role=role, org_unit=org_unit, delegation=delegation.strip(), source=source
        )
        log_action(
            user,
            "insyn.accounts.membership.added",
            actor,
            {"membership": _label(role, org_unit)[:200], "delegation": delegation[:200]},
        )
    return membership


@transaction.atomic
def remove_membership(membership: Membership, actor) -> None:
    user = membership.user
    if membership.role == user.role and membership.org_unit_id == user.org_unit_id:
        raise AccountError(
            "Det här är användarens huvudsakliga roll och enhet. Ändra den på användarens "
            "sida i stället."
        )
    if membership.role == Role.ADMIN and user.is_active:
        others = Membership.objects.filter(role=Role.ADMIN, user__is_active=True).exclude(user=user)
        if not others.exists():
            raise AccountError(f"{user} är den enda aktiva systemförvaltaren. Utse en annan först.")
    label = _label(membership.role, membership.org_unit)
    with set_actor(actor):
        membership.delete()
        log_action(user, "insyn.accounts.membership.removed", actor, {"membership": label[:200]})


@transaction.atomic
def replace_memberships(user: User, memberships, *, by=None, source: str = "sso") -> None:
    """Set the user's memberships from `source` (single sign-on: the IdP's groups mapped to
    (role, org unit) pairs): add the missing ones, remove those of the same source that are
    no longer listed; memberships from other sources, and the primary one, are kept. Units
    that are closed are skipped (they give no rights). `by` is the actor (None: the system).

    Example: a user whose groups map to {(coordinator, Angered)} and who had (coordinator,
    Lundby) from an earlier login loses Lundby and gets Angered."""
    wanted = {(role, unit.pk if unit is not None else None): unit for role, unit in memberships}
    current = {
        (m.role, m.org_unit_id): m for m in Membership.objects.filter(user=user, source=source)
    }
    held = set(Membership.objects.filter(user=user).values_list("role", "org_unit_id"))
    for key, membership in current.items():
        if key not in wanted and key != (user.role, user.org_unit_id):
            remove_membership(membership, by)
    for (role, unit_id), unit in wanted.items():
        if (role, unit_id) in held or (unit is not None and not unit.active):
            continue
        add_membership(user, role, unit, by, source=source)
