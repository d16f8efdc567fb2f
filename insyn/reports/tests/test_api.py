"""The read-only report API: same scope and permissions as the pages; schema without warnings."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from insyn.accounts.tests.factories import OrgUnitFactory, UserFactory
from insyn.feedback.constants import Kind
from insyn.feedback.tests.factories import FeedbackItemFactory
from insyn.registry.tests.factories import UnitFactory
from insyn.reports import annual, tertial
from insyn.reports.constants import IndicatorSource
from insyn.reports.models import Indicator, IndicatorValue

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def district():
    district = OrgUnitFactory(name="Stadsdel A")
    FeedbackItemFactory(
        unit=UnitFactory(district=district),
        district=district,
        kind=Kind.PRAISE,
        received_on=dt.date(2024, 5, 1),
    )
    return district


def test_feedback_table_endpoint_has_every_row(api, controller, district):
    api.force_authenticate(controller)
    response = api.get(f"/api/v1/reports/feedback-table/?year=2024&org_unit={district.pk}")
    assert response.status_code == 200
    rows = {r["key"]: r for r in response.json()["rows"]}
    assert rows["praise"]["t2"] == 1 and rows["praise"]["total"] == 1
    assert len(rows) == len(tertial.feedback_table(2024).rows)


def test_feedback_table_endpoint_hides_other_org_units(api, district):
    other = OrgUnitFactory(name="Stadsdel B")
    api.force_authenticate(UserFactory(coordinator=True, org_unit=other))
    response = api.get(f"/api/v1/reports/feedback-table/?year=2024&org_unit={district.pk}")
    assert response.status_code == 404


def test_provider_gets_403(api, provider_user):
    api.force_authenticate(provider_user)
    for path in ("feedback-table", "indicators", "annual"):
        assert api.get(f"/api/v1/reports/{path}/").status_code == 403


def test_indicator_endpoint(api, controller):
    indicator = Indicator.objects.create(name="Nöjda brukare", source=IndicatorSource.MANUAL)
    IndicatorValue.objects.create(
        indicator=indicator, year=2024, value=Decimal("89"), annual_target=Decimal("85")
    )
    api.force_authenticate(controller)
    (row,) = api.get("/api/v1/reports/indicators/?year=2024&org_unit=").json()
    assert (row["name"], row["value"], row["annual_target"]) == ("Nöjda brukare", "89.00", "85.00")


def test_annual_endpoint_and_public_summary_agree(api, controller, district):
    api.force_authenticate(controller)
    data = api.get(f"/api/v1/reports/annual/?year=2024&org_unit={district.pk}").json()
    assert data["feedback_by_kind"]["praise"] == 1
    assert annual.annual_summary(2024, district)["feedback_by_kind"]["praise"] == 1


def test_openapi_schema_validates_without_warnings():
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")


def _report_routes():
    from insyn.api_urls import router

    return [
        (prefix, viewset) for prefix, viewset, _ in router.registry if prefix.startswith("reports/")
    ]


def test_every_report_endpoint_checks_scope_in_the_shared_base():
    # A new endpoint that is a plain ViewSet would skip the year check; it must inherit it.
    from insyn.reports.api import ReportApiViewSet

    routes = _report_routes()
    assert len(routes) >= 5
    for prefix, viewset in routes:
        assert issubclass(viewset, ReportApiViewSet), prefix


@pytest.mark.parametrize("year", ["abc", "0", "1999", "2101", "2024.0", "", "null"])
def test_every_report_endpoint_refuses_a_bad_year_with_400(api, controller, year):
    api.force_authenticate(controller)
    for prefix, _viewset in _report_routes():
        response = api.get(f"/api/v1/{prefix}/", {"year": year})
        assert response.status_code == 400, (prefix, year, response.status_code)
        assert response.json()["year"] == ["Ange året som ett heltal 2000–2100."], prefix


def test_a_good_year_passes_every_report_endpoint(api, controller):
    api.force_authenticate(controller)
    for prefix, _viewset in _report_routes():
        assert api.get(f"/api/v1/{prefix}/", {"year": "2024"}).status_code == 200, prefix


def test_permission_comes_before_the_year_check(api, provider_user):
    # A provider learns nothing about parameters: 403, not 400.
    api.force_authenticate(provider_user)
    for prefix, _viewset in _report_routes():
        assert api.get(f"/api/v1/{prefix}/", {"year": "abc"}).status_code == 403, prefix
