"""Permission predicates for feedback. The queryset in `queries.items_for` decides *which*
items a user can reach (404 outside); these decide what they may do with one."""

import rules

from insyn.accounts.constants import Role
from insyn.accounts.predicates import (
    FEEDBACK_DISTRICT_ROLES,
    acts_for_unit,
    is_admin,
    is_controller,
    is_coordinator,
    is_feedback_handler,
    is_municipal,
    is_provider_user,
)
from insyn.core.permission_docs import describe_predicates


@rules.predicate
def owns_item(user, item):
    return item is not None and is_provider_user(user) and item.provider_id == user.provider_id


@rules.predicate
def registered_item(user, item):
    return item is not None and is_municipal(user) and item.registered_by_id == user.pk


ITEM_ACTING_ROLES = FEEDBACK_DISTRICT_ROLES | {Role.ADMIN, Role.CONTROLLER}


@rules.predicate
def acts_for_item_district(user, item):
    """Admins and controllers act on every item they reach; a coordinator or case worker only
    on an item of a district one of their memberships covers, or one they registered.
    Without an object, or for an item of no district, the role alone answers. Example: a
    case worker in Angered who is also coordinator in Lundby forwards a Lundby item, not a
    Centrum item (even if another of their roles lets them read it)."""
    # An item of no district (registered by someone without one, or from the provider's or
    # the public's channel) is every handler's, as before memberships.
    if item is None or item.district_id is None or item.registered_by_id == user.pk:
        return True
    return acts_for_unit(user, item.district_id, ITEM_ACTING_ROLES)


# Entitled to the unmasked text (and attachments): controllers, admins and whoever registered
# the item. Never providers, never other district staff.
is_entitled = is_controller | registered_item

rules.add_perm("feedback.view_item", is_municipal | owns_item)
rules.add_perm("feedback.add_item", is_municipal)
rules.add_perm("feedback.send_item", is_feedback_handler & acts_for_item_district)
rules.add_perm("feedback.answer_item", owns_item)
rules.add_perm("feedback.give_feedback", is_feedback_handler & acts_for_item_district)
rules.add_perm("feedback.close_item", is_feedback_handler & acts_for_item_district)
rules.add_perm("feedback.reopen_item", is_feedback_handler & acts_for_item_district)
rules.add_perm("feedback.forward_item", (is_coordinator | is_admin) & acts_for_item_district)
rules.add_perm("feedback.view_unmasked", is_entitled)
rules.add_perm("feedback.add_attachment", is_feedback_handler | registered_item)
rules.add_perm("feedback.view_attachment", is_entitled)
rules.add_perm("feedback.export_items", is_municipal)
# Grouped counts (never texts) of what the user may not read: `queries.counts_for` decides
# which items; providers count nothing of the municipality's.
rules.add_perm("feedback.count_items", is_municipal)
rules.add_perm("feedback.manage_settings", is_controller)
rules.add_perm("feedback.view_access_log", is_admin)
rules.add_perm("feedback.view_history", is_municipal)
rules.add_perm("feedback.handle_alert", is_controller)

describe_predicates(
    {
        "owns_item": "utförarens egna användare, för en synpunkt som skickats till utföraren",
        "registered_item": "den som registrerade synpunkten",
        "acts_for_item_district": "med medlemskap som omfattar synpunktens stadsdel",
    }
)
