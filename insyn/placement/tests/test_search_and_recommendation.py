import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from insyn.accounts.tests.factories import OrgUnitFactory, UserFactory
from insyn.placement import queries
from insyn.placement.models import Recommendation
from insyn.ratings.models import Placement
from insyn.ratings.tests.factories import RatingFactory
from insyn.registry.tests.factories import ContractFactory, UnitFactory, category
from tests.pdf_structure import archivable_problems, text_past_page_edge, word_lines

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return UserFactory(placement_officer=True, username="officer")


@pytest.fixture
def receiver():
    return UserFactory(case_worker=True, username="receiver", first_name="Kim", last_name="Ek")


@pytest.fixture
def units(unit, other_unit):
    unit.target_age_min, unit.target_age_max, unit.focus = 13, 17, "Missbruk"
    unit.ivo_permit_number = "IVO 3.5.1-1234/2024"
    unit.save()
    ContractFactory(provider=unit.provider, units=[unit])
    other_unit.target_age_min, other_unit.target_age_max = 18, 25
    other_unit.save()
    for value in ("80.0", "70.0", "90.0"):
        RatingFactory(placement__unit=unit, score=Decimal(value))
    return unit, other_unit


def need_params(**over):
    params = {
        "category": category().pk,
        "age_min": 14,
        "age_max": 16,
        "gender": "any",
        "focus": "missbruk",
        "start_date": "2026-12-01",
        "max_price": "5000",
    }
    params.update(over)
    return params


def test_officer_gets_ranked_fitting_units_with_reasons(client, officer, units):
    unit, other_unit = units
    client.force_login(officer)
    body = client.get(reverse("placement:search"), need_params()).content.decode()
    assert "Egen Väg Hisingen" in body
    assert "Annan Omsorg Majorna" not in body  # 18–25 år does not cover 14–16
    assert "Inriktningen matchar: missbruk" in body
    assert "Ramavtal: 20,00 p" in body
    assert "Rating 80,0 av 100 (3 st)" in body


def test_impossible_age_range_is_refused_in_swedish(client, officer, units):
    client.force_login(officer)
    body = client.get(
        reverse("placement:search"), need_params(age_min=16, age_max=12)
    ).content.decode()
    assert "Åldern till (12) kan inte vara lägre än åldern från (16)" in body
    assert "Träffar" not in body


def test_negative_price_is_refused_in_swedish(client, officer, units):
    client.force_login(officer)
    body = client.get(reverse("placement:search"), need_params(max_price="-1")).content.decode()
    assert "Högsta pris per dygn kan inte vara negativt" in body
    assert "Träffar" not in body


@pytest.mark.parametrize("role", ["case_worker", "coordinator", "provider_user"])
def test_only_placement_staff_can_search(client, role, units):
    client.force_login(UserFactory(**{role: True}))
    assert client.get(reverse("placement:search"), need_params()).status_code == 403


def test_search_page_query_count_does_not_grow_with_units(
    client, officer, units, django_assert_max_num_queries
):
    for _ in range(15):
        UnitFactory(target_age_min=10, target_age_max=18)
    client.force_login(officer)
    # ~15 fixed: session, user, nav, ranking inputs, and whether the rating summaries are current;
    # +1 for the user's scope (memberships and org tree, docs/memberships.md);
    # +1 for the providers with a red flag in the supplier checks (docs/suppliers.md);
    # +1 for the units whose IVO permit is revoked (docs/placement.md)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("placement:search"), need_params())
    assert response.content.decode().count('name="units"') == 16


def _recommend(client, unit, receiver, **over):
    data = {**need_params(), "units": [unit.pk], "case_worker": receiver.pk}
    data.update(over)
    return client.post(reverse("placement:recommend"), data)


