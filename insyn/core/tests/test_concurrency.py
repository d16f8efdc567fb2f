"""Two people editing the same record: the second save never silently undoes the first.

Pages post back what a browser would (the form is read from the rendered HTML), so the
hidden version and the values the editor saw travel as they do for a real user.
"""

from html.parser import HTMLParser

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from insyn.core.concurrency import StaleEditError, save_if_current
from insyn.registry.models import Unit

pytestmark = pytest.mark.django_db


class _FormReader(HTMLParser):
    """The name → values a browser would submit from each <form method=post>."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict[str, list[str]]] = []
        self._in_form = False
        self._select = self._textarea = None
        self._text: list[str] = []

    def _add(self, name, value):
        self.forms[-1].setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._in_form = True
            self.forms.append({})
        if not self._in_form or ("name" not in a and tag != "option"):
            return
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    self._add(a["name"], a.get("value", "on"))
            elif kind not in {"submit", "button", "file"}:
                self._add(a["name"], a.get("value", ""))
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self._add(self._select, a.get("value", ""))
        elif tag == "textarea":
            self._textarea, self._text = a["name"], []

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self._add(self._textarea, "".join(self._text).lstrip("\n"))
            self._textarea = None
        elif tag == "form":
            self._in_form = False


def form_data(response) -> dict:
    """The page's edit form: the post form with the most fields (not the logout button)."""
    reader = _FormReader()
    reader.feed(response.content.decode())
    fields = max(reader.forms, key=len)
    return {k: v if len(v) > 1 else v[0] for k, v in fields.items()}


def test_save_if_current_refuses_a_stale_version_and_changes_nothing(unit):
    unit.places = 12
    save_if_current(unit, unit.version)
    stale = Unit.objects.get(pk=unit.pk)
    stale.version = 1
    stale.places = 3
    with pytest.raises(StaleEditError):
        save_if_current(stale, 1)
    unit.refresh_from_db()
    assert (unit.places, unit.version) == (12, 2)


def test_second_editor_of_a_unit_is_told_what_changed_and_keeps_their_input(
    client, controller, unit
):
    unit.places, unit.vacancies = 10, 2
    unit.save()
    url = reverse("registry:unit_edit", args=[unit.pk])
    client.force_login(controller)
    anna = form_data(client.get(url))
    bo = form_data(client.get(url))

    bo["places"] = "12"
    assert client.post(url, bo).status_code == 302

    anna["vacancies"] = "1"
    response = client.post(url, anna)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Någon annan har sparat ändringar medan du redigerade" in page
    assert "Antal platser: 10 → 12" in page
    assert "Lediga platser" not in page.split("Ändrat sedan du öppnade sidan")[1].split(".")[0]
    unit.refresh_from_db()
    assert (unit.places, unit.vacancies, unit.version) == (12, 2, 2)

    # Her "1" is still in the form; saving again is a conscious overwrite at version 2.
    again = form_data(response)
    assert again["vacancies"] == "1"
    assert again["places"] == "10"  # what she typed, not silently replaced
    again["places"] = "12"
    assert client.post(url, again).status_code == 302
    unit.refresh_from_db()
    assert (unit.places, unit.vacancies, unit.version) == (12, 1, 3)


def test_a_providers_stale_portal_save_does_not_undo_the_controllers_change(
    client, controller, provider_user, unit
):
    portal_url = reverse("portal:unit_edit", args=[unit.pk])
    client.force_login(provider_user)
    stale = form_data(client.get(portal_url))

    client.force_login(controller)
    staff_url = reverse("registry:unit_edit", args=[unit.pk])
    fresh = form_data(client.get(staff_url))
    fresh["description"] = "Kommunens rättade beskrivning."
    assert client.post(staff_url, fresh).status_code == 302

    client.force_login(provider_user)
    stale["vacancies"] = "0"
    response = client.post(portal_url, stale)
    assert response.status_code == 409
    unit.refresh_from_db()
    assert unit.description == "Kommunens rättade beskrivning."


def test_contract_and_provider_edits_are_guarded_too(client, controller, unit):
    from insyn.registry.tests.factories import ContractFactory

    contract = ContractFactory(provider=unit.provider)
    client.force_login(controller)
    for url, field, first, second in [
        (reverse("registry:provider_edit", args=[unit.provider.pk]), "city", "Borås", "Lund"),
        (reverse("registry:contract_edit", args=[contract.pk]), "title", "Avtal A", "Avtal B"),
    ]:
        one, two = form_data(client.get(url)), form_data(client.get(url))
        one[field] = first
        assert client.post(url, one).status_code == 302, url
        two[field] = second
        response = client.post(url, two)
        assert response.status_code == 409, url
        assert "Någon annan har sparat ändringar" in response.content.decode()
    contract.refresh_from_db()
    assert contract.title == "Avtal A"


def test_plan_row_edit_is_guarded(client, controller, unit):
    from insyn.followup.tests.factories import PlanFactory, PlannedFollowUpFactory

    row = PlannedFollowUpFactory(plan=PlanFactory(), unit=unit, reason="Risk")
    url = reverse("followup:plan_row_edit", args=[row.pk])
    client.force_login(controller)
    one, two = form_data(client.get(url)), form_data(client.get(url))
    one["reason"] = "Ny avtalsperiod"
    assert client.post(url, one).status_code == 302
    two["reason"] = "Klagomål"
    response = client.post(url, two)
    assert response.status_code == 409
    assert "Skäl" in response.content.decode() or "Ny avtalsperiod" in response.content.decode()
    row.refresh_from_db()
    assert row.reason == "Ny avtalsperiod"


# --- API ----------------------------------------------------------------------------------


@pytest.fixture
def api(controller):
    client = APIClient()
    client.force_authenticate(controller)
    return client


def test_api_answers_the_version_as_etag_and_refuses_a_stale_if_match(api, unit):
    url = f"/api/v1/units/{unit.pk}/"
    read = api.get(url)
    assert read["ETag"] == '"1"'
    assert read.json()["version"] == 1

    first = api.patch(url, {"places": 14}, format="json", HTTP_IF_MATCH=read["ETag"])
    assert first.status_code == 200, first.content
    assert first["ETag"] == '"2"'

    stale = api.patch(url, {"places": 4}, format="json", HTTP_IF_MATCH=read["ETag"])
    assert stale.status_code == 412
    assert "version 2" in stale.json()["detail"]
    unit.refresh_from_db()
    assert (unit.places, unit.version) == (14, 2)


def test_api_put_without_a_version_is_refused_with_428(api, unit):
    url = f"/api/v1/units/{unit.pk}/"
    body = api.get(url).json()
    body.pop("version")
    response = api.put(url, body, format="json")
    assert response.status_code == 428
    assert "If-Match" in response.json()["detail"]


def test_api_put_with_the_version_in_the_body_works_once(api, unit):
    url = f"/api/v1/units/{unit.pk}/"
    body = api.get(url).json()
    body["places"] = 9
    assert api.put(url, body, format="json").status_code == 200
    body["places"] = 8  # the same, now stale, body again
    assert api.put(url, body, format="json").status_code == 412
    unit.refresh_from_db()
    assert unit.places == 9
