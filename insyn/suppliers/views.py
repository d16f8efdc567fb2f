"""Leverantörskontroll pages: a provider's checks, the manual organised-crime check and
marking a check not applicable. Thin: reads in queries.py, writes in services.py."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from insyn.core.access import get_for_user
from insyn.core.errors import act
from insyn.registry.queries import providers_for

from . import queries, services, warnings
from .forms import NotApplicableForm, OrganisedCrimeForm


def _provider(request, pk, perm="suppliers.view_checks"):
    return get_for_user(request.user, providers_for(request.user), perm, pk=pk)


def context_for(user, provider, today) -> dict:
    """What the panel and the page show: checks, IVO decisions, five years of key figures and
    the financial warning signs."""
    reports = queries.reports_for(user, provider)
    return {
        "provider": provider,
        "checks": queries.checks_for(user, provider),
        "decisions": list(queries.decisions_for(user, provider)[:20]),
        "reports": reports,
        "warnings": warnings.financial_warnings(reports, today),
        "can_record": user.has_perm("suppliers.record_check"),
    }


@login_required
def provider_checks(request, pk):
    provider = _provider(request, pk)
    context = context_for(request.user, provider, timezone.localdate())
    return render(request, "suppliers/provider.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def organised_crime(request, pk):
    provider = _provider(request, pk, "suppliers.record_check")
    form = OrganisedCrimeForm(request.POST or None)
    back = reverse("suppliers:provider_checks", args=[provider.pk])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        return act(
            request,
            partial(
                services.record_organised_crime,
                provider,
                request.user,
                data["asked_on"],
                data["answer"],
                data["reference"],
            ),
            "Kontrollen är registrerad.",
            back,
        )
    return render(
        request,
        "suppliers/form.html",
        {
            "form": form,
            "title": f"Kontroll av organiserad brottslighet: {provider.name}",
            "cancel_url": back,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def not_applicable(request, pk):
    provider = _provider(request, pk, "suppliers.record_check")
    form = NotApplicableForm(request.POST or None, initial={"kind": request.GET.get("kind")})
    back = reverse("suppliers:provider_checks", args=[provider.pk])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        return act(
            request,
            partial(
                services.mark_not_applicable, provider, data["kind"], data["reason"], request.user
            ),
            "Kontrollen är markerad som ej tillämplig.",
            back,
        )
    return render(
        request,
        "suppliers/form.html",
        {"form": form, "title": f"Ej tillämplig kontroll: {provider.name}", "cancel_url": back},
    )
