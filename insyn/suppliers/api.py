"""Supplier checks over HTTP (/api/v1/), read-only, municipal staff only (like the pages):
`supplier-checks` (each check with result, source and dates) and `annual-reports` (key
figures per financial year). `provider-documents`: the documents' type, period and expiry,
for municipal staff every provider's and for a provider's users their own organisation's
(another's is 404), with `download` sending the file like the pages do. Filter by
`?provider=<id>`. Open data never includes any of them."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated

from insyn.core.api import FilterBackend, Pagination, RulesObjectPermission
from insyn.core.files import download_response

from . import queries
from .models import AnnualReport, ProviderDocument, SupplierCheck


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


class ProviderDocumentSerializer(serializers.ModelSerializer):
    """Ett utförardokument: typ, period, giltighet och vem som laddade upp det; filen hämtas
    med `download`."""

    class Meta:
        model = ProviderDocument
        fields = [
            "id",
            "provider",
            "doc_type",
            "title",
            "period_start",
            "period_end",
            "expires_on",
            "original_name",
            "content_type",
            "size",
            "annual_report",
            "created_at",
        ]


class ProviderDocumentViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ProviderDocumentSerializer
    permission_classes = [IsAuthenticated, RulesObjectPermission]
    # The scoped queryset decides: another provider's document is 404, never 403.
    perms = {"list": None, "retrieve": None, "download": None}
    filter_backends = [FilterBackend]
    filterset_fields = ["provider", "doc_type"]
    pagination_class = Pagination

    def get_queryset(self):
        return queries.all_documents_for(self.request.user).order_by("provider_id", "-pk")

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        """Filen som bilaga (typen avgörs av innehållet)."""
        document = self.get_object()
        return download_response(request, document.file, document.original_name, document)


def register_routes(router):
    router.register("supplier-checks", SupplierCheckViewSet, basename="supplier-check")
    router.register("annual-reports", AnnualReportViewSet, basename="annual-report")
    router.register("provider-documents", ProviderDocumentViewSet, basename="provider-document")
