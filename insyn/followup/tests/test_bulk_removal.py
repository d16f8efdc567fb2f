"""Removing many plan rows at once is one delete and one history entry, whatever the count."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from insyn.core.errors import DomainError
from insyn.core.history import sentence
from insyn.core.models import ActionLog
from insyn.followup import services
from insyn.followup.constants import PlanStatus
from insyn.followup.models import FollowUp, PlannedFollowUp

from .factories import FollowUpFactory, PlanFactory, PlannedFollowUpFactory

pytestmark = pytest.mark.django_db


def _deletions():
    kind = ContentType.objects.get_for_model(PlannedFollowUp)
    return LogEntry.objects.filter(content_type=kind, action=LogEntry.Action.DELETE).count()


def _plan_with_rows(n, year=2026):
    plan = PlanFactory(year=year)
    PlannedFollowUpFactory.create_batch(n, plan=plan)
    return plan


def test_removing_all_rows_writes_one_entry_with_the_count(controller):
    plan = _plan_with_rows(3)
    other = _plan_with_rows(2, year=2027)
    ActionLog.objects.all().delete()

    assert services.remove_plan_rows(plan, controller) == 3

    assert not plan.rows.exists()
    assert other.rows.count() == 2  # another plan's rows stay
    assert _deletions() == 0  # no row-by-row history
    (entry,) = ActionLog.objects.all()
    assert entry.object_id == str(plan.pk)
    assert entry.user == controller
    assert entry.data == {"count": 3}
    assert sentence(entry) == f"3 planerade uppföljningar togs bort ur {plan}."


def test_removing_some_rows_keeps_the_rest_and_frees_started_followups(controller):
    plan = _plan_with_rows(4)
    first, second, *_ = plan.rows.order_by("pk")
    followup = FollowUpFactory(unit=first.unit, planned=first)

    removed = services.remove_plan_rows(
        plan, controller, PlannedFollowUp.objects.filter(pk__in=[first.pk, second.pk])
    )

    assert removed == 2
    assert plan.rows.count() == 2
    assert FollowUp.objects.get(pk=followup.pk).planned is None  # the follow-up itself stays


def test_rows_of_another_plan_are_never_removed(controller):
    plan = _plan_with_rows(1)
    other = _plan_with_rows(2, year=2027)

    assert services.remove_plan_rows(plan, controller, other.rows.all()) == 0
    assert other.rows.count() == 2


def test_an_approved_plan_keeps_its_rows(controller):
    plan = _plan_with_rows(2)
    plan.status = PlanStatus.APPROVED
    plan.save()
    ActionLog.objects.all().delete()

    with pytest.raises(DomainError, match="beslutad"):
        services.remove_plan_rows(plan, controller)
    assert plan.rows.count() == 2
    assert not ActionLog.objects.exists()


@pytest.mark.parametrize("rows", [5, 60])
def test_the_queries_do_not_grow_with_the_rows(controller, rows, django_assert_max_num_queries):
    plan = _plan_with_rows(rows)
    # Select the rows, null their follow-ups' links, delete, the content type and the entry:
    # the same handful at 5 and at 60 rows (it was an insert per row before).
    with django_assert_max_num_queries(8):
        services.remove_plan_rows(plan, controller)
    assert not plan.rows.exists()
