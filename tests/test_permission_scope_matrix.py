"""The permission matrix's second dimension (issue 12): own committee / other committee and
own district / other district.

`tests/test_permission_matrix.py` answers "which role may use this route"; this file answers
"for whose committee or district". Its world has two committees, each with a district:

    Demokommunen ─┬─ SN Centrum (own)  ── Lundby (own district)
                  └─ SN Nordost (other) ── Angered (other district)

and one user per role with a membership in the own side: a controller and a manager of SN
Centrum, a coordinator and a case worker in Lundby. Every object exists on both sides.

How to read a line of CASES::

    ("followup:plan_approve", POST, "manager", "own", REDIRECT),

the manager posts to the plan-approve route of the own committee's plan and is let through
(302); the same line with "other" expects a refusal. Whenever the expectation is a refusal
(403, 404 or either), the test proves the request changed nothing in the database, and a
403 of a route in `SAYS_WHO` must say who may act instead (`core.access.refuse`). A write
that is let through (POST, or PATCH for the API) is checked to have written (`WROTE`), so a
route that silently ignores the request cannot pass as allowed.
"""

import datetime as dt

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.urls import reverse

from insyn.accounts.constants import OrgUnitKind
from insyn.accounts.models import OrgUnit
from insyn.accounts.tests.factories import UserFactory
from insyn.feedback.constants import Status
from insyn.feedback.tests.factories import FeedbackItemFactory
from insyn.followup.constants import DeficiencyStatus
from insyn.followup.models import ActionPlan
from insyn.followup.tests.factories import (
    DeficiencyFactory,
    FollowUpFactory,
    PlanFactory,
    PlannedFollowUpFactory,
)
from insyn.ratings.tests.factories import PlacementFactory
from insyn.registry.tests.factories import ContractFactory, UnitFactory
from insyn.reports.constants import GoalLevel
from insyn.reports.models import Goal

pytestmark = pytest.mark.django_db

GET, POST, PATCH = "GET", "POST", "PATCH"
OK, CREATED, REDIRECT, DENIED, GONE = 200, 201, 302, 403, 404
HIDDEN = "403 or 404"
REFUSED = {DENIED, GONE, HIDDEN}


@pytest.fixture
def world(settings):
    settings.AXES_ENABLED = False
    kommun = OrgUnit.objects.create(name="Demokommunen", kind=OrgUnitKind.MUNICIPALITY)
    sides = {}
    for side, committee_name, district_name in (
        ("own", "SN Centrum", "Lundby"),
        ("other", "SN Nordost", "Angered"),
    ):
        committee = OrgUnit.objects.create(
            name=committee_name, kind=OrgUnitKind.COMMITTEE, parent=kommun
        )
        district = OrgUnit.objects.create(
            name=district_name, kind=OrgUnitKind.DISTRICT, parent=committee
        )
        unit = UnitFactory(name=f"HVB {district_name}")
        contract = ContractFactory(
            committee=committee,
            provider=unit.provider,
            units=[unit],
            annual_value=50_000_000,
            title=f"Avtal {side}",
        )
        plan = PlanFactory(committee=committee, year=2026)
        followup = FollowUpFactory(unit=unit, contract=contract)
        # One deficiency still open, one whose action plan waits for the controller.
        waiting = DeficiencyFactory(followup=followup, status=DeficiencyStatus.PLAN_SUBMITTED)
        sides[side] = {
            "committee": committee,
            "district": district,
            "unit": unit,
            "contract": contract,
            "plan": plan,
            "plan_row": PlannedFollowUpFactory(plan=plan, unit=unit, contract=contract),
            "followup": followup,
            "deficiency": DeficiencyFactory(followup=followup),
            "action_plan": ActionPlan.objects.create(
                deficiency=waiting,
                measures="Genomförandeplaner upprättas.",
                responsible_person="Eva Ek",
                due_date=dt.date(2026, 5, 1),
            ),
            "goal": Goal.objects.create(
                year=2026, level=GoalLevel.COMMITTEE, org_unit=committee, title=f"Mål {side}"
            ),
            "feedback": FeedbackItemFactory(
                unit=unit, district=district, status=Status.FEEDBACK_GIVEN
            ),
            "placement": PlacementFactory(unit=unit, district=district),
        }
    own = sides["own"]
    users = {
        "controller": UserFactory(controller=True, org_unit=own["committee"]),
        "manager": UserFactory(manager=True, org_unit=own["committee"]),
        "coordinator": UserFactory(coordinator=True, org_unit=own["district"]),
        "case_worker": UserFactory(case_worker=True, org_unit=own["district"]),
        # The placement unit works for the whole municipality but reads no feedback text.
        "placement_officer": UserFactory(placement_officer=True, org_unit=own["committee"]),
    }
    # The other district's case worker, to register a placement in the other's name.
    sides["other"]["case_worker"] = UserFactory(
        case_worker=True, org_unit=sides["other"]["district"]
    )
    sides["own"]["case_worker"] = users["case_worker"]
    return {"sides": sides, "users": users}


