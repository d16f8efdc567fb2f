"""Writes to the register. Each entry point is one transaction; history is kept by auditlog."""

from auditlog.context import set_actor
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from insyn.accounts.constants import OrgUnitKind
from insyn.accounts.models import OrgUnit
from insyn.core.concurrency import save_form_if_current
from insyn.core.errors import DomainError
from insyn.core.history import MAX_DATA_TEXT, log_action

from .models import Category, Contract, ContractCommittee, Provider, Unit


@transaction.atomic
def save_provider(form, user) -> Provider:
    """Raises StaleEditError (nothing saved) when someone saved since the form was read."""
    with set_actor(user):
        return save_form_if_current(form, form.save)


@transaction.atomic
def save_unit(form, user) -> Unit:
    unit = form.save(commit=False)
    if "vacancies" in form.changed_data and unit.vacancies is not None:
        unit.vacancies_confirmed_on = timezone.localdate()

    def save():
        unit.full_clean()
        unit.save()
        form.save_m2m()

    with set_actor(user):
        save_form_if_current(form, save)
    return unit


@transaction.atomic
def save_contract(form, requirements, user) -> Contract:
    with set_actor(user):
        contract = save_form_if_current(form, form.save)
        requirements.instance = contract
        requirements.save()
    return contract


@transaction.atomic
def add_contract_document(form, contract, user):
    with set_actor(user):
        document = form.save(commit=False)
        document.contract = contract
        document.uploaded_by = user
        document.save()
    return document


@transaction.atomic
def soft_delete(obj, user):
    with set_actor(user):
        obj.soft_delete()


# --- The committees' parts of a contract (ContractCommittee) -------------------------------


class PartRefused(DomainError):
    """A change of a committee's part that the rules do not allow (the pages show the
    message; the API answers 400 under `parts`)."""


RESPONSIBLE_PART_KEPT = (
    "{committee} är avtalets ansvariga nämnd och har alltid en del av avtalet, så delen kan "
    "inte tas bort. Ändra delens text eller kategorier, eller byt ansvarig nämnd på avtalet "
    "(Ändra avtalet) om en annan nämnd ska ansvara."
)
DUPLICATE_PART = (
    "{committee} har redan en del av avtalet. En nämnd har en del per avtal: ändra den "
    "befintliga delen i stället."
)
NOT_A_COMMITTEE = (
    "{name} är ingen nämnd. Välj en aktiv organisationsenhet av typen nämnd; förvaltningar, "
    "stadsdelar och enheter kan inte ha en del av ett avtal."
)
CATEGORY_NOT_ON_CONTRACT = (
    "{names} finns inte bland avtalets verksamheters kategorier. Välj bland dem, eller ingen "
    "kategori om delen gäller hela avtalet."
)
RESPONSIBLE_PART_MISSING = (
    "{committee} är avtalets ansvariga nämnd och måste ha en del. Ta med den i listan."
)
PART_LISTED_TWICE = "{committee} finns två gånger i listan. Ange en del per nämnd."
WHOLE_CONTRACT = "hela avtalet"
FRAMEWORK_PRICE_WITHOUT_AGREEMENT = (
    "Pris per dygn i ramavtal kan bara anges för en verksamhet som omfattas av ett gällande "
    "ramavtal. Koppla verksamheten till ramavtalet först, eller ange priset som prisindikation "
    "utanför ramavtal."
)


def framework_price_refused(price, saved_price, covered) -> bool:
    """The rule of the framework price, for the unit form and the register import alike: a
    price per day in a framework agreement (`price`) is refused unless a running framework
    agreement covers the unit (`covered()`, asked only when it matters: it costs a query).
    Checked only when the price is new or changed (`saved_price`: the unit's saved one, None
    for a new unit), so an old price on a unit whose agreement has ended does not block
    other edits or a re-import of the same file.

    Example: a new unit with 3 500 kr whose provider has only a direct award → refused;
    the same unit with an unchanged 3 500 kr after its agreement ended → allowed."""
    return price is not None and price != saved_price and not covered()


PARTS_REFUSED = (
    "Nämndernas delar av avtalet {contract} ändras av en controller eller systemförvaltare "
    "med medlemskap i avtalets ansvariga nämnd ({committee}). Be någon där att göra ändringen."
)
CONTRACT_REFUSED = (
    "Avtalet {contract} ändras av en controller eller systemförvaltare med medlemskap i "
    "avtalets ansvariga nämnd ({committee}). Be någon där att göra ändringen."
)


def _responsible(contract) -> str:
    return contract.committee.name if contract.committee_id else "hela kommunen"


def contract_refusal(contract) -> str:
    """Why the user may not change the contract (`registry.change_contract`): its fields, its
    requirements and its documents are the responsible committee's."""
    return CONTRACT_REFUSED.format(contract=contract.title, committee=_responsible(contract))


def parts_refusal(contract) -> str:
    """Why the user may not change the contract's parts (`registry.change_contract_parts`)."""
    return PARTS_REFUSED.format(contract=contract.title, committee=_responsible(contract))


def part_committees() -> QuerySet[OrgUnit]:
    """The org units that may have a part of a contract: active committees."""
    return OrgUnit.objects.filter(kind=OrgUnitKind.COMMITTEE, active=True)


def part_categories(contract, part=None) -> QuerySet[Category]:
    """The categories a part may be narrowed to: those of the contract's units (a part of a
    category the contract has no unit of would cover nothing), plus those the part already
    has, so that editing a part after a unit left the contract keeps what was chosen.

    Example: a contract with an HVB unit and a stödboende unit offers exactly those two."""
    wanted = Q(pk__in=contract.units.values("category_id"))
    if part is not None and part.pk:
        wanted |= Q(pk__in=part.categories.values("pk"))
    return Category.objects.filter(wanted)


