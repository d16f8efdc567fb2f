"""Indicators (computed, entered, imported from Kolada CSV) and goal status proposal."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from insyn.accounts.tests.factories import OrgUnitFactory, UserFactory
from insyn.feedback.constants import Kind
from insyn.feedback.tests.factories import FeedbackItemFactory
from insyn.followup.constants import ActionPlanStatus, DeficiencyStatus, FollowUpStatus
from insyn.followup.models import ActionPlan
from insyn.followup.tests.factories import (
    DeficiencyFactory,
    FollowUpFactory,
    PlanFactory,
    PlannedFollowUpFactory,
)
from insyn.ratings.constants import Gender
from insyn.ratings.tests.factories import PlacementFactory, RatingFactory
from insyn.registry.tests.factories import UnitFactory
from insyn.reports import goals, indicators, kolada
from insyn.reports.constants import ComputedMetric, GoalLevel, GoalStatus, IndicatorSource
from insyn.reports.models import Goal, GoalActivity, Indicator, IndicatorValue

pytestmark = pytest.mark.django_db


# --- computed metrics ------------------------------------------------------------------


def test_followups_on_time_counts_done_by_end_of_planned_month():
    unit = UnitFactory()
    plan = PlanFactory(year=2024)
    on_time = PlannedFollowUpFactory(plan=plan, unit=unit, month=3)
    late = PlannedFollowUpFactory(plan=plan, unit=unit, month=3)
    PlannedFollowUpFactory(plan=plan, unit=unit, month=10)  # never done
    PlannedFollowUpFactory(plan=plan, unit=unit, month=5, event_driven=True)  # not counted
    FollowUpFactory(
        unit=unit, planned=on_time, status=FollowUpStatus.DONE, performed_on=dt.date(2024, 3, 31)
    )
    FollowUpFactory(
        unit=unit, planned=late, status=FollowUpStatus.DONE, performed_on=dt.date(2024, 4, 1)
    )
    assert indicators.compute(ComputedMetric.FOLLOWUPS_ON_TIME, 2024) == (
        Decimal("33.3"),
        None,
        None,
    )


def test_deficiencies_in_time_use_accepted_action_plan_due_date():
    followup = FollowUpFactory(status=FollowUpStatus.DONE, performed_on=dt.date(2024, 2, 1))
    in_time = DeficiencyFactory(
        followup=followup,
        deadline=dt.date(2024, 3, 1),
        status=DeficiencyStatus.REMEDIED,
        remedied_at=timezone.make_aware(dt.datetime(2024, 4, 20, 12)),
    )
    ActionPlan.objects.create(
        deficiency=in_time,
        measures="Nya rutiner",
        responsible_person="Chef",
        due_date=dt.date(2024, 4, 30),
        status=ActionPlanStatus.ACCEPTED,
    )
    DeficiencyFactory(
        followup=followup,
        deadline=dt.date(2024, 3, 1),
        status=DeficiencyStatus.REMEDIED,
        remedied_at=timezone.make_aware(dt.datetime(2024, 3, 5, 12)),
    )
    DeficiencyFactory(followup=followup, deadline=dt.date(2024, 3, 1))  # still open
    value, men, women = indicators.compute(ComputedMetric.DEFICIENCIES_IN_TIME, 2024)
    assert (value, men, women) == (Decimal("33.3"), None, None)


def test_mean_rating_splits_by_client_gender():
    unit = UnitFactory()
    for gender, score in [(Gender.MALE, "60"), (Gender.FEMALE, "80"), (Gender.FEMALE, "100")]:
        RatingFactory(
            placement=PlacementFactory(unit=unit, client_gender=gender),
            score=Decimal(score),
            submitted_on=dt.date(2024, 6, 1),
        )
    assert indicators.compute(ComputedMetric.MEAN_RATING, 2024) == (
        Decimal("80.0"),
        Decimal("60.0"),
        Decimal("90.0"),
    )
    assert indicators.compute(ComputedMetric.MEAN_RATING, 2023) == (None, None, None)


def test_complaints_per_100_places_in_scope():
    district = OrgUnitFactory()
    unit = UnitFactory(district=district, places=40, vacancies=0)
    UnitFactory(places=1000, vacancies=0)  # another district, not in scope
    for _ in range(2):
        FeedbackItemFactory(
            unit=unit, district=district, kind=Kind.COMPLAINT, received_on=dt.date(2024, 5, 5)
        )
    FeedbackItemFactory(
        unit=unit, district=district, kind=Kind.PRAISE, received_on=dt.date(2024, 5, 5)
    )
    assert indicators.compute(ComputedMetric.COMPLAINTS_PER_100_PLACES, 2024, district)[0] == (
        Decimal("5.0")
    )


# --- the indicator table and goals -----------------------------------------------------


def _manual(name="Andel nöjda brukare", **kwargs):
    return Indicator.objects.create(name=name, unit="%", source=IndicatorSource.MANUAL, **kwargs)


def test_indicator_table_has_previous_year_and_targets():
    indicator = _manual()
    IndicatorValue.objects.create(
        indicator=indicator,
        year=2024,
        value=Decimal("89"),
        value_men=Decimal("85"),
        value_women=Decimal("93"),
        annual_target=Decimal("85"),
        council_target=Decimal("80"),
        analysis="95 av 177 har svarat.",
    )
    IndicatorValue.objects.create(indicator=indicator, year=2023, value=Decimal("86"))
    (row,) = indicators.indicator_table(2024)
    assert (row.value, row.men, row.women, row.previous) == (89, 85, 93, 86)
    assert (row.annual_target, row.council_target_display, row.period) == (85, "80 %", "2024")
    assert row.analysis == "95 av 177 har svarat."


@pytest.mark.parametrize(
    ("value", "target", "higher", "state"),
    [
        (89, 85, True, goals.MET),
        (85, 85, True, goals.MET),
        (78, 80, True, goals.NEAR),
        (60, 80, True, goals.MISSED),
        (3, 4, False, goals.MET),
        (5, 4, False, "missed"),
        (None, 80, True, None),
        (80, None, True, None),
    ],
)
def test_indicator_state_against_the_annual_target(value, target, higher, state):
    assert goals.indicator_state(value, target, higher) == state


@pytest.mark.parametrize(
    ("states", "status"),
    [
        ([goals.MET, goals.MET], GoalStatus.MET),
        ([goals.MET, goals.MISSED], GoalStatus.PARTLY),
        ([goals.NEAR, goals.MISSED], GoalStatus.PARTLY),
        ([goals.MISSED, None], GoalStatus.NOT_MET),
        ([None], GoalStatus.UNKNOWN),
        ([], GoalStatus.UNKNOWN),
    ],
)
def test_goal_status_is_proposed_from_indicator_states(states, status):
    assert goals.propose_status(states) == status


def test_manager_confirms_the_proposed_status(client):
    manager = UserFactory(manager=True)
    goal = Goal.objects.create(year=2024, level=GoalLevel.COMMITTEE, title="Goda uppväxtvillkor")
    client.force_login(manager)
    response = client.post(
        reverse("reports:goal_confirm", args=[goal.pk]),
        {"status": GoalStatus.PARTLY, "comment": "Ett av två mål nås."},
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert (goal.status, goal.confirmed_by) == (GoalStatus.PARTLY, manager)
    assert goal.confirmed_at is not None


def test_case_worker_cannot_confirm_a_goal(client):
    goal = Goal.objects.create(year=2024, level=GoalLevel.COMMITTEE, title="Mål")
    client.force_login(UserFactory(case_worker=True))
    response = client.post(reverse("reports:goal_confirm", args=[goal.pk]), {"status": "met"})
    assert response.status_code == 404
    goal.refresh_from_db()
    assert goal.status == ""


def test_indicator_page_shows_tables(client, controller, django_assert_max_num_queries):
    indicator = _manual()
    IndicatorValue.objects.create(indicator=indicator, year=2024, value=Decimal("89.5"))
    goal = Goal.objects.create(year=2024, level=GoalLevel.COMMITTEE, title="Nöjda brukare")
    goal.indicators.add(indicator)
    Indicator.objects.create(
        name="Brister åtgärdade i tid",
        source=IndicatorSource.COMPUTED,
        metric=ComputedMetric.DEFICIENCIES_IN_TIME,
    )
    client.force_login(controller)
    with django_assert_max_num_queries(25):
        response = client.get(reverse("reports:indicator_list") + "?year=2024&org_unit=")
    text = response.content.decode()
    assert "Periodens utfall" in text and "Utfall män/ pojkar" in text and "KF:s årsmål" in text
    assert "89,5 %" in text
    assert "Kan inte bedömas" in text  # no annual target yet


def test_controller_enters_values_with_decimal_comma(client, controller):
    indicator = _manual()
    client.force_login(controller)
    response = client.post(
        reverse("reports:indicator_value", args=[indicator.pk]) + "?year=2024",
        {"period": "2024", "value": "89,5", "annual_target": "85", "council_target_text": "-"},
    )
    assert response.status_code == 302
    stored = IndicatorValue.objects.get(indicator=indicator, year=2024)
    assert stored.value == Decimal("89.5")
    assert stored.updated_by == controller


# --- Kolada CSV ------------------------------------------------------------------------


@pytest.fixture
def kolada_indicator():
    return Indicator.objects.create(
        name="Brukarbedömning LSS", source=IndicatorSource.KOLADA, kpi_code="U28110"
    )


GOOD = (
    "kpi;municipality;period;gender;value\n"
    "U28110;1480;2024;T;85,5\n"
    "U28110;1480;2024;K;88\n"
    "U28110;1480;2024;M;83.1\n"
)


def test_kolada_csv_is_imported_with_decimal_commas(kolada_indicator, controller):
    result = kolada.import_csv(GOOD, controller)
    assert result.ok and result.saved == 1
    stored = IndicatorValue.objects.get(indicator=kolada_indicator, year=2024)
    assert (stored.value, stored.value_women, stored.value_men) == (
        Decimal("85.5"),
        Decimal("88"),
        Decimal("83.1"),
    )
    assert stored.imported


def test_kolada_bad_file_reports_every_row_and_saves_nothing(kolada_indicator, controller):
    text = (
        "kpi;municipality;period;gender;value\n"
        "U28110;0180;2024;T;85\n"
        "N99999;1480;2024;T;70\n"
        "U28110;1480;2024;K;abc\n"
        "U28110;1480;2023;T;80\n"
    )
    result = kolada.import_csv(text, controller)
    assert not result.ok
    joined = "\n".join(result.errors)
    assert "Rad 2: kommunkoden 0180 är inte kommunens (1480)" in joined
    assert "Rad 3: nyckeltalet N99999 finns inte" in joined
    assert "Rad 4: värdet abc är inte ett tal" in joined
    assert "Nyckeltal U28110 2023: värde för kvinnor (K) saknas" in joined
    assert not IndicatorValue.objects.exists()


def test_kolada_missing_columns_are_named(kolada_indicator, controller):
    result = kolada.import_csv("kpi;period;value\nU28110;2024;1\n", controller)
    assert result.errors == [
        "Rad 1: kolumnen municipality, gender saknas. Rubrikraden ska vara "
        "kpi;municipality;period;gender;value."
    ]


def test_kolada_upload_page_shows_errors_and_changes_nothing(client, controller, kolada_indicator):
    client.force_login(controller)
    upload = SimpleUploadedFile("kolada.csv", b"kpi;municipality;period;gender;value\nX;1;2;Q;\n")
    response = client.post(reverse("reports:kolada_import"), {"file": upload})
    assert response.status_code == 200
    assert "ingenting är importerat" in response.content.decode()
    assert not IndicatorValue.objects.exists()


def test_demo_seed_is_idempotent_and_links_goals():
    from insyn.core.demo import DemoContext
    from insyn.reports import demo

    ctx = DemoContext(today=dt.date(2026, 11, 24), log=lambda message: None)
    demo.seed(ctx)
    demo.seed(ctx)
    assert Indicator.objects.count() == 7
    # Two flat goals and the chain: 2 inriktningsmål, 2 KF-mål, 2 nämndmål, 1 enhetsmål.
    assert Goal.objects.filter(year=2026).count() == 2 + 7
    assert Goal.objects.filter(year=2026, level="direction", parent=None).count() == 2
    assert Goal.objects.filter(year=2026, level="unit").get().parent.parent.parent.level == (
        "direction"
    )
    assert GoalActivity.objects.count() == 1


def test_controller_changes_an_indicator_source_needs_its_code(client, controller):
    indicator = _manual()
    client.force_login(controller)
    url = reverse("reports:indicator_edit", args=[indicator.pk])
    data = {"name": "Nöjda brukare", "unit": "%", "source": "kolada", "sort_order": 0}
    response = client.post(url, data)
    assert "Ange nyckeltalets Kolada-id" in response.content.decode()
    response = client.post(url, {**data, "kpi_code": "U28110", "split_by_gender": "on"})
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert (indicator.source, indicator.kpi_code) == ("kolada", "U28110")


def test_indicator_values_as_csv_for_a_reporting_system(client, controller):
    indicator = Indicator.objects.create(name="Andel nöjda", kpi_code="U28110")
    IndicatorValue.objects.create(
        indicator=indicator, year=2024, period="2024", value=Decimal("89.50"),
        value_men=Decimal("85"), value_women=Decimal("93"), annual_target=Decimal("85"),
        council_target_text="Tas fram av nämnd",
    )  # fmt: skip
    IndicatorValue.objects.create(indicator=indicator, year=2023, value=Decimal("86"))
    client.force_login(controller)
    response = client.get(reverse("reports:indicator_csv") + "?year=2024&org_unit=")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("indikator_id;kolada_id;indikator;enhet;")
    pk = indicator.pk
    assert lines[1:] == [
        f"{pk};U28110;Andel nöjda;%;;Hela kommunen;2024;2024;T;89.5;86;85;Tas fram av nämnd",
        f"{pk};U28110;Andel nöjda;%;;Hela kommunen;2024;2024;K;93;;;",
        f"{pk};U28110;Andel nöjda;%;;Hela kommunen;2024;2024;M;85;;;",
    ]


# --- A gender split larger than its total (issue 15, bad input) -------------------------------


@pytest.mark.parametrize(
    ("unit", "total", "men", "women", "message"),
    [
        ("st", 10, 5, 7, "Kvinnor och män (12) kan inte vara fler än totalt (10)."),
        ("antal", None, 2, 3, "Ange utfallet totalt när kvinnor och män anges."),
        ("%", 88, 101, 80, "En andel kan inte vara större än 100 %."),
        ("st", 12, 5, 7, None),  # exactly the total
        ("%", 88, 80, 93, None),  # a share of women above the total is possible
        ("poäng", 70, 90, 50, None),  # so is a mean
    ],
)
def test_gender_split_error(unit, total, men, women, message):
    as_decimal = [None if v is None else Decimal(v) for v in (total, men, women)]
    assert indicators.gender_split_error(unit, *as_decimal) == message


def test_value_form_refuses_a_split_larger_than_the_total_and_saves_nothing(client, controller):
    indicator = _manual()
    indicator.unit, indicator.split_by_gender = "st", True
    indicator.save()
    client.force_login(controller)
    response = client.post(
        reverse("reports:indicator_value", args=[indicator.pk]) + "?year=2024",
        {"period": "2024", "value": "10", "value_men": "5", "value_women": "7"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["value"] == [
        "Kvinnor och män (12) kan inte vara fler än totalt (10)."
    ]
    assert not IndicatorValue.objects.exists()


def test_kolada_refuses_a_share_above_100_and_saves_nothing(kolada_indicator, controller):
    kolada_indicator.split_by_gender = True
    kolada_indicator.save()
    text = GOOD.replace("U28110;1480;2024;K;88", "U28110;1480;2024;K;120")
    result = kolada.import_csv(text, controller)
    assert result.errors == ["Nyckeltal U28110 2024: En andel kan inte vara större än 100 %."]
    assert not IndicatorValue.objects.exists()


def test_controller_enters_a_value_with_spaces_between_the_thousands(client, controller):
    indicator = Indicator.objects.create(
        name="Antal vårddygn", unit="dygn", source=IndicatorSource.MANUAL
    )
    client.force_login(controller)
    response = client.post(
        reverse("reports:indicator_value", args=[indicator.pk]) + "?year=2024",
        {
            "period": "2024",
            "value": "1 250,5",
            "annual_target": "1\u00a0300",
            "council_target_text": "-",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    stored = IndicatorValue.objects.get(indicator=indicator, year=2024)
    assert (stored.value, stored.annual_target) == (Decimal("1250.5"), Decimal("1300"))
