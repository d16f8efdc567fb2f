"""Staff pages for the register: lists with filters, detail, create/edit, history."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from insyn.core import panels
from insyn.core.access import get_for_user, refuse, require_perm
from insyn.core.concurrency import form_status, saved_or_conflict
from insyn.core.confirm import confirm_first
from insyn.core.errors import act
from insyn.core.files import download_response
from insyn.core.history import history_page
from insyn.core.ids import parse_id
from insyn.core.pagination import paginate
from insyn.core.search import folded_contains

from . import queries, services
from .filters import ContractFilter, ProviderFilter, UnitFilter, apply_filter
from .forms import (
    ContractDocumentForm,
    ContractForm,
    ContractPartForm,
    ProviderForm,
    RequirementFormSet,
    UnitForm,
)
from .models import ContractCommittee, ContractDocument, Unit
from .validators import normalize_org_number


def _list_page(request, template, filterset_class, queryset, default_order, export_name):
    require_perm(request.user, "registry.export_register")
    filterset, rows = apply_filter(request, filterset_class, queryset, default_order)
    return render(
        request,
        template,
        {"filter": filterset, "page": paginate(request, rows), "export_name": export_name},
    )


@login_required
def provider_list(request):
    providers = queries.providers_with_framework_flag(queries.providers_for(request.user))
    providers = queries.with_unit_count(providers)
    return _list_page(
        request,
        "registry/provider_list.html",
        ProviderFilter,
        providers,
        ("name", "pk"),
        "registry:provider_export",
    )


@login_required
def provider_detail(request, pk):
    provider = get_for_user(
        request.user, queries.providers_for(request.user), "registry.view_provider", pk=pk
    )
    units = queries.with_framework_flag(provider.units.select_related("category", "district"))
    contracts = provider.contracts.select_related("committee").order_by("-start_date")
    return render(
        request,
        "registry/provider_detail.html",
        {
            "provider": provider,
            "units": units,
            "contracts": contracts,
            "panels": panels.collect("provider_detail", request, provider),
        },
    )


@login_required
def provider_create(request):
    require_perm(request.user, "registry.add_provider")
    form = ProviderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        provider = services.save_provider(form, request.user)
        messages.success(request, f"Utföraren {provider.name} är registrerad.")
        return redirect(provider)
    return render(
        request,
        "registry/form.html",
        {"form": form, "title": "Ny utförare", "cancel_url": reverse("registry:provider_list")},
    )


@login_required
def provider_edit(request, pk):
    provider = get_for_user(
        request.user, queries.providers_for(request.user), "registry.view_provider", pk=pk
    )
    require_perm(request.user, "registry.add_provider")
    form = ProviderForm(request.POST or None, instance=provider)
    if (
        request.method == "POST"
        and form.is_valid()
        and saved_or_conflict(form, lambda: services.save_provider(form, request.user))
    ):
        messages.success(request, "Ändringarna är sparade.")
        return redirect(provider)
    return render(
        request,
        "registry/form.html",
        {
            "form": form,
            "title": f"Ändra {provider.name}",
            "cancel_url": provider.get_absolute_url(),
        },
        status=form_status(form),
    )


@login_required
@require_POST
def provider_delete(request, pk):
    provider = get_for_user(
        request.user, queries.providers_for(request.user), "registry.delete_provider", pk=pk
    )
    services.soft_delete(provider, request.user)
    messages.success(request, f"Utföraren {provider.name} är borttagen (finns kvar i historiken).")
    return redirect("registry:provider_list")


def _history(request, obj, title, related=()):
    require_perm(request.user, "registry.view_history", obj)
    return history_page(request, obj, title, related=related)


@login_required
def provider_history(request, pk):
    provider = get_for_user(
        request.user, queries.providers_for(request.user), "registry.view_provider", pk=pk
    )
    return _history(request, provider, f"Historik för {provider.name}")


@login_required
def unit_list(request):
    units = queries.with_framework_flag(
        queries.units_for(request.user).select_related("provider", "category", "district")
    )
    return _list_page(
        request,
        "registry/unit_list.html",
        UnitFilter,
        units,
        ("name", "pk"),
        "registry:unit_export",
    )


@login_required
def unit_detail(request, pk):
    unit = get_for_user(
        request.user,
        queries.with_framework_flag(
            queries.units_for(request.user).select_related("provider", "category", "district")
        ),
        "registry.view_unit",
        pk=pk,
    )
    contracts = unit.contracts.select_related("committee").order_by("-start_date")
    return render(
        request,
        "registry/unit_detail.html",
        {
            "unit": unit,
            "contracts": contracts,
            "panels": panels.collect("unit_detail", request, unit),
        },
    )


@login_required
def unit_create(request):
    require_perm(request.user, "registry.add_unit")
    initial = _provider_initial(request)
    form = UnitForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        unit = services.save_unit(form, request.user)
        messages.success(request, f"Verksamheten {unit.name} är registrerad.")
        return redirect(unit)
    return render(
        request,
        "registry/form.html",
        {"form": form, "title": "Ny verksamhet", "cancel_url": reverse("registry:unit_list")},
    )


@login_required
def unit_edit(request, pk):
    unit = get_for_user(request.user, queries.units_for(request.user), "registry.view_unit", pk=pk)
    require_perm(request.user, "registry.add_unit")
    form = UnitForm(request.POST or None, instance=unit)
    if (
        request.method == "POST"
        and form.is_valid()
        and saved_or_conflict(form, lambda: services.save_unit(form, request.user))
    ):
        messages.success(request, "Ändringarna är sparade.")
        return redirect(unit)
    return render(
        request,
        "registry/form.html",
        {"form": form, "title": f"Ändra {unit.name}", "cancel_url": unit.get_absolute_url()},
        status=form_status(form),
    )


@login_required
def unit_history(request, pk):
    unit = get_for_user(request.user, queries.units_for(request.user), "registry.view_unit", pk=pk)
    return _history(request, unit, f"Historik för {unit.name}")


@login_required
def contract_list(request):
    contracts = queries.contracts_for(request.user).select_related("provider", "committee")
    return _list_page(
        request,
        "registry/contract_list.html",
        ContractFilter,
        contracts,
        ("-start_date", "pk"),
        "registry:contract_export",
    )


@login_required
def contract_detail(request, pk):
    contract = get_for_user(
        request.user,
        queries.contracts_for(request.user)
        .select_related("provider", "committee", "owner")
        .prefetch_related(
            Prefetch("units", queryset=Unit.objects.select_related("category")),
            "requirements",
            "documents",
            Prefetch(
                "committee_parts",
                queryset=ContractCommittee.objects.select_related("committee").prefetch_related(
                    "categories"
                ),
            ),
        ),
        "registry.view_contract",
        pk=pk,
    )
    return render(
        request,
        "registry/contract_detail.html",
        {
            "contract": contract,
            "can_change": request.user.has_perm("registry.change_contract", contract),
            "can_change_parts": request.user.has_perm("registry.change_contract_parts", contract),
            "document_form": ContractDocumentForm(),
            "panels": panels.collect("contract_detail", request, contract),
        },
    )


def _provider_initial(request) -> dict:
    """`?provider=` preselects the provider; an id that is not one is ignored."""
    provider = parse_id(request.GET.get("provider"))
    return {"provider": str(provider)} if provider else {}


def _contract_form(request, contract=None):
    initial = _provider_initial(request)
    form = ContractForm(request.POST or None, instance=contract, initial=initial, user=request.user)
    requirements = RequirementFormSet(request.POST or None, instance=form.instance)
    if (
        request.method == "POST"
        and form.is_valid()
        and requirements.is_valid()
        and saved_or_conflict(
            form, lambda: services.save_contract(form, requirements, request.user)
        )
    ):
        messages.success(request, f"Avtalet {form.instance.title} är sparat.")
        return redirect(form.instance)
    title = f"Ändra {contract.title}" if contract else "Nytt avtal"
    return render(
        request,
        "registry/contract_form.html",
        {"form": form, "requirements": requirements, "title": title, "contract": contract},
        status=form_status(form),
    )


@login_required
def contract_unit_options(request):
    """htmx fragment: the unit <option>s of the provider chosen in the contract form."""
    require_perm(request.user, "registry.add_contract")
    provider_id = parse_id(request.GET.get("provider")) or 0
    units = queries.units_for(request.user).filter(provider_id=provider_id)
    return render(
        request, "registry/_unit_options.html", {"units": units.only("pk", "name").order_by("name")}
    )


PICKER_MIN_TERM = 2
PICKER_MAX_OPTIONS = 50


def _picker_options(request, param, scoped, match):
    """The search pickers' shared rule: active objects of the user's scope matching the term
    (`match(term)` gives the Q), at most PICKER_MAX_OPTIONS; none for a one-letter term."""
    require_perm(request.user, "registry.export_register")
    term = (request.GET.get(param) or "").strip()
    if len(term) < PICKER_MIN_TERM:
        return []
    return list(
        scoped.filter(active=True).filter(match(term)).order_by("name", "pk")[:PICKER_MAX_OPTIONS]
    )


@login_required
def unit_search(request):
    """htmx fragment for the unit picker: active units by unit or provider name."""
    units = _picker_options(
        request,
        "unit_search",
        queries.units_for(request.user).select_related("provider"),
        lambda term: folded_contains("name", term) | folded_contains("provider__name", term),
    )
    return render(request, "registry/_unit_search_options.html", {"units": units})


@login_required
def provider_search(request):
    """htmx fragment for the provider picker: active providers by name or org.nr."""
    providers = _picker_options(
        request,
        "provider_search",
        queries.providers_for(request.user).only("pk", "name", "org_number"),
        lambda term: (
            folded_contains("name", term) | Q(org_number__startswith=normalize_org_number(term))
        ),
    )
    return render(request, "registry/_provider_search_options.html", {"providers": providers})


@login_required
def contract_create(request):
    require_perm(request.user, "registry.add_contract")
    return _contract_form(request)


def _contract_to_change(request, pk, perm="registry.change_contract", why=None):
    """The contract, when the user may see it (404 otherwise) and has `perm` on it (403 with
    why: only its responsible committee's controllers change it or its parts)."""
    contract = get_for_user(
        request.user,
        queries.contracts_for(request.user).select_related("committee"),
        "registry.view_contract",
        pk=pk,
    )
    if not request.user.has_perm(perm, contract):
        refuse(request.user, perm, contract, (why or services.contract_refusal)(contract))
    return contract


@login_required
def contract_edit(request, pk):
    return _contract_form(request, _contract_to_change(request, pk))


@login_required
def contract_history(request, pk):
    contract = get_for_user(
        request.user, queries.contracts_for(request.user), "registry.view_contract", pk=pk
    )
    # The committees' parts' field changes belong on the contract's page; a removed part's
    # removal is the contract's own event (services.remove_part).
    parts = ContractCommittee.objects.filter(contract=contract)
    return _history(request, contract, f"Historik för {contract.title}", related=[parts])


@login_required
@require_POST
def contract_document_upload(request, pk):
    contract = _contract_to_change(request, pk)
    form = ContractDocumentForm(request.POST, request.FILES)
    if form.is_valid():
        services.add_contract_document(form, contract, request.user)
        messages.success(request, "Dokumentet är bifogat.")
    else:
        problems = " ".join(
            f"{form.fields[name].label}: {error}"
            for name, errors in form.errors.items()
            for error in errors
        )
        messages.error(request, f"Dokumentet kunde inte bifogas: {problems}")
    return redirect(contract)


@login_required
def contract_document_download(request, pk, document_pk):
    contract = get_for_user(
        request.user, queries.contracts_for(request.user), "registry.view_contract", pk=pk
    )
    document = get_object_or_404(ContractDocument, contract=contract, pk=document_pk)
    return download_response(request, document.file, document.filename, contract)


# --- The committees' parts of a contract ------------------------------------------------------


def _contract_for_parts(request, pk):
    return _contract_to_change(
        request, pk, "registry.change_contract_parts", services.parts_refusal
    )


def _part(contract, part_pk):
    return get_object_or_404(
        ContractCommittee.objects.select_related("committee", "contract__committee"),
        contract=contract,
        pk=part_pk,
    )


def _parts_url(contract) -> str:
    return f"{contract.get_absolute_url()}#delar"


def _part_form_page(request, form, title, contract):
    return render(
        request,
        "registry/form.html",
        {"form": form, "title": title, "cancel_url": _parts_url(contract)},
        status=form_status(form),
    )


@login_required
def contract_part_add(request, pk):
    contract = _contract_for_parts(request, pk)
    form = ContractPartForm(request.POST or None, contract=contract)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        add = partial(
            services.add_part,
            contract,
            data["committee"],
            data["part"],
            data["categories"],
            request.user,
        )
        success = f"{data['committee'].name} har fått en del av avtalet."
        return act(request, add, success, _parts_url(contract))
    return _part_form_page(request, form, f"Lägg till en nämnds del av {contract.title}", contract)


@login_required
def contract_part_edit(request, pk, part_pk):
    contract = _contract_for_parts(request, pk)
    part = _part(contract, part_pk)
    form = ContractPartForm(request.POST or None, instance=part, contract=contract)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        change = partial(services.change_part, part, data["part"], data["categories"], request.user)
        success = f"Delen för {part.committee.name} är ändrad."
        return act(request, change, success, _parts_url(contract))
    title = f"Ändra delen för {part.committee.name} i {contract.title}"
    return _part_form_page(request, form, title, contract)


@login_required
@require_POST
def contract_part_remove(request, pk, part_pk):
    contract = _contract_for_parts(request, pk)
    part = _part(contract, part_pk)
    # The responsible committee's part cannot go: say so at once rather than ask first.
    if not services.is_responsible_part(part):
        ask = confirm_first(
            request,
            title=f"Ta bort delen för {part.committee.name}?",
            consequences=[
                f"{part.committee.name} har inte längre någon del av avtalet {contract.title}: "
                "avtalet försvinner ur nämndens avtalslista och uppföljningsplan.",
                "Uppföljningar som redan gjorts finns kvar. Borttagningen syns i avtalets "
                "historik.",
            ],
            confirm_label="Ja, ta bort delen",
            cancel_url=_parts_url(contract),
        )
        if ask:
            return ask
    remove = partial(services.remove_part, part, request.user)
    success = f"Delen för {part.committee.name} är borttagen."
    return act(request, remove, success, _parts_url(contract))
