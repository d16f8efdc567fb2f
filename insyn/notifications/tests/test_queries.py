"""Query counts that must not grow with the data: the nightly reminders read a constant
number of queries per kind, and the header's unread count is one indexed query."""

import datetime as dt

import pytest
from django.db import connection

from insyn.accounts.tests.factories import OrgUnitFactory, UserFactory
from insyn.feedback.constants import Status
from insyn.feedback.tests.factories import FeedbackItemFactory
from insyn.followup import notices as followup_notices
from insyn.followup.constants import FollowUpStatus, PlanStatus
from insyn.followup.tests.factories import (
    DeficiencyFactory,
    FollowUpFactory,
    PlanFactory,
    PlannedFollowUpFactory,
)
from insyn.notifications import kinds
from insyn.notifications.models import Notification
from insyn.notifications.queries import unread_count
from insyn.registry.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 10)


def _region(n, controller):
    """n of everything that passes a reminder date on TODAY, over n units and providers,
    each provider with a user and each district with a coordinator."""
    from insyn.followup.models import FollowUpPlan

    plan = FollowUpPlan.objects.filter(year=2026).first() or PlanFactory(
        year=2026, status=PlanStatus.APPROVED
    )
    for i in range(n):
        unit = UnitFactory()
        UserFactory(provider_user=True, provider=unit.provider)
        district = OrgUnitFactory(name=f"Stadsdel {len(str(i))}-{i}")
        UserFactory(coordinator=True, org_unit=district)
        done = FollowUpFactory(unit=unit, status=FollowUpStatus.DONE)
        DeficiencyFactory(followup=done, deadline=TODAY + dt.timedelta(days=7))  # due
        DeficiencyFactory(followup=done, deadline=TODAY - dt.timedelta(days=2))  # overdue
        FollowUpFactory(unit=unit, status=FollowUpStatus.SENT, deadline=TODAY + dt.timedelta(3))
        FollowUpFactory(unit=unit, status=FollowUpStatus.SENT, deadline=TODAY - dt.timedelta(1))
        FeedbackItemFactory(
            unit=unit,
            status=Status.SENT,
            due_on=TODAY - dt.timedelta(days=1),
            district=district,
            registered_by=UserFactory(case_worker=True, org_unit=district),
        )
        PlannedFollowUpFactory(plan=plan, unit=unit, month=3, responsible=controller)
        PlannedFollowUpFactory(plan=plan, unit=unit, month=1, responsible=controller)


def _read_reminders(django_assert_max_num_queries, queries):
    """Reads the reminders and their receivers within `queries` queries."""
    with django_assert_max_num_queries(queries):
        found = list(kinds.reminders(TODAY))
        for kind, target, _due in found:
            assert list(kind.recipients(target))  # receivers come without more queries
            kind.context(target)
    return found


# The nightly reminders: 7 kinds. Each kind is one query, the followup ones prefetch the
# provider's users (one more each), feedback asks for the districts' coordinators once.
READ_QUERIES = 12


def test_reading_the_nightly_reminders_is_constant_in_the_region_size(
    controller, django_assert_max_num_queries
):
    _region(2, controller)
    small = _read_reminders(django_assert_max_num_queries, READ_QUERIES)
    assert len(small) == 7 * 2
    _region(8, controller)
    large = _read_reminders(django_assert_max_num_queries, READ_QUERIES)
    assert len(large) == 7 * 10
    assert sorted({kind.key for kind, _, _ in large}) == [
        "feedback.past_target",
        "followup.action_plan_due",
        "followup.action_plan_overdue",
        "followup.planned_overdue",
        "followup.planned_this_month",
        "followup.self_report_due",
        "followup.self_report_overdue",
    ]


def test_the_header_count_is_bounded_in_queries(provider_user, unit, django_assert_max_num_queries):
    followup = FollowUpFactory(unit=unit, status=FollowUpStatus.DONE)
    for day in range(3):
        deficiency = DeficiencyFactory(followup=followup, deadline=TODAY + dt.timedelta(day))
        followup_notices.ACTION_PLAN_REQUESTED.send(deficiency, due=deficiency.deadline)
        followup_notices.ACTION_PLAN_DUE.send(deficiency, due=deficiency.deadline)
    Notification.objects.filter(pk=Notification.objects.first().pk).update(
        read_at=dt.datetime.now(dt.UTC)
    )
    # The unread rows, the deficiencies (one type, two kinds) and the scope once: not one
    # query per notification nor per row's receiver.
    with django_assert_max_num_queries(3):
        assert unread_count(provider_user) == 5


def test_the_header_count_uses_the_unread_index(provider_user):
    index = next(i for i in Notification._meta.indexes if i.name == "notification_unread")
    assert index.fields == ["recipient", "read_at"]
    sql, params = (
        Notification.objects.filter(recipient=provider_user, read_at__isnull=True)
        .values("pk")
        .query.sql_with_params()
    )
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
            assert "USING COVERING INDEX notification_unread" in plan or (
                "USING INDEX notification_unread" in plan
            )
        else:
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = %s", ["notification_unread"]
            )
            assert "(recipient_id, read_at)" in cursor.fetchone()[0]
