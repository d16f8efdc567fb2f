"""Memberships: the primary one mirrors role/org unit, rights follow every membership, and
the scope covers subtrees, the committee above and the whole municipality when central."""

import pytest

from insyn.accounts import predicates
from insyn.accounts.constants import OrgUnitKind, Role
from insyn.accounts.models import Membership, OrgUnit, scope_of
from insyn.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    kommun = OrgUnit.objects.create(name="Demokommunen", kind=OrgUnitKind.MUNICIPALITY)
    centrum = OrgUnit.objects.create(name="SN Centrum", kind=OrgUnitKind.COMMITTEE, parent=kommun)
    nordost = OrgUnit.objects.create(name="SN Nordost", kind=OrgUnitKind.COMMITTEE, parent=kommun)
    forv = OrgUnit.objects.create(
        name="SF Nordost", kind=OrgUnitKind.ADMINISTRATION, parent=nordost
    )
    angered = OrgUnit.objects.create(name="Angered", kind=OrgUnitKind.DISTRICT, parent=forv)
    ostra = OrgUnit.objects.create(name="Östra", kind=OrgUnitKind.DISTRICT, parent=forv)
    lundby = OrgUnit.objects.create(name="Lundby", kind=OrgUnitKind.DISTRICT, parent=centrum)
    return locals()


def test_a_new_user_gets_one_primary_membership_and_moving_it_keeps_one(tree):
    user = UserFactory(case_worker=True, org_unit=tree["angered"])
    assert list(user.memberships.values_list("role", "org_unit")) == [
        (Role.CASE_WORKER, tree["angered"].pk)
    ]
    user.role, user.org_unit = Role.COORDINATOR, tree["lundby"]
    user.save()
    assert list(user.memberships.values_list("role", "org_unit")) == [
        (Role.COORDINATOR, tree["lundby"].pk)
    ]


def test_provider_staff_have_no_membership():
    assert not Membership.objects.filter(user=UserFactory(provider_user=True)).exists()


def test_administration_membership_covers_its_committee_and_districts_below(tree):
    user = UserFactory(controller=True, org_unit=tree["forv"])
    scope = scope_of(user)
    assert scope.committee_ids({Role.CONTROLLER}) == {tree["nordost"].pk}
    assert scope.district_ids({Role.CONTROLLER}) == {tree["angered"].pk, tree["ostra"].pk}
    assert not scope.acts_for_committee(tree["centrum"].pk, {Role.CONTROLLER})
    assert not scope.acts_for_committee(None, {Role.CONTROLLER})


def test_controller_for_two_committees_acts_for_both_and_nothing_else(tree):
    user = UserFactory(controller=True, org_unit=tree["centrum"])
    Membership.objects.create(user=user, role=Role.CONTROLLER, org_unit=tree["nordost"])
    assert predicates.acts_for_committee(user, tree["centrum"].pk, {Role.CONTROLLER})
    assert predicates.acts_for_committee(user, tree["nordost"].pk, {Role.CONTROLLER})
    assert not predicates.acts_for_committee(user, None, {Role.CONTROLLER})


def test_case_worker_who_is_also_coordinator_has_both_roles_per_district(tree):
    user = UserFactory(case_worker=True, org_unit=tree["angered"])
    Membership.objects.create(user=user, role=Role.COORDINATOR, org_unit=tree["lundby"])
    assert predicates.is_case_worker(user) and predicates.is_coordinator(user)
    assert predicates.acts_for_district(user, tree["lundby"].pk, {Role.COORDINATOR})
    assert not predicates.acts_for_district(user, tree["angered"].pk, {Role.COORDINATOR})
    assert predicates.acts_for_district(user, tree["angered"].pk, {Role.CASE_WORKER})


def test_municipality_or_no_unit_is_central(tree):
    top = UserFactory(controller=True, org_unit=tree["kommun"])
    nowhere = UserFactory(controller=True)
    for user in (top, nowhere):
        assert predicates.acts_for_committee(user, tree["centrum"].pk, {Role.CONTROLLER})
        assert predicates.acts_for_committee(user, None, {Role.CONTROLLER})


def test_closed_unit_gives_no_rights(tree):
    user = UserFactory(coordinator=True, org_unit=tree["lundby"])
    OrgUnit.objects.filter(pk=tree["lundby"].pk).update(active=False)
    user = type(user).objects.get(pk=user.pk)  # as the next request loads it
    assert not predicates.is_coordinator(user)


def test_only_the_committees_manager_or_a_delegate_decides(tree):
    manager = UserFactory(manager=True, org_unit=tree["centrum"])
    controller = UserFactory(controller=True, org_unit=tree["centrum"])
    delegate = UserFactory(controller=True, org_unit=tree["nordost"])
    Membership.objects.filter(user=delegate).update(delegation="SN Nordost § 12, dnr 2026/88")
    delegate = type(delegate).objects.get(pk=delegate.pk)
    assert predicates.decides_for_committee(manager, tree["centrum"].pk)
    assert not predicates.decides_for_committee(manager, tree["nordost"].pk)
    assert not predicates.decides_for_committee(controller, tree["centrum"].pk)
    assert predicates.decides_for_committee(delegate, tree["nordost"].pk)


def test_scope_is_loaded_with_one_query_and_cached(tree, django_assert_num_queries):
    user = UserFactory(coordinator=True, org_unit=tree["angered"])
    user = type(user).objects.get(pk=user.pk)
    with django_assert_num_queries(1):
        for _ in range(3):
            predicates.is_coordinator(user)
            predicates.acts_for_district(user, tree["angered"].pk, {Role.COORDINATOR})
