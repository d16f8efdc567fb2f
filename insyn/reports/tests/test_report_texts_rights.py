"""A committee's report texts are written by its own controllers (issue 12, bad input: "a
controller ... writing its annual-report texts"). Reading stays wide; writing another
committee's texts, or the whole municipality's without a central membership, is refused with a
Swedish message and changes nothing."""

import pytest
from django.urls import reverse

from insyn.accounts.constants import OrgUnitKind
from insyn.accounts.models import OrgUnit
from insyn.accounts.tests.factories import UserFactory
from insyn.reports.models import AnnualReport, FeedbackTableNote
from insyn.reports.rules import writes_texts_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    kommun = OrgUnit.objects.create(name="Demokommunen", kind=OrgUnitKind.MUNICIPALITY)
    own = OrgUnit.objects.create(name="SN Centrum", kind=OrgUnitKind.COMMITTEE, parent=kommun)
    other = OrgUnit.objects.create(name="SN Nordost", kind=OrgUnitKind.COMMITTEE, parent=kommun)
    return {
        "kommun": kommun,
        "own": own,
        "other": other,
        "controller": UserFactory(controller=True, org_unit=own),
        "central": UserFactory(controller=True, org_unit=kommun),
    }


def _texts(client, org_unit):
    return client.post(
        reverse("reports:annual_report"),
        {
            "year": 2026,
            "org_unit": org_unit.pk if org_unit else "",
            "summary": "Ett bra år.",
            "analysis": "",
            "improvements": "",
        },
    )


def test_the_rule_by_hand(world):
    controller, central = world["controller"], world["central"]
    assert writes_texts_for(controller, world["own"])
    assert not writes_texts_for(controller, world["other"])
    assert not writes_texts_for(controller, None)
    assert writes_texts_for(central, world["other"]) and writes_texts_for(central, None)
    assert not writes_texts_for(UserFactory(manager=True, org_unit=world["own"]), world["own"])


def test_controller_writes_own_committees_texts(client, world):
    client.force_login(world["controller"])
    assert _texts(client, world["own"]).status_code == 302
    assert AnnualReport.objects.get(org_unit=world["own"]).summary == "Ett bra år."


def test_another_committees_texts_are_refused_and_unchanged(client, world):
    client.force_login(world["controller"])
    page = client.get(
        reverse("reports:annual_report"), {"year": 2026, "org_unit": world["other"].pk}
    )
    assert page.status_code == 200 and 'name="summary"' not in page.content.decode()
    response = _texts(client, world["other"])
    assert response.status_code == 403
    assert "Rapportens texter skrivs av en controller för SN Nordost" in response.content.decode()
    assert not AnnualReport.objects.exists()


def test_feedback_table_summaries_of_another_committee_are_refused(client, world):
    client.force_login(world["controller"])
    response = client.post(
        reverse("reports:feedback_table"),
        {"year": 2026, "org_unit": world["other"].pk, "note_praise": "Åtgärder."},
    )
    assert response.status_code == 403
    assert not FeedbackTableNote.objects.exists()
