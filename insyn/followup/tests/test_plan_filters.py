"""The plan page's filters (month, category, responsible, state, regi), month names, and the
return to the edited row on its page (issue 11: "186 rows on one page")."""

import datetime as dt

import pytest
from django.urls import reverse

from insyn.accounts.tests.factories import UserFactory
from insyn.followup.constants import FollowUpStatus
from insyn.followup.queries import PLAN_PAGE_SIZE
from insyn.registry.constants import OperationForm
from insyn.registry.tests.factories import ProviderFactory, UnitFactory, category

from .factories import FollowUpFactory, PlanFactory, PlannedFollowUpFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2026, 4, 15, 10, tzinfo=dt.UTC))


@pytest.fixture
def plan(controller):
    """Four rows of the 2026 plan, seen on 15 April 2026:
    Alfa (HVB barn, private, January, mine, done), Beta (HVB barn, own, February, the
    colleague's, not done → overdue), Gamma (LSS, private, May, mine → planned),
    Delta (LSS, own, April, nobody's → planned: April has not passed)."""
    colleague = UserFactory(controller=True, first_name="Kim", last_name="Kollega")
    own = ProviderFactory(operation_form=OperationForm.OWN)
    plan = PlanFactory(year=2026)
    hvb, lss = category("hvb-barn"), category("lss-boende")

    def row(name, cat, provider, month, responsible):
        unit = UnitFactory(name=name, category=cat, **({"provider": provider} if provider else {}))
        return PlannedFollowUpFactory(plan=plan, unit=unit, month=month, responsible=responsible)

    alfa = row("Alfa", hvb, None, 1, controller)
    FollowUpFactory(unit=alfa.unit, status=FollowUpStatus.DONE, planned=alfa)
    row("Beta", hvb, own, 2, colleague)
    row("Gamma", lss, None, 5, controller)
    row("Delta", lss, own, 4, None)
    plan.colleague = colleague
    return plan


def _units(client, plan, **filters):
    page = client.get(plan.get_absolute_url(), filters).content.decode()
    return [name for name in ("Alfa", "Beta", "Gamma", "Delta") if f">{name}</a>" in page]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["Alfa", "Beta", "Gamma", "Delta"]),
        ({"month": "5"}, ["Gamma"]),
        ({"state": "done"}, ["Alfa"]),
        ({"state": "overdue"}, ["Beta"]),
        ({"state": "planned"}, ["Gamma", "Delta"]),
        ({"regi": "own"}, ["Beta", "Delta"]),
        ({"regi": "private"}, ["Alfa", "Gamma"]),
        ({"responsible": "me"}, ["Alfa", "Gamma"]),
        ({"regi": "private", "state": "planned"}, ["Gamma"]),
    ],
)
def test_filters_narrow_the_rows(client, controller, plan, filters, expected):
    client.force_login(controller)
    assert _units(client, plan, **filters) == expected


def test_filter_by_category_and_by_colleague(client, controller, plan):
    client.force_login(controller)
    assert _units(client, plan, category=category("lss-boende").pk) == ["Gamma", "Delta"]
    assert _units(client, plan, responsible=plan.colleague.pk) == ["Beta"]


def test_rows_show_month_names_and_the_count_shown(client, controller, plan):
    client.force_login(controller)
    page = client.get(plan.get_absolute_url(), {"regi": "own"}).content.decode()
    assert "<td>Februari</td>" in page and "<td>April</td>" in page
    assert "2 av 4 uppföljningar visas." in page


def test_saving_a_row_returns_to_its_page_and_row(client, controller):
    plan = PlanFactory(year=2026)
    units = [UnitFactory(name=f"Enhet {n:03d}") for n in range(PLAN_PAGE_SIZE + 5)]
    rows = [PlannedFollowUpFactory(plan=plan, unit=u, month=1) for u in units]
    last = rows[-1]  # "Enhet 104": the fifth row of page 2
    client.force_login(controller)
    response = client.post(
        reverse("followup:plan_row_edit", args=[last.pk]),
        {"method": "site_visit", "month": 1, "responsible": controller.pk, "reason": "x"},
    )
    assert response.url == f"{plan.get_absolute_url()}?page=2#row-{last.pk}"
    # Moved to March, it is still on page 2 (January's 104 rows come first).
    first = rows[0]
    response = client.post(
        reverse("followup:plan_row_edit", args=[first.pk]),
        {"method": "site_visit", "month": 3, "responsible": controller.pk, "reason": "x"},
    )
    assert response.url == f"{plan.get_absolute_url()}?page=2#row-{first.pk}"


def test_plan_page_queries_stay_few_with_filters(
    client, controller, plan, django_assert_max_num_queries
):
    client.force_login(controller)
    with django_assert_max_num_queries(20):
        client.get(plan.get_absolute_url(), {"state": "planned", "regi": "own"})


def test_saving_a_row_keeps_the_filters_and_returns_to_the_row(client, controller, plan):
    # The edit link carries the plan's filters; the save returns to the filtered plan at the
    # row. Private rows are Alfa (Jan) and Gamma (Apr): Gamma is the second of the filtered two.
    client.force_login(controller)
    gamma = plan.rows.get(unit__name="Gamma")
    page = client.get(plan.get_absolute_url(), {"regi": "private", "state": ""}).content.decode()
    edit = reverse("followup:plan_row_edit", args=[gamma.pk])
    assert f'href="{edit}?regi=private">Ändra' in page
    form = client.get(f"{edit}?regi=private").content.decode()
    assert f'href="{plan.get_absolute_url()}?regi=private&amp;page=1#row-{gamma.pk}"' in form
    data = {"method": gamma.method, "month": 5, "responsible": controller.pk, "reason": "x"}
    response = client.post(f"{edit}?regi=private", data)
    assert response.url == f"{plan.get_absolute_url()}?regi=private&page=1#row-{gamma.pk}"


def test_saving_a_row_on_a_filtered_later_page_returns_to_that_page(client, controller):
    plan = PlanFactory(year=2026)
    rows = [
        PlannedFollowUpFactory(plan=plan, unit=UnitFactory(name=f"Enhet {n:03d}"), month=m)
        for n in range(PLAN_PAGE_SIZE + 5)
        for m in (2,)
    ]
    PlannedFollowUpFactory(plan=plan, unit=UnitFactory(name="Annan"), month=1)
    last = rows[-1]
    client.force_login(controller)
    edit = reverse("followup:plan_row_edit", args=[last.pk])
    data = {"method": "site_visit", "month": 2, "responsible": controller.pk, "reason": "x"}
    response = client.post(f"{edit}?month=2", data)
    # Unfiltered it would be row 106 (page 2 too); filtered by February it is row 105.
    assert response.url == f"{plan.get_absolute_url()}?month=2&page=2#row-{last.pk}"
    # Moved out of the chosen month: back to the filtered plan, filters kept.
    data["month"] = 3
    response = client.post(f"{edit}?month=2", data)
    assert response.url == f"{plan.get_absolute_url()}?month=2"


def test_a_bad_filter_in_the_edit_link_is_dropped(client, controller, plan):
    client.force_login(controller)
    gamma = plan.rows.get(unit__name="Gamma")
    edit = reverse("followup:plan_row_edit", args=[gamma.pk])
    data = {"method": gamma.method, "month": 4, "responsible": controller.pk, "reason": "x"}
    response = client.post(f"{edit}?month=13&regi=own", data)
    assert response.url == f"{plan.get_absolute_url()}?page=1#row-{gamma.pk}"
