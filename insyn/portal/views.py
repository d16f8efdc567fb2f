"""The provider's own view: every query goes through registry.queries scoped to user.provider."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from insyn.accounts.predicates import is_provider_user
from insyn.core import panels
from insyn.core.access import get_for_user
from insyn.core.concurrency import form_status, saved_or_conflict
from insyn.registry import queries, services
from insyn.registry.forms import PortalProviderForm, PortalUnitForm


def _provider_user(request):
    if not is_provider_user(request.user):
        raise PermissionDenied
    return request.user


@login_required
def home(request):
    user = _provider_user(request)
    provider = user.provider
    units = queries.with_framework_flag(
        queries.units_for(user).select_related("category").order_by("name")
    )
    contracts = queries.contracts_for(user).order_by("-start_date")
    return render(
        request,
        "portal/home.html",
        {
            "provider": provider,
            "units": units,
            "contracts": contracts,
            "panels": panels.collect("portal_home", request),
        },
    )


@login_required
def provider_edit(request):
    user = _provider_user(request)
    provider = get_for_user(
        user, queries.providers_for(user), "registry.change_provider", pk=user.provider_id
    )
    form = PortalProviderForm(request.POST or None, instance=provider)
    if (
        request.method == "POST"
        and form.is_valid()
        and saved_or_conflict(form, lambda: services.save_provider(form, user))
    ):
        messages.success(request, "Era kontaktuppgifter är sparade.")
        return redirect("portal:home")
    return render(
        request,
        "portal/form.html",
        {"form": form, "title": "Kontaktuppgifter"},
        status=form_status(form),
    )


@login_required
def unit_detail(request, pk):
    user = _provider_user(request)
    unit = get_for_user(
        user,
        queries.with_framework_flag(queries.units_for(user).select_related("category")),
        "registry.view_unit",
        pk=pk,
    )
    return render(request, "portal/unit_detail.html", {"unit": unit})


@login_required
def unit_edit(request, pk):
    user = _provider_user(request)
    unit = get_for_user(user, queries.units_for(user), "registry.change_unit", pk=pk)
    form = PortalUnitForm(request.POST or None, instance=unit)
    if (
        request.method == "POST"
        and form.is_valid()
        and saved_or_conflict(form, lambda: services.save_unit(form, user))
    ):
        messages.success(request, f"Uppgifterna för {unit.name} är sparade.")
        return redirect("portal:unit_detail", pk=unit.pk)
    return render(
        request,
        "portal/form.html",
        {"form": form, "title": f"Uppdatera {unit.name}", "unit": unit},
        status=form_status(form),
    )


@login_required
def contract_detail(request, pk):
    user = _provider_user(request)
    contract = get_for_user(
        user,
        queries.contracts_for(user).prefetch_related("units", "requirements"),
        "registry.view_contract",
        pk=pk,
    )
    return render(request, "portal/contract_detail.html", {"contract": contract})
