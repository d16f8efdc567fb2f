"""List filters shared by the register pages and the API, so both filter the same way."""

import django_filters
from django.db.models import Exists, OuterRef, Q

from insyn.accounts.constants import OrgUnitKind
from insyn.accounts.models import OrgUnit
from insyn.core.filters import IdFilter, OrderingFilter
from insyn.core.search import folded_contains

from .constants import ContractType, OperationForm, TargetGender
from .models import Category, Contract, ContractCommittee, Provider, Unit
from .queries import running_framework_contracts
from .validators import normalize_org_number

# The empty choice comes first so a search form never sends "Ja" unasked.
YES_NO = [("", "Alla"), ("true", "Ja"), ("false", "Nej")]


def _bool(value) -> bool | None:
    if value in (True, "true", "True", "1", "ja"):
        return True
    if value in (False, "false", "False", "0", "nej"):
        return False
    return None


def _districts(request=None):
    return OrgUnit.objects.filter(kind=OrgUnitKind.DISTRICT)


def _ordering(**columns):
    """The list's sort choices: `param=(model field, Swedish label)`. The params are what the
    pages' column links and the API's `?ordering=` send."""
    return OrderingFilter(
        fields=tuple((field, param) for param, (field, _label) in columns.items()),
        field_labels=dict(columns.values()),
    )


