import datetime as dt

import factory

from insyn.feedback.constants import Concern, Kind, Severity, Source, Status
from insyn.feedback.models import FeedbackItem
from insyn.registry.tests.factories import UnitFactory


class FeedbackItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeedbackItem

    unit = factory.SubFactory(UnitFactory)
    provider = factory.LazyAttribute(lambda o: o.unit.provider)
    kind = Kind.COMPLAINT
    source = Source.CLIENT
    concern = Concern.TREATMENT
    severity = Severity.MEDIUM
    received_on = dt.date(2026, 3, 2)
    text = "Brukaren upplevde ett otrevligt bemötande vid middagen."
    status = Status.REGISTERED