def url(name, key):
    return lambda s, w: reverse(name, args=[s[key].pk])


def api(path, key):
    return lambda s, w: f"/api/v1/{path.format(pk=s[key].pk)}"


DECISION = {"date": "2026-12-10", "paragraph": "87", "diary_number": "SN-2026/412"}


def _row_data(s, w):
    return {
        "unit": s["unit"].pk,
        "method": "site_visit",
        "month": 5,
        "responsible": w["users"]["controller"].pk,
        "reason": "Nya klagomål om bemötande.",
    }


def _placement_data(s, w):
    return {
        "case_reference": "IFO-2026-77",
        "unit": s["unit"].pk,
        "district": s["district"].pk,
        "case_worker": s["case_worker"].pk,
        "start_date": "2026-11-01",
        "category": s["unit"].category_id,
        "client_gender": "any",
    }


def _opposite(s, w):
    """The other side's committee (to give a part of this side's contract to)."""
    return next(side for side in w["sides"].values() if side is not s)["committee"]


def _part_url(name):
    """The responsible committee's part of this side's contract."""

    def make(s, w):
        part = s["contract"].committee_parts.get(committee=s["committee"])
        return reverse(name, args=[s["contract"].pk, part.pk])

    return make


def _removable_part_url(s, w):
    """A part of the opposite committee on this side's contract (made before the snapshot)."""
    from insyn.registry.models import ContractCommittee

    part = ContractCommittee.objects.create(contract=s["contract"], committee=_opposite(s, w))
    return reverse("registry:contract_part_remove", args=[s["contract"].pk, part.pk])


def _contract_data(s, w):
    """The contract page's form as a browser sends it, with a new annual value."""
    contract = s["contract"]
    return {
        "contract_type": contract.contract_type,
        "title": contract.title,
        "provider": contract.provider_id,
        "units": [s["unit"].pk],
        "committee": s["committee"].pk,
        "start_date": "2024-01-01",
        "end_date": "2027-12-31",
        "annual_value": "60000000",
        "version": contract.version,
        "requirements-TOTAL_FORMS": "0",
        "requirements-INITIAL_FORMS": "0",
    }


def _deficiency_data(s, w):
    return {
        "severity": "high",
        "description": "Rättad beskrivning",
        "required_action": "Upprätta genomförandeplaner.",
        "deadline": "2099-01-31",
        "version": s["deficiency"].version,
    }


def _action_plan_url(name):
    return lambda s, w: reverse(name, args=[s["action_plan"].pk])


RETURN_COMMENT = {"comment": "Ange vem som ansvarar för varje åtgärd."}


