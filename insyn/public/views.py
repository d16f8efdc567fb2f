"""Public pages (no login) and open data, plus the controllers' publication pages under
/insyn/hantera/. Public views read only through queries.published_*."""

import json
from functools import partial

from auditlog.models import LogEntry
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from insyn.core.access import require_perm
from insyn.core.confirm import confirm_first
from insyn.core.errors import act
from insyn.core.pagination import paginate
from insyn.followup.models import FollowUp
from insyn.registry.constants import OperationForm
from insyn.registry.models import Provider, Unit

from . import conf, opendata, queries, services, summaries
from .constants import Regi
from .forms import FollowUpPublishForm, UnitSearchForm
from .models import PublishedFollowUp, PublishedProvider, PublishedUnit, PublishedYear

# --- Public pages --------------------------------------------------------------------------


def start(request):
    return render(
        request,
        "public/start.html",
        {
            "section": "start",
            "min_count": summaries.min_count(),
            "years": list(queries.published_years().values_list("year", flat=True)[:5]),
        },
    )


def unit_list(request):
    form = UnitSearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    units = queries.search_units(
        q=data.get("q", ""), category=data.get("category"), regi_value=data.get("regi", "")
    )
    page = paginate(request, units)
    rows = [queries.unit_row(u) for u in page.object_list]
    return render(
        request,
        "public/unit_list.html",
        {"section": "units", "form": form, "page": page, "rows": rows},
    )


def unit_detail(request, pk):
    unit = queries.units_with_details(queries.published_units()).filter(pk=pk).first()
    if unit is None:
        raise Http404
    return render(
        request,
        "public/unit_detail.html",
        {"section": "units", "unit": queries.unit_row(unit, with_details=True)},
    )


def provider_list(request):
    regi = request.GET.get("regi", "")
    providers = queries.published_providers()
    if regi == Regi.OWN:
        providers = providers.filter(operation_form=OperationForm.OWN)
    elif regi == Regi.OTHER:
        providers = providers.exclude(operation_form=OperationForm.OWN)
    page = paginate(request, providers.order_by("name", "pk"))
    rows = queries.provider_rows(page.object_list)
    rows.sort(key=lambda r: r["name"].casefold())
    return render(
        request,
        "public/provider_list.html",
        {
            "section": "providers",
            "page": page,
            "rows": rows,
            "regi": regi,
            "regi_choices": Regi.choices,
        },
    )


def provider_detail(request, pk):
    provider = queries.published_providers().filter(pk=pk).first()
    if provider is None:
        raise Http404
    units = (
        queries.published_units()
        .filter(provider=provider)
        .select_related("provider", "category", "publication")
    )
    return render(
        request,
        "public/provider_detail.html",
        {
            "section": "providers",
            "provider": queries.provider_rows([provider])[0],
            "units": [queries.unit_row(u) for u in units.order_by("name", "pk")],
        },
    )


def year_list(request):
    return render(
        request, "public/year_list.html", {"section": "years", "years": queries.published_years()}
    )


def year_detail(request, year):
    published = get_object_or_404(PublishedYear, year=year)
    return render(
        request,
        "public/year_detail.html",
        {"section": "years", "summary": summaries.present(published)},
    )


def open_data(request):
    return render(
        request,
        "public/open_data.html",
        {
            "section": "open_data",
            "license_url": conf.get("LICENSE_URL"),
            "license_name": conf.get("LICENSE_NAME"),
        },
    )


def accessibility(request):
    return render(request, "public/accessibility.html")