class _SearchFilterSet(django_filters.FilterSet):
    """The free-text search `q`: each list says what it matches in `search(value)`."""

    q = django_filters.CharFilter(label="Sök", method="filter_q")

    def filter_q(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(self.search(value)) if value else queryset


class _UnitLevelFilterSet(_SearchFilterSet):
    """Filters that describe units. The unit list applies them to its rows; the provider list
    keeps providers that have at least one such unit (an EXISTS, so no duplicate rows)."""

    category = django_filters.ModelChoiceFilter(
        label="Kategori", queryset=Category.objects.all(), method="filter_unit"
    )
    age = django_filters.NumberFilter(label="Ålder i målgruppen", method="filter_unit", min_value=0)
    gender = django_filters.ChoiceFilter(
        label="Kön i målgruppen",
        choices=[(TargetGender.FEMALE, "Kvinnor/flickor"), (TargetGender.MALE, "Män/pojkar")],
        method="filter_unit",
    )
    framework = django_filters.TypedChoiceFilter(
        label="Ramavtal", choices=YES_NO, coerce=_bool, method="filter_framework"
    )
    has_permit = django_filters.TypedChoiceFilter(
        label="IVO-tillstånd", choices=YES_NO, coerce=_bool, method="filter_unit"
    )
    has_vacancies = django_filters.TypedChoiceFilter(
        label="Lediga platser", choices=YES_NO, coerce=_bool, method="filter_unit"
    )
    district = django_filters.ModelChoiceFilter(
        label="Stadsdel", queryset=_districts, method="filter_unit"
    )
    active = django_filters.TypedChoiceFilter(
        label="Aktiv", choices=YES_NO, coerce=_bool, field_name="active"
    )

    # The framework flag is "covered by a running framework agreement" through this relation.
    framework_relation = ""

    @staticmethod
    def unit_q(name, value):
        if name == "category":
            return Q(category=value)
        if name == "age":
            return (Q(target_age_min__isnull=True) | Q(target_age_min__lte=value)) & (
                Q(target_age_max__isnull=True) | Q(target_age_max__gte=value)
            )
        if name == "gender":
            return Q(target_gender__in=[TargetGender.ANY, value])
        if name == "has_permit":
            q = ~Q(ivo_permit_number="")
            return q if value else ~q
        if name == "has_vacancies":
            q = Q(vacancies__gt=0)
            return q if value else ~q
        if name == "district":
            return Q(district=value)
        raise KeyError(name)

    def filter_unit(self, queryset, name, value):
        if value is None or value == "":
            return queryset
        return queryset.filter(self.having_units(self.unit_q(name, value)))

    def filter_framework(self, queryset, name, value):
        if value is None:
            return queryset
        covering = running_framework_contracts().filter(**{self.framework_relation: OuterRef("pk")})
        return queryset.filter(Exists(covering) if value else ~Exists(covering))


class UnitFilter(_UnitLevelFilterSet):
    operation_form = django_filters.ChoiceFilter(
        label="Driftform", choices=OperationForm.choices, field_name="provider__operation_form"
    )
    provider = IdFilter(label="Utförare", field_name="provider_id")
    ordering = _ordering(
        name=("name", "Namn"),
        provider=("provider__name", "Utförare"),
        category=("category__name", "Kategori"),
        vacancies=("vacancies", "Lediga platser"),
        price=("price_per_day_framework", "Pris"),
        updated=("updated_at", "Senast ändrad"),
    )
    framework_relation = "units"

    class Meta:
        model = Unit
        fields = []

    @staticmethod
    def search(value):
        providers = Provider.objects.filter(
            folded_contains("name", value) | Q(org_number__startswith=normalize_org_number(value))
        )
        return (
            _found(Unit, "name", value)
            | Q(provider_id__in=providers.values("pk"))
            | _found(Unit, "focus", value)
            | _found(Unit, "city", value)
        )

    @staticmethod
    def having_units(unit_q):
        return unit_q


def _found(model, field, value, ids="pk") -> Q:
    """Rows whose id is among the `ids` of the `model` rows whose `field` contains `value`
    (folded): a search branch as a set of ids its own trigram index finds (`id IN (…)`), not
    a condition PostgreSQL evaluates row by row. With 20,000 providers, folding name and city
    on every row took most of a free-text search's 40 ms; as id sets it takes 10 (issue 16)."""
    return Q(pk__in=model.objects.filter(folded_contains(field, value)).values(ids))


class ProviderFilter(_UnitLevelFilterSet):
    org_number = django_filters.CharFilter(label="Organisationsnummer", method="filter_org_number")
    operation_form = django_filters.ChoiceFilter(label="Driftform", choices=OperationForm.choices)
    ordering = _ordering(
        name=("name", "Namn"),
        org_number=("org_number", "Organisationsnummer"),
        city=("city", "Ort"),
        updated=("updated_at", "Senast ändrad"),
    )
    framework_relation = "provider"

    class Meta:
        model = Provider
        fields = []

    @staticmethod
    def search(value):
        return (
            _found(Provider, "name", value)
            | Q(org_number__startswith=normalize_org_number(value))
            | _found(Provider, "city", value)
            | _found(Unit, "name", value, ids="provider_id")
        )

    @staticmethod
    def having_units(unit_q):
        return Exists(Unit.objects.filter(unit_q, provider=OuterRef("pk")))

    def filter_org_number(self, queryset, name, value):
        return queryset.filter(org_number=normalize_org_number(value.strip()))


class ContractFilter(_SearchFilterSet):
    def filter_committee(self, queryset, name, value):
        part = ContractCommittee.objects.filter(contract=OuterRef("pk"), committee=value)
        return queryset.filter(Q(committee=value) | Exists(part))

    contract_type = django_filters.ChoiceFilter(label="Avtalstyp", choices=ContractType.choices)
    # A contract that concerns several committees is listed by each (its parts).
    committee = django_filters.ModelChoiceFilter(
        label="Nämnd",
        queryset=lambda request: OrgUnit.objects.filter(kind=OrgUnitKind.COMMITTEE),
        method="filter_committee",
    )
    operation_form = django_filters.ChoiceFilter(
        label="Driftform", choices=OperationForm.choices, field_name="provider__operation_form"
    )
    provider = IdFilter(label="Utförare", field_name="provider_id")
    running = django_filters.TypedChoiceFilter(
        label="Gällande", choices=YES_NO, coerce=_bool, method="filter_running"
    )
    ordering = _ordering(
        title=("title", "Benämning"),
        provider=("provider__name", "Utförare"),
        start=("start_date", "Startdatum"),
        end=("end_date", "Slutdatum"),
        value=("annual_value", "Årligt värde"),
    )

    class Meta:
        model = Contract
        fields = []

    @staticmethod
    def search(value):
        return (
            folded_contains("title", value)
            | Q(diary_number__icontains=value)
            | folded_contains("provider__name", value)
            | Q(provider__org_number__startswith=normalize_org_number(value))
        )

    def filter_running(self, queryset, name, value):
        if value is None:
            return queryset
        running = Q(pk__in=running_contract_ids())
        return queryset.filter(running if value else ~running)


def running_contract_ids():
    from django.utils import timezone

    today = timezone.localdate()
    return (
        Contract.objects.filter(start_date__lte=today)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .values("pk")
    )


def apply_filter(request, filterset_class, queryset, default_order):
    """The filtered rows of a list page or export: invalid filters give no rows (the form
    shows why), and without a chosen sort the list has a stable default order."""
    filterset = filterset_class(request.GET, queryset=queryset, request=request)
    rows = filterset.qs if filterset.is_valid() else queryset.none()
    if not request.GET.get("ordering"):
        rows = rows.order_by(*default_order)
    return filterset, rows
