"""Keyboard use: the skip link comes first and leads to the content; forms work without a mouse."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from insyn.accounts.tests.factories import UserFactory
from insyn.registry.tests.factories import UnitFactory

pytestmark = pytest.mark.e2e

ACTIVE = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {tag: el.tagName, id: el.id, name: el.getAttribute('name'), text: el.textContent.trim(),
          outline: style.outlineStyle, visible: box.width > 0 && box.left >= 0 && box.top >= 0};
}"""


def _active(page):
    return page.evaluate(ACTIVE)


# The login and password pages are left out: Django gives their first field autofocus, so
# the first Tab goes on to the next field (see the keyboard login test below).
@pytest.mark.parametrize("route", ["home", "registry:unit_list", "registry:provider_create"])
def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page, live_server, login, route):
    login(page, live_server, UserFactory(controller=True))
    page.goto(live_server.url + reverse(route))

    page.keyboard.press("Tab")
    first = _active(page)
    assert (first["tag"], first["text"]) == ("A", "Hoppa till innehållet")
    assert first["visible"], "the focused skip link must be on screen"
    assert first["outline"] != "none", "the focused skip link must show its focus"

    page.keyboard.press("Enter")
    assert _active(page)["id"] == "main"
    # The next Tab continues inside the content, not back in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")


def test_login_form_can_be_filled_and_submitted_with_the_keyboard_only(page, live_server):
    user = UserFactory(controller=True, username="tangentbord")
    page.goto(live_server.url + reverse("login"))

    assert _active(page)["name"] == "login", "the login page starts in the username field"
    page.keyboard.type("tangentbord")
    page.keyboard.press("Tab")
    assert _active(page)["name"] == "password"
    page.keyboard.type("test-pass-123")
    page.keyboard.press("Tab")
    assert _active(page)["text"] == "Logga in"
    page.keyboard.press("Enter")

    page.wait_for_url(live_server.url + reverse("home"))
    expect(page.get_by_text(f"{user} (")).to_be_visible()


def test_provider_updates_vacancies_with_the_keyboard_only(page, live_server, login):
    unit = UnitFactory(name="Egen Väg Hisingen", places=8, vacancies=2)
    login(page, live_server, UserFactory(provider_user=True, provider=unit.provider))
    page.goto(live_server.url + reverse("portal:unit_edit", args=[unit.pk]))

    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # skip to main
    for _ in range(20):
        page.keyboard.press("Tab")
        if _active(page)["name"] == "vacancies":
            break
    assert _active(page)["name"] == "vacancies", "the vacancies field is not reachable by Tab"
    assert _active(page)["outline"] != "none", "the focused field must show its focus"
    page.keyboard.press("Control+A")
    page.keyboard.type("4")
    page.keyboard.press("Enter")  # submits the form

    expect(page.get_by_text("Uppgifterna för Egen Väg Hisingen är sparade.")).to_be_visible()
    unit.refresh_from_db()
    assert unit.vacancies == 4
