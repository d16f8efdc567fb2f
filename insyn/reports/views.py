"""Staff report pages: the feedback tertial table, indicators and goals, the annual report and
the council report on strategic contracts. Thin: scope, form, one service, message, redirect.
"""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from insyn.core.access import get_for_user, require_perm

from . import queries, services, tertial
from .forms import ScopeForm, TableNotesForm
from .rules import writes_texts_for


def _int(value, default=None):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def resolve_scope(request, data=None):
    """(year, org_unit) asked for in `data` (GET by default).

    An org unit outside the user's scope, or one that does not exist, is a 404; asking for
    the whole municipality without seeing everything is a 403.
    """
    data = request.GET if data is None else data
    user = request.user
    year = _int(data.get("year"), dt.date.today().year)
    if not 2000 <= year <= 2100:
        raise Http404
    raw = data.get("org_unit")
    if raw in (None, ""):
        org_unit = queries.default_org_unit(user) if raw is None else None
    else:
        org_unit = get_for_user(
            user, queries.orgunits_for(user), "reports.view_org_unit", pk=_int(raw, -1)
        )
    if org_unit is None and not user.has_perm("reports.view_org_unit", None):
        raise PermissionDenied
    return year, org_unit


def _scope_query(year, org_unit) -> str:
    return f"?year={year}&org_unit={org_unit.pk if org_unit else ''}"


def _scope_form(request, year, org_unit, allow_municipality=True):
    return ScopeForm(
        initial={"year": year, "org_unit": org_unit.pk if org_unit else ""},
        org_units=queries.orgunits_for(request.user).order_by("name"),
        allow_municipality=allow_municipality and request.user.has_perm("reports.view_reports"),
    )


def _refuse_texts(user, org_unit):
    from insyn.core.access import refuse

    refuse(
        user,
        "write report texts",
        org_unit,
        "Rapportens texter skrivs av en controller för "
        + (org_unit.name if org_unit is not None else "hela kommunen")
        + ". Välj en enhet som ditt uppdrag omfattar.",
    )


@login_required
def index(request):
    require_perm(request.user, "reports.view_feedback_table")
    return render(
        request,
        "reports/index.html",
        {"can_read_reports": request.user.has_perm("reports.view_reports")},
    )


@login_required
def feedback_table(request):
    require_perm(request.user, "reports.view_feedback_table")
    data = request.POST if request.method == "POST" else request.GET
    year, org_unit = resolve_scope(request, data)
    can_edit = writes_texts_for(request.user, org_unit)
    if request.method == "POST":
        if not can_edit:
            _refuse_texts(request.user, org_unit)
        form = TableNotesForm(request.POST)
        if form.is_valid():
            changed = services.save_table_notes(year, org_unit, form.texts(), request.user)
            messages.success(
                request,
                f"Sammanfattningarna är sparade ({changed} rader ändrade)."
                if changed
                else "Inga sammanfattningar ändrades.",
            )
            return redirect(reverse("reports:feedback_table") + _scope_query(year, org_unit))
        messages.error(request, "Sammanfattningarna är inte sparade. Rätta de markerade raderna.")
    table = tertial.feedback_table(year, org_unit)
    if request.method != "POST":
        form = TableNotesForm(notes={row.key: row.note for row in table.rows})
    for row in table.rows:
        row.field = form[f"note_{row.key}"]
    return render(
        request,
        "reports/feedback_table.html",
        {
            "table": table,
            "form": form,
            "scope_form": _scope_form(request, year, org_unit),
            "can_edit": can_edit,
            "query": _scope_query(year, org_unit),
        },
    )


@login_required
def feedback_table_csv(request):
    require_perm(request.user, "reports.view_feedback_table")
    year, org_unit = resolve_scope(request)
    from . import exports

    body = exports.feedback_table_csv(tertial.feedback_table(year, org_unit))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="synpunkter-{year}.csv"'
    return response


# --- Indicators and goals ---------------------------------------------------------------------


def _indicator_context(request, year, org_unit):
    from . import goals as goal_rules
    from . import indicators

    rows = indicators.indicator_table(year, org_unit)
    goal_list = queries.goals_in_scope(queries.goals_for(request.user), year, org_unit)
    return {
        "indicator_rows": rows,
        "goal_rows": goal_rules.goal_rows(goal_list, rows),
    }


