"""Writes to feedback. Each entry point is one transaction with the actor set for auditlog;
mail goes out in `transaction.on_commit`. Refusals raise `FeedbackError` (Swedish message)."""

import datetime as dt
import logging

from auditlog.context import set_actor
from auditlog.signals import accessed
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from insyn.core.errors import DomainError
from insyn.core.history import log_action
from insyn.core.workflow import check, permission_for

from . import escalation, handling, notices, signals, workflow
from .constants import EventType, Status
from .log_actions import TRANSITION_ACTIONS
from .models import EscalationAlert, FeedbackAttachment, FeedbackEvent, FeedbackItem

log = logging.getLogger(__name__)


class FeedbackError(DomainError):
    """A refused write; the message is Swedish and shown to the user as is."""


def _event(item, user, event_type, from_status="", to_status="", note=""):
    return FeedbackEvent.objects.create(
        item=item,
        event_type=event_type,
        from_status=from_status,
        to_status=to_status,
        actor=user,
        note=note,
    )


@transaction.atomic
def register_item(form, user, files=()) -> FeedbackItem:
    with set_actor(user):
        item = form.save(commit=False)
        if item.unit_id:
            item.provider_id = item.unit.provider_id
        if item.org_unit_id:
            item.provider_id = item.unit_id = None
        item.registered_by = user
        item.district_id = user.org_unit_id
        item.due_on = handling.due_date(item.concern, item.received_on)
        item.full_clean()
        item.save()
        _event(item, user, EventType.TRANSITION, to_status=Status.REGISTERED)
        log_action(item, "insyn.feedback.item.registered", user)
        for upload in files:
            _attach(item, upload, user)
        alerts = escalation.evaluate(item)
    for alert in alerts:
        notices.ESCALATED.send(alert)
    return item


def _attach(item, upload, user) -> FeedbackAttachment:
    return FeedbackAttachment.objects.create(
        item=item, file=upload, name=upload.name[:200], size=upload.size, uploaded_by=user
    )


@transaction.atomic
def add_attachment(item, upload, user) -> FeedbackAttachment:
    if item.text_removed_at:
        raise FeedbackError("Ärendet är gallrat och kan inte få nya bilagor.")
    with set_actor(user):
        return _attach(item, upload, user)


def _locked(item) -> FeedbackItem:
    return FeedbackItem.objects.select_for_update().get(pk=item.pk)


@transaction.atomic
def transition(
    item,
    to_status: str,
    user,
    *,
    text: str = "",
    on: dt.date | None = None,
    action: str = "",
):
    """Move `item` one step along its flow (see workflow.py). `text` is the provider's action
    (answered), the note to the person (feedback_given) or the reason (reopening); `on` is the
    date feedback was given. `action`, with feedback_given, records the action the
    municipality took (feedback about an org unit); empty means no action is recorded."""
    item = _locked(item)
    from_status = item.status
    flow = workflow.flow_for(item)
    check(flow, from_status, to_status)
    if not user.has_perm(permission_for(flow, from_status, to_status), item):
        raise PermissionDenied
    now = timezone.now()
    text = (text or "").strip()
    event_type = EventType.TRANSITION
    if to_status == Status.SENT:
        item.sent_at, item.sent_by = now, user
    elif to_status == Status.ANSWERED:
        if not text:
            raise FeedbackError("Skriv vilken åtgärd ni har vidtagit innan ni svarar.")
        item.provider_action, item.answered_at, item.answered_by = text, now, user
        item.action_taken_on = timezone.localdate()
        item.action_taken_note, item.action_taken_by = text, user
    elif to_status == Status.FEEDBACK_GIVEN:
        on = on or timezone.localdate()
        if on > timezone.localdate() or on < item.received_on:
            raise FeedbackError(
                "Datum för återkoppling måste vara mellan datum inkommen och i dag."
            )
        item.feedback_given_on, item.feedback_note, item.feedback_given_by = on, text, user
        action = (action or "").strip()
        if action and item.action_taken_on is None:
            item.action_taken_on, item.action_taken_note, item.action_taken_by = on, action, user
    elif to_status == Status.CLOSED:
        item.closed_at, item.closed_by = now, user
    elif to_status == Status.REGISTERED:
        if not text:
            raise FeedbackError("Ange varför ärendet återöppnas (personens återkoppling).")
        if item.text_removed_at:
            raise FeedbackError("Ärendet är gallrat och kan inte återöppnas.")
        event_type = EventType.REOPENED
        item.reopened_count += 1
        item.closed_at = item.closed_by = None
        item.due_on = handling.due_date(item.concern, timezone.localdate())
    item.status = to_status
    with set_actor(user):
        item.save()
        _event(item, user, event_type, from_status, to_status, note=text)
        log_action(item, TRANSITION_ACTIONS[to_status], user)
    if to_status == Status.SENT:
        notices.SENT_TO_PROVIDER.send(item)
    elif to_status == Status.ANSWERED:
        notices.ANSWERED.send(item)
    return item


