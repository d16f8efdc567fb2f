"""Human-readable change history from django-auditlog: who, when, what changed."""

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

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
        changes = []
        for label, (old, new) in (entry.changes_display_dict or {}).items():
            if label.lower() in {"ändrad", "skapad"}:
                continue
            changes.append({"field": label, "old": old, "new": new})
        rows.append(
            {
                "timestamp": entry.timestamp,
                "action": ACTIONS.get(entry.action, entry.get_action_display()),
                "actor": entry.actor,
                "by_provider": bool(entry.actor and entry.actor.provider_id),
                "changes": changes,
            }
        )
    return rows
