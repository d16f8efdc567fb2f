"""Deficiencies, action plans and risk flags are a committee's (issue 12).

A deficiency, and every action plan answering it, belongs to the committees of the follow-up
that found it (`followup_committee_ids`: the plan row's committee, else the parts of the
contract covering the unit's category). A unit's manual risk flag is set by a controller of a
committee with a part of a contract covering the unit, or by a central one. Memberships are
built by hand below; the routes themselves are in tests/test_permission_scope_matrix.py."""

import datetime as dt

import pytest
from django.urls import reverse

from insyn.accounts.constants import Role
from insyn.accounts.models import Membership
from insyn.accounts.tests.factories import UserFactory, two_committees
from insyn.followup.constants import DeficiencyStatus
from insyn.followup.models import ActionPlan
from insyn.followup.rules import deficiency_refusal, risk_flag_refusal, unit_committee_ids
from insyn.followup.tests.factories import (
    DeficiencyFactory,
    FollowUpFactory,
    PlanFactory,
    PlannedFollowUpFactory,
)
from insyn.registry.models import ContractCommittee
from insyn.registry.tests.factories import ContractFactory, UnitFactory, category

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return two_committees()


@pytest.fixture
def shared(org):
    """Centrum's contract with Centrum's part for HVB and Nordost's part for stödboende."""
    hvb = UnitFactory(name="HVB Lunden")
    stod = UnitFactory(name="Stödboende Ekan", category=category("boendestod"))
    contract = ContractFactory(committee=org["centrum"], units=[hvb, stod])
    contract.committee_parts.get().categories.set([hvb.category])
    ContractCommittee.objects.create(
        contract=contract, committee=org["nordost"], part="Stödboende"
    ).categories.set([stod.category])
    return {"contract": contract, "hvb": hvb, "stod": stod}


def controller(*committees, role=Role.CONTROLLER):
    """A user whose memberships are exactly `role` in each committee (None: central)."""
    user = UserFactory(role=role, org_unit=committees[0])
    for committee in committees[1:]:
        Membership.objects.create(user=user, role=role, org_unit=committee)
    return type(user).objects.get(pk=user.pk)


def deficiency_at(unit, contract, **kwargs):
    return DeficiencyFactory(followup=FollowUpFactory(unit=unit, contract=contract, **kwargs))


def plan_for(deficiency):
    return ActionPlan.objects.create(
        deficiency=deficiency,
        measures="Genomförandeplaner upprättas.",
        responsible_person="Eva Ek",
        due_date=dt.date(2026, 5, 1),
    )


# --- Deficiencies and action plans ---------------------------------------------------------


def test_a_deficiency_is_the_committees_whose_part_covers_the_unit(org, shared):
    centrum, nordost = controller(org["centrum"]), controller(org["nordost"])
    hvb_deficiency = deficiency_at(shared["hvb"], shared["contract"])
    stod_deficiency = deficiency_at(shared["stod"], shared["contract"])
    assert centrum.has_perm("followup.change_deficiency", hvb_deficiency)
    assert not centrum.has_perm("followup.change_deficiency", stod_deficiency)
    assert nordost.has_perm("followup.change_deficiency", stod_deficiency)
    assert not nordost.has_perm("followup.change_deficiency", hvb_deficiency)
    # The action plan answering it follows the deficiency.
    assert nordost.has_perm("followup.change_deficiency", plan_for(stod_deficiency))
    assert not nordost.has_perm("followup.change_deficiency", plan_for(hvb_deficiency))
    # Without an object (menus, lists) the role alone answers.
    assert nordost.has_perm("followup.change_deficiency")


def test_a_deficiency_from_a_plan_row_is_the_plans_committee(org, shared):
    """Nordost planned and made the follow-up of the HVB unit (Centrum's part): its
    deficiencies are Nordost's, as the follow-up is."""
    row = PlannedFollowUpFactory(
        plan=PlanFactory(committee=org["nordost"]), unit=shared["hvb"], contract=shared["contract"]
    )
    deficiency = deficiency_at(shared["hvb"], shared["contract"], planned=row)
    assert controller(org["nordost"]).has_perm("followup.change_deficiency", deficiency)
    assert not controller(org["centrum"]).has_perm("followup.change_deficiency", deficiency)