@login_required
def indicator_list(request):
    require_perm(request.user, "reports.view_reports")
    year, org_unit = resolve_scope(request)
    from .forms import GoalConfirmForm

    return render(
        request,
        "reports/indicators.html",
        {
            **_indicator_context(request, year, org_unit),
            "year": year,
            "org_unit": org_unit,
            "scope_name": org_unit.name if org_unit else "Hela kommunen",
            "scope_form": _scope_form(request, year, org_unit),
            "query": _scope_query(year, org_unit),
            "can_edit": request.user.has_perm("reports.change_report"),
            "can_confirm": request.user.has_perm("reports.confirm_goal"),
            "can_propose": request.user.has_perm("reports.propose_goal_status"),
            "confirm_form": GoalConfirmForm(),
        },
    )


@login_required
def indicator_csv(request):
    """The indicator values of a year and scope as CSV for a reporting system."""
    require_perm(request.user, "reports.view_reports")
    year, org_unit = resolve_scope(request)
    from . import exports, indicators

    body = exports.indicator_values_csv(indicators.indicator_table(year, org_unit), year, org_unit)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="indikatorer-{year}.csv"'
    return response


def _form_page(request, form, title, cancel_url, multipart=False):
    return render(
        request,
        "reports/form.html",
        {"form": form, "title": title, "cancel_url": cancel_url, "multipart": multipart},
    )


@login_required
def indicator_create(request):
    require_perm(request.user, "reports.change_report")
    from .forms import IndicatorForm

    form = IndicatorForm(request.POST or None, org_units=queries.orgunits_for(request.user))
    if request.method == "POST" and form.is_valid():
        indicator = services.save_indicator(form, request.user)
        messages.success(request, f"Indikatorn {indicator.name} är sparad.")
        return redirect("reports:indicator_list")
    return _form_page(request, form, "Ny indikator", reverse("reports:indicator_list"))


@login_required
def indicator_edit(request, pk):
    from .forms import IndicatorForm

    indicator = get_for_user(
        request.user, queries.indicators_for(request.user), "reports.change_report", pk=pk
    )
    form = IndicatorForm(
        request.POST or None, instance=indicator, org_units=queries.orgunits_for(request.user)
    )
    if request.method == "POST" and form.is_valid():
        services.save_indicator(form, request.user)
        messages.success(request, f"Indikatorn {indicator.name} är ändrad.")
        return redirect("reports:indicator_list")
    return _form_page(
        request, form, f"Ändra indikatorn {indicator.name}", reverse("reports:indicator_list")
    )


@login_required
def indicator_value(request, pk):
    from .constants import IndicatorSource
    from .forms import IndicatorValueForm
    from .models import IndicatorValue

    indicator = get_for_user(
        request.user, queries.indicators_for(request.user), "reports.change_report", pk=pk
    )
    year = _int(request.GET.get("year"), dt.date.today().year)
    if not 2000 <= year <= 2100:
        raise Http404
    instance = IndicatorValue.objects.filter(indicator=indicator, year=year).first()
    form = IndicatorValueForm(
        request.POST or None,
        instance=instance,
        computed=indicator.source == IndicatorSource.COMPUTED,
        unit=indicator.unit,
    )
    back = (
        reverse("reports:indicator_list") + f"?year={year}&org_unit={indicator.org_unit_id or ''}"
    )
    if request.method == "POST" and form.is_valid():
        services.save_indicator_value(indicator, year, form, request.user)
        messages.success(request, f"Värden för {indicator.name} {year} är sparade.")
        return redirect(back)
    return _form_page(request, form, f"{indicator.name} – {year}", back)


@login_required
def kolada_import(request):
    require_perm(request.user, "reports.change_report")
    from . import kolada
    from .forms import KoladaImportForm

    form = KoladaImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        result = kolada.import_csv(form.cleaned_data["file"], request.user)
        if result.ok:
            messages.success(request, f"{result.saved} indikatorvärden är importerade.")
            return redirect("reports:indicator_list")
        errors = result.errors
        messages.error(
            request,
            f"Filen har {len(errors)} fel och ingenting är importerat. Rätta raderna nedan och "
            "ladda upp filen igen.",
        )
    return render(request, "reports/kolada_import.html", {"form": form, "errors": errors})


def _goal_back(goal):
    return reverse("reports:goal_list") + _scope_query(goal.year, goal.org_unit)


