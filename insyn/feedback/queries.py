"""Reads of feedback, always scoped to what the user may see.

Visibility per role (documented in docs/feedback.md):
- admin, controller, manager: every item.
- placement officer: no item (no text); counts, categories and statuses across the
  municipality through `counts_for` (OSL 26 kap.; the placement unit needs no more for
  recommendations).
- coordinator and case worker: items whose district (the district that registered them, as
  seed 000 §3.2 routes a case worker's feedback through the district's LINK coordinator) is
  in the subtree of one of their coordinator or case worker memberships (docs/memberships.md;
  which includes what they registered themselves; a user whose memberships cover no unit sees
  only what they registered; a central membership sees every item). Units located
  in the district are not a criterion: that would need a join in an OR, which does not use
  an index on a large table, and placements cross district borders anyway.
- provider users: items about their own organisation, and only once sent to them. Items
  about a municipal org unit have no provider, so no provider ever sees them.
- anyone else: nothing.

What a coordinator or case worker may not read in full (other districts, unless their
membership is central) they may count: `counts_for` gives grouped counts, never texts,
descriptions, names of persons or identity numbers.

Public face for other apps (risk score, ranking): `risk_counts(unit_ids, since)`.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from insyn.accounts.predicates import (
    FEEDBACK_DISTRICT_ROLES,
    has_controller_role,
    is_admin,
    is_district_staff,
    is_municipal,
    is_placement_officer,
    is_provider_user,
    sees_all_feedback,
    units_acted_for,
)

from .constants import PROVIDER_VISIBLE_STATUSES, Concern, Kind, Severity, Status
from .models import EscalationAlert, FeedbackItem


def district_ids(user) -> set[int] | None:
    """The org units the user's coordinator and case worker memberships cover (each with
    everything below it); None when one of them is central (the whole municipality)."""
    return units_acted_for(user, FEEDBACK_DISTRICT_ROLES)


def items_for(user) -> QuerySet[FeedbackItem]:
    items = FeedbackItem.objects.all()
    if is_provider_user(user):
        return items.filter(provider_id=user.provider_id, status__in=PROVIDER_VISIBLE_STATUSES)
    if sees_all_feedback(user):
        return items
    if is_district_staff(user):
        ids = district_ids(user)
        if ids is None:
            return items
        if not ids:
            return items.filter(registered_by=user)
        # One indexed condition (no OR), so a district's list is read newest first from the
        # (district, received_on) index. The registering user's own items are included
        # because an item's district is the registering user's org unit.
        return items.filter(district_id__in=ids)
    return items.none()


def counted_items(user) -> QuerySet[FeedbackItem]:
    """The items the user may count but not read: for a coordinator or case worker whose
    memberships are not central, those of the other districts (and those without a district);
    for a placement officer without a district role, every item. Nothing for anyone who reads
    every item, for provider users and for other roles. Only for aggregates (`counts_for`)."""
    items = FeedbackItem.objects.all()
    if not is_municipal(user) or sees_all_feedback(user):
        return items.none()
    if is_district_staff(user):
        ids = district_ids(user)
        if ids is None:
            return items.none()
        if not ids:
            return items.exclude(registered_by=user)
        return items.exclude(district_id__in=ids)
    if is_placement_officer(user):
        return items
    return items.none()


def may_count_unread(user) -> bool:
    """The user is one who counts items they may not read (`counted_items` is not empty by
    role and membership): a coordinator or case worker without a central membership, or a
    placement officer. No query beyond the memberships the scope reads anyway."""
    return not counted_items(user).query.is_empty()


# The groupings `counts_for` accepts: name → the columns grouped on (the first is the value,
# the last the label's source).
COUNT_FIELDS = {
    "district": ("district_id", "district__name"),
    "kind": ("kind",),
    "concern": ("concern",),
    "status": ("status",),
}
_LABELS = {
    "kind": dict(Kind.choices),
    "concern": dict(Concern.choices),
    "status": dict(Status.choices),
}


@dataclass(frozen=True)
class CountRow:
    """One group of counted items: the labels of the grouped fields (the others empty), and
    their stored values for the API (`district_id` None for an item of no district, or when
    not grouped by district; a code "" when not grouped by it or not set)."""

    n: int
    district: str = ""
    kind: str = ""
    concern: str = ""
    status: str = ""
    is_open: bool = False
    district_id: int | None = None
    kind_code: str = ""
    concern_code: str = ""
    status_code: str = ""


def counts_for(user, by=("district", "kind", "concern", "status"), **filters) -> list[CountRow]:
    """Grouped counts of the items the user may not read in full (`counted_items`), one
    query (values().annotate(Count)); `filters` narrows them (e.g. unit=…, provider=…).
    Only the district's id and name and the kind, category and status values and labels
    leave here: never a text, description, person's name or identity number. Districts are
    grouped by id, so two districts of the same name stay two rows."""
    unknown = set(by) - set(COUNT_FIELDS)
    if unknown:
        raise ValueError(f"Okänd gruppering: {', '.join(sorted(unknown))}")
    columns = [column for name in by for column in COUNT_FIELDS[name]]
    ordering = [COUNT_FIELDS[name][-1] for name in by] + columns
    rows = (
        counted_items(user)
        .filter(**filters)
        .order_by()
        .values(*columns)
        .annotate(n=Count("pk"))
        .order_by(*dict.fromkeys(ordering))
    )
    result = []
    for row in rows:
        values = {}
        for name in by:
            if name == "district":
                values["district"] = row["district__name"] or "–"
                values["district_id"] = row["district_id"]
                continue
            code = row[name] or ""
            values[name] = _LABELS[name].get(code, "–")
            values[f"{name}_code"] = code
        is_open = "status" in by and row["status"] != Status.CLOSED
        result.append(CountRow(n=row["n"], is_open=is_open, **values))
    return result


def with_related(items: QuerySet[FeedbackItem]) -> QuerySet[FeedbackItem]:
    return items.select_related("provider", "unit", "district", "org_unit")


def alerts_for(user) -> QuerySet[EscalationAlert]:
    """Open alerts: a controller sees those where they are responsible or nobody is;
    admins see all."""
    alerts = EscalationAlert.objects.filter(handled_at__isnull=True).select_related(
        "unit", "provider", "item"
    )
    if is_admin(user):
        return alerts
    if has_controller_role(user):
        return alerts.filter(Q(responsible=user) | Q(responsible__isnull=True))
    return alerts.none()


def open_items(items: QuerySet[FeedbackItem]) -> QuerySet[FeedbackItem]:
    # "Not closed" rather than "status in the four open ones": the same rows, and the form
    # the partial index on (due_on, id) is declared with, so the planner can use it.
    return items.exclude(status=Status.CLOSED)


def overdue(items: QuerySet[FeedbackItem], today: dt.date) -> QuerySet[FeedbackItem]:
    return open_items(items).filter(due_on__lt=today)


def risk_counts(unit_ids, since: dt.date) -> dict[int, dict[str, int]]:
    """Feedback counts per unit received on or after `since`, for the risk score and ranking.

    Returns {unit_id: {"complaints", "lex_sarah", "serious", "total"}}; units without items
    are absent. "lex_sarah" counts Lex Sarah and Lex Maria reports; "serious" counts items of
    serious severity or reported to IVO. Not user-scoped: callers show only derived scores.
    One aggregate query.
    """
    serious = Q(severity=Severity.SERIOUS) | Q(reported_to_ivo=True)
    rows = (
        FeedbackItem.objects.filter(unit_id__in=list(unit_ids), received_on__gte=since)
        .values("unit_id")
        .annotate(
            complaints=Count("pk", filter=Q(kind=Kind.COMPLAINT)),
            lex_sarah=Count("pk", filter=Q(kind__in=[Kind.LEX_SARAH, Kind.LEX_MARIA])),
            serious=Count("pk", filter=serious),
            total=Count("pk"),
        )
    )
    return {
        row["unit_id"]: {
            "complaints": row["complaints"],
            "lex_sarah": row["lex_sarah"],
            "serious": row["serious"],
            "total": row["total"],
        }
        for row in rows
    }


# --- The counts overview on the list page ----------------------------------------------------

# The cached overviews are keyed by the counting query's SQL (two users whose memberships
# count the same districts share one entry) and by a version that every change of an item
# moves on (`forget_counts`), so a new or closed item shows at once; the lifetime bounds
# what bulk updates, which send no signal, may leave stale.
COUNTS_VERSION_KEY = "feedback:counts:version"
COUNTS_CACHE_SECONDS = 300


@dataclass(frozen=True)
class OverviewRow:
    """One line of the overview: a district's or a category's counts per kind, open, total."""

    label: str
    by_kind: tuple[int, ...]
    open: int
    total: int


@dataclass(frozen=True)
class CountsOverview:
    """What the list page shows of the items the user may only count (`counted_items`):
    per district and per category, with one column per kind that occurs."""

    kinds: tuple[str, ...]
    districts: tuple[OverviewRow, ...]
    concerns: tuple[OverviewRow, ...]
    total: OverviewRow


def overview_from(rows: list[CountRow]) -> CountsOverview | None:
    """Pivot `counts_for`'s rows (grouped by district, kind, concern and status) into the
    overview: a plain function of the rows, so it is tested without a database.

    Example: Angered with one open and one closed complaint and an open Lex Sarah report
    gives kinds ("Klagomål", "Lex Sarah-rapport") and the district row (1+1, 1), 2 open,
    3 in all."""
    if not rows:
        return None
    kinds = tuple(label for label in _LABELS["kind"].values() if any(r.kind == label for r in rows))
    position = {label: i for i, label in enumerate(kinds)}

    def table(attribute):
        # Districts by id too: two districts of the same name stay two lines.
        groups: dict[tuple, list[int]] = {}
        for row in rows:
            key = (getattr(row, attribute), row.district_id if attribute == "district" else None)
            counts = groups.setdefault(key, [0] * (len(kinds) + 2))
            counts[position[row.kind]] += row.n
            counts[-2] += row.n if row.is_open else 0
            counts[-1] += row.n
        return tuple(
            OverviewRow(key[0], tuple(c[:-2]), c[-2], c[-1])
            for key, c in sorted(
                groups.items(), key=lambda item: (item[0][0].casefold(), item[0][1] or 0)
            )
        )

    districts = table("district")
    sums = [sum(column) for column in zip(*(r.by_kind for r in districts), strict=True)]
    total = OverviewRow(
        "Totalt", tuple(sums), sum(r.open for r in districts), sum(r.total for r in districts)
    )
    return CountsOverview(kinds, districts, table("concern"), total)


def counts_overview(user) -> CountsOverview | None:
    """The overview of what `user` may count (None: nothing), from the cache when the same
    districts were counted since the last change of any item. One grouped query otherwise."""
    import hashlib

    from django.core.cache import cache

    items = counted_items(user)
    if items.query.is_empty():
        return None
    sql, params = items.query.sql_with_params()
    version = cache.get(COUNTS_VERSION_KEY, 0)
    digest = hashlib.sha256(f"{sql}|{params!r}".encode()).hexdigest()[:32]
    key = f"feedback:counts:{version}:{digest}"
    overview = cache.get(key)
    if overview is None:
        overview = overview_from(counts_for(user)) or False
        cache.set(key, overview, COUNTS_CACHE_SECONDS)
    return overview or None


def forget_counts() -> None:
    """Every cached overview is out of date (an item was added, changed or removed)."""
    from django.core.cache import cache

    try:
        cache.incr(COUNTS_VERSION_KEY)
    except ValueError:
        cache.set(COUNTS_VERSION_KEY, 1, None)
