"""Human-readable history: domain events in words (`log_action`) merged with django-auditlog's
field-by-field changes: who, when, what happened and what changed.

Each app declares its event names and Swedish sentences in one place, its `log_actions.py`
(`ACTIONS = {"insyn.followup.plan.approved": "{object} beslutades.", …}`), and registers them
in its AppConfig.ready() with `register_actions`. A service calls `log_action(obj, name,
user, data)` inside the transaction of the change, so a rolled-back change leaves no entry.
"""

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Q
from django.db.models.signals import pre_save
from django.shortcuts import render

from .models import ActionLog

# Action name → sentence template; filled by each app's ready() through register_actions.
SENTENCES: dict[str, str] = {}

# What a sentence may hold: a few labels, dates and counts (never free text about a person).
MAX_DATA_TEXT = 200


def register_actions(actions: dict[str, str]) -> None:
    """Declare an app's event names with their Swedish sentences. A sentence may use
    `{object}` (the object's name when the event happened) and the keys of the entry's data.
    A name declared twice with another sentence is a programming error."""
    for action, sentence in actions.items():
        if SENTENCES.get(action, sentence) != sentence:
            raise ValueError(f"log action {action!r} is declared twice with different sentences")
        SENTENCES[action] = sentence


def log_action(obj, action: str, user=None, data: dict | None = None, label: str = ""):
    """Write one event about `obj` by `user` (None: the system). `label` replaces str(obj)
    where that would be free text (a deficiency's description). Call it inside the service's
    transaction, after the change it describes."""
    if action not in SENTENCES:
        raise ValueError(f"unknown log action {action!r}: declare it in the app's log_actions.py")
    data = dict(data or {})
    for key, value in data.items():
        if not isinstance(value, str | int | float | bool) and value is not None:
            raise TypeError(f"log data {key!r} must be a label, number or flag, not {value!r}")
        if isinstance(value, str) and len(value) > MAX_DATA_TEXT:
            raise ValueError(f"log data {key!r} is longer than {MAX_DATA_TEXT} characters")
    return ActionLog.objects.create(
        content_type=ContentType.objects.get_for_model(obj.__class__),
        object_id=str(obj.pk),
        object_repr=(label or str(obj))[:200],
        action=action,
        user=user if getattr(user, "pk", None) else None,
        data=data,
    )


def delete_in_bulk(queryset, about, action: str, user=None, data: dict | None = None) -> int:
    """Delete many rows as one event: one queryset delete with auditlog's row-by-row entries
    off, and one `log_action` entry on `about` (the object the rows belonged to) whose data
    holds `count`, the number of rows of the queryset's model that went. Call it inside the
    service's transaction. Example: removing a proposal's 2,000 plan rows writes one entry
    on the plan ("2000 planerade uppföljningar togs bort"), not 2,000 deletion entries.

    Cascaded rows go too; whether they may is the caller's rule to check first."""
    with disable_auditlog():
        _total, per_model = queryset.delete()
    count = per_model.get(queryset.model._meta.label, 0)
    log_action(about, action, user, {**(data or {}), "count": count})
    return count


class _Values(dict):
    def __missing__(self, key):
        return "–"  # a sentence that gained a placeholder later still reads for old entries


def sentence(entry: ActionLog) -> str:
    """The entry's Swedish sentence; an action no longer declared shows its name."""
    template = SENTENCES.get(entry.action)
    if template is None:
        return f"{entry.action} ({entry.object_repr})"
    return template.format_map(_Values(entry.data or {}, object=entry.object_repr))


def _event_row(entry: ActionLog) -> dict:
    model = entry.content_type.model_class()
    return {
        "timestamp": entry.created,
        "action": sentence(entry),
        "actor": entry.user,
        "by_provider": bool(entry.user and entry.user.provider_id),
        "changes": [],
        "is_event": True,
        "object_type": model._meta.verbose_name if model else "",
        "object_repr": entry.object_repr,
    }


def events_for(obj, limit: int = 200):
    """Domain events about `obj`, newest first."""
    content_type = ContentType.objects.get_for_model(obj.__class__)
    return (
        ActionLog.objects.filter(content_type=content_type, object_id=str(obj.pk))
        .select_related("content_type", "user", "user__provider")
        .order_by("-created", "-pk")[:limit]
    )


def activity_of(user):
    """Everything `user` did, as events, newest first (the administrators' activity page)."""
    return (
        ActionLog.objects.filter(user=user)
        .select_related("content_type", "user", "user__provider")
        .order_by("-created", "-pk")
    )


