"""Feedback in the HTTP API: list/read (text always masked), create, one step of the flow,
and the grouped counts of what the user may count but not read (OSL 26 kap.).

Same scope, filters, form and services as the pages. The API never returns unmasked text:
revealing identity numbers is a logged action on the page only.
"""

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
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
from insyn.core.ids import INVALID_ID, MAX_ID, parse_id
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


class CountRowSerializer(serializers.Serializer):
    """One group of `queries.counts_for`: never a text, name of a person or identity number.
    A field the request did not group by is null."""

    n = serializers.IntegerField(help_text="Antal synpunkter i gruppen.")
    district = serializers.IntegerField(
        source="district_id", allow_null=True, help_text="Stadsdelens id (null: ingen stadsdel)."
    )
    district_name = serializers.CharField(source="district", allow_null=True)
    kind = serializers.CharField(source="kind_code", allow_null=True)
    kind_label = serializers.CharField(source="kind", allow_null=True)
    concern = serializers.CharField(
        source="concern_code", allow_null=True, help_text="Kategori (tom: ingen kategori)."
    )
    concern_label = serializers.CharField(source="concern", allow_null=True)
    status = serializers.CharField(source="status_code", allow_null=True)
    status_label = serializers.CharField(source="status", allow_null=True)
    is_open = serializers.BooleanField(
        allow_null=True, help_text="Gruppens synpunkter är öppna (null: inte per status)."
    )

    # The response field → the grouping it belongs to.
    GROUPS = {
        "district": "district",
        "district_name": "district",
        "kind": "kind",
        "kind_label": "kind",
        "concern": "concern",
        "concern_label": "concern",
        "status": "status",
        "status_label": "status",
        "is_open": "status",
    }

    def to_representation(self, instance):
        data = super().to_representation(instance)
        by = self.context["by"]
        for name, group in self.GROUPS.items():
            if group not in by:
                data[name] = None
        return data


COUNT_GROUPS = tuple(queries.COUNT_FIELDS)
_GROUP = f"({'|'.join(COUNT_GROUPS)})"
BY_INVALID = (
    "Ange grupperingen som en kommaseparerad lista av {choices}, t.ex. by=district,status "
    "(okänt: {unknown})."
)
COUNT_PARAMETERS = [
    OpenApiParameter(
        "by",
        {"type": "string", "pattern": f"^{_GROUP}(,{_GROUP})*$"},
        description=(
            f"Gruppera efter: kommaseparerad delmängd av {', '.join(COUNT_GROUPS)} "
            "(standard: alla fyra)."
        ),
    ),
    OpenApiParameter(
        "unit",
        {"type": "integer", "minimum": 1, "maximum": MAX_ID},
        description="Bara synpunkter om verksamheten med detta id.",
    ),
    OpenApiParameter(
        "provider",
        {"type": "integer", "minimum": 1, "maximum": MAX_ID},
        description="Bara synpunkter om utföraren med detta id (och dess verksamheter).",
    ),
]


def count_request(request):
    """(by, filters) from the query, each parameter checked (400 naming it); None instead
    of filters when a unit or provider named is not one the user may see (an empty answer,
    as the list's filters give for an id outside the scope)."""
    errors = {}
    by = COUNT_GROUPS
    raw = request.query_params.get("by")
    if raw is not None:
        names = raw.split(",")
        unknown = [name for name in names if name not in COUNT_GROUPS]
        if unknown:
            errors["by"] = [
                BY_INVALID.format(
                    choices=", ".join(COUNT_GROUPS), unknown=", ".join(unknown) or "tomt"
                )
            ]
        by = tuple(dict.fromkeys(names))
    filters = {}
    scopes = {"unit": registry_queries.units_for, "provider": registry_queries.providers_for}
    for name, scope in scopes.items():
        raw = request.query_params.get(name)
        if raw is None:
            continue
        pk = parse_id(raw)
        if pk is None:
            errors[name] = [INVALID_ID]
        else:
            filters[name] = (pk, scope)
    if errors:
        raise serializers.ValidationError(errors)
    for pk, scope in filters.values():
        if not scope(request.user).filter(pk=pk).exists():
            return by, None
    return by, {f"{name}_id": pk for name, (pk, _scope) in filters.items()}


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
        "counts": "feedback.count_items",
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

    @extend_schema(parameters=COUNT_PARAMETERS, responses=CountRowSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def counts(self, request):
        """Antal synpunkter som användaren får räkna men inte läsa (OSL 26 kap.), grupperade:
        för samordnare och handläggare utan central behörighet de andra stadsdelarnas, för
        placeringsfunktionen hela kommunens. Bara antal, stadsdel, typ, kategori och status,
        aldrig texter, namn eller personnummer. Den som läser alla synpunkter (och den som
        inte räknar några) får en tom lista; läs dem i stället med GET /api/v1/feedback/."""
        by, filters = count_request(request)
        rows = [] if filters is None else queries.counts_for(request.user, by=by, **filters)
        return Response(CountRowSerializer(rows, many=True, context={"by": by}).data)


def register_routes(router):
    router.register("feedback", FeedbackViewSet, basename="feedback")
