"""Smoke test for the e2e harness: a controller logs in and reaches the start page."""

from django.urls import reverse
from playwright.sync_api import expect

from insyn.accounts.tests.factories import UserFactory


def test_controller_logs_in_through_the_form_and_sees_the_start_page(page, live_server, login):
    user = UserFactory(controller=True, username="kontroll")

    login(page, live_server, user)

    assert page.url == live_server.url + reverse("home")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("button", name="Logga ut")).to_be_visible()


def test_wrong_password_shows_a_swedish_error(page, live_server, login):
    user = UserFactory(controller=True, username="kontroll")

    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Användarnamn eller e-postadress").fill(user.username)
    page.get_by_label("Lösenord").fill("fel-losenord")
    page.get_by_role("button", name="Logga in").click()

    expect(page.get_by_text("Fel användarnamn eller lösenord")).to_be_visible()


def test_login_page_has_no_serious_accessibility_violations(page, live_server, axe_violations):
    page.goto(live_server.url + reverse("login"))

    assert axe_violations(page) == []


def test_axe_scan_reports_an_unlabelled_input(page, live_server, axe_violations):
    """The harness itself: a scan that can't find anything would prove nothing."""
    page.goto(live_server.url + reverse("login"))
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend', '<input type=text>')"
    )

    violations = axe_violations(page)

    assert [v["id"] for v in violations] == ["label"]
    assert violations[0]["impact"] == "critical"
    assert violations[0]["targets"] == [['#main > input[type="text"]']]
