"""The "Leverantörskontroll" panel on the provider page (see insyn.core.panels)."""

from django.utils import timezone

from insyn.core.panels import Panel

from .views import context_for


def provider_detail(request, provider):
    user = request.user
    if not user.has_perm("suppliers.view_checks"):
        return []
    return [
        Panel("suppliers/panels/provider.html", context_for(user, provider, timezone.localdate()))
    ]


PANELS = {"provider_detail": provider_detail}
