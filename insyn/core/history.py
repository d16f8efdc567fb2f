"""Human-readable change history from django-auditlog: who, when, what changed."""

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist

ACTIONS = {
    LogEntry.Action.CREATE: "Skapad",
    LogEntry.Action.UPDATE: "Ändrad",
    LogEntry.Action.DELETE: "Raderad",
    LogEntry.Action.ACCESS: "Läst",
}


def history_for(obj, limit: int = 200):
    """Entries for `obj`, newest first, each with field labels instead of column names."""
    content_type = ContentType.objects.get_for_model(obj.__class__)
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
    return rows


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
