"""Reads of the register, always scoped to what the user may see."""

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from insyn.accounts.predicates import is_municipal, is_provider_user

from .constants import ContractType
from .models import Contract, Provider, Unit


def providers_for(user) -> QuerySet[Provider]:
    if is_municipal(user):
        return Provider.objects.all()
    if is_provider_user(user):
        return Provider.objects.filter(pk=user.provider_id)
    return Provider.objects.none()


def units_for(user) -> QuerySet[Unit]:
    if is_municipal(user):
        return Unit.objects.all()
    if is_provider_user(user):
        return Unit.objects.filter(provider_id=user.provider_id)
    return Unit.objects.none()


def contracts_for(user) -> QuerySet[Contract]:
    if is_municipal(user):
        return Contract.objects.all()
    if is_provider_user(user):
        return Contract.objects.filter(provider_id=user.provider_id)
    return Contract.objects.none()


def running_framework_contracts(on=None) -> QuerySet[Contract]:
    on = on or timezone.localdate()
    return Contract.objects.filter(
        contract_type=ContractType.FRAMEWORK,
        start_date__lte=on,
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=on))


def with_framework_flag(units: QuerySet[Unit], on=None) -> QuerySet[Unit]:
    """Annotate `in_framework`: the unit is covered by a running framework agreement."""
    covering = running_framework_contracts(on).filter(units=OuterRef("pk"))
    return units.annotate(in_framework=Exists(covering))


def in_running_framework(on=None) -> ExpressionWrapper:
    """True when the unit is covered by a running framework agreement, as an uncorrelated
    `IN (subquery)`: PostgreSQL hashes the agreements' units once. Better than
    `with_framework_flag`'s correlated EXISTS when thousands of units are read at once
    (the recommendation search), worse for a page of 25."""
    covered = running_framework_contracts(on).order_by().values("units")
    return ExpressionWrapper(Q(pk__in=covered), output_field=BooleanField())


def providers_with_framework_flag(providers: QuerySet[Provider], on=None) -> QuerySet[Provider]:
    covering = running_framework_contracts(on).filter(provider=OuterRef("pk"))
    return providers.annotate(has_framework=Exists(covering))


def with_unit_count(providers: QuerySet[Provider]) -> QuerySet[Provider]:
    """Annotate `unit_count` with a correlated subquery: a JOIN + GROUP BY would make the
    paginator's COUNT(*) group the whole register (seen in the benchmark: ~380 ms vs ~20 ms)."""
    counts = (
        Unit.objects.filter(provider=OuterRef("pk"))
        .order_by()
        .values("provider")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return providers.annotate(unit_count=Coalesce(Subquery(counts, output_field=IntegerField()), 0))
