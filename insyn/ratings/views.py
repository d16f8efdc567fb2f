"""Staff pages: rating tasks, placements, the rating form and answer rates per district."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from insyn.accounts.predicates import is_case_worker
from insyn.core.access import get_for_user, require_perm
from insyn.core.errors import DomainError, act
from insyn.core.ids import parse_id
from insyn.core.pagination import paginate

from . import queries, services
from .constants import PlacementStatus
from .forms import EndPlacementForm, PlacementForm, RatingForm


@login_required
def tasks(request):
    require_perm(request.user, "ratings.view_placement")
    placements = (
        queries.placements_for(request.user)
        .select_related("unit", "unit__provider", "district", "case_worker", "rating")
        .order_by("-start_date", "-pk")
    )
    return render(
        request,
        "ratings/tasks.html",
        {
            "tasks": queries.rating_tasks_for(request.user),
            "page": paginate(request, placements),
            "today": timezone.localdate(),
        },
    )


@login_required
def placement_create(request):
    require_perm(request.user, "ratings.add_placement")
    recommendation = _recommendation_from(request)
    initial = _initial_from(request, recommendation)
    form = PlacementForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        placement = services.register_placement(form, request.user, recommendation)
        messages.success(
            request,
            f"Placeringen {placement.case_reference} är registrerad. Rating begärs "
            f"{placement.rating_due_on:%Y-%m-%d}.",
        )
        return redirect(placement)
    return render(
        request,
        "ratings/placement_form.html",
        {"form": form, "recommendation": recommendation, "cancel_url": reverse("ratings:tasks")},
    )


def _recommendation_from(request):
    pk = request.GET.get("recommendation") or request.POST.get("recommendation")
    if not pk:
        return None
    from insyn.placement import queries as placement_queries

    return get_for_user(
        request.user,
        placement_queries.recommendations_for(request.user),
        "placement.view_recommendation",
        pk=pk,
    )


def _initial_from(request, recommendation):
    initial = {}
    if request.user.org_unit_id:
        initial["district"] = request.user.org_unit_id
    if is_case_worker(request.user):
        initial["case_worker"] = request.user.pk
    if recommendation is not None:
        initial.update(
            case_reference=recommendation.case_reference,
            case_worker=recommendation.case_worker_id,
            category=recommendation.category_id,
            start_date=recommendation.start_date,
            client_gender=recommendation.gender,
            need=recommendation.focus,
        )
        if recommendation.district_id:
            initial["district"] = recommendation.district_id
        unit = parse_id(request.GET.get("unit"))
        if unit and recommendation.items.filter(unit_id=unit).exists():
            initial["unit"] = str(unit)
    return initial


@login_required
def placement_detail(request, pk, end_form=None):
    placement = get_for_user(
        request.user,
        queries.placements_for(request.user).select_related(
            "unit", "unit__provider", "district", "case_worker", "category", "recommendation"
        ),
        "ratings.view_placement",
        pk=pk,
    )
    rating = getattr(placement, "rating", None)
    return render(
        request,
        "ratings/placement_detail.html",
        {
            "placement": placement,
            "rating": rating,
            "can_rate": rating is None
            and request.user.has_perm("ratings.rate_placement", placement)
            and placement.rating_due_on <= timezone.localdate(),
            "end_form": end_form
            or (
                EndPlacementForm(placement=placement)
                if placement.status == PlacementStatus.ACTIVE
                and request.user.has_perm("ratings.change_placement", placement)
                else None
            ),
        },
        status=400 if end_form else 200,
    )


@login_required
@require_POST
def placement_end(request, pk):
    placement = get_for_user(
        request.user,
        queries.placements_for(request.user),
        "ratings.change_placement",
        pk=pk,
    )
    form = EndPlacementForm(request.POST, placement=placement)
    if not form.is_valid():
        return placement_detail(request, pk, end_form=form)
    end_date, cancel = form.cleaned_data["end_date"], form.cleaned_data["cancel"]
    end = partial(services.end_placement, placement, request.user, end_date, cancel)
    page = reverse("ratings:placement_detail", args=[placement.pk])
    return act(request, end, "Placeringen är uppdaterad.", page)


@login_required
def rate(request, pk):
    placement = get_for_user(
        request.user,
        queries.placements_for(request.user).select_related("unit", "unit__provider"),
        "ratings.rate_placement",
        pk=pk,
    )
    questionnaire = services.active_questionnaire()
    form = RatingForm(request.POST or None, questionnaire=questionnaire)
    if request.method == "POST" and form.is_valid():
        try:
            rating = services.submit_rating(placement, request.user, form.answers())
        except DomainError as error:
            messages.error(request, error.message)
            return redirect(placement)
        # The message names the score the service computed, so it comes after the call.
        messages.success(request, f"Tack! Ratingen är sparad ({rating.score} av 100 poäng).")
        return redirect("ratings:tasks")
    if hasattr(placement, "rating"):
        messages.error(request, services.ALREADY_RATED)
        return redirect(placement)
    if placement.rating_due_on > timezone.localdate():
        messages.info(
            request, f"Placeringen kan få rating från och med {placement.rating_due_on:%Y-%m-%d}."
        )
        return redirect(placement)
    return render(
        request,
        "ratings/rate.html",
        {"form": form, "placement": placement, "questionnaire": questionnaire},
    )


@login_required
def answer_rates(request):
    require_perm(request.user, "ratings.view_answer_rates")
    rows = queries.answer_rates()
    due = sum(r["due"] for r in rows)
    answered = sum(r["answered"] for r in rows)
    return render(
        request,
        "ratings/answer_rates.html",
        {
            "rows": rows,
            "total": {"due": due, "answered": answered, "rate": queries.percent(answered, due)},
            "own_district_id": request.user.org_unit_id,
            "counted_on": queries.answer_rates_counted_on(),
        },
    )