@login_required
def goal_list(request):
    """The goal chain of a year and scope, with links to edit goals and activities."""
    require_perm(request.user, "reports.view_reports")
    year, org_unit = resolve_scope(request)
    from . import annual
    from .forms import GoalConfirmForm, GoalCopyForm

    return render(
        request,
        "reports/goals.html",
        {
            "chain": annual.goal_chain_rows(year, org_unit, queries.goals_for(request.user)),
            "year": year,
            "org_unit": org_unit,
            "scope_name": org_unit.name if org_unit else "Hela kommunen",
            "scope_form": _scope_form(request, year, org_unit),
            "query": _scope_query(year, org_unit),
            "can_edit": request.user.has_perm("reports.change_report"),
            "can_confirm": request.user.has_perm("reports.confirm_goal"),
            "can_propose": request.user.has_perm("reports.propose_goal_status"),
            "confirm_form": GoalConfirmForm(),
            "copy_form": GoalCopyForm(initial={"year": year}, auto_id="copy_%s"),
        },
    )


@login_required
def goal_create(request):
    require_perm(request.user, "reports.change_report")
    from .forms import GoalForm

    initial = {"year": _int(request.GET.get("year"), dt.date.today().year)}
    parent = _int(request.GET.get("parent"))
    if parent:
        initial["parent"] = parent
    form = GoalForm(
        request.POST or None,
        org_units=queries.orgunits_for(request.user),
        goals=queries.goals_for(request.user),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        goal = services.save_goal(form, request.user)
        messages.success(request, f"Målet {goal.title} är sparat.")
        return redirect(_goal_back(goal))
    return _form_page(request, form, "Nytt mål", reverse("reports:goal_list"))


@login_required
def goal_edit(request, pk):
    from .forms import GoalForm

    goal = get_for_user(
        request.user, queries.goals_for(request.user), "reports.change_report", pk=pk
    )
    form = GoalForm(
        request.POST or None,
        instance=goal,
        org_units=queries.orgunits_for(request.user),
        goals=queries.goals_for(request.user),
    )
    if request.method == "POST" and form.is_valid():
        services.save_goal(form, request.user)
        messages.success(request, f"Målet {goal.title} är ändrat.")
        return redirect(_goal_back(goal))
    return _form_page(request, form, f"Ändra målet {goal.title}", _goal_back(goal))


@login_required
def goal_activity(request, pk, activity_pk=None):
    """Add (activity_pk None) or change one row of a goal's activity table."""
    from .forms import GoalActivityForm

    goal = get_for_user(
        request.user, queries.goals_for(request.user), "reports.change_report", pk=pk
    )
    instance = None
    if activity_pk is not None:
        instance = goal.activities.filter(pk=activity_pk).first()
        if instance is None:
            raise Http404
    form = GoalActivityForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.save_activity(form, goal, request.user)
        messages.success(request, f"Aktiviteten för målet {goal.title} är sparad.")
        return redirect(_goal_back(goal))
    title = "Ändra aktivitet" if instance else "Ny aktivitet"
    return _form_page(request, form, f"{title} – {goal.title}", _goal_back(goal))


@login_required
def goal_copy(request):
    """Copy a year's goal chain (in the chosen scope) to the next year."""
    from .forms import GoalCopyForm

    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    require_perm(request.user, "reports.change_report")
    _, org_unit = resolve_scope(request, request.POST)
    form = GoalCopyForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Ange ett år mellan 2000 och 2099 att kopiera från.")
        return redirect(reverse("reports:goal_list") + _scope_query(dt.date.today().year, org_unit))
    year = form.cleaned_data["year"]
    result = services.copy_goals_to_next_year(year, org_unit, request.user)
    messages.success(
        request,
        f"{result.goals} mål, {result.activities} pågående aktiviteter och {result.targets} "
        f"indikatormål är kopierade till {year + 1}.",
    )
    return redirect(reverse("reports:goal_list") + _scope_query(year + 1, org_unit))


GOAL_CONFIRM_REFUSED = (
    "Bara en chef i den nämnd som målet hör till, eller den som nämnden har delegerat "
    "beslutet till, kan bekräfta målets status. Controllern föreslår status."
)
GOAL_PROPOSE_REFUSED = (
    "Bara en controller för målets nämnd eller enhet kan föreslå status för målet."
)


def _goal_status_write(request, pk, perm, refusal, write, success):
    """Confirm or propose one goal's status from a page: the goal must be visible, the write
    allowed for that goal (else refused, logged, nothing changed)."""
    from insyn.core.access import refuse
    from insyn.core.errors import act

    from .forms import GoalConfirmForm

    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    goal = get_for_user(
        request.user, queries.goals_for(request.user), "reports.view_reports", pk=pk
    )
    if not request.user.has_perm(perm, goal):
        refuse(request.user, perm, goal, refusal)
    form = GoalConfirmForm(request.POST)
    back = request.POST.get("next") or reverse("reports:indicator_list") + _scope_query(
        goal.year, goal.org_unit
    )
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("reports:indicator_list")
    if not form.is_valid():
        messages.error(request, "Välj en status (uppfylls helt, delvis eller inte) och spara igen.")
        return redirect(back)
    data = form.cleaned_data
    return act(
        request,
        lambda: write(goal, data["status"], data["comment"], request.user),
        success.format(title=goal.title),
        back,
    )


@login_required
def goal_confirm(request, pk):
    return _goal_status_write(
        request,
        pk,
        "reports.confirm_goal",
        GOAL_CONFIRM_REFUSED,
        services.confirm_goal,
        "Status för målet {title} är bekräftad.",
    )


@login_required
def goal_propose(request, pk):
    return _goal_status_write(
        request,
        pk,
        "reports.propose_goal_status",
        GOAL_PROPOSE_REFUSED,
        services.propose_goal_status,
        "Förslaget till status för målet {title} är sparat; nämnden bekräftar det.",
    )


# --- The annual report ------------------------------------------------------------------------


def _annual(request):
    from . import annual

    require_perm(request.user, "reports.view_reports")
    data = request.POST if request.method == "POST" else request.GET
    year, org_unit = resolve_scope(request, data)
    return year, org_unit, annual


@login_required
def annual_report(request):
    from .forms import AnnualReportForm

    year, org_unit, annual = _annual(request)
    can_edit = writes_texts_for(request.user, org_unit)
    if request.method == "POST":
        if not can_edit:
            _refuse_texts(request.user, org_unit)
        form = AnnualReportForm(request.POST)
        if form.is_valid():
            services.save_annual_texts(year, org_unit, form.cleaned_data, request.user)
            messages.success(request, "Rapportens texter är sparade.")
            return redirect(reverse("reports:annual_report") + _scope_query(year, org_unit))
        messages.error(request, "Texterna är inte sparade. Rätta de markerade fälten.")
    data = annual.annual_report(year, org_unit, queries.goals_for(request.user))
    if request.method != "POST":
        form = AnnualReportForm(instance=data["texts"])
    return render(
        request,
        "reports/annual_report.html",
        {
            **annual.template_context(data),
            "form": form,
            "can_edit": can_edit,
            "scope_form": _scope_form(request, year, org_unit),
            "query": _scope_query(year, org_unit),
        },
    )


def _in_background(request, kind, title, params, rows):
    """Order the document from the worker when it is large (core.documents), reusing an
    order of the same document still being built; None when it is built here and now."""
    from insyn.core import documents

    if not documents.in_background(rows):
        return None
    return redirect(documents.request_document(request.user, kind, title, params))


@login_required
def annual_report_pdf(request):
    from insyn.registry import queries as registry_queries

    from . import documents, exports

    year, org_unit, annual = _annual(request)
    # The report's size grows with the units in scope (plan, deficiencies, ratings).
    background = _in_background(
        request,
        documents.ANNUAL,
        f"Årsrapport {year}" + (f" – {org_unit.name}" if org_unit else ""),
        {"year": year, "org_unit": org_unit.pk if org_unit else None},
        registry_queries.units_for(request.user).count(),
    )
    if background:
        return background
    data = annual.annual_report(year, org_unit, queries.goals_for(request.user))
    response = HttpResponse(
        exports.annual_pdf(annual.template_context(data)), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="arsrapport-{year}.pdf"'
    return response


@login_required
def annual_report_xlsx(request):
    from . import exports

    year, org_unit, annual = _annual(request)
    data = annual.annual_report(year, org_unit, queries.goals_for(request.user))
    context = {**data, **annual.flat_tables(data)}
    response = HttpResponse(
        exports.annual_xlsx(context),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="arsrapport-{year}.xlsx"'
    return response


# --- The council report on strategic contracts ------------------------------------------------


def _council_year(request, data):
    """The council report's year, once the user may read reports (cheap: the report itself
    may go to the background worker)."""
    require_perm(request.user, "reports.view_reports")
    year = _int(data.get("year"), dt.date.today().year)
    if not 2000 <= year <= 2100:
        raise Http404
    return year


@login_required
def council_report(request):
    data = request.POST if request.method == "POST" else request.GET
    year = _council_year(request, data)
    sections, complete = queries.council_sections_for(request.user, year)
    can_edit = request.user.has_perm("reports.change_report")
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        allowed = {e.contract.pk for s in sections for e in s.entries}
        texts = {
            pk: request.POST.get(f"effect_{pk}", "")[:4000]
            for pk in allowed
            if f"effect_{pk}" in request.POST
        }
        changed = services.save_contract_notes(year, texts, request.user)
        links = {
            d.pk: ({g.pk for g in e.goal_choices}, request.POST.getlist(f"goals_{d.pk}"))
            for s in sections
            for e in s.entries
            for d in e.deficiencies
        }
        changed += services.save_deficiency_goals(links, year, request.user)
        messages.success(request, f"Påverkan på målen är sparad ({changed} ändrade).")
        return redirect(reverse("reports:council_report") + f"?year={year}")
    return render(
        request,
        "reports/council_report.html",
        {"year": year, "sections": sections, "can_edit": can_edit, "complete": complete},
    )


@login_required
def council_report_pdf(request):
    from insyn.registry import queries as registry_queries

    from . import documents, exports

    year = _council_year(request, request.GET)
    background = _in_background(
        request,
        documents.COUNCIL,
        f"Rapport om strategiska avtal {year}",
        {"year": year},
        registry_queries.contracts_for(request.user).count(),
    )
    if background:
        return background
    sections, complete = queries.council_sections_for(request.user, year)
    response = HttpResponse(
        exports.council_pdf({"year": year, "sections": sections, "complete": complete}),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'attachment; filename="strategiska-avtal-{year}.pdf"'
    return response


# --- Own units and private providers side by side (the controller's comparison) ---------------


def _comparison(request):
    """(year, committee, category, tables) of the comparison page; the committee must be one
    the user's memberships cover (404 otherwise), all committees need a central one (403)."""
    from insyn.registry.models import Category

    from . import regi

    require_perm(request.user, "reports.view_regi_comparison")
    year = _int(request.GET.get("year"), dt.date.today().year)
    if not 2000 <= year <= 2100:
        raise Http404
    central, committees = queries.committees_for(request.user)
    raw = request.GET.get("committee")
    if raw is None:
        committee = None if central else committees.order_by("name").first()
    elif raw == "":
        committee = None
    else:
        committee = get_for_user(
            request.user, committees, "reports.view_committee", pk=_int(raw, -1)
        )
    if committee is None:
        require_perm(request.user, "reports.view_committee", None)
    raw = request.GET.get("category")
    category = None
    if raw:
        category = Category.objects.filter(pk=_int(raw, -1)).first()
        if category is None:
            raise Http404
    tables = regi.comparison_tables(year, committee, category)
    return year, committee, category, tables, central, committees


@login_required
def regi_comparison(request):
    from insyn.registry.models import Category

    from . import charts
    from .forms import ComparisonFilterForm

    year, committee, category, tables, central, committees = _comparison(request)
    query = (
        f"?year={year}&committee={committee.pk if committee else ''}"
        f"&category={category.pk if category else ''}"
    )
    return render(
        request,
        "reports/regi_comparison.html",
        {
            "year": year,
            "committee": committee,
            "category": category,
            "scope_name": committee.name if committee else "Hela kommunen",
            "tables": [(t, charts.regi_comparison(t)) for t in tables],
            "filter_form": ComparisonFilterForm(
                initial={
                    "year": year,
                    "committee": committee.pk if committee else "",
                    "category": category.pk if category else "",
                },
                committees=committees.order_by("name"),
                categories=Category.objects.filter(active=True).order_by("sort_order", "name"),
                allow_municipality=central,
            ),
            "query": query,
        },
    )


@login_required
def regi_comparison_xlsx(request):
    from . import exports

    year, committee, category, tables, _, _ = _comparison(request)
    response = HttpResponse(
        exports.regi_xlsx(tables, year, committee, category),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="egen-och-privat-regi-{year}.xlsx"'
    return response
