"""Permission predicates for feedback. The queryset in `queries.items_for` decides *which*
items a user can reach (404 outside); these decide what they may do with one."""

import rules

from insyn.accounts.constants import Role

HANDLER_ROLES = frozenset({Role.ADMIN, Role.CONTROLLER, Role.COORDINATOR, Role.CASE_WORKER})


@rules.predicate
def is_municipal(user):
    return bool(getattr(user, "is_municipal", False))


@rules.predicate
def is_handler(user):
    """Municipal staff who move items through the flow."""
    return is_municipal(user) and (user.role in HANDLER_ROLES or user.is_superuser)


@rules.predicate
def is_controller_or_admin(user):
    return is_municipal(user) and (user.role in {Role.CONTROLLER, Role.ADMIN} or user.is_superuser)


@rules.predicate
def is_admin(user):
    return bool(getattr(user, "is_admin_role", False))


@rules.predicate
def is_coordinator(user):
    return is_municipal(user) and user.role == Role.COORDINATOR


@rules.predicate
def owns_item(user, item):
    return (
        item is not None
        and getattr(user, "is_provider_user", False)
        and item.provider_id == user.provider_id
    )


@rules.predicate
def registered_item(user, item):
    return item is not None and is_municipal(user) and item.registered_by_id == user.pk


# Entitled to the unmasked text (and attachments): controllers, admins and whoever registered
# the item. Never providers, never other district staff.
is_entitled = is_controller_or_admin | registered_item

rules.add_perm("feedback.view_item", is_municipal | owns_item)
rules.add_perm("feedback.add_item", is_municipal)
rules.add_perm("feedback.send_item", is_handler)
rules.add_perm("feedback.answer_item", owns_item)
rules.add_perm("feedback.give_feedback", is_handler)
rules.add_perm("feedback.close_item", is_handler)
rules.add_perm("feedback.reopen_item", is_handler)
rules.add_perm("feedback.forward_item", is_coordinator | is_admin)
rules.add_perm("feedback.view_unmasked", is_entitled)
rules.add_perm("feedback.add_attachment", is_handler | registered_item)
rules.add_perm("feedback.view_attachment", is_entitled)
rules.add_perm("feedback.export_items", is_municipal)
rules.add_perm("feedback.manage_settings", is_controller_or_admin)
rules.add_perm("feedback.view_access_log", is_admin)
rules.add_perm("feedback.handle_alert", is_controller_or_admin)
