"""Writes for reports. Each entry point is one transaction with the actor set for history."""

from dataclasses import dataclass

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
    """The committee confirms (or overrides) the proposed status: who, when and, for a
    delegate, the delegation decision are kept. With segregation of duties on, whoever
    proposed the status cannot confirm it.

    Example: the manager of Socialnämnden Centrum confirms "Uppfylls delvis" for a Centrum
    goal: confirmed_by is the manager and confirmed_delegation empty; a delegate confirming
    it gets "SN Centrum 2026-01-20 § 4" recorded."""
    from django.conf import settings
    from django.utils import timezone

    from insyn.accounts.models import delegation_for
    from insyn.core.errors import DomainError

    from .rules import goal_committee_id

    if settings.INSYN.get("SEGREGATION_OF_DUTIES") and goal.proposed_by_id == user.pk:
        raise DomainError(
            f"Du föreslog själv statusen för målet {goal.title}. Kommunen kräver att någon "
            "annan bekräftar den (åtskillnad av uppgifter)."
        )
    goal.status, goal.status_comment = status, comment
    goal.confirmed_by, goal.confirmed_at = user, timezone.now()
    goal.confirmed_delegation = delegation_for(user, goal_committee_id(goal))
    with set_actor(user):
        goal.save(
            update_fields=[
                "status",
                "status_comment",
                "confirmed_by",
                "confirmed_at",
                "confirmed_delegation",
                "updated_at",
            ]
        )
    return goal


@transaction.atomic
def propose_goal_status(goal, status: str, comment: str, user):
    """A controller proposes the status for the committee to confirm; it changes nothing of
    the confirmed status."""
    from django.utils import timezone

    goal.proposed_status, goal.proposed_comment = status, comment
    goal.proposed_by, goal.proposed_at = user, timezone.now()
    with set_actor(user):
        goal.save(
            update_fields=[
                "proposed_status",
                "proposed_comment",
                "proposed_by",
                "proposed_at",
                "updated_at",
            ]
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


@transaction.atomic
def save_activity(form, goal, user):
    activity = form.save(commit=False)
    activity.goal = goal
    with set_actor(user):
        activity.save()
    return activity


@dataclass
class CopyResult:
    goals: int = 0
    activities: int = 0
    targets: int = 0


@transaction.atomic
def copy_goals_to_next_year(year: int, org_unit, user) -> CopyResult:
    """Copy the year's goal chain in scope (goals of the org unit's subtree, or all when
    None, plus their ancestors) to year + 1.

    Copied: level, org unit, title, description, expected results, order, indicators and the
    parent link (to the parent's copy). Not copied: status, analysis (they belong to the year).
    Activities that run past the year's end are copied as they are. Each linked indicator's
    targets (årsmål, KF:s årsmål) are carried over when next year has no value yet.
    A goal already copied to next year is not copied again, so running it twice is harmless.

    Example: 2024 with inriktningsmål 1 → KF-mål 1.3 → nämndmål "Barn och ungdomar har goda
    uppväxtvillkor" gives the same three linked goals in 2025.
    """
    import datetime as dt

    from . import queries
    from .goals import with_ancestors
    from .models import Goal, GoalActivity, IndicatorValue

    all_goals = list(Goal.objects.filter(year=year).prefetch_related("indicators", "activities"))
    ids = queries.scope_ids(org_unit)
    wanted = [g.pk for g in all_goals if ids is None or g.org_unit_id in ids]
    chosen = sorted(with_ancestors(all_goals, wanted), key=goals_depth(all_goals))
    copies = {
        g.copied_from_id: g
        for g in Goal.objects.filter(year=year + 1, copied_from__in=[g.pk for g in chosen])
    }
    result = CopyResult()
    year_end = dt.date(year, 12, 31)
    indicator_ids = set()
    with set_actor(user):
        for goal in chosen:
            if goal.pk in copies:
                continue
            parent_copy = copies.get(goal.parent_id)
            copy = Goal.objects.create(
                year=year + 1,
                level=goal.level,
                org_unit_id=goal.org_unit_id,
                parent=parent_copy,
                copied_from=goal,
                sort_order=goal.sort_order,
                title=goal.title,
                description=goal.description,
                expected_results=goal.expected_results,
            )
            linked = list(goal.indicators.all())
            copy.indicators.set(linked)
            indicator_ids.update(i.pk for i in linked)
            copies[goal.pk] = copy
            result.goals += 1
            ongoing = [a for a in goal.activities.all() if a.end > year_end]
            GoalActivity.objects.bulk_create(
                GoalActivity(
                    goal=copy,
                    text=a.text,
                    start=a.start,
                    end=a.end,
                    sort_order=a.sort_order,
                )
                for a in ongoing
            )
            result.activities += len(ongoing)
        existing = set(
            IndicatorValue.objects.filter(
                indicator_id__in=indicator_ids, year=year + 1
            ).values_list("indicator_id", flat=True)
        )
        for value in IndicatorValue.objects.filter(
            indicator_id__in=indicator_ids - existing, year=year
        ):
            if value.annual_target is None and value.council_target is None:
                continue
            IndicatorValue.objects.create(
                indicator_id=value.indicator_id,
                year=year + 1,
                value=None,
                annual_target=value.annual_target,
                council_target=value.council_target,
                council_target_text=value.council_target_text,
                updated_by=user,
            )
            result.targets += 1
    return result


def goals_depth(all_goals):
    """Sort key: a goal's depth in the chain, so parents are copied before children."""
    by_pk = {g.pk: g for g in all_goals}

    def depth(goal):
        n, node = 0, goal
        while node.parent_id in by_pk:
            n, node = n + 1, by_pk[node.parent_id]
        return (n, goal.pk)

    return depth


@transaction.atomic
def save_deficiency_goals(links: dict, year: int, user) -> int:
    """Link deficiencies against essential requirements to the committee goals they affect.

    `links`: {deficiency pk: (allowed goal pks, chosen pks as posted)}; a chosen pk that is
    not allowed (another committee's goal, another year, not a number) is ignored. Links to
    goals of other years are kept. Returns the number of deficiencies whose links changed.
    """
    from .models import Goal

    changed = 0
    through = Goal.affected_by.through
    with set_actor(user):
        for deficiency_id, (allowed, chosen) in links.items():
            wanted = {int(pk) for pk in chosen if str(pk).isdigit()} & set(allowed)
            current = set(
                through.objects.filter(deficiency_id=deficiency_id, goal__year=year).values_list(
                    "goal_id", flat=True
                )
            )
            if wanted == current:
                continue
            # Through the goal's side, so the goal's history records each link (auditlog).
            for goal in Goal.objects.filter(pk__in=current - wanted):
                goal.affected_by.remove(deficiency_id)
            for goal in Goal.objects.filter(pk__in=wanted - current):
                goal.affected_by.add(deficiency_id)
            changed += 1
    return changed
