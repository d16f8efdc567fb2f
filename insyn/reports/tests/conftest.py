"""Shared data sets of the report tests."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from insyn.accounts.constants import OrgUnitKind
from insyn.accounts.tests.factories import OrgUnitFactory
from insyn.feedback.constants import Kind
from insyn.feedback.tests.factories import FeedbackItemFactory
from insyn.followup.constants import Assessment, DeficiencyStatus, FollowUpStatus, Severity
from insyn.followup.models import Finding
from insyn.followup.tests.factories import DeficiencyFactory, FollowUpFactory
from insyn.ratings.tests.factories import PlacementFactory, RatingFactory
from insyn.registry.constants import OperationForm
from insyn.registry.tests.factories import ProviderFactory, UnitFactory


@pytest.fixture
def committee():
    return OrgUnitFactory(name="Socialnämnden", kind=OrgUnitKind.COMMITTEE)


@pytest.fixture
def data(committee):
    district = OrgUnitFactory(name="Stadsdel Norr", parent=committee)
    own = UnitFactory(
        provider=ProviderFactory(operation_form=OperationForm.OWN), district=district, places=10
    )
    private = UnitFactory(district=district, places=40)
    category = own.category.name
    own_fu = FollowUpFactory(unit=own, status=FollowUpStatus.DONE, performed_on=dt.date(2024, 3, 5))
    private_fu = FollowUpFactory(
        unit=private, status=FollowUpStatus.DONE, performed_on=dt.date(2024, 5, 2)
    )
    for fu, assessments in (
        (own_fu, [Assessment.MET, Assessment.MET, Assessment.NOT_MET, Assessment.NOTED]),
        (private_fu, [Assessment.MET, Assessment.PARTLY]),
    ):
        for a in assessments:
            Finding.objects.create(followup=fu, assessment=a, text="Iakttagelse")
    DeficiencyFactory(
        followup=own_fu,
        severity=Severity.HIGH,
        deadline=dt.date(2024, 6, 1),
        status=DeficiencyStatus.REMEDIED,
        remedied_at=timezone.make_aware(dt.datetime(2024, 5, 20, 10)),
    )
    DeficiencyFactory(followup=private_fu, severity=Severity.LOW, deadline=dt.date(2024, 6, 1))
    DeficiencyFactory(followup=private_fu, severity=Severity.LOW, deadline=dt.date(2024, 6, 1))
    DeficiencyFactory(followup=private_fu, severity=Severity.MEDIUM, deadline=dt.date(2024, 6, 1))
    due = dt.date(2024, 6, 1)
    for unit, score in ((own, "80"), (private, "60"), (private, "70")):
        placement = PlacementFactory(
            unit=unit, district=district, start_date=dt.date(2024, 4, 1), rating_due_on=due
        )
        RatingFactory(placement=placement, score=Decimal(score), submitted_on=dt.date(2024, 6, 2))
    PlacementFactory(
        unit=private, district=district, start_date=dt.date(2024, 4, 1), rating_due_on=due
    )
    for unit, kind in (
        (own, Kind.COMPLAINT),
        (own, Kind.PRAISE),
        (private, Kind.COMPLAINT),
        (private, Kind.COMPLAINT),
        (private, Kind.LEX_SARAH),
    ):
        FeedbackItemFactory(
            unit=unit, district=district, kind=kind, received_on=dt.date(2024, 9, 1)
        )
    return category
