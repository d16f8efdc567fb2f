"""The "Leverantörskontroll" panel on the provider page (see insyn.core.panels)."""

from django.urls import reverse
from django.utils import timezone

from insyn.accounts.predicates import is_municipal
from insyn.core.panels import Panel
from insyn.registry.queries import providers_for

from . import queries
from .documents import document_gaps
from .views import context_for


def provider_detail(request, provider):
    user = request.user
    if not user.has_perm("suppliers.view_checks"):
        return []
    today = timezone.localdate()
    documents = list(queries.documents_for(user, provider))
    return [
        Panel("suppliers/panels/provider.html", context_for(user, provider, today)),
        Panel(
            "suppliers/panels/documents.html",
            {
                "provider": provider,
                "documents": documents[:5],
                "count": len(documents),
                "gaps": document_gaps(documents, today),
                "link": reverse("suppliers:provider_documents", args=[provider.pk]),
            },
        ),
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
    """Controllers: the providers with a red flag in their checks, newest first, and the
    providers with a running contract whose required documents are missing or expired."""
    user = request.user
    if not user.has_perm("suppliers.record_check") or not is_municipal(user):
        return []
    panels = []
    flagged = queries.red_flags()
    rows = list(flagged.select_related("provider")[:10])
    if rows:
        panels.append(
            Panel("suppliers/panels/dashboard.html", {"rows": rows, "count": flagged.count()})
        )
    count, gaps = queries.document_gap_rows(timezone.localdate())
    if gaps:
        panels.append(
            Panel("suppliers/panels/dashboard_documents.html", {"rows": gaps, "count": count})
        )
    return panels


def portal_home(request):
    """A link for the provider to send in its annual report and documents, and which
    required documents are missing or expired."""
    user = request.user
    if not user.has_perm("suppliers.upload_own_report"):
        return []
    provider = providers_for(user).first()
    gaps = []
    if provider is not None:
        gaps = document_gaps(queries.documents_for(user, provider), timezone.localdate())
    return [Panel("suppliers/panels/portal_home.html", {"gaps": gaps})]


PANELS = {
    "dashboard": dashboard,
    "provider_detail": provider_detail,
    "unit_detail": unit_detail,
    "portal_home": portal_home,
}