def describe(entries) -> list[dict]:
    """Rows for templates (timestamp, action = the sentence, actor, object type and name)."""
    return [_event_row(entry) for entry in entries]


ACTIONS = {
    LogEntry.Action.CREATE: "Skapad",
    LogEntry.Action.UPDATE: "Ändrad",
    LogEntry.Action.DELETE: "Raderad",
    LogEntry.Action.ACCESS: "Läst",
}


def history_for(obj, limit: int = 200, related=(), reads: bool = True):
    """Entries for `obj`, newest first: its domain events in words merged with the field
    changes (field labels instead of column names). An event is written after the change it
    describes, so it stands just above that change's fields.

    `related` are querysets of the object's parts whose field changes belong on its page (a
    follow-up's answers, a deficiency's action plans); their rows name the part's kind. All
    field changes come in one query, whatever the number of parts. `reads=False` leaves out
    the logged reads of unmasked text (who read what is for administrators only)."""
    content_type = ContentType.objects.get_for_model(obj.__class__)
    events = describe(events_for(obj, limit))
    wanted = Q(content_type=content_type, object_pk=str(obj.pk))
    for queryset in related:
        pks = [str(pk) for pk in queryset.values_list("pk", flat=True)]
        if pks:
            part_type = ContentType.objects.get_for_model(queryset.model)
            wanted |= Q(content_type=part_type, object_pk__in=pks)
    entries = LogEntry.objects.filter(wanted)
    if not reads:
        entries = entries.exclude(action=LogEntry.Action.ACCESS)
    entries = entries.select_related("content_type", "actor", "actor__provider").order_by(
        "-timestamp", "-pk"
    )[:limit]
    entries = list(entries)
    _name_foreign_keys(entries)
    rows = []
    for entry in entries:
        action = ACTIONS.get(entry.action, entry.get_action_display())
        if entry.content_type_id != content_type.pk:
            model = entry.content_type.model_class()
            part = model._meta.verbose_name if model else ""
            action = f"{action} ({part} #{entry.object_pk})"
        rows.append(
            {
                "timestamp": entry.timestamp,
                "action": action,
                "actor": entry.actor,
                "by_provider": bool(entry.actor and entry.actor.provider_id),
                "changes": _changes(entry),
            }
        )
    rows.extend(events)
    # Stable sort: for equal times an event (added last) would fall below its change.
    rows.sort(key=lambda row: (row["timestamp"], row.get("is_event", False)), reverse=True)
    return rows[:limit]


def _name_foreign_keys(entries) -> None:
    """auditlog names a changed foreign key by loading the related row, one query per value
    and entry; load them per model in one query instead, and name a model registered with a
    label (a deficiency) by that label, never by its free text."""
    wanted: dict = {}
    for entry in entries:
        model = entry.content_type.model_class()
        for name in entry.changes_dict or {}:
            field = _field(model, name) if model else None
            values = entry.changes_dict[name]
            if (
                field is not None
                and field.concrete
                and (field.many_to_one or field.one_to_one)
                and isinstance(values, list | tuple)
            ):
                wanted.setdefault(field.related_model, set()).update(values)
    names: dict = {}
    for model, raw_values in wanted.items():
        pks = {}
        for raw in raw_values:
            try:
                pks[raw] = model._meta.pk.to_python(raw)
            except (ValidationError, TypeError):
                continue
        pks = {raw: pk for raw, pk in pks.items() if pk is not None and raw != "None"}
        label = _LOG_LABELS.get(model)
        if label is not None:
            found = {pk: model(pk=pk) for pk in pks.values()}
        else:
            found = model._default_manager.select_related().in_bulk(set(pks.values()))
        for raw, pk in pks.items():
            obj = found.get(pk)
            if obj is None:
                names[(model, raw)] = f"{model._meta.verbose_name} #{raw} (raderad)"
            else:
                names[(model, raw)] = label(obj) if label else str(obj)

    def display(field, value):
        return names.get((field.related_model, value), value)

    for entry in entries:
        # Shadows auditlog's per-value lookup used by changes_display_dict.
        entry._get_changes_display_for_fk_field = display


M2M_OPERATIONS = {"add": "Tillagda", "delete": "Borttagna", "clear": "Alla borttagna"}


