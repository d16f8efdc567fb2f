"""The one vocabulary of roles and permissions: named role sets and the `rules` predicates on
a user's role that every app's `rules.py` combines into permissions.

Apps keep only object predicates (ownership, "registered this item") in their own `rules.py`;
a check on a role belongs here, once. Pages ask `user.has_perm("app.perm")`; the two audience
checks (`is_municipal` for the staff pages, `is_provider_user` for the portal) are called as
predicates, because Django's `has_perm` grants an active superuser everything and a superuser
must not be sent into the portal, which needs an organisation.

Each predicate is a plain function of the user (anonymous users included) and says in its
docstring who passes. "Or a superuser" means an active superuser; where a predicate also asks
for a municipal role, a superuser whose role is `provider` does not pass.
"""

import rules

from insyn.core.permission_docs import describe_predicates

# The two role sets the models need live in constants; re-exported here with the others.
from .constants import CONTROLLER_ROLES, MUNICIPAL_ROLES, Role  # noqa: F401
from .models import roles_of, scope_of

# --- Role sets ------------------------------------------------------------------------------

# Roles that work for the municipality (everyone but the provider's own staff).
# Plans are approved and goals confirmed by the committee side (managers), and by controllers.
APPROVER_ROLES = frozenset({Role.ADMIN, Role.CONTROLLER, Role.MANAGER})
# Who may be named responsible owner of a contract.
CONTRACT_OWNER_ROLES = frozenset({Role.ADMIN, Role.CONTROLLER, Role.MANAGER})
# Feedback: who moves items through the flow, who sees every item, who sees their district's.
FEEDBACK_HANDLER_ROLES = frozenset(
    {Role.ADMIN, Role.CONTROLLER, Role.COORDINATOR, Role.CASE_WORKER}
)
# The placement officer is not among them: the placement unit sees counts, categories and
# statuses across the municipality, never the texts (OSL 26 kap.; feedback.queries.counts_for).
FEEDBACK_SEE_ALL_ROLES = frozenset({Role.ADMIN, Role.CONTROLLER, Role.MANAGER})
FEEDBACK_DISTRICT_ROLES = frozenset({Role.COORDINATOR, Role.CASE_WORKER})
# Reports: who reads every report and every org unit's tertial table. Unlike feedback, the
# placement officer is not among them: reports are for oversight, not for placing.
REPORT_SEE_ALL_ROLES = frozenset({Role.ADMIN, Role.CONTROLLER, Role.MANAGER})
# Placement: who searches and recommends; who sees every recommendation and placement (the
# others see those they made, received or ordered); who registers placements; who follows
# the rating answer rates.
PLACEMENT_SEARCH_ROLES = frozenset({Role.ADMIN, Role.CONTROLLER, Role.PLACEMENT_OFFICER})
PLACEMENT_SEE_ALL_ROLES = frozenset(
    {Role.ADMIN, Role.CONTROLLER, Role.PLACEMENT_OFFICER, Role.COORDINATOR, Role.MANAGER}
)
PLACEMENT_REGISTRAR_ROLES = frozenset(
    {Role.ADMIN, Role.CONTROLLER, Role.PLACEMENT_OFFICER, Role.CASE_WORKER, Role.COORDINATOR}
)
ANSWER_RATE_ROLES = frozenset({Role.ADMIN, Role.CONTROLLER, Role.COORDINATOR, Role.MANAGER})


def _role_in(user, roles) -> bool:
    """One of the user's memberships holds one of `roles`, or the user is a superuser."""
    return bool(getattr(user, "is_superuser", False)) or bool(roles_of(user) & frozenset(roles))


def _holds(user, role) -> bool:
    """One of the user's memberships holds `role` (superusers no exception)."""
    return role in roles_of(user)


# --- Committees and districts ----------------------------------------------------------------
# Plain functions of (user, id, roles) that each app's rules.py wraps into object predicates.
# A superuser acts for everything; otherwise a membership holding one of `roles` must cover
# the committee / district (`accounts/scope.py`). `None` (municipality-wide) needs a central
# membership.