# (label, method, url(side, world), data(side, world) or dict, actor, expected own, other,
#  json: send as JSON)
ROUTES = [
    # ---- committee: plans --------------------------------------------------------------
    (
        "followup:plan_approve",
        POST,
        url("followup:plan_approve", "plan"),
        {**DECISION, "confirmed": "1"},
        "manager",
        REDIRECT,
        HIDDEN,
    ),
    (
        "followup:plan_approve",
        POST,
        url("followup:plan_approve", "plan"),
        DECISION,
        "controller",
        DENIED,
        HIDDEN,
    ),
    (
        "followup-plan-approve",
        POST,
        api("followup-plans/{pk}/approve/", "plan"),
        DECISION,
        "manager",
        OK,
        HIDDEN,
    ),
    (
        "followup:plan_row_add",
        POST,
        url("followup:plan_row_add", "plan"),
        _row_data,
        "controller",
        REDIRECT,
        HIDDEN,
    ),
    (
        "followup:plan_row_edit",
        POST,
        url("followup:plan_row_edit", "plan_row"),
        _row_data,
        "controller",
        REDIRECT,
        HIDDEN,
    ),
    (
        "followup:plan_row_remove",
        POST,
        url("followup:plan_row_remove", "plan_row"),
        {},
        "controller",
        REDIRECT,
        HIDDEN,
    ),
    (
        "followup:plan_row_start",
        POST,
        url("followup:plan_row_start", "plan_row"),
        {"confirmed": "1"},
        "controller",
        REDIRECT,
        HIDDEN,
    ),
    # ---- committee: goals ----------------------------------------------------------------
    (
        "reports:goal_confirm",
        POST,
        url("reports:goal_confirm", "goal"),
        {"status": "partly"},
        "manager",
        REDIRECT,
        DENIED,
    ),
    (
        "reports:goal_confirm",
        POST,
        url("reports:goal_confirm", "goal"),
        {"status": "partly"},
        "controller",
        DENIED,
        DENIED,
    ),
    (
        "reports:goal_propose",
        POST,
        url("reports:goal_propose", "goal"),
        {"status": "met"},
        "controller",
        REDIRECT,
        DENIED,
    ),
    (
        "goal-confirm",
        POST,
        api("goals/{pk}/confirm/", "goal"),
        {"status": "met"},
        "manager",
        OK,
        DENIED,
    ),
    (
        "goal-propose",
        POST,
        api("goals/{pk}/propose/", "goal"),
        {"status": "met"},
        "controller",
        OK,
        DENIED,
    ),
    # ---- committee: strategic contracts ----------------------------------------------------
    (
        "followup:strategic_judge",
        POST,
        url("followup:strategic_judge", "contract"),
        lambda s, w: {"committee": s["committee"].pk, "strategic": "nej", "reason": "Liten del."},
        "manager",
        REDIRECT,
        DENIED,
    ),
    (
        "strategic-judgement-list",
        POST,
        lambda s, w: "/api/v1/strategic-judgements/",
        lambda s, w: {
            "contract": s["contract"].pk,
            "committee": s["committee"].pk,
            "strategic": False,
            "reason": "Liten del.",
        },
        "manager",
        CREATED,
        DENIED,
    ),
    (
        "followup:strategic_judge",
        POST,
        url("followup:strategic_judge", "contract"),
        lambda s, w: {"committee": s["committee"].pk, "strategic": "nej", "reason": "Liten del."},
        "controller",
        DENIED,
        DENIED,
    ),
    # ---- committee: the committees' parts of a contract -----------------------------------
    # Changed by a controller of the contract's responsible committee only.
    (
        "registry:contract_part_add",
        POST,
        url("registry:contract_part_add", "contract"),
        lambda s, w: {"committee": _opposite(s, w).pk, "part": "Stödboende"},
        "controller",
        REDIRECT,
        DENIED,
    ),
    (
        "registry:contract_part_edit",
        POST,
        _part_url("registry:contract_part_edit"),
        {"part": "HVB barn och unga"},
        "controller",
        REDIRECT,
        DENIED,
    ),
    (
        "registry:contract_part_remove",
        POST,
        _removable_part_url,
        {"confirmed": "1"},
        "controller",
        REDIRECT,
        DENIED,
    ),
    (
        "contract-parts",
        POST,
        api("contracts/{pk}/parts/", "contract"),
        lambda s, w: {"parts": [{"committee": s["committee"].pk, "part": "HVB barn och unga"}]},
        "controller",
        OK,
        DENIED,
    ),
    (
        "registry:contract_part_add",
        POST,
        url("registry:contract_part_add", "contract"),
        lambda s, w: {"committee": _opposite(s, w).pk, "part": "Stödboende"},
        "manager",
        DENIED,
        DENIED,
    ),
    # ---- committee: the contract itself -------------------------------------------------
    # Its fields, requirements and documents: a controller of its responsible committee.
    (
        "registry:contract_edit",
        POST,
        url("registry:contract_edit", "contract"),
        _contract_data,
        "controller",
        REDIRECT,
        DENIED,
    ),
    (
        "registry:contract_edit",
        POST,
        url("registry:contract_edit", "contract"),
        _contract_data,
        "manager",
        DENIED,
        DENIED,
    ),
    (
        "contract-detail",
        PATCH,
        api("contracts/{pk}/", "contract"),
        {"annual_value": "60000000"},
        "controller",
        OK,
        DENIED,
    ),
    (
        "registry:contract_document_upload",
        POST,
        url("registry:contract_document_upload", "contract"),
        lambda s, w: {
            "title": "Bilaga",
            "file": ContentFile(b"%PDF-1.4 test", name="bilaga.pdf"),
        },
        "controller",
        REDIRECT,
        DENIED,
    ),
    # ---- committee: deficiencies and action plans -----------------------------------------
    # They belong to the committees of the follow-up that found them.
    (
        "followup:deficiency_edit",
        POST,
        url("followup:deficiency_edit", "deficiency"),
        _deficiency_data,
        "controller",
        REDIRECT,
        DENIED,
    ),
    (
        "followup:deficiency_remedied",
        POST,
        url("followup:deficiency_remedied", "deficiency"),
        {},
        "controller",
        REDIRECT,
        DENIED,
    ),
    (
        "followup:action_plan_accept",
        POST,
        _action_plan_url("followup:action_plan_accept"),
        {},
        "controller",
        REDIRECT,
        DENIED,
    ),
    (
        "followup:action_plan_return",
        POST,
        _action_plan_url("followup:action_plan_return"),
        RETURN_COMMENT,
        "controller",
        REDIRECT,
        DENIED,
    ),
    (
        "action-plan-accept",
        POST,
        api("action-plans/{pk}/accept/", "action_plan"),
        {},
        "controller",
        OK,
        DENIED,
    ),
    (
        "action-plan-return",
        POST,
        api("action-plans/{pk}/return/", "action_plan"),
        RETURN_COMMENT,
        "controller",
        OK,
        DENIED,
    ),
    (
        "followup:deficiency_remedied",
        POST,
        url("followup:deficiency_remedied", "deficiency"),
        {},
        "manager",
        DENIED,
        DENIED,
    ),
    # ---- committee: a unit's manual risk flag ------------------------------------------------
    # Set by a controller of a committee with a part of a contract covering the unit.
    (
        "followup:risk_flag",
        POST,
        url("followup:risk_flag", "unit"),
        {"reason": "Larm från IVO om bemanningen."},
        "controller",
        REDIRECT,
        DENIED,
    ),
    # ---- district: feedback ----------------------------------------------------------------
    ("feedback:detail", GET, url("feedback:detail", "feedback"), None, "coordinator", OK, GONE),
    ("feedback:detail", GET, url("feedback:detail", "feedback"), None, "case_worker", OK, GONE),
    ("feedback:close", POST, url("feedback:close", "feedback"), {}, "coordinator", REDIRECT, GONE),
    ("feedback-detail", GET, api("feedback/{pk}/", "feedback"), None, "coordinator", OK, GONE),
    ("feedback-detail", GET, api("feedback/{pk}/", "feedback"), None, "case_worker", OK, GONE),
    ("feedback:history", GET, url("feedback:history", "feedback"), None, "coordinator", OK, GONE),
    # The placement officer: counts, categories and statuses, no item (no text) on either side.
    (
        "feedback:detail",
        GET,
        url("feedback:detail", "feedback"),
        None,
        "placement_officer",
        GONE,
        GONE,
    ),
    (
        "feedback:history",
        GET,
        url("feedback:history", "feedback"),
        None,
        "placement_officer",
        GONE,
        GONE,
    ),
    (
        "feedback-detail",
        GET,
        api("feedback/{pk}/", "feedback"),
        None,
        "placement_officer",
        GONE,
        GONE,
    ),
    (
        "feedback:close",
        POST,
        url("feedback:close", "feedback"),
        {},
        "placement_officer",
        GONE,
        GONE,
    ),
    # ---- district: placements and ratings ---------------------------------------------------
    (
        "ratings:placement_end",
        POST,
        url("ratings:placement_end", "placement"),
        {"cancel": "on"},
        "coordinator",
        REDIRECT,
        DENIED,
    ),
    (
        "ratings:placement_end",
        POST,
        url("ratings:placement_end", "placement"),
        {"cancel": "on"},
        "case_worker",
        REDIRECT,
        HIDDEN,
    ),
    # A placement registered for the other district is refused on the form (200, nothing saved).
    (
        "ratings:placement_create",
        POST,
        lambda s, w: reverse("ratings:placement_create"),
        _placement_data,
        "case_worker",
        REDIRECT,
        OK,
    ),
]

