"""Counts of what the user may count but not read (issue 12, OSL 26 kap.) in the API
(GET /api/v1/feedback/counts/) and on the provider page: a coordinator of one district sees
the other districts' feedback as counts only, the placement officer the municipality's;
nobody gets a text, a person's name or an identity number; those who read every item and
providers get nothing."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from insyn.accounts.constants import OrgUnitKind
from insyn.accounts.models import OrgUnit
from insyn.accounts.tests.factories import UserFactory
from insyn.feedback.constants import Kind, Status
from insyn.feedback.tests.factories import FeedbackItemFactory
from insyn.registry.tests.factories import ProviderFactory, UnitFactory

from .conftest import PNR

pytestmark = pytest.mark.django_db

URL = "/api/v1/feedback/counts/"
TEXT_OWN = "Lundbytext: fel medicin på kvällen."
TEXT_OTHER = f"Angeredtext: Karin Lindqvist {PNR} låstes in."
SECRETS = ("Lundbytext", "Angeredtext", "Karin", "Lindqvist", "850709", "9805")


@pytest.fixture
def world():
    kommun = OrgUnit.objects.create(name="Demokommunen", kind=OrgUnitKind.MUNICIPALITY)
    lundby = OrgUnit.objects.create(name="Lundby", kind=OrgUnitKind.DISTRICT, parent=kommun)
    angered = OrgUnit.objects.create(name="Angered", kind=OrgUnitKind.DISTRICT, parent=kommun)
    provider = ProviderFactory(name="Granen Omsorg AB")
    first = UnitFactory(provider=provider, name="HVB Granen")
    second = UnitFactory(provider=provider, name="HVB Tallen")
    other_provider = ProviderFactory(name="Eken Vård AB")
    elsewhere = UnitFactory(provider=other_provider, name="HVB Eken")
    registrar = UserFactory(
        case_worker=True, org_unit=angered, first_name="Sigrid", last_name="Registrerarsson"
    )
    items = {
        # Lundby's own: the Lundby coordinator reads it.
        "own": FeedbackItemFactory(unit=first, district=lundby, text=TEXT_OWN),
        # Angered's: counted, never read, by the Lundby coordinator.
        "sent": FeedbackItemFactory(
            unit=first,
            district=angered,
            text=TEXT_OTHER,
            status=Status.SENT,
            registered_by=registrar,
        ),
        "closed": FeedbackItemFactory(
            unit=second, district=angered, text=TEXT_OTHER, status=Status.CLOSED
        ),
        "sarah": FeedbackItemFactory(
            unit=second, district=angered, kind=Kind.LEX_SARAH, concern="", text=TEXT_OTHER
        ),
        "elsewhere": FeedbackItemFactory(
            unit=elsewhere, district=angered, text=TEXT_OTHER, status=Status.ANSWERED
        ),
        # From no district (e.g. the public's channel): nobody's district, so counted.
        "no_district": FeedbackItemFactory(unit=first, district=None, text=TEXT_OTHER),
    }
    return {
        "kommun": kommun,
        "lundby": lundby,
        "angered": angered,
        "provider": provider,
        "other_provider": other_provider,
        "first": first,
        "items": items,
        "coordinator": UserFactory(coordinator=True, org_unit=lundby),
        "placement_officer": UserFactory(placement_officer=True, org_unit=kommun),
    }


@pytest.fixture
def api():
    return APIClient()


def _get(api, user, **params):
    api.force_authenticate(user)
    return api.get(URL, params)


def _rows(response, *fields):
    assert response.status_code == 200, response.content
    return sorted((tuple(row[f] for f in (*fields, "n")) for row in response.json()), key=repr)


def test_coordinator_counts_the_other_districts_by_every_grouping(api, world):
    response = _get(api, world["coordinator"])
    angered = world["angered"].pk
    assert _rows(response, "district", "kind", "concern", "status") == sorted(
        [
            (angered, "complaint", "treatment", "answered", 1),
            (angered, "complaint", "treatment", "closed", 1),
            (angered, "complaint", "treatment", "sent", 1),
            (angered, "lex_sarah", "", "registered", 1),
            (None, "complaint", "treatment", "registered", 1),
        ],
        key=repr,
    )
    labels = {row["status"]: row["status_label"] for row in response.json()}
    assert labels["sent"] == "Skickad till utföraren"
    assert {row["district_name"] for row in response.json()} == {"Angered", "–"}


def test_coordinator_counts_one_provider_by_status(api, world):
    response = _get(api, world["coordinator"], by="status", provider=world["provider"].pk)
    # Angered's sent, closed and Lex Sarah, and the item of no district; not Lundby's own
    # item, nor the other provider's answered one.
    assert _rows(response, "status") == [("closed", 1), ("registered", 2), ("sent", 1)]
    open_flags = {row["status"]: row["is_open"] for row in response.json()}
    assert open_flags == {"closed": False, "registered": True, "sent": True}
    assert {row["district"] for row in response.json()} == {None}
    assert {row["kind"] for row in response.json()} == {None}


def test_coordinator_counts_one_unit_by_kind(api, world):
    response = _get(api, world["coordinator"], by="kind,kind", unit=world["first"].pk)
    assert _rows(response, "kind") == [("complaint", 2)]  # Angered's sent, no district's


def test_placement_officer_counts_the_whole_municipality(api, world):
    response = _get(api, world["placement_officer"], by="district")
    assert _rows(response, "district_name") == [("Angered", 4), ("Lundby", 1), ("–", 1)]
    assert api.get("/api/v1/feedback/").json()["results"] == []


def test_counts_carry_no_text_name_or_identity_number(api, world):
    for user in (world["coordinator"], world["placement_officer"]):
        response = _get(api, user)
        body = response.content.decode()
        for secret in (*SECRETS, "Sigrid", "Registrerarsson", "Granen", "HVB"):
            assert secret not in body
        expected = {
            "n",
            "district",
            "district_name",
            "kind",
            "kind_label",
            "concern",
            "concern_label",
            "status",
            "status_label",
            "is_open",
        }
        assert all(set(row) == expected for row in response.json())


def test_those_who_read_every_item_count_nothing(api, world, controller, manager):
    central = UserFactory(coordinator=True, org_unit=world["kommun"])
    for user in (central, controller, manager):
        response = _get(api, user)
        assert response.status_code == 200
        assert response.json() == []
    api.force_authenticate(central)
    assert len(api.get("/api/v1/feedback/").json()["results"]) == 6


def test_provider_user_is_refused(api, world):
    user = UserFactory(provider_user=True, provider=world["provider"])
    response = _get(api, user)
    assert response.status_code == 403
    assert "Angered" not in response.content.decode()


def test_anonymous_is_refused(api, world):
    assert APIClient().get(URL).status_code == 401


def test_unknown_grouping_is_refused_naming_the_parameter(api, world):
    response = _get(api, world["coordinator"], by="district,text")
    assert response.status_code == 400
    message = response.json()["by"][0]
    assert "text" in message and "district, kind, concern, status" in message
    assert _get(api, world["coordinator"], by="").status_code == 400


@pytest.mark.parametrize("name", ["unit", "provider"])
def test_a_bad_id_is_refused_naming_the_parameter(api, world, name):
    response = _get(api, world["coordinator"], **{name: "abc"})
    assert response.status_code == 400
    assert list(response.json()) == [name]


def test_an_unknown_unit_or_provider_counts_nothing(api, world):
    assert _get(api, world["coordinator"], unit=987654).json() == []
    assert _get(api, world["coordinator"], provider=987654).json() == []


def test_schema_documents_the_counts_and_who_may_call(api, world, settings):
    settings.API_SCHEMA_PUBLIC = True
    schema = APIClient().get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"][URL]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"by", "unit", "provider"}
    assert "feedback.count_items" in operation["description"]
    assert "Behörighet" in operation["description"]


# ---- the provider page ------------------------------------------------------------------


def _provider_page(client, user, provider):
    client.force_login(user)
    response = client.get(reverse("registry:provider_detail", args=[provider.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_provider_page_shows_the_coordinator_other_districts_counts(client, world):
    html = _provider_page(client, world["coordinator"], world["provider"])
    assert "Synpunkter från andra distrikt (bara antal)" in html
    assert "Öppna: 3" in html  # Angered's sent and Lex Sarah, and the item of no district
    assert '<th scope="row">Avslutad</th><td>1</td>' in html
    assert '<th scope="row">Registrerad</th><td>2</td>' in html
    for secret in SECRETS:
        assert secret not in html
    for item in world["items"].values():
        assert reverse("feedback:detail", args=[item.pk]) not in html


def test_provider_page_shows_the_placement_officer_municipality_counts(client, world):
    html = _provider_page(client, world["placement_officer"], world["other_provider"])
    assert "Synpunkter i kommunen (bara antal)" in html
    assert "Öppna: 1" in html  # the answered item
    assert "Ditt distrikts synpunkter" not in html


def test_provider_page_has_no_counts_panel_for_those_who_read_every_item(client, world, controller):
    central = UserFactory(coordinator=True, org_unit=world["kommun"])
    for user in (central, controller):
        html = _provider_page(client, user, world["provider"])
        assert "(bara antal)" not in html


def test_provider_page_counts_cost_one_query_however_many_districts(
    client, world, django_assert_max_num_queries
):
    client.force_login(world["coordinator"])
    url = reverse("registry:provider_detail", args=[world["provider"].pk])
    client.get(url)
    with django_assert_max_num_queries(30) as before:
        client.get(url)
    for n in range(5):
        district = OrgUnit.objects.create(
            name=f"Distrikt {n}", kind=OrgUnitKind.DISTRICT, parent=world["kommun"]
        )
        for status in (Status.REGISTERED, Status.SENT, Status.CLOSED):
            FeedbackItemFactory(unit=world["first"], district=district, status=status)
    with django_assert_max_num_queries(len(before.captured_queries)):
        html = client.get(url).content.decode()
    assert "Öppna: 13" in html  # 3 before, and 2 open of each new district's 3
    counting = [q for q in before.captured_queries if "feedback_feedbackitem" in q["sql"]]
    assert len(counting) == 1
