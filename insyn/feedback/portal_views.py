"""The provider's feedback pages: items about its own organisation, once sent to it.
Text is always masked here; a provider is never entitled to identity numbers."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from insyn.accounts.predicates import is_provider_user
from insyn.core.access import get_for_user
from insyn.core.errors import act
from insyn.core.pagination import paginate

from . import presenters, queries, services
from .constants import Status
from .filters import PortalFeedbackFilter
from .forms import AnswerForm


def _provider_user(request):
    if not is_provider_user(request.user):
        raise PermissionDenied
    return request.user


def _item(user, pk):
    return get_for_user(
        user, queries.with_related(queries.items_for(user)), "feedback.view_item", pk=pk
    )


@login_required
def item_list(request):
    user = _provider_user(request)
    items = queries.with_related(queries.items_for(user))
    filterset = PortalFeedbackFilter(request.GET, queryset=items)
    qs = filterset.qs if filterset.is_valid() else items.none()
    page = paginate(request, qs.order_by("-received_on", "-pk"))
    return render(
        request,
        "feedback/portal_list.html",
        {"filter": filterset, "page": page, "rows": presenters.rows(page, timezone.localdate())},
    )


def _render_detail(request, item, form, status=200):
    return render(
        request,
        "feedback/portal_detail.html",
        {
            "item": item,
            "row": presenters.row(item, timezone.localdate()),
            "form": form,
            "can_answer": item.status == Status.SENT,
        },
        status=status,
    )


@login_required
def item_detail(request, pk):
    user = _provider_user(request)
    item = _item(user, pk)
    return _render_detail(request, item, AnswerForm())


@login_required
@require_POST
def item_answer(request, pk):
    user = _provider_user(request)
    item = _item(user, pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, item, form, status=400)
    text = form.cleaned_data["provider_action"]
    answer = partial(services.transition, item, Status.ANSWERED, user, text=text)
    page = reverse("feedback_portal:detail", args=[item.pk])
    return act(request, answer, "Tack! Ert svar är skickat till kommunen.", page)
