"""A unit whose latest IVO decision revoked its permit is never recommended: it is listed
apart with the date of the decision, and choosing it anyway is refused with that reason."""

import datetime as dt

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from insyn.accounts.tests.factories import UserFactory
from insyn.placement.models import Recommendation
from insyn.placement.ranking import Need, Ranking, RankingInputs
from insyn.registry.tests.factories import UnitFactory, category
from insyn.suppliers import queries as supplier_queries
from insyn.suppliers.constants import DecisionKind
from insyn.suppliers.models import IvoDecision

from .test_ivo_permit import facts

pytestmark = pytest.mark.django_db


def decide(unit, kind, on, reference=None):
    return IvoDecision.objects.create(
        provider=unit.provider,
        unit=unit,
        kind=kind,
        decided_on=on,
        reference=reference or f"3.5.1-{IvoDecision.objects.count() + 1}/2026",
    )


@pytest.fixture
def register():
    kept = UnitFactory(name="Tallen HVB", vacancies=1)
    # The best unit by far without the revocation: fresh vacancies, a permit number.
    revoked = UnitFactory(name="Björken HVB", vacancies=5, vacancies_confirmed_on=dt.date.today())
    decide(revoked, DecisionKind.PERMIT, dt.date(2024, 2, 1))
    decide(revoked, DecisionKind.REVOCATION, dt.date(2026, 5, 4))
    return kept, revoked


def need_params():
    return {"category": category("hvb-barn").pk, "start_date": "2026-12-01"}


def test_only_a_revocation_that_is_the_units_latest_decision_counts(register):
    kept, revoked = register
    reinstated = UnitFactory(name="Eken HVB")
    decide(reinstated, DecisionKind.REVOCATION, dt.date(2025, 3, 1))
    decide(reinstated, DecisionKind.PERMIT, dt.date(2026, 9, 1))
    # A revocation about the provider as a whole does not name the unit.
    IvoDecision.objects.create(
        provider=kept.provider,
        kind=DecisionKind.REVOCATION,
        decided_on=dt.date(2026, 1, 1),
        reference="8.1-1/2026",
    )
    ids = [kept.pk, revoked.pk, reinstated.pk]
    assert supplier_queries.revoked_unit_ids(ids) == {revoked.pk: dt.date(2026, 5, 4)}


def test_revoked_unit_is_never_ranked_even_when_it_would_rank_first():
    need = Need(category_id=1, start_date=dt.date(2026, 12, 1))
    best = facts(1, "Björken", vacancies=3)
    other = facts(2, "Tallen")
    ranking = Ranking([best, other], need, RankingInputs(revoked={1: dt.date(2026, 5, 4)}))
    assert [r.unit.name for r in ranking.rows()] == ["Tallen"]
    assert len(ranking) == 1
    assert [u.name for u in ranking.revoked] == ["Björken"]
    assert ranking.without_permit == []


def test_search_page_lists_revoked_unit_apart_with_the_date_and_no_checkbox(client, register):
    kept, revoked = register
    client.force_login(UserFactory(placement_officer=True))
    body = client.get(reverse("placement:search"), need_params()).content.decode()
    results, apart = body.split("IVO har återkallat tillståndet – kan inte rekommenderas")
    assert "Tallen HVB" in results and "Björken HVB" not in results
    assert "Björken HVB" in apart
    assert "IVO har återkallat tillståndet 2026-05-04" in apart
    assert "1 verksamhet passar behovet, men IVO:s senaste beslut" in apart
    assert f'name="units" value="{revoked.pk}"' not in body
    assert f'name="units" value="{kept.pk}"' in body


def test_posting_a_revoked_unit_to_recommend_is_refused_with_the_reason(client, register):
    _, revoked = register
    client.force_login(UserFactory(placement_officer=True))
    response = client.post(
        reverse("placement:recommend"),
        {**need_params(), "units": [revoked.pk], "case_worker": UserFactory(case_worker=True).pk},
    )
    assert response.status_code == 400
    assert (
        "En vald verksamhet kan inte rekommenderas: IVO har återkallat tillståndet 2026-05-04."
        in response.content.decode()
    )
    assert not Recommendation.objects.exists()


def test_api_leaves_out_a_revoked_unit_and_refuses_to_recommend_it(register):
    kept, revoked = register
    api = APIClient()
    api.force_authenticate(UserFactory(placement_officer=True))
    found = api.get("/api/v1/recommendations/search/", need_params()).json()
    assert [row["unit"] for row in found] == [kept.pk]
    rejected = api.post(
        "/api/v1/recommendations/",
        {**need_params(), "units": [revoked.pk], "case_worker": UserFactory(case_worker=True).pk},
        format="json",
    )
    assert rejected.status_code == 400
    assert "IVO har återkallat tillståndet 2026-05-04" in str(rejected.json())
    assert not Recommendation.objects.exists()


def test_search_query_count_does_not_grow_with_revoked_units(client, django_assert_max_num_queries):
    for number in range(12):
        unit = UnitFactory(name=f"HVB {number}")
        if number % 2:
            decide(unit, DecisionKind.REVOCATION, dt.date(2026, 5, 4))
    client.force_login(UserFactory(placement_officer=True))
    # The same budget as the search without revocations (test_search_and_recommendation)
    # plus the one query of the revoked units.
    with django_assert_max_num_queries(20):
        body = client.get(reverse("placement:search"), need_params()).content.decode()
    assert body.count('name="units"') == 6
    assert body.count("IVO har återkallat tillståndet 2026-05-04") == 6
