"""The public pages (allmänhetens insyn) in a real browser: axe-core WCAG 2.1 A/AA with no
serious or critical violations, the language set, and the skip link as the first tab stop.
Also the controllers' publication page and the publication panel on the staff unit page."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from insyn.accounts.tests.factories import UserFactory
from insyn.public.tests.factories import build_world

pytestmark = pytest.mark.e2e

ACTIVE = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {tag: el.tagName, id: el.id, text: el.textContent.trim(), outline: style.outlineStyle,
          visible: box.width > 0 && box.left >= 0 && box.top >= 0};
}"""


def _public_pages(world):
    return {
        "start": reverse("public:start"),
        "verksamheter": reverse("public:unit_list"),
        "verksamheter, filtrerade": reverse("public:unit_list") + "?regi=own&q=eken",
        "verksamheter, inga träffar": reverse("public:unit_list") + "?q=finnsinte",
        "verksamhet": reverse("public:unit_detail", args=[world["hisingen"].pk]),
        "verksamhet hos enskild näringsidkare": reverse(
            "public:unit_detail", args=[world["lilla"].pk]
        ),
        "utförare": reverse("public:provider_list"),
        "utförare (sida)": reverse("public:provider_detail", args=[world["solrosen"].pk]),
        "årssammanställningar": reverse("public:year_list"),
        "årssammanställning 2025": reverse("public:year_detail", args=[2025]),
        "öppna data": reverse("public:open_data"),
        "tillgänglighetsredogörelse": reverse("public:accessibility"),
    }


def _scan(page, base, pages, axe_violations):
    found = {}
    for label, url in pages.items():
        response = page.goto(base + url)
        assert response.status == 200, f"{label} ({url}) answered {response.status}"
        violations = axe_violations(page)
        if violations:
            found[label] = violations
    return found


def test_public_pages_have_no_serious_accessibility_violations(page, live_server, axe_violations):
    world = build_world()
    pages = _public_pages(world)
    assert _scan(page, live_server.url, pages, axe_violations) == {}
    # Language and a single h1 on every page (checked on the last one visited and the start).
    for url in (pages["start"], pages["verksamhet"]):
        page.goto(live_server.url + url)
        assert page.get_attribute("html", "lang") == "sv"
        expect(page.locator("h1")).to_have_count(1)


def test_publication_pages_for_staff_have_no_serious_violations(
    page, live_server, login, axe_violations
):
    world = build_world()
    login(page, live_server, world["controller"])
    pages = {
        "publicering": reverse("public:manage"),
        "verksamhetens sida med publiceringspanel": reverse(
            "registry:unit_detail", args=[world["hisingen"].pk]
        ),
        "opublicerad verksamhet med panel": reverse(
            "registry:unit_detail", args=[world["hidden"].pk]
        ),
    }
    assert _scan(page, live_server.url, pages, axe_violations) == {}


@pytest.mark.parametrize("route", ["public:start", "public:unit_list", "public:open_data"])
def test_skip_link_is_the_first_tab_stop_on_public_pages(page, live_server, route):
    page.goto(live_server.url + reverse(route))
    page.keyboard.press("Tab")
    first = page.evaluate(ACTIVE)
    assert (first["tag"], first["text"]) == ("A", "Hoppa till innehållet")
    assert first["visible"] and first["outline"] != "none"
    page.keyboard.press("Enter")
    assert page.evaluate(ACTIVE)["id"] == "main"
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")


def test_visitor_searches_units_with_the_keyboard_only(page, live_server):
    build_world()
    page.goto(live_server.url + reverse("public:unit_list"))
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # to main
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "q":
            break
    assert page.evaluate("document.activeElement.name") == "q"
    page.keyboard.type("Eken")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=Eken**")
    expect(page.get_by_role("link", name="Boendet Eken")).to_be_visible()
    expect(page.get_by_role("link", name="Solrosen Hisingen")).to_have_count(0)


def test_public_pages_need_no_login(page, live_server):
    UserFactory(controller=True)
    response = page.goto(live_server.url + reverse("public:start"))
    assert response.status == 200
    assert "/konto/logga-in/" not in page.url
