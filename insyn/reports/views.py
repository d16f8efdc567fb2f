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

from insyn.core.access import get_for_user, require_perm

from . import queries, services
from .forms import ScopeForm, TableNotesForm


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
    can_edit = request.user.has_perm("reports.change_report")
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
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
    table = queries.feedback_table(year, org_unit)
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

    body = exports.feedback_table_csv(queries.feedback_table(year, org_unit))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="synpunkter-{year}.csv"'
    return response
