"""The plan page's progress figures (progress.summarise_plan), hand-computed."""

import datetime as dt

import pytest

from insyn.followup import progress
from insyn.followup.constants import FollowUpStatus
from insyn.followup.tests.factories import FollowUpFactory, PlanFactory, PlannedFollowUpFactory
from insyn.registry.constants import OperationForm
from insyn.registry.tests.factories import ProviderFactory, UnitFactory, category

TODAY = dt.date(2026, 6, 15)


@pytest.mark.django_db
def test_plan_progress_per_month_category_and_form():
    plan = PlanFactory(year=2026)
    own = ProviderFactory(operation_form=OperationForm.OWN)
    hvb_own = UnitFactory(provider=own, category=category("hvb-barn"))
    hvb = UnitFactory(category=category("hvb-barn"))
    lss = UnitFactory(category=category("lss-boende"))

    def row(unit, month, done=False):
        planned = PlannedFollowUpFactory(plan=plan, unit=unit, month=month)
        if done:
            FollowUpFactory(unit=unit, planned=planned, status=FollowUpStatus.DONE)
        else:  # started, not finished: still planned or overdue
            FollowUpFactory(unit=unit, planned=planned, status=FollowUpStatus.DRAFT)
        return planned

    row(hvb_own, 3, done=True)  # March, done
    row(hvb, 4)  # April passed without a finished follow-up: overdue
    PlannedFollowUpFactory(plan=plan, unit=lss, month=9)  # September, not started: planned
    row(lss, 9, done=True)  # done ahead of its month
    row(lss, 6)  # this month: still planned

    summary = progress.summarise_plan(plan, TODAY)

    months = {m["name"]: m for m in summary["months"]}
    assert [m["total"] for m in summary["months"]] == [0, 0, 1, 1, 0, 1, 0, 0, 2, 0, 0, 0]
    assert months["mars"] == {"name": "mars", "planned": 0, "done": 1, "overdue": 0, "total": 1}
    assert months["april"]["overdue"] == 1
    assert (months["juni"]["planned"], months["september"]["planned"]) == (1, 1)
    assert months["september"]["done"] == 1
    categories = dict(summary["categories"])
    hvb_name, lss_name = category("hvb-barn").name, category("lss-boende").name
    assert categories[hvb_name] == {"planned": 0, "done": 1, "overdue": 1, "total": 2}
    assert categories[lss_name] == {"planned": 2, "done": 1, "overdue": 0, "total": 3}
    forms = dict(summary["forms"])
    assert forms["Egen regi"] == {"planned": 0, "done": 1, "overdue": 0, "total": 1}
    assert forms["Privata och idéburna utförare"] == {
        "planned": 2,
        "done": 1,
        "overdue": 1,
        "total": 4,
    }
    assert summary["total"] == {"planned": 2, "done": 2, "overdue": 1, "total": 5}


@pytest.mark.django_db
def test_plan_progress_costs_one_query_for_any_number_of_rows(django_assert_num_queries):
    plan = PlanFactory(year=2026)
    for month in (1, 2, 3, 4, 5):
        PlannedFollowUpFactory(plan=plan, month=month)
    with django_assert_num_queries(1):
        assert progress.summarise_plan(plan, TODAY)["total"]["total"] == 5


@pytest.mark.django_db
def test_plan_positions_follow_the_plan_pages_order():
    plan = PlanFactory(year=2026)
    ekan = PlannedFollowUpFactory(plan=plan, month=3, unit=UnitFactory(name="Ekan"))
    almen = PlannedFollowUpFactory(plan=plan, month=3, unit=UnitFactory(name="Almen"))
    bjorken = PlannedFollowUpFactory(plan=plan, month=4, unit=UnitFactory(name="Björken"))
    other = PlannedFollowUpFactory(plan=PlanFactory(year=2027), month=1)
    from insyn.followup.queries import plan_positions

    assert plan_positions([bjorken, ekan, almen, other]) == {
        almen.pk: 0,
        ekan.pk: 1,
        bjorken.pk: 2,
        other.pk: 0,
    }
    assert plan_positions([]) == {}


@pytest.mark.django_db
def test_the_start_page_links_a_row_to_the_plan_page_that_shows_it(client):
    import time_machine
    from django.urls import reverse

    from insyn.accounts.tests.factories import UserFactory
    from insyn.followup.models import PlannedFollowUp

    controller = UserFactory(controller=True)
    plan = PlanFactory(year=2026)
    # 100 rows in January fill the plan page's first page (100 rows a page).
    PlannedFollowUp.objects.bulk_create(
        PlannedFollowUp(plan=plan, unit=unit, month=1, method="site_visit", rule="manual")
        for unit in UnitFactory.create_batch(100)
    )
    mine = PlannedFollowUpFactory(plan=plan, month=2, responsible=controller)
    client.force_login(controller)
    with time_machine.travel(dt.datetime(2026, 2, 16, 9, tzinfo=dt.UTC), tick=False):
        html = client.get(reverse("home")).content.decode()
    assert f"{plan.get_absolute_url()}?page=2#row-{mine.pk}" in html  # this month's, mine
    assert f"{plan.get_absolute_url()}?page=1#row-" in html  # January's, overdue
