"""Sections this app adds to shared pages (see insyn.core.panels)."""

import datetime as dt

from django.db.models import Count, F, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from insyn.accounts.predicates import is_manager, is_provider_user
from insyn.core.panels import Panel

from . import classification, conf, queries, risk
from .constants import ActionPlanStatus, FollowUpStatus, PlanStatus
from .models import RiskSnapshot


def _month_bounds(today):
    start = today.replace(day=1)
    end = (start + dt.timedelta(days=32)).replace(day=1)
    return start, end


def risen_units(limit=10):
    """Units whose score in the newest snapshot run is at least RISK_ROSE_BY above the run
    before (snapshot_risk stores one run with one timestamp)."""
    runs = list(
        RiskSnapshot.objects.order_by("-computed_at")
        .values_list("computed_at", flat=True)
        .distinct()[:2]
    )
    if len(runs) < 2:
        return []
    previous = RiskSnapshot.objects.filter(unit=OuterRef("unit"), computed_at=runs[1])
    return list(
        RiskSnapshot.objects.filter(computed_at=runs[0])
        .annotate(previous=Subquery(previous.values("score")[:1]))
        .filter(score__gte=F("previous") + conf.get("RISK_ROSE_BY"))
        .annotate(rise=F("score") - F("previous"))
        .select_related("unit")
        .order_by("-rise")[:limit]
    )


def _with_urls(*lists) -> None:
    """Each row's link to the plan page that holds it, at the row (one query for all)."""
    positions = queries.plan_positions([row for rows in lists for row in rows])
    for rows in lists:
        for row in rows:
            url = reverse("followup:plan_detail", args=[row.plan_id])
            page = queries.plan_page_of(positions.get(row.pk, 0))
            row.plan_url = f"{url}?page={page}#row-{row.pk}"


def dashboard(request):
    """Controllers and admins (who run the plan): their follow-ups this month, overdue rows,
    self-reports and action plans to review, first on the page. Managers: the plans waiting
    for the committee's decision, first. The other roles follow no plan, so no panel."""
    user = request.user
    if user.has_perm("followup.change_plan"):
        return [_work_panel(user)]
    if is_manager(user):
        return [_plans_to_approve_panel(user)]
    return []


def _work_panel(user) -> Panel:
    today = timezone.localdate()
    plan_rows = queries.plan_rows_for(user).filter(plan__year=today.year)
    mine = list(
        plan_rows.filter(responsible=user, month=today.month).select_related("unit", "followup")[
            :20
        ]
    )
    overdue = list(
        plan_rows.filter(month__lt=today.month)
        .exclude(followup__status=FollowUpStatus.DONE)
        .select_related("unit", "responsible")[:20]
    )
    _with_urls(mine, overdue)
    followups = queries.followups_for(user)
    return Panel(
        "followup/_dashboard_panel.html",
        {
            "mine": mine,
            "overdue": overdue,
            "self_reports": list(
                followups.filter(status=FollowUpStatus.SUBMITTED).order_by("submitted_at")[:20]
            ),
            "action_plans": list(
                queries.action_plans_for(user)
                .filter(status=ActionPlanStatus.SUBMITTED)
                .order_by("created_at")[:20]
            ),
            "overdue_deficiencies": list(
                queries.deficiencies_for(user)
                .filter(status="open", deadline__lt=today)
                .order_by("deadline")[:20]
            ),
            "risen": risen_units(),
        },
        first=True,
    )


def _plans_to_approve_panel(user) -> Panel:
    plans = (
        queries.plans_for(user)
        .filter(status=PlanStatus.DRAFT)
        .annotate(row_count=Count("rows"))
        .order_by("year", "committee__name", "pk")
    )
    return Panel(
        "followup/_approval_panel.html",
        {"plans": list(plans[:20])},
        first=True,
    )


def portal_home(request):
    user = request.user
    if not is_provider_user(user):
        return []
    today = timezone.localdate()
    return [
        Panel(
            "followup/_portal_panel.html",
            {
                "self_reports": list(
                    queries.followups_for(user)
                    .filter(method="self_report", status=FollowUpStatus.SENT)
                    .order_by("deadline")
                ),
                "deficiencies": list(
                    queries.deficiencies_for(user)
                    .filter(status__in=queries.OPEN_STATUSES)
                    .order_by("deadline")
                ),
                "today": today,
            },
        )
    ]


def unit_detail(request, unit):
    if not request.user.has_perm("followup.view_risk"):
        return []
    match = getattr(request, "resolver_match", None)
    if match is not None and match.view_name == "followup:dossier":
        return []  # the dossier shows score, history and deficiencies itself
    result = risk.score_units([unit])[unit.pk]
    return [
        Panel(
            "followup/_unit_panel.html",
            {
                "unit": unit,
                "risk": result,
                "history": list(
                    unit.followups.filter(status=FollowUpStatus.DONE).order_by("-performed_on")[:5]
                ),
                "open_deficiencies": list(
                    unit.deficiencies.filter(status__in=queries.OPEN_STATUSES)
                ),
            },
        )
    ]


def contract_detail(request, contract):
    if not request.user.has_perm("followup.view_plan"):
        return []
    from .forms import StrategicJudgementForm
    from .models import StrategicJudgement
    from .rules import judges_strategic_for

    units = list(contract.units.select_related("category"))
    proposal = classification.classify(contract.annual_value, units)
    parts = list(
        contract.committee_parts.select_related("committee").prefetch_related("categories")
    )
    latest = classification.latest_judgements([contract.pk])
    views = [
        {
            "part": part,
            "view": classification.StrategicPart(
                contract,
                part.committee,
                proposal.strategic,
                latest.get((contract.pk, part.committee_id)),
            ),
        }
        for part in parts
    ]
    mine = [p.committee for p in parts if judges_strategic_for(request.user, p.committee_id)]
    history = StrategicJudgement.objects.filter(contract=contract).select_related(
        "committee", "decided_by"
    )
    return [
        Panel(
            "followup/_contract_panel.html",
            {
                "contract": contract,
                "classification": proposal,
                "parts": views,
                "judgements": history,
                "judge_form": StrategicJudgementForm(committees=mine) if mine else None,
            },
        )
    ]


# The slots this app fills (insyn.core.panels.SLOTS), checked at start-up.
PANELS = {
    "dashboard": dashboard,
    "portal_home": portal_home,
    "unit_detail": unit_detail,
    "contract_detail": contract_detail,
}
