from decimal import Decimal

import pytest
from django.urls import reverse

from insyn.accounts.tests.factories import UserFactory
from insyn.ratings.tests.factories import PlacementFactory, RatingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rated(unit, other_unit):
    worker = UserFactory(case_worker=True, first_name="Sigrid", last_name="Hemligsson")
    for value in ("80.0", "60.0", "70.0"):
        RatingFactory(placement=PlacementFactory(unit=unit, case_worker=worker), score=value)
    for value in ("95.0", "91.0", "93.0"):
        RatingFactory(placement__unit=other_unit, score=Decimal(value))
    return worker


def test_provider_sees_own_mean_but_never_who_rated(client, provider_user, rated):
    client.force_login(provider_user)
    body = client.get(reverse("ratings_portal:summary")).content.decode()
    assert "Egen Väg Hisingen" in body
    assert "70.0" in body or "70,0" in body
    assert "Hemligsson" not in body and "Sigrid" not in body
    assert "Annan Omsorg Majorna" not in body
    assert "93.0" not in body and "93,0" not in body


def test_provider_start_page_shows_own_rating_only(client, provider_user, rated):
    client.force_login(provider_user)
    body = client.get(reverse("portal:home")).content.decode()
    assert "Er rating" in body
    assert "Annan Omsorg Majorna" not in body
    assert "Hemligsson" not in body


def test_provider_cannot_open_staff_rating_pages(client, provider_user, rated):
    client.force_login(provider_user)
    assert client.get(reverse("ratings:tasks")).status_code == 403
    assert client.get(reverse("ratings:answer_rates")).status_code == 403
    placement = rated.ordered_placements.first()
    assert client.get(reverse("ratings:placement_detail", args=[placement.pk])).status_code in {
        403,
        404,
    }


def test_staff_cannot_open_portal_rating_page(client, controller):
    client.force_login(controller)
    assert client.get(reverse("ratings_portal:summary")).status_code == 403


def test_unit_page_hides_rating_below_minimum_count(client, controller, unit):
    RatingFactory(placement__unit=unit, score=Decimal("40.0"))
    RatingFactory(placement__unit=unit, score=Decimal("60.0"))
    client.force_login(controller)
    body = client.get(reverse("registry:unit_detail", args=[unit.pk])).content.decode()
    assert "Visas inte: 2 ratingar" in body
    assert "50.0" not in body and "50,0" not in body
    RatingFactory(placement__unit=unit, score=Decimal("80.0"))
    body = client.get(reverse("registry:unit_detail", args=[unit.pk])).content.decode()
    assert "60.0" in body or "60,0" in body
    assert "medelvärde av 3 ratingar" in body
