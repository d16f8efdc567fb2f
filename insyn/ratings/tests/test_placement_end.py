import datetime as dt

import pytest
from django.urls import reverse

from insyn.ratings.constants import PlacementStatus
from insyn.ratings.services import send_rating_requests

pytestmark = pytest.mark.django_db


@pytest.fixture
def placement(unit):
    from insyn.ratings.tests.factories import PlacementFactory

    return PlacementFactory(unit=unit, start_date=dt.date(2026, 1, 10))


def end(client, placement, **data):
    return client.post(reverse("ratings:placement_end", args=[placement.pk]), data)


def test_case_worker_ends_a_placement_on_a_date(client, placement):
    client.force_login(placement.case_worker)
    response = end(client, placement, end_date="2026-06-30")
    placement.refresh_from_db()
    assert response.status_code == 302
    assert placement.status == PlacementStatus.ENDED
    assert placement.end_date == dt.date(2026, 6, 30)


def test_end_date_before_start_is_refused_and_nothing_changes(client, placement):
    client.force_login(placement.case_worker)
    response = end(client, placement, end_date="2025-12-31")
    placement.refresh_from_db()
    assert response.status_code == 400
    assert "Slutdatum kan inte vara före startdatum (2026-01-10)" in response.content.decode()
    assert placement.status == PlacementStatus.ACTIVE
    assert placement.end_date is None


def test_an_ended_placement_cannot_be_ended_again(client, placement):
    client.force_login(placement.case_worker)
    end(client, placement, end_date="2026-06-30")
    response = end(client, placement, end_date="2026-07-31", cancel="on")
    placement.refresh_from_db()
    assert "redan avslutad" in client.get(response.url).content.decode()
    assert placement.status == PlacementStatus.ENDED
    assert placement.end_date == dt.date(2026, 6, 30)


def test_a_cancelled_placement_gets_no_rating_request(client, placement, mailoutbox):
    client.force_login(placement.case_worker)
    end(client, placement, end_date="2026-01-10", cancel="on")
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.CANCELLED
    assert send_rating_requests(today=dt.date(2026, 12, 1))["requested"] == 0


def test_provider_cannot_end_a_placement_at_its_unit(client, placement, provider_user):
    client.force_login(provider_user)
    response = end(client, placement, end_date="2026-06-30")
    placement.refresh_from_db()
    assert response.status_code in (403, 404)
    assert placement.status == PlacementStatus.ACTIVE


def test_cancelling_needs_no_end_date_and_the_page_asks_for_no_rating(client, placement):
    client.force_login(placement.case_worker)
    response = end(client, placement, end_date="", cancel="on")
    placement.refresh_from_db()
    assert response.status_code == 302
    assert placement.status == PlacementStatus.CANCELLED
    assert placement.end_date is None
    page = client.get(response.url).content.decode()
    assert "Ingen rating begärs: placeringen är makulerad." in page
    assert "Begärs från" not in page


def test_ending_without_a_date_or_cancelling_is_refused_with_a_message(client, placement):
    client.force_login(placement.case_worker)
    response = end(client, placement, end_date="")
    placement.refresh_from_db()
    assert response.status_code == 400
    assert (
        "Ange slutdatum, eller markera att placeringen ska makuleras." in response.content.decode()
    )
    assert placement.status == PlacementStatus.ACTIVE
