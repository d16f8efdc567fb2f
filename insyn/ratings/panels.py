"""Sections this app adds to shared pages (see insyn.core.panels)."""

from insyn.accounts.predicates import is_case_worker
from insyn.core.panels import Panel

from . import conf, queries


def dashboard(request):
    user = request.user
    if not user.has_perm("ratings.view_placement"):
        return []
    panels = []
    tasks = list(queries.rating_tasks_for(user)[:20])
    if tasks or is_case_worker(user):
        panels.append(Panel("ratings/_dashboard_panel.html", {"tasks": tasks}))
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
