"""Escalation rules: when feedback alerts the controller responsible for the unit.

Rules (values in FeedbackSettings, editable on the settings page):

1. Serious item: an item of severity "Allvarlig", or a Lex Sarah/Lex Maria report marked as
   reported to IVO, raises one alert (if `alert_on_serious`).
2. Repeated complaints: when a complaint is registered and the unit has `complaint_threshold`
   (default 3) or more complaints received within `complaint_window_days` (default 90) before
   and including the new complaint's date (received_on >= date - 90 days), one alert is raised.
   While such an alert is unhandled, further complaints do not raise another for the unit.

The responsible controller is the owner (holding the controller role in any membership,
`User.controllers()`) of the most recently started contract that covers the unit and is running
on the item's date; when there is none, the alert is shared by all controllers (`responsible`
is empty).
"""

import datetime as dt

from django.db.models import Q

from insyn.accounts.models import User

from .constants import AlertRule, Kind
from .models import EscalationAlert, FeedbackItem, FeedbackSettings


def responsible_controller(unit, on: dt.date):
    if unit is None:
        return None
    contract = (
        unit.contracts.filter(start_date__lte=on, owner__in=User.controllers())
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .select_related("owner")
        .order_by("-start_date", "-pk")
        .first()
    )
    return contract.owner if contract else None


def complaints_in_window(unit_id: int, on: dt.date, window_days: int) -> int:
    return FeedbackItem.objects.filter(
        unit_id=unit_id,
        kind=Kind.COMPLAINT,
        received_on__gte=on - dt.timedelta(days=window_days),
        received_on__lte=on,
    ).count()


def rules_fired(item: FeedbackItem, settings: FeedbackSettings) -> list[tuple[str, int]]:
    """The rules this item fires, as (rule, complaint count); pure apart from the count query."""
    fired = []
    if settings.alert_on_serious and item.is_serious:
        fired.append((AlertRule.SERIOUS, 0))
    if item.kind == Kind.COMPLAINT and item.unit_id:
        count = complaints_in_window(item.unit_id, item.received_on, settings.complaint_window_days)
        if count >= settings.complaint_threshold:
            fired.append((AlertRule.REPEATED_COMPLAINTS, count))
    return fired


def evaluate(item: FeedbackItem) -> list[EscalationAlert]:
    """Create the alerts `item` fires (called inside the registering transaction)."""
    if item.provider_id is None:
        # Feedback about the municipality's own handling never alerts about a provider.
        return []
    settings = FeedbackSettings.load()
    alerts = []
    for rule, count in rules_fired(item, settings):
        if (
            rule == AlertRule.REPEATED_COMPLAINTS
            and EscalationAlert.objects.filter(
                rule=rule, unit_id=item.unit_id, handled_at__isnull=True
            ).exists()
        ):
            continue
        alerts.append(
            EscalationAlert.objects.create(
                rule=rule,
                unit=item.unit,
                provider=item.provider,
                item=item,
                responsible=responsible_controller(item.unit, item.received_on),
                complaint_count=count,
            )
        )
    return alerts
