"""Reads for follow-up, always scoped to the user; plus bulk counts other apps use.

Public face for other apps: `open_deficiency_counts(unit_ids)` (ranking) and
`OPEN_STATUSES` (public part).
"""

import datetime as dt

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from insyn.accounts.predicates import is_municipal, is_provider_user
from insyn.registry.queries import units_for

from .constants import ActionPlanStatus, DeficiencyStatus, FollowUpStatus
from .models import ActionPlan, Answer, Deficiency, FollowUp, FollowUpPlan, PlannedFollowUp

OPEN_STATUSES = (
    DeficiencyStatus.OPEN,
    DeficiencyStatus.PLAN_SUBMITTED,
    DeficiencyStatus.PLAN_ACCEPTED,
)


def plans_for(user) -> QuerySet[FollowUpPlan]:
    if is_municipal(user):
        return FollowUpPlan.objects.select_related("committee", "approved_by")
    return FollowUpPlan.objects.none()


def plan_rows_for(user) -> QuerySet[PlannedFollowUp]:
    if is_municipal(user):
        return PlannedFollowUp.objects.select_related("plan", "unit")
    return PlannedFollowUp.objects.none()


# The plan page lists a plan's rows in this order, PLAN_PAGE_SIZE to a page
# (followup.views.plan_detail); a link to one row must find the page it is on.
PLAN_ROW_ORDER = ("month", "unit__name", "pk")
PLAN_PAGE_SIZE = 100
# What the plan page's table reads of a row (with `select_related` of these relations); a
# field left out here and read by the template costs a query per row, which the plan
# page's query-count test catches.
PLAN_TABLE_FIELDS = (
    "plan_id",
    "month",
    "method",
    "rule",
    "reason",
    "score",
    "event_driven",
    "added_after_approval",
    "unit__name",
    "unit__category__name",
    "unit__provider__operation_form",
    "responsible__first_name",
    "responsible__last_name",
    "responsible__username",
    "responsible__role",
    "responsible__org_unit_id",
    "followup__status",
    "followup__planned_id",
)


def plan_positions(rows) -> dict[int, int]:
    """{row pk: how many rows of its plan come before it in PLAN_ROW_ORDER} for the given
    planned follow-ups (the start page's few), from one query over their plans' ids in that
    order: a few thousand integers. A correlated count per row (the earlier way) made
    PostgreSQL scan every unit once per row: 260 ms for 20 rows at region size (issue 16).

    Example: a plan whose rows are (March, "Ekan"), (March, "Almen"), (April, "Björken")
    gives Almen 0, Ekan 1 and Björken 2."""
    rows = list(rows)
    wanted = {row.pk for row in rows}
    if not wanted:
        return {}
    ordered = (
        PlannedFollowUp.objects.filter(plan_id__in={row.plan_id for row in rows})
        .order_by("plan_id", *PLAN_ROW_ORDER)
        .values_list("plan_id", "pk")
    )
    positions, counted = {}, {}
    for plan_id, pk in ordered.iterator(chunk_size=5000):
        position = counted.get(plan_id, 0)
        counted[plan_id] = position + 1
        if pk in wanted:
            positions[pk] = position
    return positions


def position_among(rows: QuerySet[PlannedFollowUp], row) -> int | None:
    """The 0-based position of `row` among `rows` (a plan's rows, maybe filtered) in
    PLAN_ROW_ORDER, or None when the filter leaves it out. Two queries, whatever the size."""
    if not rows.filter(pk=row.pk).exists():
        return None
    before = (
        Q(month__lt=row.month)
        | Q(month=row.month, unit__name__lt=row.unit.name)
        | Q(month=row.month, unit__name=row.unit.name, pk__lt=row.pk)
    )
    return rows.filter(before).count()


def plan_page_of(position: int) -> int:
    """The plan page (1-based) that shows the row at 0-based `position`."""
    return position // PLAN_PAGE_SIZE + 1


def followups_for(user) -> QuerySet[FollowUp]:
    """Municipal staff see all; a provider sees its own units' sent self-reports and finished
    follow-ups (drafts are the controller's working notes)."""
    qs = FollowUp.objects.select_related("unit", "unit__provider", "template", "responsible")
    if is_municipal(user):
        return qs
    if is_provider_user(user):
        return qs.filter(unit__provider_id=user.provider_id).exclude(status=FollowUpStatus.DRAFT)
    return qs.none()


def deficiencies_for(user) -> QuerySet[Deficiency]:
    qs = Deficiency.objects.select_related("unit", "unit__provider", "followup", "requirement")
    if is_municipal(user):
        return qs
    if is_provider_user(user):
        # Deficiencies reach the provider when the follow-up is finished.
        return qs.filter(unit__provider_id=user.provider_id, followup__status=FollowUpStatus.DONE)
    return qs.none()


