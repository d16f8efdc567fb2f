"""Permissions for follow-up: municipal staff read, controllers/admins act, a provider's users
see and answer only what concerns their own organisation (scoping is in queries.py)."""

import rules

from insyn.accounts.predicates import (
    CONTROLLER_ROLES,
    acts_for_committee,
    can_edit_register,
    decides_for_committee,
    decides_somewhere,
    is_admin,
    is_municipal,
    is_provider_user,
)
from insyn.core.permission_docs import describe_predicates


def _provider_id(obj):
    if obj is None:
        return None
    if hasattr(obj, "unit"):
        return obj.unit.provider_id
    if hasattr(obj, "deficiency"):
        return obj.deficiency.unit.provider_id
    return None


@rules.predicate
def owns_object(user, obj):
    return is_provider_user(user) and obj is not None and _provider_id(obj) == user.provider_id


@rules.predicate
def is_provider_visible_followup(user, followup):
    """Providers see a self-report once sent, and any follow-up once it is finished."""
    from .constants import FollowUpStatus

    return (
        owns_object(user, followup)
        and (followup.is_self_report or followup.status == FollowUpStatus.DONE)
        and followup.status != FollowUpStatus.DRAFT
    )


def _committee_id(obj):
    """The committee a plan, plan row or follow-up belongs to (None: the whole municipality)."""
    if hasattr(obj, "plan_id"):
        obj = obj.plan
    if hasattr(obj, "committee_id"):
        return obj.committee_id
    return None


@rules.predicate
def acts_for_plan_committee(user, obj):
    """The plan's (or plan row's) committee is one of the user's as controller or admin;
    without an object (lists, menus) the role alone answers, the object check comes after.
    Example: a controller of Socialnämnden Nordost changes rows of Nordost's plan only."""
    return obj is None or acts_for_committee(user, _committee_id(obj), CONTROLLER_ROLES)


def followup_committee_ids(followup) -> set | None:
    """The committees a follow-up (or plan row) belongs to. From a committee's plan row:
    that committee.
    Otherwise, under a contract: the committees whose part of the contract
    covers the unit's category (registry.ContractCommittee; a part without categories covers
    the whole contract), else the contract's committee. Without either: None, anyone's.

    Example: a contract with Centrum's part "HVB barn och unga" and Nordost's part
    "stödboende": an ad hoc follow-up of its stödboende unit is Nordost's."""
    # A plan row (starting it creates its follow-up) or a follow-up made from one.
    row = followup if hasattr(followup, "plan_id") else None
    if row is None and getattr(followup, "planned_id", None):
        row = followup.planned
    if row is not None and row.plan.committee_id:
        return {row.plan.committee_id}
    if not getattr(followup, "contract_id", None):
        return None  # an own unit, an ad hoc visit, or a unit (starting a new follow-up)
    return contract_committee_ids(followup.contract, followup.unit.category_id)


def contract_committee_ids(contract, category_id) -> set:
    """The committees whose part of `contract` covers a unit of `category_id`
    (registry.ContractCommittee; a part without categories covers the whole contract), else
    the contract's committee ({None}: a contract without committee, the whole municipality's)."""
    ids = {
        part.committee_id
        for part in contract.committee_parts.prefetch_related("categories")
        if not part.categories.all() or category_id in {c.pk for c in part.categories.all()}
    }
    return ids or {contract.committee_id}


def unit_committee_ids(unit) -> set:
    """The committees with a part covering the unit in any of its contracts
    (`contract_committee_ids`); empty for a unit under no contract.

    Example: a unit under Centrum's HVB contract and, for its stödboende, Nordost's part of
    another contract belongs to both Centrum and Nordost."""
    ids = set()
    for contract in unit.contracts.all():
        ids |= contract_committee_ids(contract, unit.category_id)
    return ids


@rules.predicate
def acts_for_followup_committee(user, followup):
    """A follow-up is changed by controllers of a committee it belongs to
    (`followup_committee_ids`); one without a plan row or contract by whoever follows up
    the unit."""
    if followup is None:
        return True
    committee_ids = followup_committee_ids(followup)
    if committee_ids is None:
        return True
    return any(acts_for_committee(user, cid, CONTROLLER_ROLES) for cid in committee_ids)


def deficiency_followup(obj):
    """The follow-up a deficiency (or an action plan, through its deficiency) was found in."""
    if hasattr(obj, "deficiency"):
        obj = obj.deficiency
    return obj.followup


@rules.predicate
def acts_for_deficiency_committee(user, obj):
    """A deficiency, and the action plans answering it, belong to the committees of the
    follow-up that found it: changed (corrected, marked remedied, plans accepted or returned)
    by the controllers who may change that follow-up (`acts_for_followup_committee`).
    Without an object the role alone answers.
    Example: a controller of Socialnämnden Nordost accepts the action plan for a deficiency
    found at a unit of Nordost's part of a contract, not one of Centrum's."""
    return obj is None or acts_for_followup_committee(user, deficiency_followup(obj))


