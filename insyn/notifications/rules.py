"""Permissions of the notifications app. Everyone signed in has an own list; a notification
is only ever its receiver's. The outbox is the administrator's."""

import rules

from insyn.accounts.predicates import is_admin
from insyn.core.permission_docs import describe_predicates


@rules.predicate
def own_notification(user, notification):
    return notification is not None and notification.recipient_id == user.pk


rules.add_perm("notifications.view_own", rules.is_authenticated)
rules.add_perm("notifications.view_notification", rules.is_authenticated & own_notification)
rules.add_perm("notifications.manage_outbox", is_admin)

describe_predicates(
    {
        "is_authenticated": "inloggad användare",
        "own_notification": "aviseringens mottagare",
    }
)
