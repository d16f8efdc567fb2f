import datetime as dt

import pytest
from django.urls import reverse

from insyn.placement.tests.test_search_and_recommendation import need_params, officer, units  # noqa: F401
from insyn.suppliers import services
from insyn.suppliers.adapters.base import CompanyInfo

pytestmark = pytest.mark.django_db


def test_search_warns_about_a_provider_with_a_red_flag(client, officer, units):  # noqa: F811
    unit, _ = units
    client.force_login(officer)
    body = client.get(reverse("placement:search"), need_params()).content.decode()
    assert "röd flagga i leverantörskontrollen" not in body
    services.apply_company(
        unit.provider, CompanyInfo("", "", "bankrupt"), "Bolagsverket", dt.date(2026, 11, 1)
    )
    body = client.get(reverse("placement:search"), need_params()).content.decode()
    assert "röd flagga i leverantörskontrollen" in body
