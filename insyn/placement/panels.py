"""The placement officer's section of the start page (see insyn.core.panels)."""

from insyn.accounts.predicates import is_placement_officer
from insyn.core.panels import Panel

from . import queries

RECENT = 10


def dashboard(request):
    """Placement officers, first on their page: a new search and the recommendations they
    saved, newest first. Other roles reach placement through the menu."""
    user = request.user
    if not is_placement_officer(user):
        return []
    recommendations = (
        queries.recommendations_for(user)
        .filter(created_by=user)
        .select_related("category", "case_worker")
        .order_by("-created_at", "-pk")[:RECENT]
    )
    return [
        Panel(
            "placement/_dashboard_panel.html",
            {"recommendations": list(recommendations)},
            first=True,
        )
    ]


# The slots this app fills (insyn.core.panels.SLOTS), checked at start-up.
PANELS = {"dashboard": dashboard}