@transaction.atomic
def forward_to_controllers(item, user) -> FeedbackItem:
    item = _locked(item)
    if not user.has_perm("feedback.forward_item", item):
        raise PermissionDenied
    if item.forwarded_at:
        raise FeedbackError("Ärendet är redan vidarebefordrat till controller.")
    if not item.is_open:
        raise FeedbackError("Ett avslutat ärende kan inte vidarebefordras.")
    item.forwarded_at, item.forwarded_by = timezone.now(), user
    with set_actor(user):
        item.save()
        _event(item, user, EventType.FORWARDED)
        log_action(item, "insyn.feedback.item.forwarded", user)
    notices.FORWARDED.send(item)
    return item


def log_unmasked_access(item, user) -> None:
    """Viewing the unmasked text (or an attachment) is logged as an auditlog "access" entry:
    who (actor), when (timestamp), which item (object)."""
    with set_actor(user):
        accessed.send(sender=FeedbackItem, instance=item)


@transaction.atomic
def save_settings(form, user):
    with set_actor(user):
        return form.save()


@transaction.atomic
def save_targets(formset, user):
    with set_actor(user):
        return formset.save()


def followup_available() -> bool:
    """Whether an app (followup) receives `signals.followup_requested`."""
    return signals.followup_requested.has_listeners(EscalationAlert)


@transaction.atomic
def handle_alert(alert: EscalationAlert, user, *, create_followup: bool = False):
    """Mark an alert handled; with `create_followup`, first ask for an event-driven follow-up
    through `signals.followup_requested` (no receiver or a refusal → FeedbackError, and the
    alert stays open)."""
    alert = EscalationAlert.objects.select_for_update().get(pk=alert.pk)
    if not user.has_perm("feedback.handle_alert", alert):
        raise PermissionDenied
    if alert.handled_at:
        raise FeedbackError("Larmet är redan hanterat.")
    with set_actor(user):
        if create_followup:
            if not followup_available() or alert.unit is None:
                raise FeedbackError(
                    "Händelsestyrd uppföljning kan inte skapas härifrån ännu. "
                    "Kontakta utföraren och lägg till uppföljningen i planen."
                )
            try:
                responses = signals.followup_requested.send(
                    sender=EscalationAlert,
                    unit=alert.unit,
                    reason=f"{alert.get_rule_display()} (synpunkt #{alert.item_id})",
                    user=user,
                    source_label=f"Synpunkt #{alert.item_id}",
                )
            except signals.FollowupRefused as exc:
                raise FeedbackError(str(exc)) from exc
            created = [str(result) for _, result in responses if result is not None]
            alert.followup_label = "; ".join(created)[:200]
        alert.handled_at, alert.handled_by = timezone.now(), user
        alert.save()
    return alert


@transaction.atomic
def apply_retention(today: dt.date, retention_days: int) -> int:
    """Empty free text, notes and attachments of items closed more than `retention_days`
    before `today`. Rows, kinds, categories and dates stay, so every count is kept."""
    cutoff = timezone.make_aware(
        dt.datetime.combine(today - dt.timedelta(days=retention_days), dt.time.min)
    )
    items = FeedbackItem.objects.filter(
        status=Status.CLOSED, closed_at__lt=cutoff, text_removed_at__isnull=True
    )
    now = timezone.now()
    count = 0
    for item in items.iterator():
        for attachment in item.attachments.all():
            attachment.file.delete(save=False)
            attachment.delete()
        FeedbackEvent.objects.filter(item=item).exclude(note="").update(note="")
        item.text = item.provider_action = item.feedback_note = item.action_taken_note = ""
        item.text_removed_at = now
        item.save(
            update_fields=[
                "text",
                "provider_action",
                "feedback_note",
                "action_taken_note",
                "text_removed_at",
            ]
        )
        _event(item, None, EventType.RETENTION)
        count += 1
    return count
