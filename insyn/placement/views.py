"""Staff pages: the recommendation search, saving a recommendation, its HTML and PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from insyn.core.access import get_for_user, require_perm
from insyn.core.pagination import paginate

from . import queries, services
from .forms import NeedForm, RecommendationForm
from .pdf import recommendation_pdf


@login_required
def search(request):
    require_perm(request.user, "placement.search")
    form = NeedForm(request.GET or None)
    rows, recommend_form = None, None
    if form.is_bound and form.is_valid():
        rows = queries.search(request.user, form.need())
        recommend_form = RecommendationForm(
            unit_choices=[(r.unit.pk, r.unit.name) for r in rows], refused=rows.refused
        )
    return render(
        request,
        "placement/search.html",
        {"form": form, "rows": rows, "recommend_form": recommend_form},
    )


@login_required
@require_POST
def recommend(request):
    require_perm(request.user, "placement.add_recommendation")
    need_form = NeedForm(request.POST)
    if not need_form.is_valid():
        messages.error(request, "Sökningen är inte giltig längre. Gör om sökningen.")
        return redirect("placement:search")
    need = need_form.need()
    rows = queries.search(request.user, need)
    form = RecommendationForm(
        request.POST, unit_choices=[(r.unit.pk, r.unit.name) for r in rows], refused=rows.refused
    )
    if form.is_valid():
        chosen = set(form.cleaned_data["units"])
        recommendation = services.create_recommendation(
            need, [r for r in rows if r.unit.pk in chosen], form.cleaned_data, request.user
        )
        messages.success(
            request,
            f"Rekommendationen är sparad och kan skickas till {recommendation.case_worker}.",
        )
        return redirect(recommendation)
    return render(
        request,
        "placement/search.html",
        {"form": need_form, "rows": rows, "recommend_form": form},
        status=400,
    )


def _recommendation(request, pk):
    return get_for_user(
        request.user,
        queries.recommendations_for(request.user).select_related(
            "created_by", "case_worker", "category", "district"
        ),
        "placement.view_recommendation",
        pk=pk,
    )


@login_required
def recommendation_list(request):
    require_perm(request.user, "placement.view_recommendation")
    recommendations = (
        queries.recommendations_for(request.user)
        .select_related("created_by", "case_worker", "category")
        .order_by("-created_at", "-pk")
    )
    return render(
        request,
        "placement/recommendation_list.html",
        {"page": paginate(request, recommendations)},
    )


@login_required
def recommendation_detail(request, pk):
    recommendation = _recommendation(request, pk)
    return render(
        request,
        "placement/recommendation_detail.html",
        {
            "recommendation": recommendation,
            "items": recommendation.items.all(),
            "placements": recommendation.placements.select_related("unit"),
            "can_place": request.user.has_perm("ratings.add_placement"),
        },
    )


@login_required
def recommendation_download(request, pk):
    recommendation = _recommendation(request, pk)
    response = HttpResponse(recommendation_pdf(recommendation), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="rekommendation-{recommendation.pk}.pdf"'
    )
    return response
