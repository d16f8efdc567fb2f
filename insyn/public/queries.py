"""Reads for the public part: only what is published, shaped into plain rows that the pages
and the open-data files share (so both always show the same data).

Visible to the public:
- a provider with a publication mark (and not removed);
- a unit with a mark whose provider is visible too;
- a finished follow-up with a mark whose unit is visible;
- contracts of a visible unit, except individual agreements (they concern one client).
"""

from dataclasses import dataclass, field

from babel.dates import format_date
from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from insyn.core.search import folded_contains
from insyn.followup.constants import FollowUpStatus
from insyn.followup.models import Deficiency, FollowUp
from insyn.followup.queries import OPEN_STATUSES
from insyn.registry.constants import ContractType, OperationForm
from insyn.registry.models import Contract, Provider, Unit

from . import privacy
from .constants import PublicResult, Regi
from .models import PublishedYear

NEVER_PUBLISHED_CONTRACT_TYPES = (ContractType.INDIVIDUAL,)


def published_providers() -> QuerySet[Provider]:
    return Provider.objects.filter(publication__isnull=False)


def published_units() -> QuerySet[Unit]:
    return Unit.objects.filter(
        publication__isnull=False,
        provider__publication__isnull=False,
        provider__deleted_at__isnull=True,
    )


def published_followups() -> QuerySet[FollowUp]:
    has_deficiency = Deficiency.objects.filter(followup=OuterRef("pk"))
    has_open = has_deficiency.filter(status__in=OPEN_STATUSES)
    return FollowUp.objects.filter(
        publication__isnull=False,
        status=FollowUpStatus.DONE,
        performed_on__isnull=False,
        unit__publication__isnull=False,
        unit__deleted_at__isnull=True,
        unit__provider__publication__isnull=False,
        unit__provider__deleted_at__isnull=True,
    ).annotate(any_deficiency=Exists(has_deficiency), open_deficiency=Exists(has_open))


def published_contracts() -> QuerySet[Contract]:
    return (
        Contract.objects.filter(units__in=published_units())
        .exclude(contract_type__in=NEVER_PUBLISHED_CONTRACT_TYPES)
        .distinct()
    )


def public_result(followup) -> PublicResult:
    """From the deficiencies as they stand now: none found, all remedied, or some open."""
    if not followup.any_deficiency:
        return PublicResult.MET
    if followup.open_deficiency:
        return PublicResult.IN_PROGRESS
    return PublicResult.REMEDIED


def regi(provider) -> Regi:
    return Regi.OWN if provider.operation_form == OperationForm.OWN else Regi.OTHER


def month_year(day) -> str:
    return format_date(day, format="LLLL y", locale="sv_SE") if day else ""


# --- Rows ----------------------------------------------------------------------------------


@dataclass
class ContractRow:
    id: int
    kind: str
    start: object
    end: object
    committee: str


@dataclass
class FollowUpRow:
    id: int
    unit_id: int
    unit: str
    provider: str
    regi: str
    category: str
    method: str
    performed_on: object
    month: str
    result: str
    result_label: str
    text: str
    published_at: object


@dataclass
class UnitRow:
    id: int
    name: str
    category: str
    focus: str
    regi: str
    operation_form: str
    provider_id: int
    provider: str
    org_number: str
    published_at: object
    contracts: list = field(default_factory=list)
    followups: list = field(default_factory=list)

    @property
    def last_updated(self):
        dates = [self.published_at] + [f.published_at for f in self.followups]
        return max(dates)


def _text(value: str) -> str:
    # Second line of defence: texts are checked before publication, but the register can be
    # edited afterwards; an identity number never reaches the output.
    return privacy.mask_identity_numbers(value or "")


def contract_row(contract) -> ContractRow:
    return ContractRow(
        id=contract.pk,
        kind=contract.get_contract_type_display(),
        start=contract.start_date,
        end=contract.end_date,
        committee=_text(contract.committee.name) if contract.committee_id else "",
    )


def followup_row(followup) -> FollowUpRow:
    unit = followup.unit
    result = public_result(followup)
    return FollowUpRow(
        id=followup.pk,
        unit_id=unit.pk,
        unit=_text(unit.name),
        provider=_text(privacy.public_provider_name(unit.provider)),
        regi=regi(unit.provider).label,
        category=_text(unit.category.name),
        method=followup.get_method_display(),
        performed_on=followup.performed_on,
        month=month_year(followup.performed_on),
        result=result.value,
        result_label=result.label,
        text=_text(followup.publication.public_text),
        published_at=followup.publication.updated_at,
    )


def unit_row(unit, with_details=False) -> UnitRow:
    provider = unit.provider
    row = UnitRow(
        id=unit.pk,
        name=_text(unit.name),
        category=_text(unit.category.name),
        focus=_text(unit.focus),
        regi=regi(provider).label,
        operation_form=provider.get_operation_form_display(),
        provider_id=provider.pk,
        provider=_text(privacy.public_provider_name(provider)),
        org_number=privacy.public_org_number(provider),
        published_at=unit.publication.updated_at,
    )
    if with_details:
        row.contracts = [contract_row(c) for c in unit.public_contracts]
        row.followups = [followup_row(f) for f in unit.public_followups]
    return row


def units_with_details(units: QuerySet[Unit]) -> QuerySet[Unit]:
    """Contracts and follow-ups in two extra queries, whatever the number of units."""
    return units.select_related("provider", "category", "publication").prefetch_related(
        Prefetch(
            "contracts",
            queryset=Contract.objects.exclude(contract_type__in=NEVER_PUBLISHED_CONTRACT_TYPES)
            .select_related("committee")
            .order_by("start_date", "pk"),
            to_attr="public_contracts",
        ),
        Prefetch(
            "followups",
            queryset=published_followups()
            .select_related("publication", "unit", "unit__provider", "unit__category")
            .order_by("-performed_on", "-pk"),
            to_attr="public_followups",
        ),
    )


def search_units(q="", category=None, regi_value="") -> QuerySet[Unit]:
    units = published_units().select_related("provider", "category", "publication")
    if q:
        units = units.filter(folded_contains("name", q) | folded_contains("focus", q))
    if category:
        units = units.filter(category=category)
    if regi_value == Regi.OWN:
        units = units.filter(provider__operation_form=OperationForm.OWN)
    elif regi_value == Regi.OTHER:
        units = units.exclude(provider__operation_form=OperationForm.OWN)
    return units.order_by("name", "pk")


def provider_rows(providers):
    return [
        {
            "id": p.pk,
            "name": _text(privacy.public_provider_name(p)),
            "org_number": privacy.public_org_number(p),
            "regi": regi(p).label,
            "operation_form": p.get_operation_form_display(),
        }
        for p in providers
    ]


def published_years() -> QuerySet[PublishedYear]:
    return PublishedYear.objects.order_by("-year")
