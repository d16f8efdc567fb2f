"""Staff pages for feedback: list, register, detail with each step, export, rules, alerts."""

from functools import partial

from auditlog.models import LogEntry
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from insyn.accounts.predicates import is_district_staff, is_municipal, sees_all_feedback
from insyn.core.access import get_for_user, require_perm
from insyn.core.errors import act
from insyn.core.files import download_response
from insyn.core.history import history_page
from insyn.core.ids import parse_id
from insyn.core.pagination import paginate
from insyn.core.reauth import require_recent_login
from insyn.core.spreadsheet import csv_writer
from insyn.core.workflow import is_allowed

from . import presenters, queries, services, workflow
from .constants import Status
from .export import EXPORT_HEADER, export_rows
from .filters import FeedbackFilter
from .forms import (
    AttachmentForm,
    FeedbackForm,
    FeedbackGivenForm,
    HandlingTargetFormSet,
    ReopenForm,
    SettingsForm,
)
from .models import FeedbackItem, FeedbackSettings, HandlingTarget
from .pagination import paginate as capped_paginate


def _staff_items(user):
    # Provider users have their own pages in the portal; the staff pages don't exist for them.
    items = queries.items_for(user)
    return items if is_municipal(user) else items.none()


def _item(request, pk, perm="feedback.view_item"):
    return get_for_user(request.user, queries.with_related(_staff_items(request.user)), perm, pk=pk)


def _filtered(request):
    items = queries.with_related(_staff_items(request.user))
    filterset = FeedbackFilter(request.GET, queryset=items, request=request)
    qs = filterset.qs if filterset.is_valid() else items.none()
    return filterset, qs.order_by("-received_on", "-pk")


@login_required
def item_list(request):
    require_perm(request.user, "feedback.export_items")
    filterset, qs = _filtered(request)
    page = capped_paginate(request, qs)
    today = timezone.localdate()
    user = request.user
    # What the user may not read in full, as counts only (other districts; for the placement
    # officer the whole municipality, and no item list at all).
    return render(
        request,
        "feedback/list.html",
        {
            "filter": filterset,
            "page": page,
            "rows": presenters.rows(page, today),
            "reads_items": sees_all_feedback(user) or is_district_staff(user),
            "overview": queries.counts_overview(user),
        },
    )


class _Echo:
    def write(self, value):
        return value


@login_required
def item_export(request):
    from insyn.core import documents as background

    from . import documents

    require_perm(request.user, "feedback.export_items")
    # The texts leave the system: only after a recent login (core/reauth.py).
    require_recent_login(request)
    _, qs = _filtered(request)
    # A large export is built by the worker (core.documents) instead of holding this one.
    if background.in_background(qs.count()):
        document = background.request_document(
            request.user,
            documents.EXPORT,
            "Synpunkter (CSV)",
            {"filters": documents.query_params(request.GET)},
        )
        return redirect(document)
    today = timezone.localdate()
    writer = csv_writer(_Echo(), delimiter=";")

    def stream():
        yield "\ufeff"
        yield writer.writerow(EXPORT_HEADER)
        for values in export_rows(qs, today):
            yield writer.writerow(values)

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="synpunkter.csv"'
    return response


@login_required
def item_create(request):
    require_perm(request.user, "feedback.add_item")
    ids = {k: parse_id(request.GET.get(k)) for k in ("unit", "provider")}
    initial = {k: str(v) for k, v in ids.items() if v}
    form = FeedbackForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "GET":
        form.narrow_to(initial.get("unit"), initial.get("provider"))
    if request.method == "POST" and form.is_valid():
        files = [form.cleaned_data["attachment"]] if form.cleaned_data.get("attachment") else []
        item = services.register_item(form, request.user, files)
        messages.success(request, f"Synpunkten är registrerad (nr {item.pk}).")
        return redirect(item)
    return render(request, "feedback/form.html", {"form": form, "title": "Registrera synpunkt"})


def _detail_context(request, item, *, unmasked=False):
    user = request.user
    today = timezone.localdate()
    events = list(item.events.select_related("actor"))
    for event in events:
        event.display_note = event.note if unmasked else presenters.masked_text(event.note, item)
    return {
        "item": item,
        "row": presenters.row(item, today, unmasked=unmasked),
        "unmasked": unmasked,
        "events": events,
        "attachments": item.attachments.all(),
        "can_unmask": user.has_perm("feedback.view_unmasked", item),
        "can_send": is_allowed(workflow.flow_for(item), item.status, Status.SENT)
        and user.has_perm("feedback.send_item", item),
        "can_give_feedback": is_allowed(workflow.flow_for(item), item.status, Status.FEEDBACK_GIVEN)
        and user.has_perm("feedback.give_feedback", item),
        "can_close": item.status == Status.FEEDBACK_GIVEN
        and user.has_perm("feedback.close_item", item),
        "can_reopen": item.status == Status.CLOSED
        and not item.text_removed_at
        and user.has_perm("feedback.reopen_item", item),
        "can_forward": item.is_open
        and not item.forwarded_at
        and user.has_perm("feedback.forward_item", item),
        "can_attach": not item.text_removed_at and user.has_perm("feedback.add_attachment", item),
        "can_view_attachments": user.has_perm("feedback.view_attachment", item),
        "feedback_form": FeedbackGivenForm(),
        "reopen_form": ReopenForm(),
        "attachment_form": AttachmentForm(),
    }


