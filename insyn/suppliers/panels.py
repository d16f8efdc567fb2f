"""The "Leverantörskontroll" panel on the provider page (see insyn.core.panels)."""

from django.utils import timezone

from insyn.accounts.predicates import is_municipal
from insyn.core.panels import Panel

from . import queries
from .views import context_for


def provider_detail(request, provider):
    user = request.user
    if not user.has_perm("suppliers.view_checks"):
        return []
    return [
        Panel("suppliers/panels/provider.html", context_for(user, provider, timezone.localdate()))
    ]


def unit_detail(request, unit):
    """The unit's provider's checks and warning signs, on the unit page and the dossier
    before a visit."""
    user = request.user
    if not user.has_perm("suppliers.view_checks"):
        return []
    context = context_for(user, unit.provider, timezone.localdate())
    return [Panel("suppliers/panels/provider.html", {**context, "for_unit": unit})]


def dashboard(request):
    """Controllers: the providers with a red flag in their checks, newest first."""
    user = request.user
    if not user.has_perm("suppliers.record_check") or not is_municipal(user):
        return []
    flagged = queries.red_flags()
    rows = list(flagged.select_related("provider")[:10])
    if not rows:
        return []
    return [Panel("suppliers/panels/dashboard.html", {"rows": rows, "count": flagged.count()})]


def portal_home(request):
    """A link for the provider to send in its annual report."""
    if not request.user.has_perm("suppliers.upload_own_report"):
        return []
    return [Panel("suppliers/panels/portal_home.html")]


PANELS = {
    "dashboard": dashboard,
    "provider_detail": provider_detail,
    "unit_detail": unit_detail,
    "portal_home": portal_home,
}