def test_officer_saves_recommendation_and_downloads_pdf(client, officer, receiver, units):
    unit, _ = units
    client.force_login(officer)
    response = _recommend(client, unit, receiver, case_reference="IFO-2026-77")
    recommendation = Recommendation.objects.get()
    assert response.status_code == 302
    item = recommendation.items.get()
    assert item.snapshot["org_number"] == unit.provider.org_number
    assert item.snapshot["rating"] == "80,0"
    assert item.snapshot["in_framework"] is True

    pdf = client.get(reverse("placement:recommendation_pdf", args=[recommendation.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert unit.provider.org_number in text
    assert "Egen Väg Hisingen" in text
    assert "IVO 3.5.1-1234/2024" in text
    assert "80,0 av 100" in text
    assert archivable_problems(pdf.content) == []
    # Labels and values stay side by side after a label that wraps over two lines
    # ("Prisindikation utanför ramavtal"): the value of "Rating" is on the label's line.
    lines = word_lines(pdf.content)
    assert lines["80,0"][0] == lines["Rating"][0]
    assert text_past_page_edge(pdf.content) == []


def test_case_worker_is_mailed_when_a_recommendation_is_saved(
    client, officer, receiver, units, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        _recommend(client, units[0], receiver, case_reference="IFO-2026-99")
    recommendation = Recommendation.objects.get()
    assert [m.to for m in mail.outbox] == [[receiver.email]]
    assert mail.outbox[0].subject == "Placeringsrekommendation för IFO-2026-99"
    assert recommendation.get_absolute_url() in mail.outbox[0].body


def test_recommendation_refuses_personnummer_as_case_reference(client, officer, receiver, units):
    client.force_login(officer)
    response = _recommend(client, units[0], receiver, case_reference="121212-1212")
    assert response.status_code == 400
    assert "får inte innehålla ett personnummer" in response.content.decode()
    assert not Recommendation.objects.exists()


def test_recommendation_refuses_unit_that_does_not_fit(client, officer, receiver, units):
    client.force_login(officer)
    response = _recommend(client, units[1], receiver)
    assert response.status_code == 400
    assert not Recommendation.objects.exists()


def test_receiving_case_worker_reads_it_and_registers_placement(client, officer, receiver, units):
    unit, _ = units
    receiver.org_unit = OrgUnitFactory(name="Askim")
    receiver.save()
    client.force_login(officer)
    _recommend(client, unit, receiver, case_reference="IFO-2026-88")
    recommendation = Recommendation.objects.get()
    client.force_login(receiver)
    detail = client.get(recommendation.get_absolute_url()).content.decode()
    assert "Registrera placering här" in detail
    url = reverse("ratings:placement_create")
    form = client.get(url, {"recommendation": recommendation.pk, "unit": unit.pk})
    assert form.context["form"].initial["unit"] == str(unit.pk)
    response = client.post(
        url,
        {
            "recommendation": recommendation.pk,
            "case_reference": "IFO-2026-88",
            "unit": unit.pk,
            "district": receiver.org_unit_id,
            "case_worker": receiver.pk,
            "start_date": "2026-12-01",
            "category": unit.category_id,
            "client_gender": "any",
        },
    )
    assert response.status_code == 302
    assert Placement.objects.get(case_reference="IFO-2026-88").recommendation == recommendation


def test_other_case_worker_cannot_open_recommendation(client, officer, receiver, units):
    client.force_login(officer)
    _recommend(client, units[0], receiver)
    recommendation = Recommendation.objects.get()
    client.force_login(UserFactory(case_worker=True))
    assert client.get(recommendation.get_absolute_url()).status_code == 404
    client.force_login(UserFactory(provider_user=True, provider=units[0].provider))
    assert client.get(recommendation.get_absolute_url()).status_code == 404
    pdf_url = reverse("placement:recommendation_pdf", args=[recommendation.pk])
    assert client.get(pdf_url).status_code == 404


def test_risk_signals_are_read_from_the_followup_and_feedback_apps(unit, other_unit):
    from insyn.feedback.constants import Kind, Severity
    from insyn.feedback.tests.factories import FeedbackItemFactory
    from insyn.followup.tests.factories import DeficiencyFactory

    DeficiencyFactory.create_batch(2, followup__unit=unit)
    FeedbackItemFactory(unit=unit, severity=Severity.SERIOUS, received_on=dt.date(2026, 3, 2))
    FeedbackItemFactory(unit=unit, kind=Kind.LEX_SARAH, received_on=dt.date(2026, 3, 2))
    FeedbackItemFactory(unit=unit, received_on=dt.date(2026, 3, 2))  # not serious
    ids = [unit.pk, other_unit.pk]
    assert queries.open_deficiency_counts(ids) == {unit.pk: 2}
    assert queries.serious_feedback_counts(ids, dt.date(2026, 1, 1)) == {unit.pk: 2}


def test_signals_from_other_apps_are_used_when_present(monkeypatch):
    monkeypatch.setattr(
        queries.followup_queries, "open_deficiency_counts", lambda ids: dict.fromkeys(ids, 2)
    )
    monkeypatch.setattr(
        queries.feedback_queries,
        "risk_counts",
        lambda ids, since: {
            i: {"complaints": 4, "lex_sarah": 1, "serious": 2, "total": 7} for i in ids
        },
    )
    assert queries.open_deficiency_counts([5]) == {5: 2}
    assert queries.serious_feedback_counts([5], dt.date(2026, 1, 1)) == {5: 3}


def test_search_shows_total_when_list_is_cut(client, officer, units, settings):
    settings.INSYN = {**settings.INSYN, "PLACEMENT": {"PLACEMENT_MAX_RESULTS": 2}}
    for _ in range(3):
        UnitFactory(target_age_min=10, target_age_max=18)
    client.force_login(officer)
    body = client.get(reverse("placement:search"), need_params()).content.decode()
    assert "4 verksamheter passar behovet. De 2 som rankas högst visas." in body
    assert body.count('name="units"') == 2


def test_max_price_and_ages_are_read_as_swedish_numbers(client, officer, units):
    client.force_login(officer)
    response = client.get(
        reverse("placement:search"), need_params(max_price="3 500,50", age_min="14")
    )
    form = response.context["form"]
    assert form.is_valid(), form.errors
    assert form.need().max_price == Decimal("3500.50")
    assert form.cleaned_data["age_min"] == 14
    # Shown back as typed, with the decimal comma.
    assert 'value="3 500,50"' in response.content.decode()


def test_max_price_with_a_decimal_comma_is_read_as_kronor_and_oren(client, officer, units):
    client.force_login(officer)
    response = client.get(reverse("placement:search"), need_params(max_price="3500,50"))
    assert response.context["form"].need().max_price == Decimal("3500.50")
