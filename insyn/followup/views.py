"""Staff pages for follow-up: plans, dossier, follow-ups, deficiencies, reports, coverage."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from insyn.accounts.predicates import is_municipal
from insyn.core import panels
from insyn.core.access import get_for_user, refuse, require_perm
from insyn.core.concurrency import form_status, saved_or_conflict
from insyn.core.confirm import confirm_first
from insyn.core.errors import DomainError, act
from insyn.core.history import history_page
from insyn.core.pagination import paginate
from insyn.core.reauth import require_recent_login
from insyn.core.workflow import is_allowed
from insyn.registry import queries as registry_queries
from insyn.suppliers import queries as supplier_queries
from insyn.suppliers import services as supplier_services

from . import (
    charts,
    classification,
    personal_data,
    progress,
    queries,
    reports,
    risk,
    services,
    workflow,
)
from . import rules as followup_rules
from .constants import Assessment, FollowUpStatus
from .forms import (
    ActionPlanForm,  # noqa: F401 - re-exported for portal views
    AdHocFollowUpForm,
    AnswerForm,
    DecisionForm,
    DeficiencyEditForm,
    DeficiencyForm,
    FinishForm,
    NewPlanForm,
    PlanDecisionForm,
    PlanRowEditForm,
    PlanRowFilterForm,
    PlanRowForm,
    RiskFlagForm,
    SendSelfReportForm,
)
from .log_actions import deficiency_label
from .models import ActionPlan, Deficiency, FollowUp, PlannedFollowUp, UnitRiskFlag


def _unit(request, pk, perm="followup.view_risk"):
    return get_for_user(
        request.user,
        registry_queries.with_framework_flag(
            registry_queries.units_for(request.user).select_related(
                "provider", "category", "district"
            )
        ),
        perm,
        pk=pk,
    )


def _followup(request, pk, perm="followup.view_followup"):
    return get_for_user(request.user, queries.followups_for(request.user), perm, pk=pk)


def _plan(request, pk, perm):
    return get_for_user(request.user, queries.plans_for(request.user), perm, pk=pk)


def _row(request, pk, perm):
    return get_for_user(request.user, queries.plan_rows_for(request.user), perm, pk=pk)


def _deficiency(request, pk, perm):
    return get_for_user(request.user, queries.deficiencies_for(request.user), perm, pk=pk)


def _to_change(request, obj):
    """A deficiency or action plan the user may see: refused with who may change it, unless
    the user acts for a committee of its follow-up (`followup.change_deficiency`)."""
    if not request.user.has_perm("followup.change_deficiency", obj):
        refuse(
            request.user, "followup.change_deficiency", obj, followup_rules.deficiency_refusal(obj)
        )
    return obj


def _form_page(request, form, title, cancel_url, status=200):
    context = {"form": form, "title": title, "cancel_url": cancel_url}
    return render(request, "followup/form.html", context, status=status)


def _edit_page(request, form, save, success, then, title):
    """An edit of a versioned record: on a valid POST `save()` under the version the editor
    read; a stale edit shows the form again (409, the other's changes named, input kept),
    a refusal goes back to `then` with its message."""
    if request.method == "POST" and form.is_valid():
        try:
            if saved_or_conflict(form, save):
                messages.success(request, success)
                return redirect(then)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect(then)
    return _form_page(request, form, title, then.get_absolute_url(), status=form_status(form))


# --- Plans ---------------------------------------------------------------------------------


@login_required
def plan_list(request):
    require_perm(request.user, "followup.view_plan")
    form = NewPlanForm(request.POST or None)
    if request.method == "POST":
        require_perm(request.user, "followup.change_plan")
        if form.is_valid():
            try:
                plan = services.create_plan(
                    form.cleaned_data["year"], form.cleaned_data["committee"], request.user
                )
            except DomainError as error:
                # The form page is shown again with the refusal, so the choice is not lost.
                messages.error(request, error.message)
            else:
                messages.success(
                    request,
                    f"Förslaget till uppföljningsplan {plan.year} är skapat med "
                    f"{plan.rows.count()} uppföljningar. Justera och besluta planen.",
                )
                return redirect(plan)
    plans = queries.plans_for(request.user).annotate(n=Count("rows"))
    return render(request, "followup/plan_list.html", {"plans": plans, "form": form})


@login_required
def plan_detail(request, pk):
    plan = _plan(request, pk, "followup.view_plan")
    today = timezone.localdate()
    row_filter = PlanRowFilterForm(request.GET or None, plan)
    # The columns the table shows, not whole rows of six tables: building a hundred full
    # units, providers and users per page was most of the page's Python time (issue 16).
    rows = (
        plan.rows.select_related(
            "unit", "unit__category", "unit__provider", "responsible", "followup"
        )
        .only(*queries.PLAN_TABLE_FIELDS)
        .order_by(*queries.PLAN_ROW_ORDER)
    )
    rows = queries.filter_plan_rows(rows, row_filter.filters(), plan.year, today, request.user)
    # A municipality-wide plan can hold thousands of rows: the table is paged, the progress
    # figures cover the whole plan.
    page = paginate(request, rows, queries.PLAN_PAGE_SIZE)
    month_names = dict(progress.MONTHS)
    for row in page:
        row.state = progress.row_state(row, plan.year, today)
        row.month_name = month_names[row.month]
    summary = progress.summarise_plan(plan, today)
    return render(
        request,
        "followup/plan_detail.html",
        {
            "plan": plan,
            "rows": page,
            "page": page,
            "filter": {"form": row_filter},
            "filter_query": row_filter.query(),
            "progress": summary,
            "chart": charts.plan_wheel(summary["months"]),
            "rules": progress.rule_descriptions(),
            "can_change": request.user.has_perm("followup.change_plan", plan)
            and not plan.is_approved,
            "can_start": request.user.has_perm("followup.change_followup"),
            "can_approve": request.user.has_perm("followup.approve_plan", plan)
            and not plan.is_approved,
            "decision_form": PlanDecisionForm(initial={"date": today}),
        },
    )


@login_required
@require_POST
def plan_approve(request, pk):
    plan = _plan(request, pk, "followup.approve_plan")
    form = PlanDecisionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(plan)
    rows = plan.rows.count()
    ask = confirm_first(
        request,
        title=f"Besluta uppföljningsplanen {plan.year}?",
        consequences=[
            f"Planens {rows} {'uppföljning' if rows == 1 else 'uppföljningar'} blir det "
            "beslutade innehållet, med dig som beslutsfattare och dagens datum.",
            "Efter beslutet kan planens rader inte längre ändras eller tas bort; nya "
            "uppföljningar läggs till som händelsestyrda.",
            "Beslutet kan inte ångras.",
        ],
        confirm_label="Ja, besluta planen",
        cancel_url=plan.get_absolute_url(),
    )
    if ask:
        return ask
    success = f"Uppföljningsplanen för {plan.year} är beslutad."
    approve = partial(services.approve_plan, plan, request.user, form.cleaned_data)
    return act(request, approve, success, plan)


@login_required
def plan_row_add(request, pk):
    plan = _plan(request, pk, "followup.change_plan")
    form = PlanRowForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        add = partial(services.add_plan_row, plan, form, request.user)
        return act(request, add, "Uppföljningen är tillagd i planen.", plan)
    return _form_page(request, form, f"Lägg till uppföljning i {plan}", plan.get_absolute_url())


@login_required
def plan_row_edit(request, pk):
    row = _row(request, pk, "followup.change_plan")
    form = PlanRowEditForm(request.POST or None, instance=row)
    update = partial(services.update_plan_row, row, form, request.user)
    # The plan's filters come along in the query string (the edit link carries them).
    back = _RowOnPlan(request, row, PlanRowFilterForm(request.GET or None, row.plan))
    return _edit_page(request, form, update, "Planraden är ändrad.", back, f"Ändra {row}")


class _RowOnPlan:
    """Where editing a plan row returns: the plan page with the filters the user had chosen,
    at the page that holds the row (after the save: a changed month moves it), scrolled to
    it. A row the filters no longer show (moved to another month) returns to the filtered
    plan's first page."""

    def __init__(self, request, row, row_filter):
        self.request, self.row, self.row_filter = request, row, row_filter

    def get_absolute_url(self):
        row = PlannedFollowUp.objects.select_related("unit", "plan").get(pk=self.row.pk)
        url = row.plan.get_absolute_url()
        query = self.row_filter.query()
        filtered = queries.filter_plan_rows(
            row.plan.rows.all(),
            self.row_filter.filters(),
            row.plan.year,
            timezone.localdate(),
            self.request.user,
        )
        position = queries.position_among(filtered, row)
        if position is None:
            return f"{url}?{query}" if query else url
        page = queries.plan_page_of(position)
        return f"{url}?{query + '&' if query else ''}page={page}#row-{row.pk}"


@login_required
@require_POST
def plan_row_remove(request, pk):
    row = _row(request, pk, "followup.change_plan")
    success = f"{row.unit} är borttagen ur planen."
    return act(request, partial(services.remove_plan_row, row, request.user), success, row.plan)


@login_required
@require_POST
def plan_row_start(request, pk):
    row = _row(request, pk, "followup.change_followup")
    ask = confirm_first(
        request,
        title=f"Starta uppföljningen av {row.unit.name}?",
        consequences=[
            f"En uppföljning ({row.get_method_display().lower()}) av {row.unit.name} startas "
            f"och kopplas till raden i uppföljningsplanen {row.plan.year}.",
            "Uppföljningen syns i verksamhetens historik och kan inte tas bort, bara avslutas.",
        ],
        confirm_label="Ja, starta uppföljningen",
        cancel_url=f"{row.plan.get_absolute_url()}#row-{row.pk}",
    )
    if ask:
        return ask
    start = partial(services.start_followup, row.unit, row.method, request.user, planned=row)
    return act(request, start, "Uppföljningen är startad.", refused_then=row.plan)


# --- Dossier and ad hoc follow-ups ----------------------------------------------------------


@login_required
def dossier(request, pk):
    unit = _unit(request, pk)
    result = risk.score_units([unit])[unit.pk]
    history = list(
        unit.followups.select_related("template", "responsible")
        .annotate(
            met=Count("findings", filter=Q(findings__assessment=Assessment.MET)),
            partly=Count("findings", filter=Q(findings__assessment=Assessment.PARTLY)),
            not_met=Count("findings", filter=Q(findings__assessment=Assessment.NOT_MET)),
            deficiency_count=Count("deficiencies", distinct=True),
        )
        .order_by("-performed_on", "-pk")[:50]
    )
    open_deficiencies = list(
        unit.deficiencies.filter(status__in=queries.OPEN_STATUSES).select_related("followup")
    )
    other_panels = panels.collect("unit_detail", request, unit)  # feedback, ratings …
    return render(
        request,
        "followup/dossier.html",
        {
            "unit": unit,
            "risk": result,
            "history": history,
            "open_deficiencies": open_deficiencies,
            "contracts": unit.contracts.select_related("committee"),
            "flag": UnitRiskFlag.objects.filter(unit=unit, active=True).first(),
            "panels": other_panels,
            "new_form": AdHocFollowUpForm(),
            "flag_form": RiskFlagForm(auto_id="flag_%s"),  # its "reason" is not the new form's
            "can_change": request.user.has_perm("followup.change_followup"),
            "can_flag": request.user.has_perm("followup.flag_risk", unit),
        },
    )


def _start_ad_hoc(unit, data, user):
    planned = None
    if data["event_driven"]:
        planned = services.add_event_driven_followup(
            unit, data["reason"], user, method=data["method"]
        )
    return services.start_followup(
        unit,
        data["method"],
        user,
        planned=planned,
        reason=data["reason"],
        event_driven=data["event_driven"],
    )


@login_required
def followup_new(request, pk):
    unit = _unit(request, pk, "followup.change_followup")
    form = AdHocFollowUpForm(request.POST or None)
    dossier_url = reverse("followup:dossier", args=[unit.pk])
    if request.method == "POST" and form.is_valid():
        start = partial(_start_ad_hoc, unit, form.cleaned_data, request.user)
        return act(request, start, "Uppföljningen är startad.", refused_then=dossier_url)
    return _form_page(request, form, f"Ny uppföljning av {unit.name}", dossier_url)


@login_required
@require_POST
def risk_flag(request, pk):
    unit = _unit(request, pk)
    if not request.user.has_perm("followup.flag_risk", unit):
        refuse(request.user, "followup.flag_risk", unit, followup_rules.risk_flag_refusal(unit))
    if request.POST.get("clear"):
        services.clear_risk_flag(unit, request.user)
        messages.success(request, "Den manuella riskflaggan är borttagen.")
        return redirect("followup:dossier", pk=unit.pk)
    form = RiskFlagForm(request.POST)
    if form.is_valid():
        services.set_risk_flag(unit, form.cleaned_data["reason"], request.user)
        messages.success(request, "Verksamheten är flaggad. Riskpoängen är uppdaterad.")
    else:
        messages.error(request, "Skriv varför verksamheten flaggas.")
    return redirect("followup:dossier", pk=unit.pk)


# --- Follow-ups ----------------------------------------------------------------------------


def answer_form(request, followup, staff):
    answers = {a.question_id: a for a in followup.answers.all()}
    # Opening the form shows the stored text unmasked: only after a recent login (as the
    # feedback's "Visa personnummer", core/reauth.py), and the read is logged (personal_data).
    if request.method == "GET" and personal_data.form_shows_identity_number(
        followup, answers.values(), staff
    ):
        require_recent_login(request)
        personal_data.log_unmasked_read(followup, request.user)
    return AnswerForm(
        request.POST or None,
        request.FILES or None,
        template=followup.template,
        answers=answers,
        staff=staff,
        followup=followup,
        initial={"version": followup.version},
    )


def save_answer_form(request, followup, form):
    """Shared by staff and portal: returns True when saved, else adds a message."""
    if not form.is_valid():
        messages.error(request, "Svaren är inte sparade. Rätta de markerade fälten.")
        return False
    try:
        services.save_answers(
            followup, form.answers(), form.cleaned_data["version"], request.user, form.details()
        )
    except DomainError as error:
        # The caller shows the form again with the answers as typed, so no redirect here.
        messages.error(request, error.message)
        return False
    messages.success(request, "Svaren är sparade. Du kan fortsätta senare.")
    return True


@login_required
def answer_file(request, pk, answer_pk):
    """An answer's attachment, to municipal staff who may see the follow-up."""
    followup = _followup(request, pk)
    require_perm(request.user, "followup.view_answer_files", followup)
    return reports.answer_file_response(request, followup, answer_pk)


@login_required
def followup_detail(request, pk):
    followup = _followup(request, pk)
    if not is_municipal(request.user):
        raise PermissionDenied
    editable = request.user.has_perm("followup.change_followup") and services.editable_by(
        followup, request.user
    )
    form = answer_form(request, followup, staff=True) if editable else None
    if request.method == "POST":
        require_perm(request.user, "followup.change_followup", followup)
        if form is None:
            messages.error(request, "Uppföljningen är avslutad och kan inte ändras.")
            return redirect(followup)
        if save_answer_form(request, followup, form):
            return redirect(followup)
    return render(
        request,
        "followup/followup_detail.html",
        {
            "followup": followup,
            "form": form,
            "answers": reports.answer_rows(followup),
            "file_route": "followup:answer_file",
            "findings": followup.findings.select_related("question"),
            "deficiencies": followup.deficiencies.all(),
            "send_form": SendSelfReportForm(),
            "dispatches": followup.dispatches.select_related("sent_by"),
            "can_change": request.user.has_perm("followup.change_followup"),
        },
    )


def _post_action(request, pk, success, service, *args):
    """A button on the follow-up page: `service(followup, *args, user)`, message, back."""
    followup = _followup(request, pk, "followup.change_followup")
    return act(request, partial(service, followup, *args, request.user), success, followup)


def _button(service, success):
    """A POST-only view for a follow-up page button that needs no input."""

    @login_required
    @require_POST
    def view(request, pk):
        return _post_action(request, pk, success, service)

    return view


@login_required
def followup_finish(request, pk):
    """Finishing is irreversible: GET shows the findings and the deficiencies it will create,
    each to create, merge into a hand-registered deficiency or drop; POST applies exactly
    those choices, or nothing if the follow-up changed since the page was shown."""
    followup = _followup(request, pk, "followup.change_followup")
    if not is_allowed(workflow.FOLLOWUP, followup.status, FollowUpStatus.DONE):
        messages.error(
            request,
            f"Uppföljningen har status ”{followup.get_status_display()}” och kan inte avslutas.",
        )
        return redirect(followup)
    candidates = services.merge_candidates(followup)
    proposals = services.finish_preview(followup, candidates)
    form = FinishForm(
        request.POST or None, proposals=proposals, candidates=candidates, followup=followup
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.finish_followup(
                followup,
                request.user,
                form.decisions(),
                expected_version=form.cleaned_data["version"],
                seen_deficiencies=form.cleaned_data["seen"],
            )
        except services.ConcurrentEditError as exc:
            messages.error(request, str(exc))
            return redirect("followup:followup_finish", pk=followup.pk)
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                "Uppföljningen är avslutad. Iakttagelser och brister är registrerade och "
                "rapporten kan skickas.",
            )
            return redirect(followup)
    return render(
        request,
        "followup/finish_confirm.html",
        {"followup": followup, "form": form, "proposals": proposals, "candidates": candidates},
    )


followup_return = _button(
    services.return_self_report, "Egenrapporten är återsänd till utföraren för komplettering."
)


@login_required
@require_POST
def report_send(request, pk):
    followup = _followup(request, pk, "followup.change_followup")
    provider = followup.unit.provider
    ask = confirm_first(
        request,
        title=f"Skicka rapporten till {provider.name}?",
        consequences=[
            f"Rapporten om {followup.unit.name} blir synlig för {provider.name} i "
            "utförarens vy, med dagens datum som sändningsdatum.",
            "En skickad rapport kan inte tas tillbaka.",
        ],
        confirm_label="Ja, skicka rapporten",
        cancel_url=followup.get_absolute_url(),
    )
    if ask:
        return ask
    done = "Rapporten är skickad till utföraren och finns i dess vy."
    return _post_action(request, pk, done, services.send_report)


@login_required
@require_POST
def followup_send(request, pk):
    followup = _followup(request, pk, "followup.change_followup")
    form = SendSelfReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect(followup)
    done, deadline = "Egenrapporten är skickad till utföraren.", form.cleaned_data["deadline"]
    return _post_action(request, pk, done, services.send_self_report, deadline)


@login_required
def deficiency_add(request, pk):
    followup = _followup(request, pk, "followup.change_followup")
    form = DeficiencyForm(request.POST or None, followup=followup)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_deficiency(followup, form, request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, "Bristen är registrerad. Utföraren ska lämna en handlingsplan."
            )
            return redirect(followup)
    return _form_page(request, form, f"Ny brist – {followup}", followup.get_absolute_url())


# --- Reports -------------------------------------------------------------------------------


@login_required
def report(request, pk):
    followup = _followup(request, pk)
    if not is_municipal(request.user):
        raise PermissionDenied
    return render(request, "followup/report.html", reports.context(followup))


@login_required
def report_pdf(request, pk):
    followup = _followup(request, pk)
    if not is_municipal(request.user):
        raise PermissionDenied
    if not followup.is_done:
        messages.error(request, "Rapporten finns när uppföljningen är avslutad.")
        return redirect(followup)
    response = HttpResponse(reports.pdf(followup, request), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{reports.filename(followup)}"'
    return response


# --- History -------------------------------------------------------------------------------
# Municipal staff only, loaded like the object's own page (so a provider gets the same 403/404).


def _sees_reads(request) -> bool:
    return request.user.has_perm("followup.view_access_log")


@login_required
def plan_history(request, pk):
    plan = get_for_user(request.user, queries.plans_for(request.user), "followup.view_plan", pk=pk)
    require_perm(request.user, "followup.view_history", plan)
    return history_page(
        request, plan, f"Historik för {plan}", related=[plan.rows.all()], reads=_sees_reads(request)
    )


@login_required
def followup_history(request, pk):
    followup = _followup(request, pk)
    require_perm(request.user, "followup.view_history", followup)
    return history_page(
        request,
        followup,
        f"Historik för {followup}",
        related=[followup.answers.all(), followup.findings.all(), followup.dispatches.all()],
        reads=_sees_reads(request),
    )


@login_required
def deficiency_history(request, pk):
    deficiency = get_for_user(
        request.user, queries.deficiencies_for(request.user), "followup.view_deficiency", pk=pk
    )
    require_perm(request.user, "followup.view_history", deficiency)
    label = deficiency_label(deficiency)
    return history_page(
        request,
        deficiency,
        f"Historik för {label[0].lower()}{label[1:]}",
        related=[deficiency.action_plans.all()],
        label=label,
        reads=_sees_reads(request),
    )


# --- Deficiencies and action plans --------------------------------------------------------


@login_required
def deficiency_detail(request, pk):
    deficiency = _deficiency(request, pk, "followup.view_deficiency")
    if not is_municipal(request.user):
        raise PermissionDenied
    return render(
        request,
        "followup/deficiency_detail.html",
        {
            "deficiency": deficiency,
            "plans": deficiency.action_plans.select_related("submitted_by", "decided_by"),
            "decision_form": DecisionForm(),
            "can_change": request.user.has_perm("followup.change_deficiency", deficiency),
        },
    )


@login_required
def deficiency_edit(request, pk):
    deficiency = _to_change(request, _deficiency(request, pk, "followup.view_deficiency"))
    if deficiency.is_closed:
        messages.error(request, "Bristen är åtgärdad och stängd. Den kan inte längre rättas.")
        return redirect(deficiency)
    form = DeficiencyEditForm(request.POST or None, instance=deficiency)
    correct = partial(services.correct_deficiency, deficiency, form, request.user)
    title = f"Rätta brist #{deficiency.pk} vid {deficiency.unit.name}"
    return _edit_page(request, form, correct, "Bristen är rättad.", deficiency, title)


@login_required
@require_POST
def deficiency_remedied(request, pk):
    deficiency = _to_change(request, _deficiency(request, pk, "followup.view_deficiency"))
    remedy = partial(services.mark_remedied, deficiency, request.user)
    return act(request, remedy, "Bristen är markerad som åtgärdad och stängd.", deficiency)


def _decide(request, pk, accept):
    plan: ActionPlan = _to_change(
        request,
        get_for_user(
            request.user, queries.action_plans_for(request.user), "followup.view_deficiency", pk=pk
        ),
    )
    form = DecisionForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    decide = services.accept_action_plan if accept else services.return_action_plan
    success = (
        "Handlingsplanen är godkänd." if accept else "Handlingsplanen är återsänd till utföraren."
    )
    return act(request, partial(decide, plan, request.user, comment), success, plan.deficiency)


@login_required
@require_POST
def action_plan_accept(request, pk):
    return _decide(request, pk, accept=True)


@login_required
@require_POST
def action_plan_return(request, pk):
    return _decide(request, pk, accept=False)


@login_required
def deficiency_list(request):
    require_perm(request.user, "followup.view_plan")
    deficiencies = (
        queries.deficiencies_for(request.user)
        .filter(status__in=queries.OPEN_STATUSES)
        .order_by("deadline", "pk")
    )
    page = paginate(request, deficiencies)
    return render(
        request,
        "followup/deficiency_list.html",
        {"deficiencies": page, "page": page, "today": timezone.localdate()},
    )


# --- Contracts -----------------------------------------------------------------------------


@login_required
def strategic_contracts(request):
    require_perm(request.user, "followup.view_plan")
    from . import conf

    contracts = (
        registry_queries.contracts_for(request.user)
        .select_related("committee", "provider")
        .prefetch_related(
            Prefetch("units", queryset=registry_queries.Unit.objects.select_related("category")),
            "committee_parts__committee",
        )
    )
    today = timezone.localdate()
    running = [c for c in contracts if c.is_running(today)]
    by_committee: dict = {}
    for part in classification.strategic_parts(running):
        by_committee.setdefault(part.committee, []).append(part)
    limit = conf.get("STRATEGIC_WARNING_ABOVE")
    groups = [
        {"committee": committee, "contracts": items, "too_many": len(items) > limit}
        for committee, items in by_committee.items()
    ]
    return render(request, "followup/strategic.html", {"groups": groups, "limit": limit})


def _decidable_committees(user, contract):
    """The committees with a part of the contract whose judgement the user makes."""
    from .rules import judges_strategic_for

    parts = contract.committee_parts.select_related("committee")
    return [p.committee for p in parts if judges_strategic_for(user, p.committee_id)]


STRATEGIC_REFUSED = (
    "Bara en chef i en nämnd som har en del av avtalet, eller den som nämnden har delegerat "
    "beslutet till, kan bedöma om avtalet är strategiskt."
)


@login_required
@require_POST
def strategic_judge(request, pk):
    """The committee's own judgement whether the contract is strategic, from the contract
    page: refused (logged, nothing saved) unless the user decides for one of its parts."""
    from insyn.core.access import refuse

    from .forms import StrategicJudgementForm

    contract = get_for_user(
        request.user, registry_queries.contracts_for(request.user), "followup.view_plan", pk=pk
    )
    committees = _decidable_committees(request.user, contract)
    if not committees:
        refuse(request.user, "followup.judge_strategic", contract, STRATEGIC_REFUSED)
    form = StrategicJudgementForm(request.POST, committees=committees)
    back = reverse("registry:contract_detail", args=[contract.pk]) + "#followup-contract-heading"
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(back)
    data = form.cleaned_data
    judge = partial(
        services.judge_strategic,
        contract,
        data["committee"],
        data["strategic"],
        data["reason"],
        request.user,
    )
    return act(request, judge, f"{data['committee']}s bedömning av avtalet är sparad.", back)


@login_required
def coverage(request, pk):
    from .coverage import requirement_coverage

    contract = get_for_user(
        request.user, registry_queries.contracts_for(request.user), "followup.view_plan", pk=pk
    )
    return render(
        request,
        "followup/coverage.html",
        {"contract": contract, "rows": requirement_coverage(contract)},
    )


@login_required
def followup_list(request):
    require_perm(request.user, "followup.view_plan")
    status = request.GET.get("status", "")
    qs = queries.followups_for(request.user)
    if status in FollowUpStatus.values:
        qs = qs.filter(status=status)
    page = paginate(request, qs.order_by("-pk"))
    return render(
        request,
        "followup/followup_list.html",
        {
            "followups": page,
            "page": page,
            "status": status,
            "statuses": FollowUpStatus.choices,
        },
    )


__all__ = ["Deficiency", "FollowUp"]


@login_required
@require_POST
def red_flag_followup(request, pk, unit_pk):
    """One click from a red flag in the supplier checks: add an event-driven follow-up of one
    of the provider's units to this year's plan (approved or not), after a confirm page."""
    alert = get_object_or_404(supplier_queries.open_alerts_for(request.user), pk=pk)
    unit = _unit(request, unit_pk, "followup.change_followup")
    if unit.provider_id != alert.provider_id:
        raise Http404
    back = reverse("suppliers:provider_checks", args=[alert.provider_id]) + "#red-flags"
    reason = f"{alert.get_kind_display()}: {alert.summary}"
    confirm = confirm_first(
        request,
        title=f"Lägga till en händelsestyrd uppföljning av {unit.name}?",
        consequences=[
            f"Uppföljningen läggs till i årets uppföljningsplan, denna månad, med skälet "
            f"”{reason}”.",
            "Är planen redan beslutad markeras raden som tillagd efter beslutet.",
        ],
        confirm_label="Ja, lägg till uppföljningen",
        cancel_url=back,
    )
    if confirm is not None:
        return confirm

    def add():
        row = services.add_event_driven_followup(
            unit, reason, request.user, source_label="Leverantörskontroll"
        )
        supplier_services.mark_alert_followed_up(alert, f"{row.plan}: {unit.name}", request.user)
        return row

    return act(request, add, f"En händelsestyrd uppföljning av {unit.name} är tillagd.", back)