# What an allowed write leaves behind (side) → True; a refused one must leave nothing.
WROTE = {
    "followup:plan_approve": lambda s: (
        type(s["plan"]).objects.get(pk=s["plan"].pk).status == "approved"
    ),
    "followup-plan-approve": lambda s: (
        type(s["plan"]).objects.get(pk=s["plan"].pk).status == "approved"
    ),
    "followup:plan_row_add": lambda s: s["plan"].rows.count() == 2,
    "followup:plan_row_edit": lambda s: s["plan"].rows.get().month == 5,
    "followup:plan_row_remove": lambda s: not s["plan"].rows.exists(),
    "followup:plan_row_start": lambda s: s["plan"].rows.get().followup is not None,
    "reports:goal_confirm": lambda s: Goal.objects.get(pk=s["goal"].pk).status == "partly",
    "reports:goal_propose": lambda s: Goal.objects.get(pk=s["goal"].pk).proposed_status == "met",
    "goal-confirm": lambda s: Goal.objects.get(pk=s["goal"].pk).status == "met",
    "goal-propose": lambda s: Goal.objects.get(pk=s["goal"].pk).proposed_status == "met",
    "followup:strategic_judge": lambda s: s["contract"].strategic_judgements.exists(),
    "strategic-judgement-list": lambda s: s["contract"].strategic_judgements.exists(),
    "registry:contract_part_add": lambda s: s["contract"].committee_parts.count() == 2,
    "registry:contract_part_edit": lambda s: (
        s["contract"].committee_parts.get(committee=s["committee"]).part == "HVB barn och unga"
    ),
    "registry:contract_part_remove": lambda s: s["contract"].committee_parts.count() == 1,
    "contract-parts": lambda s: (
        s["contract"].committee_parts.get(committee=s["committee"]).part == "HVB barn och unga"
    ),
    "registry:contract_edit": lambda s: (
        type(s["contract"]).objects.get(pk=s["contract"].pk).annual_value == 60_000_000
    ),
    "contract-detail": lambda s: (
        type(s["contract"]).objects.get(pk=s["contract"].pk).annual_value == 60_000_000
    ),
    "registry:contract_document_upload": lambda s: s["contract"].documents.exists(),
    "followup:deficiency_edit": lambda s: (
        type(s["deficiency"]).objects.get(pk=s["deficiency"].pk).severity == "high"
    ),
    "followup:deficiency_remedied": lambda s: (
        type(s["deficiency"]).objects.get(pk=s["deficiency"].pk).status == "remedied"
    ),
    "followup:action_plan_accept": lambda s: (
        ActionPlan.objects.get(pk=s["action_plan"].pk).status == "accepted"
    ),
    "followup:action_plan_return": lambda s: (
        ActionPlan.objects.get(pk=s["action_plan"].pk).status == "returned"
    ),
    "action-plan-accept": lambda s: (
        ActionPlan.objects.get(pk=s["action_plan"].pk).status == "accepted"
    ),
    "action-plan-return": lambda s: (
        ActionPlan.objects.get(pk=s["action_plan"].pk).status == "returned"
    ),
    "followup:risk_flag": lambda s: s["unit"].risk_flags.filter(active=True).exists(),
    "feedback:close": lambda s: (
        type(s["feedback"]).objects.get(pk=s["feedback"].pk).status == "closed"
    ),
    "ratings:placement_end": lambda s: (
        type(s["placement"]).objects.get(pk=s["placement"].pk).status == "cancelled"
    ),
    "ratings:placement_create": lambda s: (
        type(s["placement"]).objects.filter(case_reference="IFO-2026-77").exists()
    ),
}

