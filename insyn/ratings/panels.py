"""Sections this app adds to shared pages (see insyn.core.panels)."""

from insyn.accounts.predicates import is_case_worker
from insyn.core.panels import Panel

from . import conf, queries
from .constants import PlacementStatus


def dashboard(request):
    """Case workers, first on their page: the ratings they have to give and how many
    placements of their own and their district's are current (a count, not case references:
    the list is one click away). Others: their rating tasks when there are any; those who
    follow answer rates, the rates."""
    user = request.user
    if not user.has_perm("ratings.view_placement"):
        return []
    panels = []
    tasks = list(queries.rating_tasks_for(user)[:20])
    own_work = is_case_worker(user)
    if tasks or own_work:
        context = {"tasks": tasks}
        if own_work:
            context["placement_count"] = _current_placements(user).count()
        panels.append(Panel("ratings/_dashboard_panel.html", context, first=own_work))
    if user.has_perm("ratings.view_answer_rates"):
        rows = queries.answer_rates()
        own = next((r for r in rows if r["district_id"] == user.org_unit_id), None)
        due = sum(r["due"] for r in rows)
        answered = sum(r["answered"] for r in rows)
        panels.append(
            Panel(
                "ratings/_answer_rate_panel.html",
                {"own": own, "total_rate": queries.percent(answered, due), "due": due},
            )
        )
    return panels


def _current_placements(user):
    """The case worker's own and district's current placements (ratings.queries scope)."""
    return queries.placements_for(user).filter(status=PlacementStatus.ACTIVE).order_by()


def unit_detail(request, unit):
    if not request.user.has_perm("ratings.view_unit_rating"):
        return []
    mean, count = queries.rating_means([unit.pk])[unit.pk]
    return [
        Panel(
            "ratings/_unit_panel.html",
            {
                "mean": mean,
                "count": count,
                "min_count": conf.get("RATING_MIN_COUNT"),
                "window_months": conf.get("RATING_WINDOW_MONTHS"),
            },
        )
    ]


def portal_home(request):
    if not request.user.has_perm("ratings.view_own_ratings"):
        return []
    from .portal_views import own_unit_ratings

    return [
        Panel(
            "ratings/_portal_panel.html",
            {"rows": own_unit_ratings(request.user), "min_count": conf.get("RATING_MIN_COUNT")},
        )
    ]


# The slots this app fills (insyn.core.panels.SLOTS), checked at start-up.
PANELS = {"dashboard": dashboard, "unit_detail": unit_detail, "portal_home": portal_home}
