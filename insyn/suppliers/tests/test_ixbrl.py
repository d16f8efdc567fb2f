"""The iXBRL parser against hand-written reports in the real format (se-gen-base names)."""

import datetime as dt
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from insyn.suppliers import ixbrl
from insyn.suppliers.models import AnnualReport

K2 = (Path(__file__).parent / "data" / "k2_2025.xhtml").read_bytes()


def test_k2_figures_scaled_and_signed():
    report = ixbrl.parse(K2, "556036-0793")
    assert (report.period_start, report.period_end) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    # Written in tkr with scale="3"; losses with sign="-".
    assert report.figures == {
        "net_sales": Decimal(12_480_000),
        "result_after_financial": Decimal(-310_000),
        "net_result": Decimal(-295_000),
        "inventory": Decimal(40_000),
        "current_assets": Decimal(1_640_000),
        "total_assets": Decimal(3_200_000),
        "share_capital": Decimal(100_000),
        "equity": Decimal(256_000),
        "current_liabilities": Decimal(1_200_000),
    }
    assert report.audit_opinion_modified is True


def test_k3_report_in_kronor_with_a_clean_opinion():
    k3 = (
        K2.replace(b"gaap/k2/2021-10-31/se-k2-ab", b"gaap/k3/2021-10-31/se-k3-ab")
        .replace(b' scale="3"', b"")
        .replace(
            "Uttalande med reservation: vi har inte kunnat bekräfta varulagrets värde.".encode(),
            "Vi tillstyrker att resultaträkningen fastställs.".encode(),
        )
    )
    report = ixbrl.parse(k3, "5560360793")
    assert report.figures["equity"] == Decimal(256)
    assert report.audit_opinion_modified is False


def test_another_organisation_is_refused():
    with pytest.raises(ixbrl.ReportRefused, match="gäller organisationsnummer 556036-0793, inte"):
        ixbrl.parse(K2, "212000-0142")


def test_truncated_file_is_refused():
    with pytest.raises(ixbrl.ReportRefused, match="skadad eller ofullständig|inga siffror"):
        ixbrl.parse(K2[: len(K2) // 3])


def test_two_years_ending_the_same_day_are_refused():
    twice = K2.replace(
        b'<xbrli:context id="period1">',
        b'<xbrli:context id="extra"><xbrli:entity><xbrli:identifier scheme="x">5560360793'
        b"</xbrli:identifier></xbrli:entity><xbrli:period><xbrli:startDate>2025-07-01"
        b"</xbrli:startDate><xbrli:endDate>2025-12-31</xbrli:endDate></xbrli:period>"
        b'</xbrli:context><xbrli:context id="period1">',
    ).replace(
        b'contextRef="period1" unitRef="SEK" decimals="-3" scale="3" '
        b'format="ixt:numspacecomma">11 950',
        b'contextRef="extra" unitRef="SEK" decimals="-3" scale="3" '
        b'format="ixt:numspacecomma">11 950',
    )
    with pytest.raises(ixbrl.ReportRefused, match="två olika räkenskapsår"):
        ixbrl.parse(twice)


def _zip(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries:
            archive.writestr(name, content)
    return buffer.getvalue()


def test_zip_with_one_report_is_read():
    assert ixbrl.parse(_zip([("ar.xhtml", K2)])).org_number == "556036-0793"


def test_zip_path_traversal_is_refused():
    with pytest.raises(ixbrl.ReportRefused, match="otillåtet filnamn"):
        ixbrl.parse(_zip([("../../etc/ar.xhtml", K2)]))


def test_zip_bomb_is_refused():
    with pytest.raises(ixbrl.ReportRefused, match="orimligt mycket data"):
        ixbrl.parse(_zip([("ar.xhtml", b"<html>" + b" " * 5_000_000 + b"</html>")]))


@pytest.mark.django_db
def test_controller_uploads_a_report(client, controller):
    from insyn.registry.tests.factories import ProviderFactory

    provider = ProviderFactory(org_number="556036-0793")
    client.force_login(controller)
    url = reverse("suppliers:provider_report_upload", args=[provider.pk])
    upload = io.BytesIO(K2)
    upload.name = "ar.xhtml"
    response = client.post(url, {"file": upload, "filed_on": "2026-06-30"}, follow=True)
    assert "Årsredovisningens nyckeltal är sparade." in response.content.decode()
    report = AnnualReport.objects.get(provider=provider)
    assert (report.equity_ratio, report.quick_ratio) == (Decimal("8.0"), Decimal("133.3"))
    other = ProviderFactory()
    bad = io.BytesIO(K2)
    bad.name = "ar.xhtml"
    url = reverse("suppliers:provider_report_upload", args=[other.pk])
    response = client.post(url, {"file": bad}, follow=True)
    assert "inget sparades" in response.content.decode()
    assert AnnualReport.objects.count() == 1


@pytest.mark.django_db
def test_provider_sends_in_its_report_in_the_portal(client):
    from insyn.accounts.tests.factories import UserFactory
    from insyn.registry.tests.factories import ProviderFactory

    provider = ProviderFactory(org_number="556036-0793")
    user = UserFactory(provider_user=True, provider=provider)
    client.force_login(user)
    assert "Skicka in er digitala årsredovisning" in client.get("/portal/").content.decode()
    upload = io.BytesIO(K2)
    upload.name = "ar.zip"
    response = client.post(reverse("suppliers_portal:report_upload"), {"file": upload}, follow=True)
    html = response.content.decode()
    assert "Tack! Årsredovisningen är mottagen." in html
    assert "Mottagna räkenskapsår: 2025." in html
    assert AnnualReport.objects.get(provider=provider).origin == "ixbrl"
