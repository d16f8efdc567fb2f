"""Fixtures for the Playwright browser journeys in tests/e2e/.

Every test in this directory is marked ``e2e`` automatically and runs against
pytest-django's ``live_server`` with ``transactional_db`` (with serialized
rollback, so the categories created by migrations survive between tests).

Fixtures
--------
``browser``
    One headless Debian Chromium (/usr/bin/chromium) for the whole session.
``page``
    A fresh browser context and page per test: locale ``sv-SE``, default timeout
    10 s. Requesting it also starts the live server, gives the test a
    transactional database and turns off Secure cookies (Chromium refuses them
    over plain http) and django-axes (so a failed login in one test cannot lock
    out the next). Use ``live_server.url`` to build addresses::

        page.goto(live_server.url + reverse("registry:unit_list"))

``login``
    ``login(page, live_server, user)`` logs ``user`` in through the real login
    form (labels "Användarnamn", "Lösenord", button "Logga in") and waits until
    the browser has left the login page. Factory users have password
    ``test-pass-123`` (pass ``password=`` to override).
``axe_violations``
    ``axe_violations(page, impacts=("serious", "critical"))`` injects axe-core
    into the current page (without weakening its CSP), runs the WCAG 2.1 A/AA
    rules and returns a list of dicts ``{"id", "impact", "help", "targets"}``
    for violations with the given impacts (and colour-contrast results of any impact,
    also those axe files as "incomplete"), so a test can
    ``assert axe_violations(page) == []`` and get a readable failure message.

Playwright's sync API runs an event loop in the test thread, which makes
Django refuse ORM calls there (SynchronousOnlyOperation). Setting
DJANGO_ALLOW_ASYNC_UNSAFE is the documented workaround for Playwright with
pytest-django; the ORM calls still run synchronously in the test thread.
"""

import functools
import os
from pathlib import Path

import pytest
from django.db import connections

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")

from playwright.sync_api import Error as PlaywrightError  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CONTRAST_RULES = {"color-contrast"}
# axe's reasons for an undecided contrast that say nothing about the colours: "maybe not
# text" (a lone arrow, an icon glyph) and "another box lies over it or it is off screen"
# (a tall rowspan header, a list item under a sticky bar), which axe's geometry cannot
# resolve. Every other reason fails, "equalRatio" (white on white) among them.
NOT_TEXT_REASONS = {
    "shortTextContent",
    "nonBmp",
    "bgOverlap",
    "elmPartiallyObscured",
    "elmPartiallyObscuring",
    "outsideViewport",
}


def _message_key(node):
    for check in node.get("any", []):
        if (check.get("data") or {}).get("messageKey"):
            return check["data"]["messageKey"]
    return None


PASSWORD = "test-pass-123"
DEFAULT_TIMEOUT_MS = 10_000

E2E_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items):
    for item in items:
        if E2E_DIR in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def _serialized_db_contents(django_db_setup, django_db_blocker):
    """The migrated database's serialized rows (categories, default templates …), taken in
    the context where the test database was created.

    Playwright's sync API runs tests inside a greenlet with its own context, and Django's
    connection handler is context-local: there the connection object is a new one without
    `_test_serialized_contents`, so serialized rollback would silently restore nothing and
    every browser test after the first would start from an empty database.
    """
    with django_db_blocker.unblock():
        return {
            alias: connections[alias]._test_serialized_contents
            for alias in connections
            if hasattr(connections[alias], "_test_serialized_contents")
        }


@pytest.fixture
def _serialized_rollback_in_this_context(_serialized_db_contents):
    for alias, contents in _serialized_db_contents.items():
        if not hasattr(connections[alias], "_test_serialized_contents"):
            connections[alias]._test_serialized_contents = contents


@pytest.fixture(scope="session")
def browser(_serialized_db_contents):
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(
    browser,
    live_server,
    _serialized_rollback_in_this_context,
    transactional_db,
    django_db_serialized_rollback,
    settings,
):
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.AXES_ENABLED = False
    context = browser.new_context(locale="sv-SE", base_url=live_server.url)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    browser_page = context.new_page()
    yield browser_page
    context.close()


@pytest.fixture
def login():
    def _login(page, live_server, user, password=PASSWORD):
        page.goto(f"{live_server.url}/konto/logga-in/")
        page.get_by_label("Användarnamn eller e-postadress").fill(user.username)
        page.get_by_label("Lösenord").fill(password)
        page.get_by_role("button", name="Logga in").click()
        page.wait_for_url(lambda url: "/konto/logga-in/" not in url)
        return page

    return _login


@functools.cache
def _axe_source():
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture
def axe_violations():
    def _axe_violations(page, impacts=("serious", "critical")):
        # A click that navigates returns before the new document exists; axe
        # started in between sees a null document or loses its injection.
        # Wait for the page to load and retry the (read-only) audit once.
        for attempt in range(3):
            page.wait_for_load_state("load")
            try:
                if not page.evaluate("typeof window.axe !== 'undefined'"):
                    # Evaluated through the DevTools protocol, so the page's CSP
                    # (no inline scripts) stays on for the app itself.
                    page.evaluate(_axe_source() + "\n;true")
                result = page.evaluate(
                    "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                    WCAG_TAGS,
                )
                break
            except PlaywrightError:
                if attempt == 2:
                    raise
                page.wait_for_timeout(200)
        return [
            {
                "id": violation["id"],
                "impact": violation["impact"],
                "help": violation["help"],
                "targets": [node["target"] for node in violation["nodes"]],
            }
            for violation in result["violations"]
            if violation["impact"] in impacts
        ] + [
            # Colour contrast axe cannot decide (a transparent button over an unknown
            # background, text over an image) is filed as "incomplete", not as a violation:
            # white-on-white link buttons slipped through that way. Any impact fails.
            # Left out: nodes axe doubts are text at all (a lone "→" or an icon glyph).
            {
                "id": f"{check['id']} (incomplete)",
                "impact": check["impact"],
                "help": check["help"],
                "targets": targets,
            }
            for check in result["incomplete"]
            if check["id"] in CONTRAST_RULES
            and (
                targets := [
                    [*node["target"], f"axe: {_message_key(node)}"]
                    for node in check["nodes"]
                    if _message_key(node) not in NOT_TEXT_REASONS
                ]
            )
        ]

    return _axe_violations
