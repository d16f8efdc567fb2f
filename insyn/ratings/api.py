"""Placements and ratings over HTTP (/api/v1/): the same scope, forms, services and rules as
the pages. Ratings are read only as aggregates; who rated is never exposed."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from insyn.core.access import require_perm
from insyn.core.api import (
    FormBackedSerializer,
    Pagination,
    RulesObjectPermission,
    ScopedViewSet,
    StrictInputMixin,
)
from insyn.registry.queries import units_for

from . import queries, services
from .forms import PlacementForm
from .models import Placement, RatingQuestionnaire


class PlacementSerializer(FormBackedSerializer):
    """Placering av en brukare (endast ärendereferens) på en verksamhet."""

    form_class = PlacementForm
    rating_due_on = serializers.DateField(read_only=True)
    rated = serializers.SerializerMethodField()

    class Meta:
        model = Placement
        fields = [
            "id",
            *PlacementForm.Meta.fields,
            "status",
            "recommendation",
            "rating_due_on",
            "rated",
            "created_at",
        ]
        read_only_fields = ["status", "recommendation", "created_at"]

    def get_rated(self, obj) -> bool:
        return hasattr(obj, "rating")

    def get_form(self, data):
        return self.form_class(data=data, instance=self.instance, user=self.context["request"].user)

    def save_form(self, form, user):
        return services.register_placement(form, user)


class RatingAnswerInputSerializer(StrictInputMixin, serializers.Serializer):
    question = serializers.IntegerField(help_text="Frågans id i gällande ratingformulär.")
    alternative = serializers.IntegerField(help_text="Valt svarsalternativs id.")


class RatingSubmitSerializer(StrictInputMixin, serializers.Serializer):
    answers = RatingAnswerInputSerializer(many=True)


class RatingResultSerializer(serializers.Serializer):
    score = serializers.DecimalField(max_digits=5, decimal_places=1)
    points_total = serializers.IntegerField()
    max_points = serializers.IntegerField()
    submitted_on = serializers.DateField()


class PlacementViewSet(ScopedViewSet):
    scope = staticmethod(queries.placements_for)
    serializer_class = PlacementSerializer
    perms = {
        "list": "ratings.view_placement",
        "retrieve": "ratings.view_placement",
        "create": "ratings.add_placement",
        # Checked against the placement inside the action (only the ordering case worker).
        "rating": None,
    }
    default_ordering = ("-start_date", "-pk")

    def optimize(self, queryset):
        return queryset.select_related("rating")

    @extend_schema(request=RatingSubmitSerializer, responses={201: RatingResultSerializer})
    @action(detail=True, methods=["post"])
    def rating(self, request, pk=None):
        """Lämna rating för placeringen (bara beställande handläggare, en gång)."""
        placement = self.get_object()
        require_perm(request.user, "ratings.rate_placement", placement)
        payload = RatingSubmitSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        answers = {a["question"]: a["alternative"] for a in payload.validated_data["answers"]}
        rating = services.submit_rating(placement, request.user, answers)
        return Response(RatingResultSerializer(rating).data, status=status.HTTP_201_CREATED)


class UnitRatingSerializer(serializers.Serializer):
    unit = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    mean = serializers.DecimalField(
        max_digits=5,
        decimal_places=1,
        allow_null=True,
        help_text="Medelvärde 0–100 i fönstret; null under minsta antal ratingar.",
    )
    count = serializers.IntegerField(help_text="Antal ratingar i fönstret.")


class UnitRatingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Sammanvägd rating per verksamhet (utförare ser bara sina egna verksamheter)."""

    serializer_class = UnitRatingSerializer
    permission_classes = [IsAuthenticated, RulesObjectPermission]
    perms = {"list": None, "retrieve": "registry.view_unit"}
    pagination_class = Pagination

    def get_queryset(self):
        return units_for(self.request.user).order_by("name", "pk")

    def _with_means(self, units):
        means = queries.rating_means([u.pk for u in units])
        for u in units:
            u.mean, u.count = means[u.pk]
        return units

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        rows = self._with_means(list(page))
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        unit = self._with_means([self.get_object()])[0]
        return Response(self.get_serializer(unit).data)


class RatingAlternativeOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()
    points = serializers.IntegerField()


class RatingQuestionOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    key = serializers.CharField()
    text = serializers.CharField()
    alternatives = RatingAlternativeOutSerializer(many=True)


class RatingQuestionnaireSerializer(serializers.ModelSerializer):
    questions = RatingQuestionOutSerializer(many=True)

    class Meta:
        model = RatingQuestionnaire
        fields = ["id", "version", "title", "is_active", "questions"]


class QuestionnaireViewSet(viewsets.ReadOnlyModelViewSet):
    """Ratingformulärets versioner med frågor och svarsalternativ (poäng)."""

    serializer_class = RatingQuestionnaireSerializer
    permission_classes = [IsAuthenticated, RulesObjectPermission]
    perms = {"list": "ratings.view_placement", "retrieve": "ratings.view_placement"}

    def get_queryset(self):
        return RatingQuestionnaire.objects.prefetch_related("questions__alternatives")


def register_routes(router):
    router.register("placements", PlacementViewSet, basename="placement")
    router.register("unit-ratings", UnitRatingViewSet, basename="unit-rating")
    router.register("rating-questionnaires", QuestionnaireViewSet, basename="rating-questionnaire")
