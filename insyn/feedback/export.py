"""The feedback CSV export's columns and rows, shared by the streamed download (views) and
the background document (documents)."""

from . import presenters

EXPORT_HEADER = [
    "Id",
    "Datum inkommen",
    "Typ",
    "Från vem",
    "Gäller",
    "Allvarlighetsgrad",
    "Utförare",
    "Verksamhet",
    "Stadsdel",
    "Status",
    "Dagar öppen",
    "Över handläggningstid",
    "Beskrivning (personnummer dolda)",
    "Utförarens åtgärd (personnummer dolda)",
    "Återkoppling lämnad",
]


def export_rows(items, today):
    """CSV rows: always masked, whoever exports (an export leaves the system)."""
    for item in items.iterator(chunk_size=2000):
        r = presenters.row(item, today)
        yield [
            item.pk,
            item.received_on.isoformat(),
            item.get_kind_display(),
            item.get_source_display(),
            item.get_concern_display(),
            item.get_severity_display(),
            item.provider.name if item.provider else (item.org_unit.name if item.org_unit else ""),
            item.unit.name if item.unit else "",
            item.district.name if item.district else "",
            item.get_status_display(),
            r.days_open,
            "Ja" if r.past_target else "Nej",
            r.text,
            r.provider_action,
            item.feedback_given_on.isoformat() if item.feedback_given_on else "",
        ]
