"""Single sign-on: what the identity provider's claims mean in Insyn.

The protocol (OpenID Connect, SAML 2.0) is django-allauth's; this module holds Insyn's
rules for a person who has signed on: who may come in, which memberships their groups
give (through the administrator's GroupMapping list), and how the user is kept up to date
at every login. The allauth adapter in signin.py calls these.
"""

import logging
from dataclasses import dataclass, field

from auditlog.context import set_actor
from django.db import transaction

from insyn.core.history import log_action

from .constants import MUNICIPAL_ROLES, Role
from .models import GroupMapping, OrgUnit, User
from .services import AccountError, replace_memberships

logger = logging.getLogger("insyn.signin")

SOURCE = "sso"


class SignOnRefused(AccountError):
    """The person may not come in; the message is Swedish and shown on the refusal page."""


@dataclass(frozen=True)
class Claims:
    """What Insyn reads from an OIDC id token/userinfo or a SAML assertion."""

    subject: str
    email: str = ""
    first_name: str = ""
    last_name: str = ""
    employee_id: str = ""
    username: str = ""
    groups: tuple[str, ...] = field(default_factory=tuple)


def _one(value) -> str:
    if isinstance(value, list | tuple):
        value = value[0] if value else ""
    return str(value or "").strip()


def claims_from(data: dict, *, groups_claim="groups", employee_id_claim="employee_id") -> Claims:
    """Normalise the claims of an OpenID Connect userinfo/id token, or SAML attributes
    (lists of values), into Claims.

    Example: {"sub": "x1", "name": "Anna Lind", "email": "anna@kommun.se",
    "employee_id": "E1001", "groups": ["insyn-controller"]} gives first name "Anna", last
    name "Lind" and groups ("insyn-controller",)."""
    first, last = _one(data.get("given_name")), _one(data.get("family_name"))
    if not (first or last):
        name = _one(data.get("name"))
        first, _, last = name.partition(" ")
    groups = data.get(groups_claim) or ()
    if isinstance(groups, str):
        groups = [groups]
    return Claims(
        subject=_one(data.get("sub") or data.get("uid")),
        email=_one(data.get("email")).lower(),
        first_name=first,
        last_name=last,
        employee_id=_one(data.get(employee_id_claim)),
        username=_one(data.get("preferred_username")),
        groups=tuple(sorted({str(g) for g in groups})),
    )


def memberships_from_groups(groups) -> tuple[list[tuple[str, OrgUnit | None]], list[str]]:
    """The (role, unit) pairs the administrator's mapping gives for `groups`, and the groups
    that map to nothing. Mappings to a closed unit give nothing.

    Example: with the mappings "insyn-controller-centrum" → (controller, SN Centrum) and
    "insyn-alla" → (case worker, whole municipality), groups ["insyn-alla", "okänd"] give
    [(case_worker, None)] and ["okänd"]."""
    mappings = GroupMapping.objects.filter(idp_group__in=list(groups)).select_related("org_unit")
    pairs, known = [], set()
    for mapping in mappings.order_by("role", "org_unit__name", "pk"):
        known.add(mapping.idp_group)
        if mapping.org_unit is not None and not mapping.org_unit.active:
            continue
        pair = (mapping.role, mapping.org_unit)
        if pair not in pairs:
            pairs.append(pair)
    return pairs, sorted(set(groups) - known)


def check_sign_on(claims: Claims, user: User | None) -> list[tuple[str, OrgUnit | None]]:
    """Refuse a sign-on Insyn cannot accept; else the memberships the person gets.

    Refused: no e-mail address in the claims, an account that is blocked locally, a provider
    user (they log in with their password), and groups that give no role in Insyn."""
    if not claims.email:
        raise SignOnRefused(
            "Inloggningstjänsten skickade ingen e-postadress för dig, och Insyn behöver den. "
            "Kontakta kommunens IT-support."
        )
    if user is not None and not user.is_active:
        raise SignOnRefused(
            "Ditt konto i Insyn är spärrat och du kan inte logga in. Kontakta "
            "systemförvaltaren om du behöver tillgång."
        )
    if user is not None and user.role not in MUNICIPAL_ROLES:
        raise SignOnRefused(
            "Kontot är en utförares konto och loggar in med e-postadress och lösenord, inte "
            "med kommunens inloggning."
        )
    pairs, unknown = memberships_from_groups(claims.groups)
    if unknown:
        logger.warning("Sign-on: groups without a mapping ignored: %s", ", ".join(unknown))
    if not pairs:
        raise SignOnRefused(
            "Du är inte med i någon grupp som ger behörighet i Insyn. Be systemförvaltaren "
            "koppla din grupp i kommunens inloggning till en roll, eller be din chef lägga "
            "till dig i rätt grupp."
        )
    return pairs


def matching_user(claims: Claims) -> User | None:
    """An existing account for the person: by employee id, else by e-mail address."""
    if claims.employee_id:
        user = User.objects.filter(employee_id=claims.employee_id).first()
        if user is not None:
            return user
    return User.objects.filter(email__iexact=claims.email).order_by("pk").first()


def fill_user(user: User, claims: Claims, pairs) -> None:
    """Copy name, e-mail and employee id from the claims; the primary role and unit follow
    the first membership the groups give when the current one is no longer among them."""
    user.email = claims.email
    user.first_name = claims.first_name[:150] or user.first_name
    user.last_name = claims.last_name[:150] or user.last_name
    user.employee_id = claims.employee_id[:64] or user.employee_id
    wanted = {(role, unit.pk if unit else None) for role, unit in pairs}
    if (user.role, user.org_unit_id) not in wanted:
        user.role, user.org_unit = pairs[0]


@transaction.atomic
def update_from_sign_on(user: User, claims: Claims, pairs) -> None:
    """Bring an existing user up to date at login: claims, then memberships from the groups
    (one removed from the group loses it now). Logged as the system's change."""
    fill_user(user, claims, pairs)
    with set_actor(None):
        user.save()
    apply_memberships(user, pairs)


def apply_memberships(user: User, pairs) -> None:
    replace_memberships(user, pairs, by=None, source=SOURCE)
    given = ", ".join(
        f"{Role(role).label} – {unit.name if unit else 'hela kommunen'}" for role, unit in pairs
    )
    log_action(user, "insyn.accounts.sso.login", None, {"memberships": given[:500]})


# --- the administrator's group mapping --------------------------------------------------------


@transaction.atomic
def save_group_mapping(mapping: GroupMapping, actor) -> GroupMapping:
    if mapping.org_unit is not None and not mapping.org_unit.active:
        raise AccountError(
            f"Enheten {mapping.org_unit.name} är inaktiv. Välj en aktiv organisationsenhet."
        )
    duplicate = GroupMapping.objects.filter(
        idp_group=mapping.idp_group, role=mapping.role, org_unit=mapping.org_unit
    ).exclude(pk=mapping.pk)
    if duplicate.exists():
        raise AccountError(f"Gruppen {mapping.idp_group} har redan den kopplingen.")
    with set_actor(actor):
        mapping.save()
    return mapping


@transaction.atomic
def delete_group_mapping(mapping: GroupMapping, actor) -> None:
    with set_actor(actor):
        mapping.delete()
