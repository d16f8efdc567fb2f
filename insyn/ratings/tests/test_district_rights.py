"""District rights (issue 12 item 3): case workers and coordinators act only on their own
district's placements; the placement unit acts for every district."""

import pytest
from django.urls import reverse

from insyn.accounts.constants import OrgUnitKind, Role
from insyn.accounts.models import Membership
from insyn.accounts.tests.factories import OrgUnitFactory, UserFactory
from insyn.ratings.constants import PlacementStatus
from insyn.ratings.models import Placement
from insyn.ratings.tests.factories import PlacementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def districts():
    return OrgUnitFactory(name="Angered"), OrgUnitFactory(name="Lundby")


def _register(client, unit, district, case_worker):
    return client.post(
        reverse("ratings:placement_create"),
        {
            "case_reference": "IFO-2026-7",
            "unit": unit.pk,
            "district": district.pk,
            "case_worker": case_worker.pk,
            "start_date": "2026-11-01",
            "category": unit.category_id,
            "client_gender": "any",
        },
    )


def test_coordinator_cannot_cancel_another_districts_placement(client, districts):
    angered, lundby = districts
    coordinator = UserFactory(coordinator=True, org_unit=angered)
    own, other = PlacementFactory(district=angered), PlacementFactory(district=lundby)
    client.force_login(coordinator)
    url = reverse("ratings:placement_end", args=[other.pk])
    assert client.post(url, {"cancel": "on"}).status_code == 403
    other.refresh_from_db()
    assert other.status == PlacementStatus.ACTIVE
    client.post(reverse("ratings:placement_end", args=[own.pk]), {"cancel": "on"})
    own.refresh_from_db()
    assert own.status == PlacementStatus.CANCELLED


def test_case_worker_registers_only_for_own_district_with_its_case_worker(client, districts, unit):
    angered, lundby = districts
    worker = UserFactory(case_worker=True, org_unit=angered)
    lundby_worker = UserFactory(case_worker=True, org_unit=lundby)
    client.force_login(worker)
    refused = _register(client, unit, lundby, lundby_worker)
    assert refused.status_code == 200
    assert "bara registrera placeringar för din egen stadsdel, inte för Lundby" in (
        refused.content.decode()
    )
    refused = _register(client, unit, angered, lundby_worker)
    assert "är inte handläggare i Angered" in refused.content.decode()
    assert not Placement.objects.exists()
    assert _register(client, unit, angered, worker).status_code == 302


def test_case_worker_who_is_also_coordinator_acts_in_both_districts(client, districts, unit):
    angered, lundby = districts
    worker = UserFactory(case_worker=True, org_unit=angered)
    Membership.objects.create(user=worker, role=Role.COORDINATOR, org_unit=lundby)
    placement = PlacementFactory(district=lundby)
    client.force_login(worker)
    client.post(reverse("ratings:placement_end", args=[placement.pk]), {"cancel": "on"})
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.CANCELLED


def test_placement_officer_acts_for_every_district(client, districts, unit):
    angered, _lundby = districts
    officer = UserFactory(placement_officer=True, org_unit=OrgUnitFactory(kind=OrgUnitKind.SECTION))
    worker = UserFactory(case_worker=True, org_unit=angered)
    client.force_login(officer)
    assert _register(client, unit, angered, worker).status_code == 302
