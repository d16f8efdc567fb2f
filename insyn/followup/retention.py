"""Gallring of follow-up texts: identity numbers in a finished follow-up's texts (summary,
answers and comments, findings, deficiencies, action plans) are replaced by their masked
form (`YYMMDD-****`) a number of years after it was finished, and the change history keeps
no copy of them.

Why mask rather than empty: a follow-up's findings and deficiencies are the municipality's
record of how a provider was followed up (and counted in reports); the identity number is the
only part that identifies a person and stops being needed once the case is closed. A
follow-up with a deficiency not yet remedied waits: the controller may still need to know
whose plan was missing.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from insyn.core.history import forget_logged_text, log_action
from insyn.core.identity import mask_identity_numbers

from . import conf
from .constants import DeficiencyStatus, FollowUpStatus
from .models import ActionPlan, Answer, Deficiency, Finding, FollowUp


def cutoff(today: dt.date, years: int) -> dt.datetime:
    """The start of the day `years` before `today` (29 February → 28 February)."""
    try:
        day = today.replace(year=today.year - years)
    except ValueError:
        day = today.replace(year=today.year - years, day=28)
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def due(today: dt.date, years: int):
    """Finished follow-ups not yet retained, finished before the cutoff, with every
    deficiency remedied."""
    unremedied = FollowUp.objects.filter(
        deficiencies__status__in=[
            s for s in DeficiencyStatus.values if s != DeficiencyStatus.REMEDIED
        ]
    )
    return FollowUp.objects.filter(
        status=FollowUpStatus.DONE,
        finished_at__lt=cutoff(today, years),
        texts_retained_at__isnull=True,
    ).exclude(pk__in=unremedied.values("pk"))


def apply_retention(today: dt.date, years: int | None = None) -> int:
    """Mask identity numbers in the texts of every due follow-up; returns how many follow-ups
    were retained. Each follow-up in its own transaction, so a failure keeps the others."""
    if years is None:
        years = conf.get("TEXT_RETENTION_YEARS")
    count = 0
    for followup in due(today, years).iterator():
        retain_followup(followup)
        count += 1
    return count


@transaction.atomic
def retain_followup(followup: FollowUp) -> int:
    """Mask the identity numbers of one follow-up's texts and remove them from the change
    history; returns the number of texts changed. Writes bypass auditlog (`update`): the
    gallring itself is recorded as one event."""
    parts = [
        (FollowUp, FollowUp.objects.filter(pk=followup.pk)),
        (Answer, Answer.objects.filter(followup=followup)),
        (Finding, Finding.objects.filter(followup=followup)),
        (Deficiency, Deficiency.objects.filter(followup=followup)),
        (ActionPlan, ActionPlan.objects.filter(deficiency__followup=followup)),
    ]
    changed = 0
    for model, queryset in parts:
        fields = model.TEXT_FIELDS
        for pk, *texts in queryset.values_list("pk", *fields):
            stored = dict(zip(fields, texts, strict=True))
            different = {
                f: mask_identity_numbers(t)
                for f, t in stored.items()
                if mask_identity_numbers(t) != t
            }
            if different:
                model.objects.filter(pk=pk).update(**different)
                changed += len(different)
        forget_logged_text(model, list(queryset.values_list("pk", flat=True)), fields)
    FollowUp.objects.filter(pk=followup.pk).update(texts_retained_at=timezone.now())
    log_action(followup, "insyn.followup.followup.texts_retained", None, data={"count": changed})
    return changed
