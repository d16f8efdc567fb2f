"""The manager's section of the start page: what waits for the committee (see core.panels)."""

from django.utils import timezone

from insyn.accounts.predicates import is_manager
from insyn.core.panels import Panel

from . import queries


def dashboard(request):
    """Managers, first on their page: goals whose status waits for confirmation (this year
    and last) and the reports the committee decides on for last year."""
    user = request.user
    if not is_manager(user) or not user.has_perm("reports.view_reports"):
        return []
    year = timezone.localdate().year
    goals = (
        queries.goals_for(user)
        .filter(year__in=(year - 1, year), status="")
        .prefetch_related(None)  # the panel shows no indicators
        .order_by("year", "org_unit__name", "title", "pk")
    )
    return [
        Panel(
            "reports/_dashboard_panel.html",
            {"goals": list(goals[:20]), "report_year": year - 1},
            first=True,
        )
    ]


# The slots this app fills (insyn.core.panels.SLOTS), checked at start-up.
PANELS = {"dashboard": dashboard}