def test_the_deficiency_rule_is_the_follow_ups_rule(org, shared):
    for unit in (shared["hvb"], shared["stod"]):
        deficiency = deficiency_at(unit, shared["contract"])
        for user in (controller(org["centrum"]), controller(org["nordost"]), controller(None)):
            assert user.has_perm("followup.change_deficiency", deficiency) == user.has_perm(
                "followup.change_followup", deficiency.followup
            )


def test_a_second_membership_as_manager_does_not_decide_plans(org, shared):
    user = controller(org["centrum"])
    Membership.objects.create(user=user, role=Role.MANAGER, org_unit=org["nordost"])
    user = type(user).objects.get(pk=user.pk)
    stod_plan = plan_for(deficiency_at(shared["stod"], shared["contract"]))
    assert not user.has_perm("followup.change_deficiency", stod_plan)
    assert controller(None, role=Role.ADMIN).has_perm("followup.change_deficiency", stod_plan)


def test_the_refusal_names_the_committees_that_may(org, shared):
    stod_deficiency = deficiency_at(shared["stod"], shared["contract"])
    text = deficiency_refusal(plan_for(stod_deficiency))
    assert "Stödboende Ekan" in text
    assert "nämnd som uppföljningen hör till (Socialnämnden Nordost)" in text


def test_the_deficiency_page_shows_the_buttons_only_to_its_committee(client, org, shared):
    deficiency = deficiency_at(shared["stod"], shared["contract"])
    deficiency.status = DeficiencyStatus.PLAN_SUBMITTED
    deficiency.save()
    plan = plan_for(deficiency)
    accept = reverse("followup:action_plan_accept", args=[plan.pk])
    client.force_login(controller(org["centrum"]))
    page = client.get(deficiency.get_absolute_url()).content.decode()
    assert accept not in page
    refused = client.post(accept)
    assert refused.status_code == 403
    assert "Socialnämnden Nordost" in refused.content.decode()
    assert ActionPlan.objects.get(pk=plan.pk).status == "submitted"
    client.force_login(controller(org["nordost"]))
    assert accept in client.get(deficiency.get_absolute_url()).content.decode()


# --- Risk flags ----------------------------------------------------------------------------


def test_risk_flag_by_a_committee_with_a_part_covering_the_unit(org, shared):
    centrum, nordost = controller(org["centrum"]), controller(org["nordost"])
    assert unit_committee_ids(shared["stod"]) == {org["nordost"].pk}
    assert nordost.has_perm("followup.flag_risk", shared["stod"])
    assert not centrum.has_perm("followup.flag_risk", shared["stod"])
    assert centrum.has_perm("followup.flag_risk", shared["hvb"])
    assert not nordost.has_perm("followup.flag_risk", shared["hvb"])
    # A second contract gives Nordost a part covering the HVB unit too.
    ContractFactory(committee=org["nordost"], units=[shared["hvb"]])
    assert nordost.has_perm("followup.flag_risk", shared["hvb"])
    assert unit_committee_ids(shared["hvb"]) == {org["centrum"].pk, org["nordost"].pk}


def test_a_unit_under_no_contract_is_flagged_centrally(org):
    lone = UnitFactory(name="Eget boende")
    assert unit_committee_ids(lone) == set()
    assert not controller(org["centrum"]).has_perm("followup.flag_risk", lone)
    assert controller(None).has_perm("followup.flag_risk", lone)
    assert not controller(None, role=Role.MANAGER).has_perm("followup.flag_risk", lone)
    assert "(hela kommunen)" in risk_flag_refusal(lone)


def test_a_removed_contract_no_longer_gives_the_unit_to_its_committee(org, shared):
    other = ContractFactory(committee=org["nordost"], units=[shared["hvb"]])
    other.soft_delete()
    assert not controller(org["nordost"]).has_perm("followup.flag_risk", shared["hvb"])


def test_the_dossier_shows_the_flag_only_to_a_committee_of_the_unit(client, org, shared):
    url = reverse("followup:risk_flag", args=[shared["stod"].pk])
    dossier = reverse("followup:dossier", args=[shared["stod"].pk])
    client.force_login(controller(org["centrum"]))
    assert url not in client.get(dossier).content.decode()
    refused = client.post(url, {"reason": "Larm."})
    assert refused.status_code == 403
    assert "Socialnämnden Nordost" in refused.content.decode()
    assert not shared["stod"].risk_flags.exists()
    client.force_login(controller(org["nordost"]))
    assert url in client.get(dossier).content.decode()
    assert client.post(url, {"reason": "Larm."}).status_code == 302
    assert shared["stod"].risk_flags.filter(active=True).exists()
