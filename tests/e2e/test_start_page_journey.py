"""Browser journeys: each role logs in and its start page opens with its own work, and its
menu holds only pages it may open."""

import datetime as dt
import re

from django.urls import reverse
from playwright.sync_api import expect

from insyn.accounts.tests.factories import OrgUnitFactory, UserFactory
from insyn.feedback.constants import Status
from insyn.feedback.tests.factories import FeedbackItemFactory
from insyn.followup.tests.factories import PlanFactory, PlannedFollowUpFactory
from insyn.placement.models import Recommendation
from insyn.registry.models import Category
from insyn.registry.tests.factories import UnitFactory


def _first_heading(page) -> str:
    """The first section heading on the start page after the register counts."""
    return page.locator("main section h2").nth(1).inner_text()


def _menu(page) -> list[str]:
    return page.get_by_role("navigation", name="Huvudmeny").get_by_role("link").all_inner_texts()


def test_case_worker_starts_with_ratings_to_give(page, live_server, login):
    user = UserFactory(case_worker=True, username="handlaggare")
    PlannedFollowUpFactory(plan=PlanFactory(year=dt.date.today().year), month=1)
    login(page, live_server, user)
    assert _first_heading(page) == "Rating att lämna"
    expect(page.get_by_text("Försenade uppföljningar")).to_have_count(0)
    menu = _menu(page)
    assert "Placering" in menu and "Import" not in menu
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Placering").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Placeringsrekommendationer")


def test_coordinator_starts_with_district_feedback(page, live_server, login):
    district = OrgUnitFactory(name="Stadsdel Väster")
    user = UserFactory(coordinator=True, username="samordnare", org_unit=district)
    FeedbackItemFactory(district=district, status=Status.REGISTERED)
    login(page, live_server, user)
    assert _first_heading(page) == "Synpunkter"
    page.get_by_role("link", name="1 synpunkt att skicka till utföraren").click()
    expect(page).to_have_url(re.compile(r"\?status=registered$"))


def test_manager_starts_with_plans_waiting_for_decision(page, live_server, login):
    user = UserFactory(manager=True, username="chef")
    plan = PlanFactory(year=dt.date.today().year + 1)
    login(page, live_server, user)
    assert _first_heading(page) == "Uppföljningsplaner som väntar på beslut"
    page.get_by_role("link", name=str(plan)).click()
    expect(page).to_have_url(live_server.url + reverse("followup:plan_detail", args=[plan.pk]))


def test_placement_officer_starts_with_search_and_saved_recommendations(page, live_server, login):
    user = UserFactory(placement_officer=True, username="placerare")
    Recommendation.objects.create(
        created_by=user,
        case_worker=UserFactory(case_worker=True),
        case_reference="REK-1",
        category=Category.objects.first(),
        start_date=dt.date.today(),
    )
    login(page, live_server, user)
    assert _first_heading(page) == "Placering"
    expect(page.get_by_role("link", name="Rekommendation").first).to_be_visible()
    page.get_by_role("link", name="Ny sökning").click()
    expect(page).to_have_url(live_server.url + reverse("placement:search"))


def test_controller_starts_with_follow_up_work(page, live_server, login):
    user = UserFactory(controller=True, username="kontroll")
    UnitFactory()
    login(page, live_server, user)
    assert _first_heading(page) == "Uppföljning"
    assert "Import" in _menu(page)


def test_provider_is_taken_to_the_portal(page, live_server, login, provider_user):
    login(page, live_server, provider_user)
    assert page.url == live_server.url + reverse("portal:home")
    assert _menu(page) == ["Min organisation", "Uppföljningar", "Synpunkter", "Rating"]
