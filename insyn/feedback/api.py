"""Feedback in the HTTP API: list/read (text always masked), create, and one step of the flow.

Same scope, filters, form and services as the pages. The API never returns unmasked text:
revealing identity numbers is a logged action on the page only.
"""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from insyn.core.api import (
    FormBackedSerializer,
    Pagination,
    ScopedPrimaryKeyRelatedField,
    ScopedViewSet,
    StrictInputMixin,
)
from insyn.registry import queries as registry_queries

from . import handling, presenters, queries, services
from .constants import Status
from .filters import FeedbackFilter
from .forms import FeedbackForm
from .models import FeedbackItem
from .pagination import CappedPaginator

FREE_TEXT_FIELDS = ("text", "provider_action", "feedback_note", "action_taken_note")


class FeedbackItemSerializer(FormBackedSerializer):
    form_class = FeedbackForm
    provider = ScopedPrimaryKeyRelatedField(
        scope=registry_queries.providers_for, required=False, allow_null=True
    )
    unit = ScopedPrimaryKeyRelatedField(
        scope=registry_queries.units_for, required=False, allow_null=True
    )
    provider_name = serializers.CharField(source="provider.name", read_only=True)
    unit_name = serializers.CharField(
        source="unit.name", read_only=True, default=None, allow_null=True
    )
    org_unit_name = serializers.CharField(
        source="org_unit.name", read_only=True, default=None, allow_null=True
    )
    days_open = serializers.SerializerMethodField(help_text="Dagar sedan datum inkommen.")
    past_target = serializers.SerializerMethodField(help_text="Över handläggningstiden.")
    text_removed = serializers.SerializerMethodField(help_text="Fritexten är gallrad.")

    class Meta:
        model = FeedbackItem
        fields = [
            "id",
            *FeedbackForm.Meta.fields,
            "provider_name",
            "unit_name",
            "org_unit_name",
            "status",
            "due_on",
            "days_open",
            "past_target",
            "provider_action",
            "feedback_given_on",
            "feedback_note",
            "action_taken_on",
            "action_taken_note",
            "sent_at",
            "answered_at",
            "closed_at",
            "forwarded_at",
            "reopened_count",
            "text_removed",
        ]
        read_only_fields = [
            "status",
            "due_on",
            "provider_action",
            "feedback_given_on",
            "feedback_note",
            "action_taken_on",
            "action_taken_note",
            "sent_at",
            "answered_at",
            "closed_at",
            "forwarded_at",
            "reopened_count",
        ]

    def get_days_open(self, item) -> int:
        return handling.days_open(item, timezone.localdate())

    def get_past_target(self, item) -> bool:
        return handling.is_past_target(item, timezone.localdate())

    def get_text_removed(self, item) -> bool:
        return item.text_removed_at is not None

    def to_representation(self, instance):
        data = super().to_representation(instance)
        for name in FREE_TEXT_FIELDS:
            data[name] = presenters.masked_text(
                getattr(instance, name), instance, main=name == "text"
            )
        return data

    def save_form(self, form, user):
        return services.register_item(form, user)


class TransitionSerializer(StrictInputMixin, serializers.Serializer):
    status = serializers.ChoiceField(choices=Status.choices, help_text="Nästa status.")
    text = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=5000,
        help_text="Utförarens åtgärd (besvarad), återkopplingen (återkoppling lämnad) eller "
        "skälet (återöppning till registrerad).",
    )
    date = serializers.DateField(
        required=False, help_text="Datum för återkoppling (standard: i dag)."
    )
    action = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=5000,
        help_text="Kommunens vidtagna åtgärd, med återkoppling lämnad (tomt: ingen åtgärd).",
    )


class FeedbackPagination(Pagination):
    """`count` stops at 10,000 (`count_capped` says so): an exact count over a region's
    feedback costs more than the page. Narrow the filter to get an exact figure."""

    django_paginator_class = CappedPaginator

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["count_capped"] = self.page.paginator.capped
        return response

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["count_capped"] = {"type": "boolean"}
        return schema


class FeedbackViewSet(ScopedViewSet):
    scope = staticmethod(queries.items_for)
    serializer_class = FeedbackItemSerializer
    filterset_class = FeedbackFilter
    pagination_class = FeedbackPagination
    default_ordering = ("-received_on", "-pk")
    http_method_names = ["get", "post", "head", "options"]
    perms = {
        "list": None,
        "retrieve": "feedback.view_item",
        "create": "feedback.add_item",
        # The service checks the permission for the particular step; the scope gives 404.
        "transition": None,
    }

    def optimize(self, queryset):
        return queryset.select_related("provider", "unit", "org_unit")

    @extend_schema(request=TransitionSerializer, responses=FeedbackItemSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """Move the item one step: registered → sent → answered → feedback_given → closed,
        or closed → registered (reopen, with a reason). Feedback about a municipal org unit:
        registered → feedback_given (with an optional `action`) → closed."""
        item = self.get_object()
        payload = TransitionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        item = services.transition(
            item,
            payload.validated_data["status"],
            request.user,
            text=payload.validated_data.get("text", ""),
            on=payload.validated_data.get("date"),
            action=payload.validated_data.get("action", ""),
        )
        item = self.optimize(queries.items_for(request.user)).get(pk=item.pk)
        return Response(self.get_serializer(item).data)


def register_routes(router):
    router.register("feedback", FeedbackViewSet, basename="feedback")
