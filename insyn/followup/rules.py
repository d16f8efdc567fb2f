"""Permissions for follow-up: municipal staff read, controllers/admins act, a provider's users
see and answer only what concerns their own organisation (scoping is in queries.py)."""

import rules

from insyn.accounts.predicates import (
    can_edit_register,
    is_admin,
    is_approver,
    is_municipal,
    is_provider_user,
)


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
rules.add_perm("followup.change_plan", can_edit_register)
rules.add_perm("followup.approve_plan", is_approver)
rules.add_perm("followup.view_followup", is_municipal | is_provider_visible_followup)
rules.add_perm("followup.change_followup", can_edit_register)
rules.add_perm("followup.answer_self_report", is_provider_visible_followup)
rules.add_perm("followup.view_deficiency", is_municipal | owns_object)
rules.add_perm("followup.change_deficiency", can_edit_register)
rules.add_perm("followup.submit_action_plan", owns_object)
rules.add_perm("followup.view_answer_files", is_municipal)
# History pages (field changes and events of plans, follow-ups, deficiencies): staff only.
rules.add_perm("followup.view_history", is_municipal)
# Who read unmasked follow-up texts (logged reads, shown on the history pages): admins only.
rules.add_perm("followup.view_access_log", is_admin)
rules.add_perm("followup.view_risk", is_municipal)
rules.add_perm("followup.flag_risk", can_edit_register)
rules.add_perm("questionnaires.view_template", is_municipal)
rules.add_perm("questionnaires.change_template", can_edit_register)