# What a refusal (403) says about who may act instead, for the routes that say why.
_CONTRACT_WHO = "ändras av en controller eller systemförvaltare med medlemskap i"
_DEFICIENCY_WHO = "av en controller eller systemförvaltare i en nämnd som uppföljningen hör till"
SAYS_WHO = {
    "registry:contract_edit": _CONTRACT_WHO,
    "contract-detail": _CONTRACT_WHO,
    "registry:contract_document_upload": _CONTRACT_WHO,
    "followup:deficiency_edit": _DEFICIENCY_WHO,
    "followup:deficiency_remedied": _DEFICIENCY_WHO,
    "followup:action_plan_accept": _DEFICIENCY_WHO,
    "followup:action_plan_return": _DEFICIENCY_WHO,
    "action-plan-accept": _DEFICIENCY_WHO,
    "action-plan-return": _DEFICIENCY_WHO,
    "followup:risk_flag": "sätts av en controller eller systemförvaltare i en nämnd med del",
}

CASES = [
    pytest.param(label, method, make_url, data, actor, side, expected, id=f"{label}-{actor}-{side}")
    for label, method, make_url, data, actor, own, other in ROUTES
    for side, expected in (("own", own), ("other", other))
]


def _snapshot():
    """Every row of our own apps and of the history log."""
    state = {}
    for model in apps.get_models():
        config = model._meta.app_config
        if config.name.startswith("insyn.") or config.label == "auditlog":
            rows = model._base_manager.order_by("pk").values()
            state[model._meta.label] = [
                {k: v for k, v in row.items() if k != "last_login"} for row in rows
            ]
    return state


