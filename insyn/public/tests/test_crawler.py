"""Crawls the whole public site as an anonymous visitor and proves nothing private leaks.

Starts at the start page, follows every link under /insyn/ (the staff pages under
/insyn/hantera/ excepted: they need a login) and fetches every open-data file. Any identity
number the one finder (insyn.core.identity) sees fails, as does any planted number as typed,
any known name or unpublished unit. A second crawl types every form of identity number into
every free-text field of the database first.
"""

from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlparse

from django.urls import reverse

from insyn.core.identity import find_identity_numbers

from .factories import (
    FEEDBACK_TEXT,
    IDENTITY_NUMBER_FORMS,
    PERSON_NAMES,
    SOLE_TRADER_NUMBER,
    UNPUBLISHED_UNIT,
    plant_identity_numbers,
)

OPEN_DATA = [
    "public:units_csv",
    "public:units_json",
    "public:followups_csv",
    "public:followups_json",
    "public:contracts_ocds",
]


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs.extend(value for name, value in attrs if name == "href" and value)


def crawl(client):
    start = reverse("public:start")
    queue = [start] + [reverse(name) for name in OPEN_DATA]
    seen, pages = set(queue), {}
    while queue:
        url = queue.pop(0)
        response = client.get(url)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        text = response.content.decode("utf-8")
        pages[url] = text
        if not response["Content-Type"].startswith("text/html"):
            continue
        parser = Links()
        parser.feed(text)
        for href in parser.hrefs:
            target = urldefrag(urljoin(url, href))[0]
            parsed = urlparse(target)
            if parsed.netloc or not parsed.path.startswith(start):
                continue
            if parsed.path.startswith(reverse("public:manage")):
                continue
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return pages


def personnummer_in(text):
    return find_identity_numbers(text)


def test_no_public_page_or_file_leaks_personal_data_or_unpublished_units(client, world):
    pages = crawl(client)

    # The crawl really reached what is published (an empty crawl would prove nothing).
    for unit in ("hisingen", "eken", "lilla"):
        assert reverse("public:unit_detail", args=[world[unit].pk]) in pages
    assert reverse("public:provider_detail", args=[world["sole"].pk]) in pages
    assert reverse("public:year_detail", args=[2025]) in pages
    assert any("Brister har hittats, åtgärder pågår" in text for text in pages.values())

    leaks = []
    for url, text in pages.items():
        leaks += [f"{url}: personnummer {n}" for n in personnummer_in(text)]
        for needle in [
            SOLE_TRADER_NUMBER,
            SOLE_TRADER_NUMBER.replace("-", ""),
            UNPUBLISHED_UNIT,
            FEEDBACK_TEXT[:30],
            *PERSON_NAMES,
        ]:
            if needle.casefold() in text.casefold():
                leaks.append(f"{url}: {needle}")
        # The contract type's label: individual agreements concern one client.
        if "Individavtal" in text:
            leaks.append(f"{url}: an individual agreement")
    assert leaks == []


def test_unpublished_unit_is_not_reachable_by_guessing_its_address(client, world):
    assert client.get(reverse("public:unit_detail", args=[world["hidden"].pk])).status_code == 404


def test_personnummer_detector_of_this_test_finds_one(world):
    # Guards the crawler itself: its detector must see the numbers planted in the data.
    assert personnummer_in(FEEDBACK_TEXT)
    assert personnummer_in(f"org {SOLE_TRADER_NUMBER}")


def test_identity_numbers_typed_into_every_free_text_field_never_reach_the_public(client, world):
    planted = plant_identity_numbers()
    # The planting reached what is published (a unit's name and focus, the provider's name,
    # the public text of a result), not only what never is.
    assert {"registry.Unit.name", "registry.Unit.focus", "registry.Provider.name"} <= planted
    assert "public.PublishedFollowUp.public_text" in planted

    pages = crawl(client)

    assert reverse("public:unit_detail", args=[world["hisingen"].pk]) in pages
    assert any("[borttaget]" in text for text in pages.values())
    leaks = []
    for url, text in pages.items():
        leaks += [f"{url}: {n!r}" for n in find_identity_numbers(text)]
        leaks += [f"{url}: {n!r} as typed" for n in IDENTITY_NUMBER_FORMS if n in text]
    assert leaks == []