def _file(content: str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site may read it
    return response


CSV = "text/csv; charset=utf-8"
JSON = "application/json; charset=utf-8"


def units_csv(request):
    return _file(
        opendata.to_csv(opendata.UNIT_FIELDS, opendata.unit_rows()), CSV, "verksamheter.csv"
    )


def units_json(request):
    text = opendata.to_json(opendata.UNIT_FIELDS, opendata.unit_rows(), "Verksamheter")
    return _file(text, JSON, "verksamheter.json")


def followups_csv(request):
    rows = opendata.followup_rows()
    return _file(opendata.to_csv(opendata.FOLLOWUP_FIELDS, rows), CSV, "uppfoljningar.csv")


def followups_json(request):
    text = opendata.to_json(opendata.FOLLOWUP_FIELDS, opendata.followup_rows(), "Uppföljningar")
    return _file(text, JSON, "uppfoljningar.json")


def contracts_ocds(request):
    package = opendata.ocds_package(request.build_absolute_uri(reverse("public:contracts_ocds")))
    return _file(json.dumps(package, ensure_ascii=False, indent=2), JSON, "avtal-ocds.json")


# --- Publication (controllers) -------------------------------------------------------------


def _back(request, obj):
    """Where a publication button returns to: the page it was pressed on (a local `next`),
    else the object's own page."""
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return target
    return obj.get_absolute_url()


@login_required
def manage(request):
    require_perm(request.user, "public.publish")
    types = ContentType.objects.get_for_models(
        PublishedProvider, PublishedUnit, PublishedFollowUp, PublishedYear
    ).values()
    history = (
        LogEntry.objects.filter(content_type__in=types)
        .select_related("actor")
        .order_by("-timestamp")[:50]
    )
    this_year = timezone.localdate().year
    return render(
        request,
        "public/manage.html",
        {
            "units": PublishedUnit.objects.select_related(
                "unit", "unit__provider", "published_by"
            ).order_by("unit__name"),
            "years": PublishedYear.objects.select_related("published_by"),
            "year_choices": list(range(this_year, this_year - 6, -1)),
            "history": history,
        },
    )


def _staff_object(request, model, pk):
    require_perm(request.user, "public.publish")
    return get_object_or_404(model.objects.all(), pk=pk)


PUBLIC_NOTE = (
    "Sidorna är öppna för alla utan inloggning och kan kopieras av andra; "
    "”Sluta publicera” tar bort dem från Insyn, inte kopior som redan gjorts."
)


def _ask_publish(request, what, shown, cancel_url):
    return confirm_first(
        request,
        title=f"Publicera {what}?",
        consequences=[f"{shown} visas på Insyns öppna sidor och i öppna data.", PUBLIC_NOTE],
        confirm_label="Ja, publicera",
        cancel_url=cancel_url,
    )


def _publication_view(model, change, done, shown=None):
    """A staff button that publishes or unpublishes one object: `change(obj, user)` is the
    service, `done` the message (a template over `obj`); back to the page it was pressed on.
    With `shown` (what becomes public, a template over `obj`) the step is confirmed first."""

    @login_required
    @require_POST
    def view(request, pk):
        obj = _staff_object(request, model, pk)
        home = obj.unit if isinstance(obj, FollowUp) else obj
        if shown:
            what = shown.format(obj=obj)
            ask = _ask_publish(request, what.split(":")[0].lower(), what, _back(request, home))
            if ask:
                return ask
        change_it = partial(change, obj, request.user)
        return act(request, change_it, done.format(obj=obj), _back(request, home))

    return view


unit_publish = _publication_view(
    Unit,
    services.publish_unit,
    "Verksamheten {obj.name} är publicerad på de öppna sidorna.",
    shown="Verksamheten: {obj.name}, dess beskrivning, adress och platser, och utföraren",
)
unit_unpublish = _publication_view(
    Unit, services.unpublish_unit, "Verksamheten {obj.name} visas inte längre på de öppna sidorna."
)
provider_publish = _publication_view(
    Provider,
    services.publish_provider,
    "Utföraren {obj.name} är publicerad på de öppna sidorna.",
    shown="Utföraren: {obj.name} med organisationsnummer och kontaktuppgifter",
)
provider_unpublish = _publication_view(
    Provider,
    services.unpublish_provider,
    "Utföraren {obj.name} och dess verksamheter visas inte längre på de öppna sidorna.",
)
followup_unpublish = _publication_view(
    FollowUp,
    services.unpublish_followup,
    "Resultatet av uppföljningen visas inte längre på de öppna sidorna.",
)


@login_required
@require_POST
def followup_publish(request, pk):
    followup = _staff_object(request, FollowUp, pk)
    form = FollowUpPublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Texten för allmänheten får vara högst 600 tecken.")
        return redirect(_back(request, followup.unit))
    text = form.cleaned_data["public_text"]
    ask = _ask_publish(
        request,
        "resultatet",
        f"Resultatet av uppföljningen av {followup.unit.name} (datum, metod, bedömning"
        + (f" och texten ”{text}”)" if text else ")"),
        _back(request, followup.unit),
    )
    if ask:
        return ask
    publish = partial(services.publish_followup, followup, request.user, text)
    done = "Resultatet av uppföljningen är publicerat."
    return act(request, publish, done, _back(request, followup.unit))


def _year(request, year, change, done):
    require_perm(request.user, "public.publish")
    change_it = partial(change, year, request.user)
    return act(request, change_it, done.format(year=year), "public:manage")


@login_required
@require_POST
def year_publish(request, year):
    require_perm(request.user, "public.publish")
    ask = _ask_publish(
        request,
        f"årssammanställningen {year}",
        f"Antalet avslutade uppföljningar {year} per område och bedömning, räknat i dag",
        reverse("public:manage"),
    )
    if ask:
        return ask
    done = "Årssammanställningen för {year} är publicerad med dagens siffror."
    return _year(request, year, services.publish_year, done)


@login_required
@require_POST
def year_unpublish(request, year):
    done = "Årssammanställningen för {year} visas inte längre på de öppna sidorna."
    return _year(request, year, services.unpublish_year, done)
