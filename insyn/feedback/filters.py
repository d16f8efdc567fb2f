"""List filters shared by the feedback pages, the CSV export and the API."""

import django_filters
from django.db.models import Q
from django.utils import timezone

from insyn.accounts.constants import OrgUnitKind
from insyn.accounts.models import OrgUnit
from insyn.core.filters import IdFilter

from .constants import Concern, Kind, Severity, Status
from .models import FeedbackItem

YES_NO = [("true", "Ja"), ("false", "Nej")]


def _bool(value):
    return {"true": True, "false": False}.get(str(value).lower())


def _districts(request=None):
    return OrgUnit.objects.filter(kind=OrgUnitKind.DISTRICT)


class FeedbackFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label="Typ", choices=Kind.choices)
    status = django_filters.ChoiceFilter(label="Status", choices=Status.choices)
    concern = django_filters.ChoiceFilter(label="Gäller", choices=Concern.choices)
    severity = django_filters.ChoiceFilter(label="Allvarlighetsgrad", choices=Severity.choices)
    district = django_filters.ModelChoiceFilter(label="Stadsdel", queryset=_districts)
    unit = IdFilter(label="Verksamhet", field_name="unit_id")
    provider = IdFilter(label="Utförare", field_name="provider_id")
    about = django_filters.ChoiceFilter(
        label="Gäller vem",
        choices=[("provider", "Utförare"), ("org_unit", "Kommunens egen handläggning")],
        method="filter_about",
    )
    org_unit = IdFilter(label="Organisationsenhet", field_name="org_unit_id")
    received_from = django_filters.DateFilter(
        label="Inkommen från", field_name="received_on", lookup_expr="gte"
    )
    received_to = django_filters.DateFilter(
        label="Inkommen till", field_name="received_on", lookup_expr="lte"
    )
    open = django_filters.TypedChoiceFilter(
        label="Öppna", choices=YES_NO, coerce=_bool, method="filter_open"
    )
    overdue = django_filters.TypedChoiceFilter(
        label="Över handläggningstid", choices=YES_NO, coerce=_bool, method="filter_overdue"
    )

    class Meta:
        model = FeedbackItem
        fields: list[str] = []

    def filter_about(self, queryset, name, value):
        if value == "org_unit":
            return queryset.filter(org_unit__isnull=False)
        if value == "provider":
            return queryset.filter(provider__isnull=False)
        return queryset

    def filter_open(self, queryset, name, value):
        if value is None:
            return queryset
        q = ~Q(status=Status.CLOSED)
        return queryset.filter(q if value else ~q)

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        q = ~Q(status=Status.CLOSED) & Q(due_on__lt=timezone.localdate())
        return queryset.filter(q if value else ~q)


class PortalFeedbackFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label="Status", choices=[c for c in Status.choices if c[0] != Status.REGISTERED]
    )
    kind = django_filters.ChoiceFilter(label="Typ", choices=Kind.choices)

    class Meta:
        model = FeedbackItem
        fields: list[str] = []
