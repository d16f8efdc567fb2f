"""Human-readable history: domain events in words (`log_action`) merged with django-auditlog's
field-by-field changes: who, when, what happened and what changed.

Each app declares its event names and Swedish sentences in one place, its `log_actions.py`
(`ACTIONS = {"insyn.followup.plan.approved": "{object} beslutades.", …}`), and registers them
in its AppConfig.ready() with `register_actions`. A service calls `log_action(obj, name,
user, data)` inside the transaction of the change, so a rolled-back change leaves no entry.
"""

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist

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


def history_for(obj, limit: int = 200):
    """Entries for `obj`, newest first: its domain events in words merged with the field
    changes (field labels instead of column names). An event is written after the change it
    describes, so it stands just above that change's fields."""
    content_type = ContentType.objects.get_for_model(obj.__class__)
    events = describe(events_for(obj, limit))
    entries = (
        LogEntry.objects.filter(content_type=content_type, object_pk=str(obj.pk))
        .select_related("actor", "actor__provider")
        .order_by("-timestamp", "-pk")[:limit]
    )
    rows = []
    for entry in entries:
        rows.append(
            {
                "timestamp": entry.timestamp,
                "action": ACTIONS.get(entry.action, entry.get_action_display()),
                "actor": entry.actor,
                "by_provider": bool(entry.actor and entry.actor.provider_id),
                "changes": _changes(entry),
            }
        )
    rows.extend(events)
    # Stable sort: for equal times an event (added last) would fall below its change.
    rows.sort(key=lambda row: (row["timestamp"], row.get("is_event", False)), reverse=True)
    return rows[:limit]


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
