"""Read-only API over memberships: which roles a user holds in which org units."""

from django_filters import rest_framework as filters
from rest_framework import serializers

from insyn.core.api import ScopedViewSet
from insyn.core.filters import IdFilter

from . import queries
from .models import Membership


class MembershipSerializer(serializers.ModelSerializer):
    """Ett medlemskap: en roll i en organisationsenhet (tom enhet = hela kommunen)."""

    org_unit_name = serializers.CharField(
        source="org_unit.name", default=None, read_only=True, allow_null=True
    )

    class Meta:
        model = Membership
        fields = [
            "id",
            "user",
            "role",
            "org_unit",
            "org_unit_name",
            "delegation",
            "source",
            "created_at",
        ]
        read_only_fields = fields


class MembershipFilter(filters.FilterSet):
    user = IdFilter(field_name="user_id")

    class Meta:
        model = Membership
        fields = ["role"]


class MembershipViewSet(ScopedViewSet):
    scope = staticmethod(queries.memberships_for)
    serializer_class = MembershipSerializer
    filterset_class = MembershipFilter
    http_method_names = ["get", "head", "options"]
    perms = {"list": None, "retrieve": "accounts.view_membership"}
    default_ordering = ("user_id", "role", "pk")


def register_routes(router):
    router.register("memberships", MembershipViewSet, basename="membership")
