"""No English on any page: every GET route of the permission matrix, rendered for a role that
may read it, must show no word from ENGLISH (issue 11: "Namn (descending)", "Provider"…).

The text checked is what a user reads or hears: the text between tags (scripts and styles
removed) and the `title`, `aria-label`, `placeholder` and `alt` attributes. Whole words only,
case-sensitive for capitalised words, so Swedish words that merely contain them pass."""

import html
import re

import pytest
from django.urls import reverse

from tests.test_permission_matrix import (  # noqa: F401 - `world` is a fixture
    GET,
    MATRIX,
    OK,
    ROLES,
    ROUTES,
    _kwargs,
    world,
)

# English words that have leaked, or would leak, from Django, django-filter and DRF defaults
# or from field names. Not here: words Swedish shares ("Status", "Rating", "Filter", "Id"),
# and "Edit", a Swedish first name that Faker gives the test data's people.
ENGLISH = (
    "descending",
    "ascending",
    "Ordering",
    "Provider",
    "Category",
    "Price",
    "Updated",
    "Created",
    "Name",
    "Search",
    "Submit",
    "None",
    "True",
    "False",
    "Unknown",
    "Page",
    "Next",
    "Previous",
    "Delete",
    "Save",
    "Cancel",
    "Yes",
    "Unit",
    "Contract",
    "Value",
    "Date",
    "required",
    "field",
    "Enter a",
    "Select a",
)
WORDS = re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in ENGLISH) + r")(?![\w-])")
HIDDEN_PARTS = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)
ATTRIBUTES = re.compile(r'\s(?:title|aria-label|placeholder|alt)="([^"]*)"')
TAGS = re.compile(r"<[^>]+>")


def visible_text(page: str) -> str:
    page = HIDDEN_PARTS.sub(" ", page)
    attributes = " ".join(ATTRIBUTES.findall(page))
    return html.unescape(TAGS.sub(" ", page) + " " + attributes)


def english_words(page: str) -> list[str]:
    text = visible_text(page)
    return sorted({m.group(1) for m in WORDS.finditer(text)})


def _pages():
    """One reader per page: the first role of the matrix that gets it (200)."""
    for route, methods in sorted(MATRIX.items()):
        if route.startswith("api") or GET not in methods:
            continue
        readers = [
            role for role, expected in zip(ROLES, methods[GET], strict=True) if expected == OK
        ]
        if readers:
            yield route, readers[0]


def test_visible_text_ignores_scripts_and_keeps_options_and_labels():
    page = "<script>var Name = 1;</script><select><option>Namn (descending)</option></select>"
    page += '<a title="Search" href="/x">Sök</a>'
    assert english_words(page) == ["Search", "descending"]


def test_swedish_words_containing_english_ones_pass():
    assert english_words("<p>Nästa sida, datum, Editerad, Unit-kod, Nonestop</p>") == []


@pytest.mark.parametrize(("route", "role"), list(_pages()))
def test_page_shows_no_english_words(client, settings, world, route, role):  # noqa: F811
    settings.AXES_ENABLED = False
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    url = reverse(route, kwargs=_kwargs(route, world))
    response = client.get(url)
    if "text/html" not in response.get("Content-Type", ""):
        pytest.skip(f"{route} is not a page")
    found = english_words(response.content.decode())
    assert not found, f"{url} as {role} shows English: {', '.join(found)}"
