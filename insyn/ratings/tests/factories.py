import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from insyn.accounts.tests.factories import OrgUnitFactory, UserFactory
from insyn.ratings.models import Placement, Rating, RatingQuestionnaire
from insyn.registry.tests.factories import UnitFactory, category


def active_questionnaire():
    return RatingQuestionnaire.objects.get(is_active=True)


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Placement

    case_reference = factory.Sequence(lambda n: f"IFO-2026-{n:05d}")
    unit = factory.SubFactory(UnitFactory)
    district = factory.SubFactory(OrgUnitFactory)
    case_worker = factory.SubFactory(UserFactory, case_worker=True)
    start_date = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=90))
    category = factory.LazyFunction(category)
    rating_due_on = factory.LazyAttribute(lambda p: p.start_date + dt.timedelta(days=60))


class RatingFactory(factory.django.DjangoModelFactory):
    """A rating with a given score; answers are left out where only the score matters."""

    class Meta:
        model = Rating

    placement = factory.SubFactory(PlacementFactory)
    unit = factory.LazyAttribute(lambda r: r.placement.unit)
    questionnaire = factory.LazyFunction(active_questionnaire)
    submitted_by = factory.LazyAttribute(lambda r: r.placement.case_worker)
    submitted_on = factory.LazyFunction(timezone.localdate)
    points_total = 16
    max_points = 20
    score = Decimal("80.0")
