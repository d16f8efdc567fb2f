"""The start page and the menu per role: each role's own work first, a menu of only the
pages the role may open, and plan links that open the page holding the row."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from insyn.accounts.tests.factories import OrgUnitFactory, UserFactory
from insyn.core import panels
from insyn.core.context_processors import menu_for
from insyn.feedback.constants import Status
from insyn.feedback.tests.factories import FeedbackItemFactory
from insyn.followup.constants import PlanStatus
from insyn.followup.tests.factories import PlanFactory, PlannedFollowUpFactory
from insyn.placement.models import Recommendation
from insyn.registry.models import Category
from insyn.registry.tests.factories import UnitFactory

# Declared, not only reached through the role fixtures: pytest-django runs database tests
# before transactional ones (the browser journeys) only when it can see them at collection.
pytestmark = pytest.mark.django_db

ROLE_FIXTURES = [
    "admin_user",
    "controller",
    "case_worker",
    "coordinator",
    "manager",
    "placement_officer",
    "provider_user",
]


def _menu(html: str) -> list[str]:
    nav = html.split('<nav aria-label="Huvudmeny">', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'<a href="([^"]+)"', nav)


@pytest.mark.parametrize("role", ROLE_FIXTURES)
def test_every_menu_link_opens_for_the_role(client, request, role):
    user = request.getfixturevalue(role)
    client.force_login(user)
    html = client.get(reverse("home"), follow=True).content.decode()
    links = _menu(html)
    assert links, "the menu must not be empty"
    for url in links:
        assert client.get(url).status_code == 200, url


def test_case_worker_and_manager_menu_has_no_placement_search(case_worker, manager):
    for user in (case_worker, manager):
        urls = [e["url"] for e in menu_for(user)]
        assert reverse("placement:search") not in urls
        # They receive recommendations, so "Placering" opens the list of them instead.
        assert reverse("placement:recommendation_list") in urls
        assert reverse("registry:import") not in urls
        assert reverse("accounts:user_list") not in urls


def test_controller_menu_holds_every_staff_area_but_administration(controller):
    labels = [e["label"] for e in menu_for(controller)]
    assert labels == [
        "Start",
        "Utförare",
        "Verksamheter",
        "Avtal",
        "Uppföljning",
        "Rating",
        "Synpunkter",
        "Placering",
        "Rapporter",
        "Egen och privat regi",
        "Import",
        "Publicering",
    ]
    assert [e["url"] for e in menu_for(controller)][7] == reverse("placement:search")


def test_provider_menu_is_the_portals(provider_user):
    labels = [e["label"] for e in menu_for(provider_user)]
    assert labels == ["Min organisation", "Uppföljningar", "Synpunkter", "Rating"]


@pytest.mark.parametrize("role", ["case_worker", "manager", "placement_officer"])
def test_building_the_menu_asks_the_database_nothing(request, role, django_assert_num_queries):
    user = request.getfixturevalue(role)
    with django_assert_num_queries(0):
        menu_for(user, "/")


def test_menu_marks_the_current_area(controller):
    def current(path):
        return [e["label"] for e in menu_for(controller, path) if e["current"]]

    assert current(reverse("followup:plan_detail", args=[1])) == ["Uppföljning"]
    assert current(reverse("home")) == ["Start"]


def test_collect_puts_own_work_first_and_keeps_app_order_within_each_group(rf, monkeypatch):
    def first_app(request):
        return [panels.Panel("a.html"), panels.Panel("b.html", first=True)]

    def second_app(request):
        return [panels.Panel("c.html"), panels.Panel("d.html", first=True)]

    monkeypatch.setattr(panels, "_installed", lambda: {"dashboard": [first_app, second_app]})
    collected = panels.collect("dashboard", rf.get("/"))
    assert [p.template for p in collected] == ["b.html", "d.html", "a.html", "c.html"]


def _first_panel(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.context["panels"][0], response.content.decode()


@time_machine.travel(dt.datetime(2026, 5, 15, 10, 0), tick=False)
def test_case_worker_start_page_opens_with_ratings_and_hides_overdue_follow_ups(
    client, case_worker
):
    plan = PlanFactory(year=2026)
    PlannedFollowUpFactory(plan=plan, month=2, unit=UnitFactory(name="Sen Verksamhet"))
    panel, html = _first_panel(client, case_worker)
    assert panel.template == "ratings/_dashboard_panel.html"
    assert "Försenade uppföljningar" not in html and "Sen Verksamhet" not in html
    assert "0 pågående placeringar" in html


@time_machine.travel(dt.datetime(2026, 5, 15, 10, 0), tick=False)
def test_coordinator_start_page_opens_with_district_feedback_to_send_and_answer(client, db):
    district = OrgUnitFactory(name="Stadsdel Väster")
    coordinator = UserFactory(coordinator=True, org_unit=district)
    unit = UnitFactory()
    FeedbackItemFactory.create_batch(2, unit=unit, district=district, status=Status.REGISTERED)
    FeedbackItemFactory(unit=unit, district=district, status=Status.ANSWERED)
    FeedbackItemFactory(unit=unit, district=district, status=Status.SENT)
    FeedbackItemFactory(unit=unit, status=Status.REGISTERED)  # another district's
    panel, html = _first_panel(client, coordinator)
    assert panel.template == "feedback/panels/dashboard.html"
    assert (panel.context["to_send"], panel.context["to_answer"]) == (2, 1)
    assert "2 synpunkter att skicka till utföraren" in html
    assert "1 besvarad synpunkt att återkoppla" in html


@time_machine.travel(dt.datetime(2026, 5, 15, 10, 0), tick=False)
def test_manager_start_page_opens_with_plans_waiting_for_the_committee(client, manager):
    draft = PlanFactory(year=2027, committee=OrgUnitFactory(name="Socialnämnden"))
    PlannedFollowUpFactory.create_batch(3, plan=draft)
    PlanFactory(year=2026, status=PlanStatus.APPROVED)
    panel, html = _first_panel(client, manager)
    assert panel.template == "followup/_approval_panel.html"
    assert panel.context["plans"] == [draft]
    assert "Uppföljningsplan 2027 (Socialnämnden)</a> – 3 planerade uppföljningar" in html
    assert "Väntar på nämnden" in html  # the reports panel follows
    assert "Försenade uppföljningar" not in html


def test_placement_officer_start_page_opens_with_own_saved_recommendations(
    client, placement_officer, case_worker
):
    category = Category.objects.first()
    own = Recommendation.objects.create(
        created_by=placement_officer,
        case_worker=case_worker,
        case_reference="REK-EGEN",
        category=category,
        start_date=dt.date(2026, 6, 1),
    )
    Recommendation.objects.create(
        created_by=UserFactory(placement_officer=True),
        case_worker=case_worker,
        case_reference="REK-ANNAN",
        category=category,
        start_date=dt.date(2026, 6, 1),
    )
    panel, html = _first_panel(client, placement_officer)
    assert panel.template == "placement/_dashboard_panel.html"
    assert panel.context["recommendations"] == [own]
    assert "REK-EGEN" in html and "REK-ANNAN" not in html
    assert reverse("placement:search") in html


def test_controller_start_page_opens_with_the_follow_up_work(client, controller):
    panel, _ = _first_panel(client, controller)
    assert panel.template == "followup/_dashboard_panel.html"


@time_machine.travel(dt.datetime(2026, 1, 15, 10, 0), tick=False)
def test_start_page_links_a_plan_row_to_the_plan_page_that_holds_it(client, controller):
    plan = PlanFactory(year=2026)
    # 110 rows sort before the controller's own row (same month, earlier unit names), nine
    # after it (a later month): 120 rows, and the own row is the 111th, on page 2.
    for i in range(110):
        PlannedFollowUpFactory(plan=plan, month=1, unit=UnitFactory(name=f"A {i:03}"))
    mine = PlannedFollowUpFactory(
        plan=plan, month=1, unit=UnitFactory(name="B Min"), responsible=controller
    )
    for i in range(9):
        PlannedFollowUpFactory(plan=plan, month=2, unit=UnitFactory(name=f"A {i:03} senare"))
    client.force_login(controller)
    html = client.get(reverse("home")).content.decode()
    url = f"{reverse('followup:plan_detail', args=[plan.pk])}?page=2#row-{mine.pk}"
    assert f'href="{url}"' in html
    assert f'id="row-{mine.pk}"' in client.get(url.split("#")[0]).content.decode()
    assert f'id="row-{mine.pk}"' not in client.get(url.split("?")[0]).content.decode()
