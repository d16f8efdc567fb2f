"""Publication events: each publish and unpublish writes exactly one readable entry about the
provider, unit, follow-up or year; a refusal or a repeat writes none."""

import datetime as dt

import pytest

from insyn.core.history import sentence
from insyn.core.models import ActionLog
from insyn.public import services
from insyn.public.services import PublicationRefused
from insyn.registry.tests.factories import ProviderFactory, UnitFactory
from insyn.registry.validators import org_number_with_check_digit

from .factories import followup

pytestmark = pytest.mark.django_db


@pytest.fixture
def company(db):
    return ProviderFactory(org_number=org_number_with_check_digit("556123001"), name="Björken AB")


@pytest.fixture
def lerum(company):
    return UnitFactory(provider=company, name="Björken Lerum")


def _entries():
    return [(e.action, e.user, sentence(e)) for e in ActionLog.objects.order_by("pk")]


def test_publishing_a_unit_also_logs_its_provider_once(lerum, controller):
    services.publish_unit(lerum, controller)
    services.publish_unit(lerum, controller)  # already published: nothing new happened
    assert _entries() == [
        ("insyn.public.provider.published", controller, "Björken AB publicerades för allmänheten."),
        ("insyn.public.unit.published", controller, "Björken Lerum publicerades för allmänheten."),
    ]


def test_unpublishing_a_provider_logs_one_event_with_the_number_of_units(lerum, controller):
    services.publish_unit(lerum, controller)
    ActionLog.objects.all().delete()
    services.unpublish_provider(lerum.provider, controller)
    assert _entries() == [
        (
            "insyn.public.provider.unpublished",
            controller,
            "Björken AB avpublicerades, och med den 1 verksamheter.",
        )
    ]


def test_publishing_and_unpublishing_a_result_write_one_event_each(lerum, controller):
    services.publish_unit(lerum, controller)
    done = followup(lerum, dt.date(2025, 3, 10))
    ActionLog.objects.all().delete()
    services.publish_followup(done, controller)
    services.unpublish_followup(done, controller)
    name = "Verksamhetsbesök (på plats) – Björken Lerum"
    assert _entries() == [
        (
            "insyn.public.followup.published",
            controller,
            f"Resultatet av uppföljningen {name} publicerades.",
        ),
        (
            "insyn.public.followup.unpublished",
            controller,
            f"Resultatet av uppföljningen {name} avpublicerades.",
        ),
    ]


def test_a_refused_publication_writes_no_event(company, controller):
    unit = UnitFactory(provider=company, name="Boende för 19811218-9876")
    with pytest.raises(PublicationRefused):
        services.publish_unit(unit, controller)
    assert ActionLog.objects.count() == 0


def test_unpublishing_a_unit_writes_one_event(lerum, controller):
    services.publish_unit(lerum, controller)
    ActionLog.objects.all().delete()
    services.unpublish_unit(lerum, controller)
    assert _entries() == [
        ("insyn.public.unit.unpublished", controller, "Björken Lerum avpublicerades.")
    ]


def test_publishing_a_year_names_the_number_of_followups(lerum, controller, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 10, 10, tzinfo=dt.UTC))
    followup(lerum, dt.date(2025, 3, 10))
    followup(lerum, dt.date(2025, 9, 1))
    services.publish_year(2025, controller)
    services.unpublish_year(2025, controller)
    assert _entries() == [
        (
            "insyn.public.year.published",
            controller,
            "Årssammanställning 2025 publicerades med 2 uppföljningar.",
        ),
        ("insyn.public.year.unpublished", controller, "Årssammanställning 2025 avpublicerades."),
    ]


def test_a_sole_traders_personnummer_never_reaches_the_log(controller):
    from .factories import SOLE_TRADER_NUMBER

    sole = ProviderFactory(org_number=SOLE_TRADER_NUMBER, name="Anna Bergström Omsorg")
    services.publish_unit(UnitFactory(provider=sole, name="Lilla Stödboendet"), controller)
    services.unpublish_provider(sole, controller)
    logged = [(e.object_repr, str(e.data), sentence(e)) for e in ActionLog.objects.all()]
    assert len(logged) == 3
    assert not [row for row in logged if "811218" in "".join(row)]
