"""Feedback sections on shared pages (see insyn.core.panels)."""

import datetime as dt

from django.db.models import Count
from django.utils import timezone

from insyn.accounts.predicates import (
    is_district_staff,
    is_municipal,
    is_provider_user,
    sees_all_feedback,
)
from insyn.core.panels import Panel

from . import presenters, queries, services
from .constants import OPEN_STATUSES, Kind, Status
from .models import FeedbackItem
from .pagination import COUNT_CAP

OVERDUE_LIMIT = 10


def dashboard(request):
    """Controllers: open escalation alerts and items past their target. Coordinators and case
    workers, first on their page: their district's items to send on and to give feedback
    on, open items and those past target."""
    user = request.user
    if not is_municipal(user):
        return []
    today = timezone.localdate()
    items = queries.items_for(user)
    context = {
        "alerts": [],
        "followup_available": services.followup_available(),
        "can_handle_alerts": user.has_perm("feedback.handle_alert"),
    }
    if context["can_handle_alerts"]:
        context["alerts"] = list(queries.alerts_for(user)[:20])
    elif not is_district_staff(user):
        return []
    overdue = queries.overdue(items, today).order_by()
    # Ids first through the partial (due_on, id) index, then the ten rows with their names:
    # one query with the joins would make the planner sort the whole open backlog.
    first_ids = list(overdue.order_by("due_on", "pk").values_list("pk", flat=True)[:OVERDUE_LIMIT])
    first = queries.with_related(FeedbackItem.objects.filter(pk__in=first_ids)).order_by(
        "due_on", "pk"
    )
    # Counts stop at COUNT_CAP: exact figures over a whole region's backlog cost more than
    # the start page is worth.
    context["overdue_count"] = overdue[: COUNT_CAP + 1].count()
    context["overdue"] = presenters.rows(first, today)
    context["cap"] = COUNT_CAP
    own_work = is_district_staff(user)
    context["show_open"] = own_work
    if own_work:
        context["open_count"] = queries.open_items(items).order_by()[: COUNT_CAP + 1].count()
        # What the district has to do next: send registered items on to the provider, and
        # give feedback on the provider's answers. One grouped count over the district.
        waiting = dict(
            items.filter(status__in=(Status.REGISTERED, Status.ANSWERED))
            .order_by()
            .values_list("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
        context["to_send"] = waiting.get(Status.REGISTERED, 0)
        context["to_answer"] = waiting.get(Status.ANSWERED, 0)
    # Coordinators and case workers handle their district's feedback: it opens their page.
    return [Panel("feedback/panels/dashboard.html", context, first=own_work)]


def unit_detail(request, unit):
    """Counts by kind over the last 12 months and the unit's open items (masked text), of the
    items the user reads; of those they may only count (other districts, or every item for
    the placement officer), the number open and per status (`queries.counts_for`)."""
    user = request.user
    if not is_municipal(user):
        return []
    by_status = queries.counts_for(user, by=("status",), unit=unit)
    other = {
        "by_status": by_status,
        "open": sum(row.n for row in by_status if row.is_open),
    }
    if not (sees_all_feedback(user) or is_district_staff(user)):
        return [Panel("feedback/panels/unit.html", {"unit": unit, "reads_items": False, **other})]
    today = timezone.localdate()
    since = today - dt.timedelta(days=365)
    items = queries.items_for(user).filter(unit=unit)
    counts = dict(
        items.filter(received_on__gte=since)
        .values_list("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    by_kind = [(label, counts.get(value, 0)) for value, label in Kind.choices]
    open_items = queries.with_related(items.filter(status__in=OPEN_STATUSES)).order_by(
        "received_on", "pk"
    )[:10]
    return [
        Panel(
            "feedback/panels/unit.html",
            {
                "unit": unit,
                "reads_items": True,
                **other,
                "by_kind": by_kind,
                "since": since,
                "open_rows": presenters.rows(open_items, today),
            },
        )
    ]


def provider_detail(request, provider):
    """Of the feedback about the provider and its units that the user may count but not read
    (other districts, or every item for the placement officer): the number open and per
    status, in one grouped query. Only for users who count such items
    (`queries.may_count_unread`); those who read them go to the feedback list."""
    user = request.user
    if not queries.may_count_unread(user):
        return []
    by_status = queries.counts_for(user, by=("status",), provider=provider)
    return [
        Panel(
            "feedback/panels/provider.html",
            {
                "provider": provider,
                "by_status": by_status,
                "open": sum(row.n for row in by_status if row.is_open),
                "district_staff": is_district_staff(user),
            },
        )
    ]


def portal_home(request):
    """Items that wait for the provider's answer."""
    user = request.user
    if not is_provider_user(user):
        return []
    today = timezone.localdate()
    waiting = queries.with_related(queries.items_for(user).filter(status=Status.SENT)).order_by(
        "received_on", "pk"
    )
    return [
        Panel(
            "feedback/panels/portal_home.html",
            {"count": waiting.count(), "rows": presenters.rows(waiting[:10], today)},
        )
    ]


# The slots this app fills (insyn.core.panels.SLOTS), checked at start-up.
PANELS = {
    "dashboard": dashboard,
    "unit_detail": unit_detail,
    "provider_detail": provider_detail,
    "portal_home": portal_home,
}