@rules.predicate
def acts_for_unit_committee(user, unit):
    """A controller or admin of a committee with a part of a contract covering the unit
    (`unit_committee_ids`), or with a central membership (also for a unit under no contract).
    Without an object the role alone answers.
    Example: a controller of Socialnämnden Centrum flags a unit of Centrum's contract, not one
    that only Socialnämnden Nordost has a contract with."""
    if unit is None:
        return True
    if acts_for_committee(user, None, CONTROLLER_ROLES):
        return True
    return any(acts_for_committee(user, cid, CONTROLLER_ROLES) for cid in unit_committee_ids(unit))


DEFICIENCY_REFUSED = (
    "Bristen vid {unit} rättas, markeras som åtgärdad och får sina handlingsplaner bedömda av "
    "en controller eller systemförvaltare i en nämnd som uppföljningen hör till ({committees}). "
    "Be någon där att göra det."
)
RISK_FLAG_REFUSED = (
    "Riskflaggan för {unit} sätts av en controller eller systemförvaltare i en nämnd med del av "
    "ett avtal om verksamheten ({committees}), eller med medlemskap för hela kommunen. Be någon "
    "där att göra det."
)


def _committee_names(ids) -> str:
    from insyn.accounts.models import OrgUnit

    known = OrgUnit.objects.filter(pk__in=[i for i in ids if i])
    names = sorted(known.values_list("name", flat=True))
    if None in ids or not names:
        names.append("hela kommunen")
    return ", ".join(names)


def deficiency_refusal(obj) -> str:
    """Why the user may not change a deficiency or decide its action plan, naming who may."""
    followup = deficiency_followup(obj)
    ids = followup_committee_ids(followup) or {None}
    return DEFICIENCY_REFUSED.format(unit=followup.unit.name, committees=_committee_names(ids))


def risk_flag_refusal(unit) -> str:
    """Why the user may not flag (or unflag) the unit, naming who may."""
    return RISK_FLAG_REFUSED.format(
        unit=unit.name, committees=_committee_names(unit_committee_ids(unit))
    )


@rules.predicate
def decides_plan(user, plan):
    """The committee decides its plan ("Uppföljningsplanen ska beslutas av nämnden"): a
    manager of that committee or a recorded delegate (`decides_for_committee`). Without an
    object: a manager or a delegate somewhere."""
    if plan is None:
        return decides_somewhere(user)
    return decides_for_committee(user, plan.committee_id)


def judges_strategic_for(user, committee_id) -> bool:
    """The committee's own judgement of a strategic contract is a committee decision: a
    manager of that committee or a recorded delegate (`decides_for_committee`)."""
    return decides_for_committee(user, committee_id)


@rules.predicate
def judges_strategic(user, part):
    """`part`: a `classification.StrategicPart` (or anything with `committee`); without an
    object, a manager or delegate somewhere (the form is then checked per committee)."""
    if part is None:
        return decides_somewhere(user)
    committee = getattr(part, "committee", None)
    return judges_strategic_for(user, committee.pk if committee is not None else None)


rules.add_perm("followup.view_plan", is_municipal)
rules.add_perm("followup.judge_strategic", is_municipal & judges_strategic)
rules.add_perm("followup.change_plan", can_edit_register & acts_for_plan_committee)
rules.add_perm("followup.approve_plan", decides_plan)
rules.add_perm("followup.view_followup", is_municipal | is_provider_visible_followup)
rules.add_perm("followup.change_followup", can_edit_register & acts_for_followup_committee)
rules.add_perm("followup.answer_self_report", is_provider_visible_followup)
rules.add_perm("followup.view_deficiency", is_municipal | owns_object)
rules.add_perm("followup.change_deficiency", can_edit_register & acts_for_deficiency_committee)
rules.add_perm("followup.submit_action_plan", owns_object)
rules.add_perm("followup.view_answer_files", is_municipal)
# History pages (field changes and events of plans, follow-ups, deficiencies): staff only.
rules.add_perm("followup.view_history", is_municipal)
# Who read unmasked follow-up texts (logged reads, shown on the history pages): admins only.
rules.add_perm("followup.view_access_log", is_admin)
rules.add_perm("followup.view_risk", is_municipal)
rules.add_perm("followup.flag_risk", can_edit_register & acts_for_unit_committee)
rules.add_perm("questionnaires.view_template", is_municipal)
rules.add_perm("questionnaires.change_template", can_edit_register)

describe_predicates(
    {
        "acts_for_plan_committee": "med medlemskap i planens nämnd",
        "acts_for_followup_committee": (
            "controller i en nämnd som uppföljningen hör till (nämndens del av avtalet)"
        ),
        "acts_for_deficiency_committee": (
            "controller i en nämnd som bristens uppföljning hör till (nämndens del av avtalet)"
        ),
        "acts_for_unit_committee": (
            "controller i en nämnd med del av ett avtal om verksamheten, eller för hela kommunen"
        ),
        "decides_plan": "chef i planens nämnd, eller den nämnden har delegerat beslutet till",
        "judges_strategic": (
            "chef i en nämnd med del av avtalet, eller den nämnden har delegerat till"
        ),
        "owns_object": "utförarens personal, för den egna organisationens poster",
        "is_provider_visible_followup": "utföraren, för egna inskickade eller avslutade",
    }
)
