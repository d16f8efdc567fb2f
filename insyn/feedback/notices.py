"""Feedback's notification kinds (docs/notifications.md). Contexts name the item by its
kind and number and the unit or provider by name: never the free text, which may hold
identity numbers and is only read in Insyn behind its permission."""

import datetime as dt

from django.urls import reverse

from insyn.accounts.constants import Role
from insyn.accounts.models import Membership, User
from insyn.core.notices import Kind

from .constants import OPEN_STATUSES
from .models import FeedbackItem

# Past-target reminders look back this far.
OVERDUE_WINDOW_DAYS = 30


def _item_link(item, user):
    if user.is_provider_user:
        return reverse("feedback_portal:detail", args=[item.pk])
    return reverse("feedback:detail", args=[item.pk])


def _where(obj) -> str:
    """What an item or alert is about: the unit, else the provider, else the municipality's
    own org unit (feedback about its own handling has neither unit nor provider)."""
    if getattr(obj, "unit_id", None):
        return obj.unit.name
    if getattr(obj, "provider_id", None):
        return obj.provider.name
    org_unit = getattr(obj, "org_unit", None)
    return org_unit.name if org_unit is not None else "kommunens egen verksamhet"


def _item_context(item):
    return {
        "item": str(item),
        "where": _where(item),
        "due": f"{item.due_on:%Y-%m-%d}" if item.due_on else "",
    }


def _provider_users(item):
    return [u for u in item.provider.users.all() if u.is_active]


def _handler(item):
    return [item.registered_by] if item.registered_by and item.registered_by.is_active else []


def _coordinators_by_district(district_ids) -> dict:
    """{district pk: [active coordinators]} in one query."""
    found = {}
    memberships = Membership.objects.filter(
        role=Role.COORDINATOR, org_unit_id__in=district_ids, user__is_active=True
    ).select_related("user")
    for membership in memberships:
        found.setdefault(membership.org_unit_id, []).append(membership.user)
    return found


def _handler_and_coordinators(item):
    people = {u.pk: u for u in _handler(item)}
    coordinators = getattr(item, "_coordinators", None)
    if coordinators is None:
        coordinators = _coordinators_by_district([item.district_id]).get(item.district_id, [])
    for user in coordinators:
        people.setdefault(user.pk, user)
    return list(people.values())


def _alert_recipients(alert):
    if alert.responsible and alert.responsible.is_active:
        return [alert.responsible]
    return list(User.holding(Role.CONTROLLER))


SENT_TO_PROVIDER = Kind(
    key="feedback.sent_to_provider",
    label="Synpunkt att besvara",
    subject="Ny synpunkt att besvara – {where}",
    text="Kommunen har skickat {item} om {where}. Svara i Insyns portal.",
    recipients=_provider_users,
    link=_item_link,
    context=_item_context,
    permission="feedback.view_item",
    audience="utförare",
)
ANSWERED = Kind(
    key="feedback.answered",
    label="Synpunkt besvarad av utföraren",
    subject="Utföraren har svarat – {item}",
    text="Utföraren har svarat på {item} om {where}. Ge återkoppling i Insyn.",
    recipients=_handler,
    link=_item_link,
    context=_item_context,
    permission="feedback.view_item",
)
PAST_TARGET = Kind(
    key="feedback.past_target",
    label="Synpunkt över handläggningstiden",
    subject="Över handläggningstiden – {item}",
    text="{item} om {where} skulle ha varit hanterad senast {due}.",
    recipients=_handler_and_coordinators,
    link=_item_link,
    context=_item_context,
    permission="feedback.view_item",
    reminder=True,
)
ESCALATED = Kind(
    key="feedback.escalated",
    label="Synpunkter kräver uppmärksamhet",
    subject="Larm: {rule} – {where}",
    text="En registrerad synpunkt har utlöst larmet ”{rule}” för {where}. Hantera larmet i Insyn.",
    recipients=_alert_recipients,
    link=lambda alert, user: reverse("feedback:alert_handle", args=[alert.pk]),
    context=lambda alert: {
        "rule": alert.get_rule_display().lower(),
        "where": _where(alert),
    },
    permission="feedback.handle_alert",
)
FORWARDED = Kind(
    key="feedback.forwarded",
    label="Synpunkt vidarebefordrad till controller",
    subject="Vidarebefordrad synpunkt – {where}",
    text="Stadsdelen har vidarebefordrat {item} om {where} till controller.",
    recipients=lambda item: User.holding(Role.CONTROLLER),
    link=_item_link,
    context=_item_context,
    permission="feedback.view_item",
)

KINDS = (SENT_TO_PROVIDER, ANSWERED, PAST_TARGET, ESCALATED, FORWARDED)


def reminders(today: dt.date):
    """(PAST_TARGET, item, due_on) for open items whose handling target has passed.

    Example, today 2026-03-10: an open complaint due 2026-03-09 gives one reminder with due
    date 2026-03-09 — the same on every later night, so it is told once."""
    window = today - dt.timedelta(days=OVERDUE_WINDOW_DAYS)
    items = FeedbackItem.objects.filter(
        status__in=OPEN_STATUSES, due_on__lt=today, due_on__gte=window
    ).select_related("unit", "provider", "org_unit", "registered_by")
    items = list(items)
    coordinators = _coordinators_by_district({item.district_id for item in items})
    for item in items:
        item._coordinators = coordinators.get(item.district_id, [])  # one query for all
        yield PAST_TARGET, item, item.due_on
