"""Ids that are not ids, control characters and server errors: answers, never a 500."""

import pytest
from django.urls import path
from rest_framework.test import APIClient

from insyn.core.ids import MAX_ID, parse_id
from insyn.core.tests.recent_login import log_in_recently
from insyn.core.text import find_control_character
from insyn.registry.models import Provider, Unit
from insyn.registry.tests.test_io_support import csv_bytes, named, unit_row

BAD_IDS = ["abc", "99999999999999999999", "-1", "1.5", "0"]

# Pages whose id parameter only preselects or narrows: a bad id is ignored (200).
PREFILLS = [
    "/register/avtal/nytt/?provider={}",
    "/register/avtal/verksamhetsval/?provider={}",
    "/register/verksamheter/ny/?provider={}",
    "/synpunkter/ny/?unit={}",
    "/synpunkter/ny/?provider={}",
]
# Lists filter by the id: the filter form shows the error (200, no rows).
LISTS = [
    "/register/verksamheter/?provider={}",
    "/register/avtal/?provider={}",
    "/register/verksamheter/?category={}",
    "/synpunkter/?unit={}",
    "/synpunkter/?provider={}",
    "/synpunkter/?district={}",
    "/synpunkter/export/?unit={}",
]
# The API answers a bad filter with 400 and the reason, in JSON.
API = [
    "/api/v1/units/?provider={}",
    "/api/v1/contracts/?provider={}",
    "/api/v1/feedback/?unit={}",
    "/api/v1/feedback/?provider={}",
]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("12", 12), (" 7 ", 7), (3, 3), (str(MAX_ID), MAX_ID), (str(MAX_ID + 1), None)]
    + [(bad, None) for bad in [*BAD_IDS, "", None, "١٢", True, "1e3"]],
)
def test_parse_id_takes_only_positive_64_bit_integers(value, expected):
    assert parse_id(value) == expected


@pytest.fixture
def staff(client, admin_user):
    client.raise_request_exception = False
    log_in_recently(client, admin_user)
    return client


@pytest.mark.parametrize("value", BAD_IDS)
@pytest.mark.parametrize("url", PREFILLS)
def test_bad_id_in_a_prefill_parameter_is_ignored(staff, url, value):
    assert staff.get(url.format(value)).status_code == 200


@pytest.mark.parametrize("value", ["abc", "99999999999999999999"])
@pytest.mark.parametrize("url", LISTS)
def test_bad_id_in_a_list_filter_is_a_form_error(staff, url, value):
    response = staff.get(url.format(value))
    assert response.status_code == 200


@pytest.mark.parametrize("value", ["abc", "99999999999999999999", "0"])
@pytest.mark.parametrize("url", API)
def test_bad_id_in_an_api_filter_is_a_400_in_json(admin_user, url, value):
    api = APIClient()
    api.raise_request_exception = False
    api.force_authenticate(admin_user)
    response = api.get(url.format(value))
    assert response.status_code == 400
    assert response.json() == {
        url.split("?")[1].split("=")[0]: ["Ange ett id: ett positivt heltal."]
    }


def test_feedback_form_with_a_too_large_unit_id_shows_a_form_error(staff):
    response = staff.post("/synpunkter/ny/", {"unit": "99999999999999999999", "text": "x"})
    assert response.status_code == 200
    assert "unit" in response.context["form"].errors


def test_unit_list_with_a_bad_provider_id_names_the_error(staff, unit):
    response = staff.get("/register/verksamheter/?provider=99999999999999999999")
    assert "Ange ett id: ett positivt heltal." in response.content.decode()
    assert unit.name not in response.content.decode()


# --- control characters ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("a\x00b", "U+0000"), ("\x1b[31m", "U+001B"), ("x\x7f", "U+007F"), ("\x85", "U+0085")]
    + [("rad ett\r\nrad två\tflik", None), ("Åsa Öberg – “citat”", None)],
)
def test_control_characters_are_found_and_ordinary_whitespace_is_not(text, expected):
    assert find_control_character(text) == expected


@pytest.mark.parametrize("text", ["Omsorg\x00 AB", "Omsorg\x1b AB"])
def test_form_with_a_control_character_is_refused_and_nothing_is_stored(staff, text):
    response = staff.post("/register/utforare/ny/", {"name": text, "org_number": "5560360793"})
    assert response.status_code == 400
    assert "otillåtet styrtecken" in response.content.decode()
    assert not Provider.all_objects.exists()


def test_search_with_a_nul_is_refused_not_sent_to_the_database(staff):
    response = staff.get("/register/verksamheter/", {"q": "a\x00"})
    assert response.status_code == 400


def test_api_json_with_a_control_character_is_a_400_in_json(admin_user, provider):
    api = APIClient()
    api.force_authenticate(admin_user)
    response = api.patch(f"/api/v1/providers/{provider.pk}/", {"city": "Gbg\u0000"}, format="json")
    assert response.status_code == 400
    assert "styrtecken" in response.json()["detail"]
    provider.refresh_from_db()
    assert "\x00" not in provider.city


def test_import_with_a_nul_in_a_cell_names_row_and_column_and_stores_nothing(controller):
    from insyn.registry.io.importer import import_file

    data = csv_bytes([unit_row(Verksamhet="Hisingen\x00 HVB")])
    result = import_file(named(data, "fil.csv"), controller)
    assert [(p.row, p.column) for p in result.problems] == [(2, "Verksamhet")]
    assert "otillåtet styrtecken (U+0000)" in result.problems[0].message
    assert not Unit.all_objects.exists()


# --- error answers ----------------------------------------------------------------------


def _boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("api/v1/boom/", _boom), path("boom/", _boom)]
handler500 = "insyn.core.views.server_error"


@pytest.fixture
def boom_client(client, settings):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    return client


def test_server_error_under_api_is_json(boom_client):
    response = boom_client.get("/api/v1/boom/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"].startswith("Ett oväntat fel inträffade.")


def test_server_error_page_is_in_swedish(boom_client):
    response = boom_client.get("/boom/")
    assert response.status_code == 500
    assert "Ett oväntat fel inträffade" in response.content.decode()


def test_unknown_api_address_is_a_404_in_json(client):
    response = client.get("/api/v1/finns-inte/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Adressen finns inte i API:t."}


def test_unknown_page_is_still_the_swedish_404_page(client):
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.content.decode()
