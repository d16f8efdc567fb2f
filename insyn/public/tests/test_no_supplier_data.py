"""Open data and the public pages never include supplier checks, annual-report figures or
provider documents (issue 13 item 8), even for a published provider that has all three."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from insyn.suppliers.constants import CheckKind, DocumentType, FigureOrigin, Result
from insyn.suppliers.models import AnnualReport, ProviderDocument, SupplierCheck

# Strings that exist only in the supplier rows: none may leak into anything public.
SECRETS = ("Konkurs sedan 2026-10-01", "Försäkringsbrev Solrosen", "forsakring-solrosen", "4711")

PUBLIC_ROUTES = [
    "public:start",
    "public:unit_list",
    "public:provider_list",
    "public:open_data",
    "public:units_csv",
    "public:units_json",
    "public:followups_csv",
    "public:followups_json",
    "public:contracts_ocds",
]


@pytest.fixture
def supplier_rows(world):
    solrosen = world["solrosen"]
    SupplierCheck.objects.create(
        provider=solrosen,
        kind=CheckKind.COMPANY_STATUS,
        result=Result.RED_FLAG,
        summary="Konkurs sedan 2026-10-01",
        source="Bolagsverket",
        taken_on=dt.date(2026, 10, 2),
    )
    AnnualReport.objects.create(
        provider=solrosen,
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
        origin=FigureOrigin.MANUAL,
        equity=-4711,
    )
    ProviderDocument.objects.create(
        provider=solrosen,
        doc_type=DocumentType.INSURANCE,
        title="Försäkringsbrev Solrosen",
        original_name="forsakring-solrosen.pdf",
        content_type="application/pdf",
        file=ContentFile(b"%PDF-1.4", name="forsakring-solrosen.pdf"),
    )
    return world


@pytest.mark.parametrize("route", PUBLIC_ROUTES)
def test_public_pages_and_open_data_hold_no_supplier_data(client, supplier_rows, route):
    response = client.get(reverse(route))
    assert response.status_code == 200
    body = response.content.decode()
    if route in ("public:provider_list", "public:units_json", "public:units_csv"):
        assert "Solrosen" in body  # the provider is published: its data is there, not these
    for secret in SECRETS:
        assert secret not in body, f"{secret!r} is public in {route}"


def test_the_published_provider_page_holds_no_supplier_data(client, supplier_rows):
    from insyn.public.models import PublishedProvider

    published = PublishedProvider.objects.get(provider=supplier_rows["solrosen"])
    body = client.get(reverse("public:provider_detail", args=[published.provider_id])).content
    for secret in SECRETS:
        assert secret not in body.decode()