def part_problems(contract, committee, categories, part=None) -> dict[str, str]:
    """What is wrong with giving `committee` a part of `contract` narrowed to `categories`
    (`part`: the part being edited; None for a new one), by form field; empty when nothing.
    The rules: only an active committee has a part, one part per committee and contract,
    and the categories are among `part_categories`."""
    problems = {}
    if part is None:
        if committee.kind != OrgUnitKind.COMMITTEE or not committee.active:
            problems["committee"] = NOT_A_COMMITTEE.format(name=committee.name)
        elif contract.committee_parts.filter(committee=committee).exists():
            problems["committee"] = DUPLICATE_PART.format(committee=committee.name)
    allowed = set(part_categories(contract, part).values_list("pk", flat=True))
    outside = [c.name for c in categories if c.pk not in allowed]
    if outside:
        problems["categories"] = CATEGORY_NOT_ON_CONTRACT.format(names=", ".join(outside))
    return problems


def is_responsible_part(part) -> bool:
    """The part of the contract's own responsible committee: it stays as long as the
    contract names that committee."""
    return part.committee_id == part.contract.committee_id


def describe_part(text: str, categories) -> str:
    """The part in words for the history: "HVB för barn och unga (HVB barn och unga)", or
    "hela avtalet"."""
    names = ", ".join(c.name for c in categories)
    words = " ".join(filter(None, [text, f"({names})" if names else ""])) or WHOLE_CONTRACT
    return words[:MAX_DATA_TEXT]


def _checked(contract, committee, categories, part=None):
    # The page's form has shown these on their fields already; here they guard the API and
    # a second editor who added the same committee a moment earlier.
    problems = part_problems(contract, committee, categories, part)
    if problems:
        raise PartRefused(" ".join(problems.values()))


def _lock(contract) -> Contract:
    # Two editors adding parts at once: the second waits and then sees the first's part.
    return Contract.objects.select_for_update().get(pk=contract.pk)


def _add(contract, committee, text, categories, user) -> ContractCommittee:
    _checked(contract, committee, categories)
    part = ContractCommittee.objects.create(contract=contract, committee=committee, part=text)
    part.categories.set(categories)
    log_action(
        contract,
        "insyn.registry.contract.part_added",
        user,
        {"committee": committee.name, "part": describe_part(text, categories)},
    )
    return part


def _change(part, text, categories, user) -> ContractCommittee:
    _checked(part.contract, part.committee, categories, part)
    part.part = text
    part.save()
    part.categories.set(categories)
    log_action(
        part.contract,
        "insyn.registry.contract.part_changed",
        user,
        {"committee": part.committee.name, "part": describe_part(text, categories)},
    )
    return part


def _remove(part, user) -> None:
    if is_responsible_part(part):
        raise PartRefused(RESPONSIBLE_PART_KEPT.format(committee=part.committee.name))
    contract, committee = part.contract, part.committee
    part.delete()
    log_action(
        contract, "insyn.registry.contract.part_removed", user, {"committee": committee.name}
    )


@transaction.atomic
def add_part(contract, committee, text, categories, user) -> ContractCommittee:
    """Give `committee` a part of the contract. Raises PartRefused when `part_problems`
    finds something; nothing is saved then."""
    contract = _lock(contract)
    with set_actor(user):
        return _add(contract, committee, text, list(categories), user)


@transaction.atomic
def change_part(part, text, categories, user) -> ContractCommittee:
    """Change a part's text and categories (its committee stays: remove and add instead)."""
    part.contract = _lock(part.contract)
    with set_actor(user):
        return _change(part, text, list(categories), user)


@transaction.atomic
def remove_part(part, user) -> None:
    """Remove a committee's part. The responsible committee's part is refused (PartRefused)."""
    part.contract = _lock(part.contract)
    with set_actor(user):
        _remove(part, user)


@transaction.atomic
def set_parts(contract, wanted, user) -> None:
    """Make the contract's parts exactly `wanted` (dicts of committee, part, categories), as
    the API sets them: a listed committee's part is added or changed, an unlisted one
    removed. The responsible committee must be listed and no committee twice; otherwise,
    or when any part breaks a rule, PartRefused and nothing is changed.

    Example: parts Centrum (whole contract, responsible) and Nordost; the list [Centrum
    narrowed to HVB, Lundby] changes Centrum's, adds Lundby's and removes Nordost's."""
    contract = _lock(contract)
    seen = set()
    for item in wanted:
        if item["committee"].pk in seen:
            raise PartRefused(PART_LISTED_TWICE.format(committee=item["committee"].name))
        seen.add(item["committee"].pk)
    if contract.committee_id and contract.committee_id not in seen:
        raise PartRefused(RESPONSIBLE_PART_MISSING.format(committee=contract.committee.name))
    existing = {p.committee_id: p for p in contract.committee_parts.select_related("committee")}
    with set_actor(user):
        for part in existing.values():
            if part.committee_id not in seen:
                part.contract = contract
                _remove(part, user)
        for item in wanted:
            text, categories = item.get("part", ""), list(item.get("categories", []))
            part = existing.get(item["committee"].pk)
            if part is None:
                _add(contract, item["committee"], text, categories, user)
            else:
                part.contract = contract
                unchanged = part.part == text and {c.pk for c in part.categories.all()} == {
                    c.pk for c in categories
                }
                if not unchanged:
                    _change(part, text, categories, user)
