"""Start page, health check and the login view."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render

from insyn.accounts.predicates import is_municipal, is_provider_user
from insyn.registry import queries

from . import panels
from .forms import LoginForm


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True


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