def _changes(entry) -> list[dict]:
    """Field label, old and new value of each change; many-to-many changes (auditlog stores
    them as {"type": "m2m", "operation": …, "objects": […]}) become one readable line.
    Reverse relations and bookkeeping timestamps are left out: they are not user data."""
    model = entry.content_type.model_class()
    display = entry.changes_display_dict or {}
    changes = []
    for name, raw in (entry.changes_dict or {}).items():
        field = _field(model, name)
        if field is not None and not field.concrete and not field.many_to_many:
            continue
        label = str(field.verbose_name) if field is not None else name
        if label.lower() in HIDDEN_LABELS:
            continue
        if isinstance(raw, dict) and raw.get("type") == "m2m":
            operation = M2M_OPERATIONS.get(raw.get("operation"), raw.get("operation"))
            new = f"{operation}: {', '.join(raw['objects'])}"
            changes.append({"field": label, "old": None, "new": new})
            continue
        values = display.get(label, raw)
        if len(values) != 2:
            continue
        if HIDDEN_TEXT in values:
            changes.append({"field": label, "old": None, "new": None, "hidden": True})
            continue
        old, new = (None if value in ("None", "", None) else value for value in values)
        if old is None and new is None:
            continue
        changes.append({"field": label, "old": old, "new": new})
    return changes


HIDDEN_LABELS = {"ändrad", "skapad", "borttagen"}


def _field(model, name: str):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:  # a field removed since; its raw name is still shown
        return None


# --- Free text kept out of the change history -------------------------------------------

# What the change history stores instead of a free text that may hold an identity number:
# the page says the field changed, never what it said (retention must be able to remove it).
HIDDEN_TEXT = "(fritext)"

# Model → function giving the name auditlog stores as the entry's object_repr, for models
# whose str() is their free text (a deficiency's str is its description).
_LOG_LABELS: dict = {}


def hidden_text(value) -> str:
    """auditlog's mask callable for free-text fields: empty stays empty, anything else
    becomes HIDDEN_TEXT, so the entry says "changed" and keeps no copy of the text."""
    return HIDDEN_TEXT if value not in ("", "None", None) else ""


def register_with_hidden_text(model, text_fields=(), label=None, **options) -> None:
    """Register `model` with auditlog, its `text_fields` logged as changed without their
    text. `label(obj)` replaces str(obj) as the logged object name when str() is free text."""
    auditlog.register(
        model,
        mask_fields=list(text_fields),
        mask_callable="insyn.core.history.hidden_text",
        **options,
    )
    if label is not None:
        _LOG_LABELS[model] = label
        pre_save.connect(_relabel_entry, sender=LogEntry, dispatch_uid="core.history.relabel")


def _relabel_entry(sender, instance, **kwargs):
    """Before auditlog stores an entry about a labelled model, replace its object_repr."""
    if instance.pk is not None:
        return
    model = instance.content_type.model_class()
    label = _LOG_LABELS.get(model)
    if label is not None:
        instance.object_repr = label_for(model, instance.object_pk, label)


def label_for(model, pk, label) -> str:
    """The label of object `pk` without loading it (labels use the kind and the id only)."""
    probe = model(pk=int(pk)) if str(pk).isdigit() else model(pk=pk)
    return label(probe)


def forget_logged_text(model, pks, text_fields) -> int:
    """Remove the free text of `text_fields` from the change history already written about
    objects `pks` of `model` (entries from before the fields were hidden, or any copy), and
    their free-text object names. Retention calls this when it removes the text itself.
    Returns the number of entries rewritten."""
    content_type = ContentType.objects.get_for_model(model)
    label = _LOG_LABELS.get(model)
    count = 0
    entries = LogEntry.objects.filter(
        content_type=content_type, object_pk__in=[str(pk) for pk in pks]
    )
    for entry in entries.iterator():
        changes = entry.changes if isinstance(entry.changes, dict) else None
        changed = False
        if changes:
            for name in text_fields:
                values = changes.get(name)
                if isinstance(values, list) and any(v != hidden_text(v) for v in values):
                    changes[name] = [hidden_text(v) for v in values]
                    changed = True
        new_repr = label_for(model, entry.object_pk, label) if label else entry.object_repr
        if changed or new_repr != entry.object_repr or entry.changes_text:
            LogEntry.objects.filter(pk=entry.pk).update(
                changes=changes, changes_text="", object_repr=new_repr
            )
            count += 1
    return count


def history_page(request, obj, title: str, related=(), label: str = "", reads: bool = True):
    """The history page of `obj` (and its `related` parts); the caller checks permission.
    `label` names the object in the back link when str(obj) is free text; `reads` as in
    history_for."""
    return render(
        request,
        "core/history.html",
        {
            "object": obj,
            "label": label or str(obj),
            "title": title,
            "entries": history_for(obj, related=related, reads=reads),
        },
    )
