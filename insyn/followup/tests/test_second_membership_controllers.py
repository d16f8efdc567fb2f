"""Who counts as a controller is asked in one place (`User.controllers()`), over every
membership: a person who is case worker by their primary membership and controller through a
second one is pickable as responsible, proposed by the plan rules, told by the notices and
alerted by feedback escalation, exactly like a primary controller."""

import datetime as dt

import pytest

from insyn.accounts.constants import OrgUnitKind, Role
from insyn.accounts.models import Membership, OrgUnit, User
from insyn.accounts.tests.factories import UserFactory
from insyn.feedback import escalation
from insyn.followup import notices
from insyn.followup.forms import PlanRowForm
from insyn.followup.planning import _controllers
from insyn.followup.tests.factories import PlanFactory
from insyn.registry.tests.factories import ContractFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def second():
    """Primary membership case worker in a district; controller in a committee besides."""
    committee = OrgUnit.objects.create(name="SN Centrum", kind=OrgUnitKind.COMMITTEE)
    district = OrgUnit.objects.create(name="Lundby", kind=OrgUnitKind.DISTRICT, parent=committee)
    user = UserFactory(case_worker=True, org_unit=district)
    Membership.objects.create(user=user, role=Role.CONTROLLER, org_unit=committee)
    return user


def test_second_membership_controller_is_one_of_the_controllers(second):
    plain = UserFactory(case_worker=True)
    blocked = UserFactory(controller=True, is_active=False)
    ids = set(User.controllers().values_list("pk", flat=True))
    assert second.pk in ids
    assert plain.pk not in ids and blocked.pk not in ids


def test_second_membership_controller_is_pickable_as_responsible(second):
    form = PlanRowForm()
    assert second in form.fields["responsible"].queryset
    assert second.pk in _controllers()


def test_second_membership_controller_is_told_when_a_plan_is_approved(second):
    plan = PlanFactory()
    assert second in list(notices.PLAN_APPROVED.recipients(plan))


def test_escalation_alerts_a_contract_owner_who_is_controller_by_a_second_membership(second):
    unit = UnitFactory()
    ContractFactory(units=[unit], owner=second, start_date=dt.date(2025, 1, 1))
    assert escalation.responsible_controller(unit, dt.date(2026, 1, 10)) == second


def test_escalation_passes_over_an_owner_who_is_no_controller():
    unit = UnitFactory()
    ContractFactory(units=[unit], owner=UserFactory(manager=True), start_date=dt.date(2025, 1, 1))
    assert escalation.responsible_controller(unit, dt.date(2026, 1, 10)) is None