def _matches(status, expected):
    if expected == HIDDEN:
        return status in (DENIED, GONE)
    return status == expected


@pytest.mark.parametrize(
    ("label", "method", "make_url", "data", "actor", "side", "expected"), CASES
)
def test_scope(client, world, label, method, make_url, data, actor, side, expected):
    s = world["sides"][side]
    client.force_login(world["users"][actor])
    target = make_url(s, world)
    body = data(s, world) if callable(data) else data
    is_api = target.startswith("/api/")
    refused = expected in REFUSED or (label == "ratings:placement_create" and side == "other")
    writes = method in (POST, PATCH)
    before = _snapshot() if writes and refused else None
    if method == GET:
        response = client.get(target)
    elif method == PATCH:
        response = client.patch(target, body or {}, content_type="application/json")
    elif is_api:
        response = client.post(target, body or {}, content_type="application/json")
    else:
        response = client.post(target, body or {})
    assert _matches(response.status_code, expected), (
        f"{label} as {actor} on the {side} side: expected {expected}, got {response.status_code}"
    )
    if before is not None:
        assert _snapshot() == before, f"{label} as {actor} on the {side} side changed data"
        if response.status_code == DENIED and label in SAYS_WHO:
            # The refusal says who may act instead (`core.access.refuse`), page and API alike.
            text = response.json()["detail"] if is_api else response.content.decode()
            assert SAYS_WHO[label] in text, f"{label}: the refusal does not say who may"
    elif writes and label in WROTE:
        assert WROTE[label](s), (
            f"{label} as {actor} on the {side} side was let through but wrote nothing"
        )


def test_follow_up_change_follows_the_committee_of_its_contract_part(world):
    """The follow-up's own page actions check `followup.change_followup` on the object."""
    controller = world["users"]["controller"]
    assert controller.has_perm("followup.change_followup", world["sides"]["own"]["followup"])
    assert not controller.has_perm("followup.change_followup", world["sides"]["other"]["followup"])


def test_a_contract_of_both_committees_is_each_ones_for_its_part(world):
    """A contract with a part for each committee (HVB for Centrum, stödboende for Nordost):
    each committee's controller changes only the follow-ups of its own part's units."""
    from insyn.registry.models import Category, ContractCommittee

    own, other = world["sides"]["own"], world["sides"]["other"]
    hvb = own["unit"].category
    stod = Category.objects.exclude(pk=hvb.pk).first()
    stod_unit = UnitFactory(category=stod, ivo_permit_number="3.5.1-99999/2024")
    shared = ContractFactory(committee=own["committee"], units=[own["unit"], stod_unit])
    ContractCommittee.objects.filter(contract=shared).get().categories.set([hvb])
    ContractCommittee.objects.create(
        contract=shared, committee=other["committee"], part="Stödboende"
    ).categories.set([stod])
    nordost_controller = UserFactory(controller=True, org_unit=other["committee"])
    controller = world["users"]["controller"]
    hvb_followup = FollowUpFactory(unit=own["unit"], contract=shared)
    stod_followup = FollowUpFactory(unit=stod_unit, contract=shared)
    assert controller.has_perm("followup.change_followup", hvb_followup)
    assert not controller.has_perm("followup.change_followup", stod_followup)
    assert nordost_controller.has_perm("followup.change_followup", stod_followup)
    assert not nordost_controller.has_perm("followup.change_followup", hvb_followup)
    # Each committee's plan proposes only its own part's units.
    from insyn.followup import planning

    today = dt.date(2026, 1, 15)
    nordost_units = {p.unit_id for p in planning.propose(2026, other["committee"], today)}
    centrum_units = {p.unit_id for p in planning.propose(2026, own["committee"], today)}
    assert stod_unit.pk in nordost_units and stod_unit.pk not in centrum_units
    assert own["unit"].pk not in nordost_units