@login_required
def item_detail(request, pk):
    item = _item(request, pk)
    return render(request, "feedback/detail.html", _detail_context(request, item))


@login_required
def item_history(request, pk):
    """Events and field changes of an item (its free text is never in them); staff only, the
    same scope as the item page. Logged reads of the unmasked text only for administrators."""
    item = _item(request, pk)
    require_perm(request.user, "feedback.view_history", item)
    return history_page(
        request,
        item,
        f"Historik för {item}",
        related=[item.attachments.all()],
        reads=request.user.has_perm("feedback.view_access_log"),
    )


@login_required
@require_POST
def item_unmasked(request, pk):
    """The explicit, logged action of reading the text with identity numbers shown."""
    item = _item(request, pk, "feedback.view_unmasked")
    require_recent_login(request)
    services.log_unmasked_access(item, request.user)
    response = render(
        request, "feedback/detail.html", _detail_context(request, item, unmasked=True)
    )
    response["Cache-Control"] = "no-store"
    return response


def _invalid(request, item, **forms):
    """The detail page again, with the invalid form in its slot so its errors show."""
    context = {**_detail_context(request, item), **forms}
    return render(request, "feedback/detail.html", context, status=400)


def _step_view(to_status, success, form_class=None, slot="", **fields):
    """A POST-only view for one step of the flow. A step with a form shows the detail page
    again when the form is invalid (the form in its `slot`); `fields` names the form field
    behind each argument of `services.transition`."""

    @login_required
    @require_POST
    def view(request, pk):
        item = _item(request, pk)
        data = {}
        if form_class is not None:
            form = form_class(request.POST)
            if not form.is_valid():
                return _invalid(request, item, **{slot: form})
            data = {argument: form.cleaned_data[name] for argument, name in fields.items()}
        step = partial(services.transition, item, to_status, request.user, **data)
        return act(request, step, success, item)

    return view


item_send = _step_view(Status.SENT, "Synpunkten är skickad till utföraren.")
item_feedback_given = _step_view(
    Status.FEEDBACK_GIVEN,
    "Återkopplingen är registrerad.",
    FeedbackGivenForm,
    "feedback_form",
    text="note",
    on="given_on",
    action="action",
)
item_close = _step_view(Status.CLOSED, "Ärendet är avslutat.")
item_reopen = _step_view(
    Status.REGISTERED, "Ärendet är återöppnat.", ReopenForm, "reopen_form", text="reason"
)


@login_required
@require_POST
def item_forward(request, pk):
    item = _item(request, pk)
    forward = partial(services.forward_to_controllers, item, request.user)
    return act(request, forward, "Synpunkten är vidarebefordrad till controller.", item)


@login_required
@require_POST
def attachment_upload(request, pk):
    item = _item(request, pk, "feedback.add_attachment")
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _invalid(request, item, attachment_form=form)
    upload = partial(services.add_attachment, item, form.cleaned_data["file"], request.user)
    return act(request, upload, "Bilagan är sparad.", item)


@login_required
def attachment_download(request, pk, attachment_pk):
    item = _item(request, pk, "feedback.view_attachment")
    attachment = item.attachments.filter(pk=attachment_pk).first()
    if attachment is None or not attachment.file:
        raise Http404
    require_recent_login(request)
    services.log_unmasked_access(item, request.user)
    return download_response(request, attachment.file, attachment.name, item)


@login_required
def rules_page(request):
    """The rules (handling-time targets, escalation, retention): readable by municipal staff,
    editable by controllers and admins."""
    require_perm(request.user, "feedback.export_items")
    can_edit = request.user.has_perm("feedback.manage_settings")
    settings_obj = FeedbackSettings.load()
    data = request.POST if (request.method == "POST" and can_edit) else None
    form = SettingsForm(data, instance=settings_obj, prefix="rules")
    formset = HandlingTargetFormSet(data, queryset=HandlingTarget.objects.all(), prefix="targets")
    if request.method == "POST":
        require_perm(request.user, "feedback.manage_settings")
        if form.is_valid() and formset.is_valid():
            services.save_settings(form, request.user)
            services.save_targets(formset, request.user)
            messages.success(request, "Reglerna är sparade.")
            return redirect("feedback:rules")
    return render(
        request,
        "feedback/rules.html",
        {
            "form": form,
            "formset": formset,
            "can_edit": can_edit,
            "settings": settings_obj,
            "followup_available": services.followup_available(),
        },
    )


def _alert(request, pk):
    alerts = queries.alerts_for(request.user)
    return get_for_user(request.user, alerts, "feedback.handle_alert", pk=pk)


@login_required
@require_POST
def alert_handle(request, pk):
    alert = _alert(request, pk)
    create = request.POST.get("followup") == "1"
    handle = partial(services.handle_alert, alert, request.user, create_followup=create)
    success = (
        "En händelsestyrd uppföljning är tillagd i planen."
        if create
        else "Larmet är markerat som hanterat."
    )
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        next_url = reverse("home")
    return act(request, handle, success, next_url)


@login_required
def access_log(request):
    """Who read unmasked feedback text or attachments, and when (admins only)."""
    require_perm(request.user, "feedback.view_access_log")
    content_type = ContentType.objects.get_for_model(FeedbackItem)
    entries = (
        LogEntry.objects.filter(content_type=content_type, action=LogEntry.Action.ACCESS)
        .select_related("actor")
        .order_by("-timestamp", "-pk")
    )
    return render(request, "feedback/access_log.html", {"page": paginate(request, entries)})
