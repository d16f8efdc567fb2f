"""A feedback item's history page: staff in the item's scope, events and field changes, never
its free text; who read the unmasked text is shown to administrators only."""

import pytest
from django.urls import reverse

from insyn.accounts.tests.factories import UserFactory
from insyn.core.tests.recent_login import log_in_recently
from insyn.feedback.constants import Status

from .conftest import PNR
from .factories import FeedbackItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(unit, district):
    return FeedbackItemFactory(
        unit=unit, district=district, status=Status.SENT, text=f"Brukaren {PNR} fick fel medicin."
    )


def test_item_page_links_to_its_history(client, controller, item):
    client.force_login(controller)
    html = client.get(reverse("feedback:detail", args=[item.pk])).content.decode()
    assert reverse("feedback:history", args=[item.pk]) in html


def test_history_shows_field_changes_without_the_text(client, controller, item):
    item.severity = "high" if item.severity != "high" else "low"
    item.text = "Ny text om brukaren"
    item.save()
    client.force_login(controller)
    response = client.get(reverse("feedback:history", args=[item.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert f"Historik för {item}" in html
    assert "Ändrad" in html
    assert "Ny text" not in html and "fel medicin" not in html


def test_unmasked_reads_are_on_the_history_for_admins_only(client, controller, item):
    log_in_recently(client, controller)
    client.post(reverse("feedback:unmasked", args=[item.pk]))
    url = reverse("feedback:history", args=[item.pk])
    assert "Läst" not in client.get(url).content.decode()
    client.force_login(UserFactory(admin=True))
    assert "Läst" in client.get(url).content.decode()


def test_provider_cannot_open_the_history_of_its_own_item(client, provider_user, item):
    client.force_login(provider_user)
    assert client.get(reverse("feedback:history", args=[item.pk])).status_code == 404
