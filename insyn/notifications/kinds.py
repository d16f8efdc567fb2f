"""Every app's notification kinds, read from their `notices.py` by plain imports (this app
is the top of the layering): a renamed or removed module fails at import time."""

from insyn.feedback import notices as feedback_notices
from insyn.followup import notices as followup_notices
from insyn.placement import notices as placement_notices
from insyn.ratings import notices as ratings_notices
from insyn.suppliers import notices as suppliers_notices

APPS = (followup_notices, feedback_notices, ratings_notices, placement_notices, suppliers_notices)

KINDS = {kind.key: kind for module in APPS for kind in module.KINDS}


def label(key: str) -> str:
    kind = KINDS.get(key)
    return kind.label if kind else key


# The apps whose dates pass by themselves (ratings raises its own from its nightly job).
REMINDERS = (followup_notices.reminders, feedback_notices.reminders)


def reminders(today):
    """(kind, target, due) from every app's nightly reminder function, app by app."""
    for reminders_of in REMINDERS:
        yield from reminders_of(today)
