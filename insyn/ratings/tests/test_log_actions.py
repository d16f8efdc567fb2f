"""Placement and rating events: one readable entry each, named by the case reference."""

import datetime as dt

import pytest
import time_machine

from insyn.core.history import sentence
from insyn.core.models import ActionLog
from insyn.ratings import services
from insyn.ratings.services import RatingError
from insyn.ratings.tests.factories import PlacementFactory, active_questionnaire
from insyn.registry.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 24)
# 4+3+3+4+2 = 16 of 20 points: a score of 80.
ALL_GOOD = {"competence": 4, "treatment": 3, "cooperation": 3, "goals": 4, "place_again": 2}


def _answers():
    return {
        q.pk: q.alternatives.get(points=ALL_GOOD[q.key]).pk
        for q in active_questionnaire().questions.all()
    }


def _placement():
    return PlacementFactory(
        case_reference="IFO-2026-00042",
        unit=UnitFactory(name="Egen Väg Hisingen"),
        start_date=TODAY - dt.timedelta(days=61),
    )


def _only_entry():
    entries = list(ActionLog.objects.all())
    assert len(entries) == 1, [e.action for e in entries]
    return entries[0], sentence(entries[0])


@time_machine.travel(TODAY, tick=False)
def test_a_rating_writes_one_event_with_its_score():
    placement = _placement()
    services.submit_rating(placement, placement.case_worker, _answers())
    entry, text = _only_entry()
    assert (entry.action, entry.user) == ("insyn.ratings.placement.rated", placement.case_worker)
    assert text == "Placering IFO-2026-00042 – Egen Väg Hisingen fick rating 80,0."


@time_machine.travel(TODAY, tick=False)
def test_a_refused_second_rating_writes_no_event():
    placement = _placement()
    services.submit_rating(placement, placement.case_worker, _answers())
    with pytest.raises(RatingError):
        services.submit_rating(placement, placement.case_worker, _answers())
    assert ActionLog.objects.count() == 1


def test_ending_and_cancelling_a_placement_write_one_event_each():
    ended, cancelled = _placement(), _placement()
    services.end_placement(ended, ended.case_worker, dt.date(2026, 11, 1))
    entry, text = _only_entry()
    assert text == "Placering IFO-2026-00042 – Egen Väg Hisingen avslutades 2026-11-01."
    entry.delete()
    services.end_placement(cancelled, cancelled.case_worker, dt.date(2026, 11, 1), cancel=True)
    entry, text = _only_entry()
    assert (entry.action, text) == (
        "insyn.ratings.placement.cancelled",
        "Placering IFO-2026-00042 – Egen Väg Hisingen makulerades.",
    )
