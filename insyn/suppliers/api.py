"""Supplier checks over HTTP (/api/v1/), read-only, municipal staff only (like the pages):
`supplier-checks` (each check with result, source and dates) and `annual-reports` (key
figures per financial year). Filter by `?provider=<id>`. Open data never includes them."""

from rest_framework import serializers, viewsets
from rest_framework.permissions import IsAuthenticated

from insyn.core.api import FilterBackend, Pagination, RulesObjectPermission

from . import queries
from .models import AnnualReport, SupplierCheck


class SupplierCheckSerializer(serializers.ModelSerializer):
    """En leverantörskontroll: resultat, källa, datum och (manuell kontroll) referens."""

    class Meta:
        model = SupplierCheck
        fields = [
            "id",
            "provider",
            "kind",
            "result",
            "summary",
            "source",
            "taken_on",
            "due_on",
            "not_applicable_reason",
            "failed_at",
            "failure",
            "asked_on",
            "answer",
            "reference",
        ]


class AnnualReportSerializer(serializers.ModelSerializer):
    """Nyckeltal för ett räkenskapsår, i kronor; soliditet och kassalikviditet i procent."""

    equity_ratio = serializers.DecimalField(max_digits=8, decimal_places=1, read_only=True)
    quick_ratio = serializers.DecimalField(max_digits=8, decimal_places=1, read_only=True)

    class Meta:
        model = AnnualReport
        fields = [
            "id",
            "provider",
            "period_start",
            "period_end",
            "filed_on",
            "origin",
            "net_sales",
            "result_after_financial",
            "net_result",
            "equity",
            "share_capital",
            "total_assets",
            "equity_ratio",
            "quick_ratio",
            "audit_opinion_modified",
        ]


class _ReadOnly(viewsets.ReadOnlyModelViewSet):
    permission_classes = [IsAuthenticated, RulesObjectPermission]
    perms = {"list": "suppliers.view_checks", "retrieve": "suppliers.view_checks"}
    # The project's backend: an unknown provider id gives an empty list, not a 400.
    filter_backends = [FilterBackend]
    filterset_fields = ["provider"]
    pagination_class = Pagination


class SupplierCheckViewSet(_ReadOnly):
    serializer_class = SupplierCheckSerializer

    def get_queryset(self):
        return queries.all_checks_for(self.request.user).order_by("provider_id", "kind")


class AnnualReportViewSet(_ReadOnly):
    serializer_class = AnnualReportSerializer

    def get_queryset(self):
        return queries.all_reports_for(self.request.user).order_by("provider_id", "-period_end")


def register_routes(router):
    router.register("supplier-checks", SupplierCheckViewSet, basename="supplier-check")
    router.register("annual-reports", AnnualReportViewSet, basename="annual-report")
