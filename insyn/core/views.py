"""Start page, health check and the error pages (JSON under /api/)."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views import defaults

from insyn.accounts.predicates import is_municipal, is_provider_user
from insyn.registry import queries

from . import panels


@login_required
def api_tokens(request):
    """The person's own API tokens: when made, when they expire; revoke them (POST)."""
    from django.contrib import messages
    from rest_framework.authtoken.models import Token

    from .tokens import describe, revoke_tokens

    if request.method == "POST":
        count = revoke_tokens(request.user)
        if count:
            messages.success(request, "Din API-token är återkallad och fungerar inte längre.")
        else:
            messages.info(request, "Du hade ingen API-token att återkalla.")
        return redirect("api_tokens")
    tokens = [describe(t) for t in Token.objects.filter(user=request.user)]
    return render(request, "core/api_tokens.html", {"tokens": tokens})


@login_required
def home(request):
    user = request.user
    if is_provider_user(user):
        return redirect("portal:home")
    if not is_municipal(user):
        return render(request, "core/no_role.html", status=403)
    counts = {
        "providers": queries.providers_for(user).count(),
        "units": queries.units_for(user).count(),
        "contracts": queries.contracts_for(user).count(),
    }
    return render(
        request,
        "core/home.html",
        {"counts": counts, "panels": panels.collect("dashboard", request)},
    )


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


# --- error pages: JSON under /api/, Swedish pages elsewhere -------------------------------

API_PREFIX = "/api/"
SERVER_ERROR = (
    "Ett oväntat fel inträffade. Felet är loggat; försök igen om en stund, och kontakta "
    "systemförvaltningen om det upprepas."
)
API_ERRORS = {
    400: "Begäran kunde inte tolkas.",
    403: "Du har inte behörighet att göra detta.",
    404: "Adressen finns inte i API:t.",
    500: SERVER_ERROR,
}


def is_api_request(request) -> bool:
    return request.path.startswith(API_PREFIX)


def _api_error(status: int, detail: str | None = None):
    return JsonResponse({"detail": detail or API_ERRORS[status]}, status=status)


def bad_request(request, exception=None):
    if is_api_request(request):
        return _api_error(400)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception=None):
    if is_api_request(request):
        return _api_error(403)
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception=None):
    if is_api_request(request):
        return _api_error(404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    """A 500 as JSON for API clients; otherwise 500.html, rendered without a request
    context so a broken context processor can't break the error page as well."""
    if is_api_request(request):
        return _api_error(500)
    return defaults.server_error(request)