def acts_for_committee(user, committee_id, roles) -> bool:
    """Example: a controller of Socialnämnden Nordost acts for a contract whose committee is
    Socialnämnden Nordost, not for one of Socialnämnden Centrum."""
    if bool(getattr(user, "is_superuser", False)) and getattr(user, "is_active", False):
        return True
    return scope_of(user).acts_for_committee(committee_id, roles)


def acts_for_district(user, district_id, roles) -> bool:
    """Example: a coordinator in Angered acts for a placement ordered by Angered, not for one
    ordered by Lundby."""
    if bool(getattr(user, "is_superuser", False)) and getattr(user, "is_active", False):
        return True
    return scope_of(user).acts_for_district(district_id, roles)


def units_acted_for(user, roles) -> set[int] | None:
    """Ids of the org units a membership holding one of `roles` covers, or None for the whole
    municipality (a central membership, or a superuser)."""
    if bool(getattr(user, "is_superuser", False)) and getattr(user, "is_active", False):
        return None
    scope = scope_of(user)
    if scope.is_central(roles):
        return None
    return scope.unit_ids(roles)


def acts_for_unit(user, unit_id, roles) -> bool:
    """A membership holding one of `roles` covers the org unit (its subtree); `None` needs
    central. Example: a manager of Socialnämnden Centrum acts for a goal of Centrum's
    district Majorna-Linné, not for one of Angered."""
    if bool(getattr(user, "is_superuser", False)) and getattr(user, "is_active", False):
        return True
    return scope_of(user).acts_for_unit(unit_id, roles)


def decides_for_committee(user, committee_id) -> bool:
    """The committee's own decision (plan, goal status, strategic contracts): a manager whose
    membership covers the committee, or anyone with a recorded delegation for it. Controllers
    and administrators propose; they decide only with a delegation. Example: the manager of
    Socialnämnden Centrum decides its plan, not Socialnämnden Nordost's."""
    if not getattr(user, "is_active", False):
        return False
    scope = scope_of(user)
    return scope.acts_for_committee(committee_id, {Role.MANAGER}) or scope.may_decide_for(
        committee_id
    )


def decides_somewhere(user) -> bool:
    """Active manager, or holder of a recorded delegation, for some committee: may see the
    decision buttons (each decision then checks `decides_for_committee`)."""
    if not getattr(user, "is_active", False):
        return False
    scope = scope_of(user)
    return Role.MANAGER in scope.roles or bool(
        scope.delegated_committees or scope.central_delegation
    )


# --- Audiences ------------------------------------------------------------------------------


@rules.predicate
def is_municipal(user):
    """Active user with a municipal role (`User.is_municipal`): the staff pages are theirs."""
    return bool(getattr(user, "is_municipal", False))


@rules.predicate
def is_provider_user(user):
    """Active provider user with an organisation (`User.is_provider_user`): the portal."""
    return bool(getattr(user, "is_provider_user", False))


# --- Roles --------------------------------------------------------------------------------


@rules.predicate
def is_admin(user):
    """Active admin, or superuser of any role (`User.is_admin_role`)."""
    return bool(getattr(user, "is_admin_role", False))


@rules.predicate
def can_edit_register(user):
    """Active controller or admin, or superuser of any role (`User.can_edit_register`): writes
    the register, plans and follow-ups, publication and question templates."""
    return bool(getattr(user, "can_edit_register", False))


@rules.predicate
def is_controller(user):
    """Municipal controller or admin, or municipal superuser: feedback settings and alerts,
    unmasked feedback, report texts. Unlike `can_edit_register`, the superuser must also hold
    a municipal role."""
    return is_municipal(user) and _role_in(user, CONTROLLER_ROLES)


@rules.predicate
def has_controller_role(user):
    """Municipal user whose role is controller itself (not admin, superuser no exception):
    escalation alerts are scoped to such a controller's own responsibility."""
    return is_municipal(user) and _holds(user, Role.CONTROLLER)


@rules.predicate
def is_approver(user):
    """Active manager, controller or admin, or superuser of any role: approves annual plans."""
    return bool(getattr(user, "is_active", False)) and _role_in(user, APPROVER_ROLES)


