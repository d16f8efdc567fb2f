"""Placement recommendations over HTTP (/api/v1/): search with the ranking, save, read."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from insyn.core.api import Pagination, RulesObjectPermission, StrictInputMixin, form_errors
from insyn.core.api_schema import form_parameters

from . import queries, services
from .forms import NeedForm, RecommendationForm
from .models import Recommendation, RecommendedUnit


class RankingReasonSerializer(serializers.Serializer):
    text = serializers.CharField()
    points = serializers.DecimalField(max_digits=7, decimal_places=2)


class RankedUnitSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    unit = serializers.IntegerField(source="unit.pk")
    unit_name = serializers.CharField(source="unit.name")
    provider_name = serializers.CharField(source="unit.provider.name")
    score = serializers.DecimalField(max_digits=7, decimal_places=2)
    vacancies = serializers.IntegerField(source="unit.vacancies", allow_null=True)
    has_permit = serializers.BooleanField(source="unit.has_permit")
    in_framework = serializers.BooleanField()
    price = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    rating = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    rating_count = serializers.IntegerField()
    open_deficiencies = serializers.IntegerField()
    serious_feedback = serializers.IntegerField()
    distance = serializers.CharField()
    reasons = RankingReasonSerializer(many=True)


class UnitWithoutPermitSerializer(serializers.Serializer):
    """A unit that fits the need but lacks a required IVO permit: never recommendable."""

    unit = serializers.IntegerField(source="pk")
    unit_name = serializers.CharField(source="name")
    provider_name = serializers.CharField(source="provider.name")
    vacancies = serializers.IntegerField(allow_null=True)
    places = serializers.IntegerField(allow_null=True)
    reason = serializers.SerializerMethodField()

    def get_reason(self, unit) -> str:
        return WITHOUT_PERMIT


WITHOUT_PERMIT = "Saknar IVO-tillstånd – kan inte rekommenderas"


class RecommendedUnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = RecommendedUnit
        fields = ["position", "unit", "score", "reasons", "snapshot"]


class RecommendationSerializer(StrictInputMixin, serializers.ModelSerializer):
    items = RecommendedUnitSerializer(many=True, read_only=True)

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "created_by",
            "case_worker",
            "case_reference",
            "category",
            "age_min",
            "age_max",
            "gender",
            "focus",
            "start_date",
            "district",
            "municipality",
            "max_price",
            "note",
            "created_at",
            "items",
        ]
        read_only_fields = fields


NEED_PARAMETERS = form_parameters(
    NeedForm,
    {
        "category": "Kategori (id)",
        "start_date": "Önskat startdatum ÅÅÅÅ-MM-DD",
        "age_min": "Ålder från (0–120)",
        "age_max": "Ålder till (0–120)",
        "gender": "any, female eller male",
        "focus": "Sökord för inriktning",
        "district": "Stadsdel (id)",
        "municipality": "Kommun/region",
        "max_price": "Högsta pris per dygn",
    },
)


class RecommendationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Placeringsrekommendationer: sök (rangordnad lista med motivering), spara, läs."""

    serializer_class = RecommendationSerializer
    permission_classes = [IsAuthenticated, RulesObjectPermission]
    pagination_class = Pagination
    perms = {
        "list": "placement.view_recommendation",
        "retrieve": "placement.view_recommendation",
        "create": "placement.add_recommendation",
        "search": "placement.search",
        "search_without_permit": "placement.search",
    }

    def get_queryset(self):
        return (
            queries.recommendations_for(self.request.user)
            .prefetch_related("items")
            .order_by("-created_at", "-pk")
        )

    @extend_schema(parameters=NEED_PARAMETERS, responses=RankedUnitSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None)
    def search(self, request):
        """Rangordnade verksamheter för ett behov (samma regler som sidan)."""
        form = NeedForm(request.query_params)
        if not form.is_valid():
            return Response(form_errors(form), status=status.HTTP_400_BAD_REQUEST)
        rows = queries.search(request.user, form.need())
        # The list stays a plain list (clients read it so); units lacking a required permit
        # are never in it, and are counted here and listed by search/without-permit/.
        return Response(
            RankedUnitSerializer(rows, many=True).data,
            headers={"X-Without-Permit-Count": str(rows.without_permit_total)},
        )

    @extend_schema(parameters=NEED_PARAMETERS, responses=UnitWithoutPermitSerializer(many=True))
    @action(detail=False, methods=["get"], url_path="search/without-permit", pagination_class=None)
    def search_without_permit(self, request):
        """Verksamheter som passar behovet men saknar IVO-tillstånd som kategorin kräver: de
        rangordnas inte och kan inte rekommenderas (samma urval som sidans avsnitt)."""
        form = NeedForm(request.query_params)
        if not form.is_valid():
            return Response(form_errors(form), status=status.HTTP_400_BAD_REQUEST)
        rows = queries.search(request.user, form.need())
        return Response(UnitWithoutPermitSerializer(rows.without_permit, many=True).data)

    @extend_schema(responses={201: RecommendationSerializer})
    def create(self, request):
        """Spara en rekommendation: behovets fält + units (id:n ur sökningen) + case_worker."""
        need_form = NeedForm(request.data)
        if not need_form.is_valid():
            return Response(form_errors(need_form), status=status.HTTP_400_BAD_REQUEST)
        need = need_form.need()
        rows = queries.search(request.user, need)
        data = request.data.copy() if hasattr(request.data, "copy") else dict(request.data)
        form = RecommendationForm(
            data, unit_choices=[(r.unit.pk, r.unit.name) for r in rows], refused=rows.refused
        )
        if not form.is_valid():
            return Response(form_errors(form), status=status.HTTP_400_BAD_REQUEST)
        chosen = set(form.cleaned_data["units"])
        recommendation = services.create_recommendation(
            need, [r for r in rows if r.unit.pk in chosen], form.cleaned_data, request.user
        )
        return Response(
            RecommendationSerializer(recommendation).data, status=status.HTTP_201_CREATED
        )


def register_routes(router):
    router.register("recommendations", RecommendationViewSet, basename="recommendation")
