"""Permission predicates for feedback. The queryset in `queries.items_for` decides *which*
items a user can reach (404 outside); these decide what they may do with one."""

import rules

from insyn.accounts.predicates import (
    is_admin,
    is_controller,
    is_coordinator,
    is_feedback_handler,
    is_municipal,
    is_provider_user,
)


@rules.predicate
def owns_item(user, item):
    return item is not None and is_provider_user(user) and item.provider_id == user.provider_id


@rules.predicate
def registered_item(user, item):
    return item is not None and is_municipal(user) and item.registered_by_id == user.pk


# Entitled to the unmasked text (and attachments): controllers, admins and whoever registered
# the item. Never providers, never other district staff.
is_entitled = is_controller | registered_item

rules.add_perm("feedback.view_item", is_municipal | owns_item)
rules.add_perm("feedback.add_item", is_municipal)
rules.add_perm("feedback.send_item", is_feedback_handler)
rules.add_perm("feedback.answer_item", owns_item)
rules.add_perm("feedback.give_feedback", is_feedback_handler)
rules.add_perm("feedback.close_item", is_feedback_handler)
rules.add_perm("feedback.reopen_item", is_feedback_handler)
rules.add_perm("feedback.forward_item", is_coordinator | is_admin)
rules.add_perm("feedback.view_unmasked", is_entitled)
rules.add_perm("feedback.add_attachment", is_feedback_handler | registered_item)
rules.add_perm("feedback.view_attachment", is_entitled)
rules.add_perm("feedback.export_items", is_municipal)
rules.add_perm("feedback.manage_settings", is_controller)
rules.add_perm("feedback.view_access_log", is_admin)
rules.add_perm("feedback.view_history", is_municipal)
rules.add_perm("feedback.handle_alert", is_controller)
