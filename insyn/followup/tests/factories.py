import datetime as dt

import factory

from insyn.questionnaires.constants import Method
from insyn.questionnaires.tests.factories import TemplateFactory
from insyn.registry.tests.factories import UnitFactory

from ..constants import FollowUpStatus
from ..models import Deficiency, FollowUp, FollowUpPlan, PlannedFollowUp


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUpPlan

    year = 2026


class PlannedFollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlannedFollowUp

    plan = factory.SubFactory(PlanFactory)
    unit = factory.SubFactory(UnitFactory)
    method = Method.SITE_VISIT
    month = 3
    rule = "manual"


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    unit = factory.SubFactory(UnitFactory)
    template = factory.SubFactory(TemplateFactory)
    method = factory.LazyAttribute(lambda o: o.template.method)
    status = FollowUpStatus.DRAFT


class DeficiencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deficiency

    followup = factory.SubFactory(FollowUpFactory, status=FollowUpStatus.DONE)
    unit = factory.LazyAttribute(lambda o: o.followup.unit)
    description = "Genomförandeplaner saknas för två placerade."
    required_action = "Upprätta genomförandeplaner."
    deadline = dt.date(2026, 4, 30)
