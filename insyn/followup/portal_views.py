"""The provider's follow-up pages: self-reports to answer, deficiencies, action plans, reports.

Every object is loaded through queries.*_for(user), so another provider's rows answer 404.
"""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from insyn.accounts.predicates import is_provider_user
from insyn.core.access import get_for_user
from insyn.core.errors import DomainError, act

from . import queries, reports, services
from .constants import FollowUpStatus
from .forms import ActionPlanForm
from .views import answer_form, save_answer_form


def _provider_user(request):
    if not is_provider_user(request.user):
        raise PermissionDenied
    return request.user


@login_required
def home(request):
    user = _provider_user(request)
    followups = queries.followups_for(user)
    return render(
        request,
        "followup/portal_home.html",
        {
            "self_reports": followups.filter(
                method="self_report", status__in=[FollowUpStatus.SENT, FollowUpStatus.SUBMITTED]
            ).order_by("deadline"),
            "deficiencies": queries.deficiencies_for(user)
            .filter(status__in=queries.OPEN_STATUSES)
            .order_by("deadline"),
            "reports": followups.filter(status=FollowUpStatus.DONE, dispatches__isnull=False)
            .distinct()
            .order_by("-performed_on"),
            "today": timezone.localdate(),
        },
    )


def _self_report(request, pk):
    user = _provider_user(request)
    followup = get_for_user(user, queries.followups_for(user), "followup.view_followup", pk=pk)
    if not followup.is_self_report:
        raise Http404
    return user, followup


@login_required
def self_report(request, pk):
    user, followup = _self_report(request, pk)
    editable = services.editable_by(followup, user)
    form = answer_form(request, followup, staff=False) if editable else None
    if request.method == "POST":
        if form is None:
            messages.error(request, "Egenrapporten är redan inskickad och kan inte ändras.")
            return redirect("followup_portal:self_report", pk=followup.pk)
        if save_answer_form(request, followup, form):
            return redirect("followup_portal:self_report", pk=followup.pk)
    return render(
        request,
        "followup/portal_self_report.html",
        {
            "followup": followup,
            "form": form,
            "answers": reports.answer_rows(followup),
            "file_route": "followup_portal:answer_file",
        },
    )


@login_required
def answer_file(request, pk, answer_pk):
    """The provider's own attachment to its self-report."""
    _user, followup = _self_report(request, pk)
    return reports.answer_file_response(request, followup, answer_pk)


@login_required
@require_POST
def self_report_submit(request, pk):
    user, followup = _self_report(request, pk)
    submit = partial(services.submit_self_report, followup, user)
    page = reverse("followup_portal:self_report", args=[followup.pk])
    return act(request, submit, "Tack! Egenrapporten är inskickad till kommunen.", page)


@login_required
def deficiency(request, pk):
    user = _provider_user(request)
    item = get_for_user(user, queries.deficiencies_for(user), "followup.view_deficiency", pk=pk)
    form = ActionPlanForm(request.POST or None)
    if request.method == "POST":
        if not user.has_perm("followup.submit_action_plan", item):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.submit_action_plan(item, form, user)
            except DomainError as error:
                # The form is shown again with the plan as typed.
                messages.error(request, error.message)
            else:
                messages.success(request, "Handlingsplanen är inskickad till kommunen.")
                return redirect("followup_portal:deficiency", pk=item.pk)
        else:
            messages.error(request, "Handlingsplanen är inte inskickad. Rätta de markerade fälten.")
    return render(
        request,
        "followup/portal_deficiency.html",
        {
            "deficiency": item,
            "plans": item.action_plans.all(),
            "form": form,
            "can_submit": item.status == "open",
        },
    )


def _report_followup(request, pk):
    user = _provider_user(request)
    followup = get_for_user(user, queries.followups_for(user), "followup.view_followup", pk=pk)
    # The report reaches the provider when the municipality has sent it.
    if not followup.is_done or not followup.dispatches.exists():
        raise Http404
    return followup


@login_required
def report(request, pk):
    followup = _report_followup(request, pk)
    return render(request, "followup/report.html", {**reports.context(followup), "portal": True})


@login_required
def report_pdf(request, pk):
    followup = _report_followup(request, pk)
    response = HttpResponse(reports.pdf(followup, request), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{reports.filename(followup)}"'
    return response
