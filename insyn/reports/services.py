"""Writes for reports. Each entry point is one transaction with the actor set for history."""

from auditlog.context import set_actor
from django.db import transaction

from . import tertial
from .models import FeedbackTableNote


@transaction.atomic
def save_table_notes(year: int, org_unit, texts: dict[str, str], user) -> int:
    """Store the controller's 'Sammanfattning och planerade åtgärder' per row.

    Only rows whose text changed are written (one history entry each); an emptied text is
    kept as an empty row so its history stays. Unknown row keys are ignored. Returns the
    number of rows changed.
    """
    existing = {
        note.row_key: note
        for note in FeedbackTableNote.objects.select_for_update().filter(
            year=year, org_unit=org_unit
        )
    }
    changed = 0
    with set_actor(user):
        for key, text in texts.items():
            if key not in tertial.ROW_KEYS:
                continue
            text = (text or "").strip()
            note = existing.get(key)
            if note is None:
                if not text:
                    continue
                FeedbackTableNote.objects.create(
                    year=year, org_unit=org_unit, row_key=key, text=text, updated_by=user
                )
                changed += 1
            elif note.text != text:
                note.text, note.updated_by = text, user
                note.save(update_fields=["text", "updated_by", "updated_at"])
                changed += 1
    return changed


# --- Indicators and goals -------------------------------------------------------------------


@transaction.atomic
def save_indicator(form, user):
    with set_actor(user):
        return form.save()


@transaction.atomic
def save_indicator_value(indicator, year: int, form, user):
    """Store the year's targets, analysis and (unless computed) outcome for an indicator."""
    from .models import IndicatorValue

    value = form.save(commit=False)
    existing = IndicatorValue.objects.select_for_update().filter(indicator=indicator, year=year)
    if existing.exists() and value.pk is None:
        value.pk = existing.get().pk
    value.indicator, value.year, value.updated_by = indicator, year, user
    with set_actor(user):
        value.save()
    return value


@transaction.atomic
def save_goal(form, user):
    with set_actor(user):
        goal = form.save()
    return goal


@transaction.atomic
def confirm_goal(goal, status: str, comment: str, user):
    """A person confirms (or overrides) the proposed status: who and when are kept."""
    from django.utils import timezone

    goal.status, goal.status_comment = status, comment
    goal.confirmed_by, goal.confirmed_at = user, timezone.now()
    with set_actor(user):
        goal.save(
            update_fields=["status", "status_comment", "confirmed_by", "confirmed_at", "updated_at"]
        )
    return goal


@transaction.atomic
def save_annual_texts(year: int, org_unit, data: dict, user):
    """The controller's free-text sections of one annual report (one row per year + unit)."""
    from .models import AnnualReport

    report = AnnualReport.objects.select_for_update().filter(
        year=year, org_unit=org_unit
    ).first() or AnnualReport(year=year, org_unit=org_unit)
    for name in ("summary", "analysis", "improvements"):
        setattr(report, name, (data.get(name) or "").strip())
    report.updated_by = user
    with set_actor(user):
        report.save()
    return report


@transaction.atomic
def save_contract_notes(year: int, texts: dict[int, str], user) -> int:
    """'How the deficiencies affected the committee's goals' per strategic contract."""
    from .models import StrategicContractNote

    changed = 0
    with set_actor(user):
        for contract_id, text in texts.items():
            text = (text or "").strip()
            note = (
                StrategicContractNote.objects.select_for_update()
                .filter(year=year, contract_id=contract_id)
                .first()
            )
            if note is None and not text:
                continue
            if note is None:
                note = StrategicContractNote(year=year, contract_id=contract_id)
            elif note.goal_effect == text:
                continue
            note.goal_effect, note.updated_by = text, user
            note.save()
            changed += 1
    return changed
