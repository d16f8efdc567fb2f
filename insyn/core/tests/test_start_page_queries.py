"""Each role's start page and the plan page ask the database the same number of questions
whatever the amount of work they list (issue 16: they differed between a tenth of the bench
register and the full one). The world is built once small, counted, grown, counted again."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from insyn.feedback.constants import Status
from insyn.feedback.tests.factories import FeedbackItemFactory
from insyn.followup.constants import FollowUpStatus, PlanStatus
from insyn.followup.tests.factories import (
    DeficiencyFactory,
    FollowUpFactory,
    PlanFactory,
    PlannedFollowUpFactory,
)
from insyn.placement.models import Recommendation
from insyn.ratings.tests.factories import PlacementFactory
from insyn.registry.models import Category
from insyn.registry.tests.factories import ContractFactory, ProviderFactory, UnitFactory

pytestmark = pytest.mark.django_db

ROLES = ["controller", "case_worker", "coordinator", "manager", "placement_officer", "admin_user"]


def _grow(n, users, plan):
    """n more of everything a start page lists, spread over providers, units and districts."""
    category = Category.objects.first()
    district = getattr(users["coordinator"], "org_unit", None)
    for i in range(n):
        provider = ProviderFactory()
        unit = UnitFactory(provider=provider)
        contract = ContractFactory(provider=provider)
        row = PlannedFollowUpFactory(
            plan=plan,
            unit=unit,
            contract=contract,
            month=1 + i % 3,
            responsible=users["controller"],
        )
        if i % 2:
            FollowUpFactory(
                unit=unit, planned=row, status=FollowUpStatus.DRAFT, responsible=users["controller"]
            )
        DeficiencyFactory(followup=FollowUpFactory(unit=unit, status=FollowUpStatus.DONE))
        for status in (Status.REGISTERED, Status.SENT, Status.ANSWERED):
            FeedbackItemFactory(
                unit=unit,
                district=district,
                status=status,
                received_on=dt.date(2026, 1, 2),
            )
        placement = {"district": district} if district else {}
        PlacementFactory(
            unit=unit,
            case_worker=users["case_worker"],
            start_date=dt.date(2025, 10, 1),
            rating_due_on=dt.date(2026, 1, 1),
            **placement,
        )
        Recommendation.objects.create(
            created_by=users["placement_officer"],
            case_worker=users["case_worker"],
            case_reference=f"REK-{plan.pk}-{i}-{unit.pk}",
            category=category,
            start_date=dt.date(2026, 6, 1),
        )
    PlanFactory(year=2027 + n, committee=None)  # a draft waiting for a decision


def _count(client, url):
    client.get(url)  # caches (content types, the scope) are not the page's questions
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@time_machine.travel(dt.datetime(2026, 3, 10, 10, 0), tick=False)
@pytest.mark.parametrize("role", ROLES)
def test_start_page_queries_do_not_grow_with_the_work(client, request, role):
    users = {r: request.getfixturevalue(r) for r in ROLES}
    plan = PlanFactory(year=2026, status=PlanStatus.APPROVED)
    client.force_login(users[role])
    _grow(1, users, plan)
    small = _count(client, reverse("home"))
    _grow(4, users, plan)
    assert _count(client, reverse("home")) == small


@time_machine.travel(dt.datetime(2026, 3, 10, 10, 0), tick=False)
def test_plan_page_queries_do_not_grow_with_the_rows(client, request):
    users = {r: request.getfixturevalue(r) for r in ROLES}
    plan = PlanFactory(year=2026, status=PlanStatus.APPROVED)
    client.force_login(users["controller"])
    url = reverse("followup:plan_detail", args=[plan.pk])
    _grow(2, users, plan)
    small = _count(client, url)
    _grow(6, users, plan)
    assert _count(client, url) == small


@pytest.mark.parametrize("role", ROLES)
def test_the_scope_is_loaded_once_per_request(client, request, role):
    """Predicates asked with `request.user` (a lazy proxy) and `has_perm` (the real user)
    share one scope: the memberships are read once per page, not once per object."""
    client.force_login(request.getfixturevalue(role))
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("home")).status_code == 200
    scope_queries = [q for q in captured.captured_queries if '"accounts_membership"' in q["sql"]]
    assert len(scope_queries) == 1, [q["sql"][:120] for q in scope_queries]
