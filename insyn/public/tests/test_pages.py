"""The public pages: no login, only what is published, plain-language results."""

import pytest
from django.urls import reverse

from insyn.public.models import PublishedUnit
from insyn.registry.tests.factories import UnitFactory

from .factories import UNPUBLISHED_UNIT


def test_start_page_explains_public_insight_without_login(client, world):
    response = client.get(reverse("public:start"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "kommunallagen (10 kapitlet 8–9 §§)" in text
    assert '<html lang="sv">' in text
    assert 'class="skip-link" href="#main"' in text
    assert "Logga ut" not in text


def test_unit_page_shows_who_runs_it_contract_period_and_results(client, world):
    text = client.get(reverse("public:unit_detail", args=[world["hisingen"].pk])).content.decode()
    assert "Solrosen Omsorg AB" in text
    assert "Privat eller annan utförare" in text
    assert "Ramavtal" in text and "2024-01-01" in text and "2027-12-31" in text
    assert "Socialnämnden Centrum" in text
    assert "Mars 2025" in text
    assert "Kraven uppfylls" in text
    assert "Brister har hittats, åtgärder pågår" in text
    assert "Brister har hittats och åtgärdats" in text
    assert "Verksamheten ska förbättra sina rutiner." in text


def test_unpublished_result_and_individual_agreement_are_not_on_the_unit_page(client, world):
    text = client.get(reverse("public:unit_detail", args=[world["hisingen"].pk])).content.decode()
    assert "Avtalsuppföljning" not in text  # the unpublished contract audit of 2024
    assert "November 2024" not in text
    assert "Individavtal" not in text


def test_unpublished_unit_page_is_not_found(client, world):
    response = client.get(reverse("public:unit_detail", args=[world["hidden"].pk]))
    assert response.status_code == 404


def test_unit_of_an_unpublished_provider_is_not_found_even_when_marked(client, world):
    unit = UnitFactory(name="Utan utförare")
    PublishedUnit.objects.create(unit=unit)
    assert client.get(reverse("public:unit_detail", args=[unit.pk])).status_code == 404
    assert "Utan utförare" not in client.get(reverse("public:unit_list")).content.decode()


def test_unit_list_searches_and_filters_by_category_and_regi(client, world):
    url = reverse("public:unit_list")
    text = client.get(url, {"q": "eken"}).content.decode()
    assert "Boendet Eken" in text and "Solrosen Hisingen" not in text

    text = client.get(url, {"regi": "own"}).content.decode()
    assert "Boendet Eken" in text and "Solrosen Hisingen" not in text

    text = client.get(url, {"regi": "other"}).content.decode()
    assert "Solrosen Hisingen" in text and "Boendet Eken" not in text

    text = client.get(url, {"category": world["hisingen"].category_id}).content.decode()
    assert "Solrosen Hisingen" in text and "Lilla Stödboendet" not in text
    assert UNPUBLISHED_UNIT not in client.get(url, {"q": "Hemliga"}).content.decode()


def test_search_does_not_find_a_sole_trader_by_the_owners_name(client, world):
    text = client.get(reverse("public:unit_list"), {"q": "Bergström"}).content.decode()
    assert "Lilla Stödboendet" not in text


def test_sole_trader_is_shown_without_name_or_org_number(client, world):
    text = client.get(reverse("public:provider_detail", args=[world["sole"].pk])).content.decode()
    assert "Enskild näringsidkare" in text
    assert "Anna Bergström" not in text
    assert "811218" not in text


def test_provider_list_filters_own_units(client, world):
    text = client.get(reverse("public:provider_list"), {"regi": "own"}).content.decode()
    assert "Demokommunen" in text and "Solrosen Omsorg AB" not in text


def test_invalid_filter_values_give_the_whole_list_not_an_error(client, world):
    response = client.get(reverse("public:unit_list"), {"category": "x", "regi": "nej"})
    assert response.status_code == 200


def _publish_units(n):
    for _ in range(n):
        unit = UnitFactory()
        from insyn.public.models import PublishedProvider

        PublishedProvider.objects.get_or_create(provider=unit.provider)
        PublishedUnit.objects.create(unit=unit)


@pytest.mark.parametrize(
    "route",
    [
        "public:unit_list",
        "public:provider_list",
        "public:units_csv",
        "public:units_json",
        "public:followups_csv",
        "public:contracts_ocds",
    ],
)
def test_public_lists_use_the_same_number_of_queries_for_more_units(
    client, db, route, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _publish_units(3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse(route)).status_code == 200
    _publish_units(12)
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse(route)).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    assert len(few) <= 6