def action_plans_for(user) -> QuerySet[ActionPlan]:
    qs = ActionPlan.objects.select_related("deficiency", "deficiency__unit")
    if is_municipal(user):
        return qs
    if is_provider_user(user):
        return qs.filter(
            deficiency__unit__provider_id=user.provider_id,
            deficiency__followup__status=FollowUpStatus.DONE,
        )
    return qs.none()


def answers_for(user) -> QuerySet[Answer]:
    return Answer.objects.filter(followup__in=followups_for(user)).select_related("question")


def units_in_scope(user):
    return units_for(user)


def _chunks(unit_ids, size=900):
    """SQLite caps bound parameters; None means every unit (one query, no IN list)."""
    if unit_ids is None:
        yield None
        return
    ids = list(unit_ids)
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _by_unit(unit_ids, build) -> dict:
    result = {}
    for chunk in _chunks(unit_ids):
        result.update(build(chunk))
    return result


# --- Bulk reads used by risk scoring and by other apps (feedback, placement) ---------------


def open_deficiency_counts(unit_ids) -> dict[int, int]:
    """Open (not yet remedied) deficiencies per unit; units without any are left out."""

    def build(chunk):
        qs = Deficiency.objects.filter(status__in=OPEN_STATUSES)
        if chunk is not None:
            qs = qs.filter(unit_id__in=chunk)
        return {r["unit_id"]: r["n"] for r in qs.values("unit_id").annotate(n=Count("pk"))}

    return _by_unit(unit_ids, build)


def overdue_action_counts(unit_ids, today: dt.date | None = None) -> dict[int, int]:
    """Deficiencies whose action plan is overdue: still open (no accepted plan) after the
    deadline, or with an accepted plan whose due date has passed without remedy."""
    today = today or timezone.localdate()
    overdue = Q(status=DeficiencyStatus.OPEN, deadline__lt=today) | Q(
        status=DeficiencyStatus.PLAN_ACCEPTED,
        action_plans__status=ActionPlanStatus.ACCEPTED,
        action_plans__due_date__lt=today,
    )

    def build(chunk):
        qs = Deficiency.objects.filter(overdue)
        if chunk is not None:
            qs = qs.filter(unit_id__in=chunk)
        rows = qs.values("unit_id").annotate(n=Count("pk", distinct=True))
        return {r["unit_id"]: r["n"] for r in rows}

    return _by_unit(unit_ids, build)


def last_followup_dates(unit_ids) -> dict[int, dt.date]:

    def build(chunk):
        qs = FollowUp.objects.filter(status=FollowUpStatus.DONE, performed_on__isnull=False)
        if chunk is not None:
            qs = qs.filter(unit_id__in=chunk)
        rows = qs.values("unit_id").annotate(last=Max("performed_on"))
        return {r["unit_id"]: r["last"] for r in rows}

    return _by_unit(unit_ids, build)


# --- Filters on the plan page ---------------------------------------------------------------

PLAN_STATES = (("planned", "Planerad"), ("done", "Genomförd"), ("overdue", "Försenad"))
REGI = (("own", "Egen regi"), ("private", "Privata och idéburna utförare"))


def filter_plan_rows(rows, filters: dict, plan_year: int, today: dt.date, user):
    """Narrow a plan's rows by the plan page's filters (all optional, combined with AND):
    `month` (1–12), `category` (a Category), `responsible` ("me" or a user), `state`
    ("planned", "done", "overdue", as progress.row_state decides them, here in the
    database) and `regi` ("own" = egen regi, "private" = every other operation form).

    Example: in March 2026, the 2026 plan's rows of January and February without a
    finished follow-up are "overdue"; March's and later ones are "planned"; with
    `{"state": "overdue", "regi": "own"}` only the overdue rows of own units remain.
    """
    from insyn.registry.constants import OperationForm

    if filters.get("month"):
        rows = rows.filter(month=int(filters["month"]))
    if filters.get("category"):
        rows = rows.filter(unit__category=filters["category"])
    responsible = filters.get("responsible")
    if responsible == "me":
        rows = rows.filter(responsible=user)
    elif responsible:
        rows = rows.filter(responsible_id=int(responsible))
    if filters.get("regi") == "own":
        rows = rows.filter(unit__provider__operation_form=OperationForm.OWN)
    elif filters.get("regi") == "private":
        rows = rows.exclude(unit__provider__operation_form=OperationForm.OWN)
    state = filters.get("state")
    if state:
        done = Q(followup__status=FollowUpStatus.DONE)
        # Months before this one have passed (all of them for a past year, none for a
        # future one).
        if plan_year < today.year:
            passed = Q(month__lte=12)
        elif plan_year > today.year:
            passed = Q(pk__in=[])
        else:
            passed = Q(month__lt=today.month)
        rows = rows.filter(
            {"done": done, "overdue": ~done & passed, "planned": ~done & ~passed}[state]
        )
    return rows
