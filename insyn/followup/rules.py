"""Permissions for follow-up: municipal staff read, controllers/admins act, a provider's users
see and answer only what concerns their own organisation (scoping is in queries.py)."""

import rules

from insyn.accounts.constants import Role


@rules.predicate
def is_municipal(user):
    return bool(getattr(user, "is_municipal", False))


@rules.predicate
def is_followup_controller(user):
    return bool(getattr(user, "is_active", False)) and (
        getattr(user, "role", None) in {Role.ADMIN, Role.CONTROLLER}
        or getattr(user, "is_superuser", False)
    )


@rules.predicate
def is_approver(user):
    """Managers (committee) approve plans; controllers and admins may too."""
    return is_followup_controller(user) or (
        bool(getattr(user, "is_active", False)) and getattr(user, "role", None) == Role.MANAGER
    )


@rules.predicate
def is_provider_user(user):
    return bool(getattr(user, "is_provider_user", False))


def _provider_id(obj):
    if obj is None:
        return None
    if hasattr(obj, "unit"):
        return obj.unit.provider_id
    if hasattr(obj, "deficiency"):
        return obj.deficiency.unit.provider_id
    return None


@rules.predicate
def owns_object(user, obj):
    return is_provider_user(user) and obj is not None and _provider_id(obj) == user.provider_id


@rules.predicate
def is_provider_visible_followup(user, followup):
    """Providers see a self-report once sent, and any follow-up once it is finished."""
    from .constants import FollowUpStatus

    return (
        owns_object(user, followup)
        and (followup.is_self_report or followup.status == FollowUpStatus.DONE)
        and followup.status != FollowUpStatus.DRAFT
    )


rules.add_perm("followup.view_plan", is_municipal)
rules.add_perm("followup.change_plan", is_followup_controller)
rules.add_perm("followup.approve_plan", is_approver)
rules.add_perm("followup.view_followup", is_municipal | is_provider_visible_followup)
rules.add_perm("followup.change_followup", is_followup_controller)
rules.add_perm("followup.answer_self_report", is_provider_visible_followup)
rules.add_perm("followup.view_deficiency", is_municipal | owns_object)
rules.add_perm("followup.change_deficiency", is_followup_controller)
rules.add_perm("followup.submit_action_plan", owns_object)
rules.add_perm("followup.view_answer_files", is_municipal)
rules.add_perm("followup.view_risk", is_municipal)
rules.add_perm("followup.flag_risk", is_followup_controller)
rules.add_perm("questionnaires.view_template", is_municipal)
rules.add_perm("questionnaires.change_template", is_followup_controller)