@rules.predicate
def is_coordinator(user):
    """Municipal district coordinator (LINK); superusers are no exception."""
    return is_municipal(user) and _holds(user, Role.COORDINATOR)


@rules.predicate
def is_case_worker(user):
    """Municipal case worker; superusers are no exception."""
    return is_municipal(user) and _holds(user, Role.CASE_WORKER)


@rules.predicate
def is_manager(user):
    """Municipal manager (chef / nämnd); superusers are no exception: the start page puts
    the plans and reports waiting for the committee first."""
    return is_municipal(user) and _holds(user, Role.MANAGER)


@rules.predicate
def is_placement_officer(user):
    """Municipal placement officer; superusers are no exception: the start page puts the
    searches and saved recommendations first."""
    return is_municipal(user) and _holds(user, Role.PLACEMENT_OFFICER)


@rules.predicate
def is_feedback_handler(user):
    """Municipal admin, controller, coordinator or case worker, or municipal superuser: moves
    feedback items through the flow."""
    return is_municipal(user) and _role_in(user, FEEDBACK_HANDLER_ROLES)


@rules.predicate
def sees_all_feedback(user):
    """Municipal admin, controller or manager, or municipal superuser: sees every feedback
    item."""
    return is_municipal(user) and _role_in(user, FEEDBACK_SEE_ALL_ROLES)


@rules.predicate
def is_district_staff(user):
    """Municipal coordinator or case worker (superusers no exception): sees the feedback of
    their own district."""
    return is_municipal(user) and bool(roles_of(user) & FEEDBACK_DISTRICT_ROLES)


@rules.predicate
def sees_all_reports(user):
    """Municipal admin, controller or manager, or municipal superuser: reads every report and
    every org unit's tables."""
    return is_municipal(user) and _role_in(user, REPORT_SEE_ALL_ROLES)


@rules.predicate
def can_recommend(user):
    """Municipal placement officer, controller or admin, or municipal superuser: searches and
    recommends."""
    return is_municipal(user) and _role_in(user, PLACEMENT_SEARCH_ROLES)


@rules.predicate
def sees_all_placements(user):
    """Municipal admin, controller, placement officer, coordinator or manager, or municipal
    superuser: sees every recommendation and placement."""
    return is_municipal(user) and _role_in(user, PLACEMENT_SEE_ALL_ROLES)


@rules.predicate
def can_register_placement(user):
    """Municipal admin, controller, placement officer, case worker or coordinator, or
    municipal superuser: registers and changes placements."""
    return is_municipal(user) and _role_in(user, PLACEMENT_REGISTRAR_ROLES)


@rules.predicate
def can_follow_answer_rates(user):
    """Municipal admin, controller, coordinator or manager, or municipal superuser: follows
    the rating answer rates."""
    return is_municipal(user) and _role_in(user, ANSWER_RATE_ROLES)


# --- The API documentation's words for these predicates (core.permission_docs) ----------

describe_predicates(
    {
        "is_municipal": "kommunens personal (alla kommunala roller)",
        "is_provider_user": "utförarens egen personal (bara den egna organisationen)",
        "is_admin": "administratör",
        "can_edit_register": "controller eller administratör",
        "is_controller": "controller eller administratör",
        "has_controller_role": "controller",
        "is_approver": "chef, controller eller administratör",
        "is_coordinator": "stadsdelssamordnare",
        "is_case_worker": "handläggare",
        "is_manager": "chef",
        "is_placement_officer": "placeringsansvarig",
        "is_feedback_handler": "administratör, controller, samordnare eller handläggare",
        "sees_all_feedback": "administratör, controller eller chef",
        "is_district_staff": "samordnare eller handläggare (den egna stadsdelen)",
        "sees_all_reports": "administratör, controller eller chef",
        "can_recommend": "placeringsansvarig, controller eller administratör",
        "sees_all_placements": (
            "administratör, controller, placeringsansvarig, samordnare eller chef"
        ),
        "can_register_placement": (
            "administratör, controller, placeringsansvarig, handläggare eller samordnare"
        ),
        "can_follow_answer_rates": "administratör, controller, samordnare eller chef",
    }
)
