"""The feedback tertial table: counts per row and tertial, the date-received rule at the
boundaries, org-unit scoping, the controller's notes, the page and the command."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from insyn.accounts.constants import OrgUnitKind
from insyn.accounts.tests.factories import OrgUnitFactory, UserFactory
from insyn.feedback.constants import (
    Concern,
    DeviationConcern,
    DeviationIdentifiedBy,
    DeviationSubject,
    Kind,
    Source,
)
from insyn.feedback.tests.factories import FeedbackItemFactory
from insyn.registry.tests.factories import UnitFactory
from insyn.reports import tertial
from insyn.reports.models import FeedbackTableNote

pytestmark = pytest.mark.django_db

# Every row of the table for district A in 2024, in the seed's order: (key, T1, T2, VB).
EXPECTED_A_2024 = [
    ("ivo_lex_sarah", 0, 0, 1),
    ("deviation_by_partner", 0, 0, 0),
    ("deviation_by_staff", 0, 0, 1),
    ("praise", 1, 0, 0),
    ("from_other", 0, 0, 0),
    ("from_client", 1, 1, 0),
    ("from_staff", 0, 0, 0),
    ("from_relative", 0, 1, 0),
    ("from_partner", 1, 0, 0),
    ("lex_sarah", 0, 0, 1),
    ("lex_maria", 0, 1, 0),
    ("concern_other", 0, 0, 0),
    ("concern_staffing", 1, 0, 0),
    ("concern_treatment", 1, 0, 0),
    ("concern_decision", 0, 0, 0),
    ("concern_information", 0, 1, 0),
    ("concern_routines", 0, 0, 0),
    ("concern_question", 0, 1, 0),
    ("concern_environment", 0, 0, 0),
    ("concern_personal_data", 0, 0, 0),
    ("concern_competence", 0, 0, 0),
    ("concern_technology", 0, 0, 0),
    ("concern_accessibility", 0, 0, 0),
    ("concern_missed_service", 0, 0, 0),
    ("deviation_concern_other", 0, 0, 0),
    ("deviation_concern_treatment", 0, 0, 0),
    ("deviation_concern_legal_certainty", 0, 0, 0),
    ("deviation_concern_execution", 0, 0, 1),
    ("deviation_concern_environment", 0, 0, 0),
    ("deviation_subject_other_unit", 0, 0, 1),
    ("deviation_subject_own_unit", 0, 0, 0),
    ("feedback_given", 1, 0, 0),
    ("actions_taken", 1, 0, 0),
]


@pytest.fixture
def org():
    committee = OrgUnitFactory(name="Socialnämnden", kind=OrgUnitKind.COMMITTEE)
    district_a = OrgUnitFactory(name="Stadsdel A", parent=committee)
    district_b = OrgUnitFactory(name="Stadsdel B")
    return {"committee": committee, "a": district_a, "b": district_b}


@pytest.fixture
def items(org):
    a = org["a"]
    unit_a = UnitFactory(district=a)
    complaint = {"unit": unit_a, "district": a, "kind": Kind.COMPLAINT}
    # T1: the last day of April.
    FeedbackItemFactory(
        **complaint,
        source=Source.CLIENT,
        concern=Concern.TREATMENT,
        received_on=dt.date(2024, 4, 30),
        feedback_given_on=dt.date(2024, 5, 20),
        answered_at=timezone.now(),
    )
    FeedbackItemFactory(unit=unit_a, district=a, kind=Kind.PRAISE, received_on=dt.date(2024, 1, 1))
    # No district on the item: the unit's district decides.
    FeedbackItemFactory(
        unit=unit_a,
        district=None,
        kind=Kind.COMPLAINT,
        source=Source.PARTNER,
        concern=Concern.STAFFING,
        received_on=dt.date(2024, 2, 10),
    )
    # T2: the first of May and the last of August.
    FeedbackItemFactory(
        **complaint,
        source=Source.RELATIVE,
        concern=Concern.INFORMATION,
        received_on=dt.date(2024, 5, 1),
    )
    FeedbackItemFactory(
        unit=unit_a,
        district=a,
        kind=Kind.SUGGESTION,
        source=Source.CLIENT,
        concern=Concern.QUESTION,
        received_on=dt.date(2024, 8, 31),
    )
    FeedbackItemFactory(
        unit=unit_a, district=a, kind=Kind.LEX_MARIA, received_on=dt.date(2024, 6, 15)
    )
    # VB: the first of September and the last of December.
    FeedbackItemFactory(
        unit=unit_a,
        district=a,
        kind=Kind.DEVIATION,
        deviation_identified_by=DeviationIdentifiedBy.STAFF,
        deviation_concern=DeviationConcern.EXECUTION,
        deviation_subject=DeviationSubject.OTHER_UNIT,
        received_on=dt.date(2024, 9, 1),
    )
    FeedbackItemFactory(
        unit=unit_a,
        district=a,
        kind=Kind.LEX_SARAH,
        reported_to_ivo=True,
        received_on=dt.date(2024, 12, 31),
    )
    # Outside the year: 31 December before and 1 January after.
    FeedbackItemFactory(**complaint, received_on=dt.date(2023, 12, 31))
    FeedbackItemFactory(**complaint, received_on=dt.date(2025, 1, 1))
    # Another district: only in the whole municipality.
    FeedbackItemFactory(
        unit=UnitFactory(district=org["b"]),
        district=org["b"],
        kind=Kind.COMPLAINT,
        received_on=dt.date(2024, 3, 1),
    )


def _as_tuples(table):
    return [(row.key, *row.counts) for row in table.rows]


def test_table_for_a_district_matches_the_hand_counted_table(org, items):
    table = tertial.feedback_table(2024, org["a"])
    assert _as_tuples(table) == EXPECTED_A_2024


def test_committee_includes_its_districts(org, items):
    assert _as_tuples(tertial.feedback_table(2024, org["committee"])) == EXPECTED_A_2024


def test_whole_municipality_adds_other_districts(org, items):
    rows = {k: (t1, t2, vb) for k, t1, t2, vb in _as_tuples(tertial.feedback_table(2024))}
    assert rows["concern_treatment"] == (2, 0, 0)  # the other district's complaint in March
    assert rows["from_client"] == (2, 1, 0)


def test_every_seed_row_is_shown_in_order_even_when_zero(org):
    table = tertial.feedback_table(2024, org["a"])
    assert [r.key for r in table.rows] == [key for key, *_ in EXPECTED_A_2024]
    assert all(r.counts == [0, 0, 0] for r in table.rows)
    assert [g.label for g in table.groups][0].startswith("Antal rapporter som bedömts")
    assert table.groups[-1].label == "Åtgärder"


def test_accumulated_total_is_the_sum_of_the_tertials(org, items):
    table = tertial.feedback_table(2024, org["a"])
    row = next(r for r in table.rows if r.key == "from_client")
    assert row.total == 2


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2024, 4, 30), 1),
        (dt.date(2024, 5, 1), 2),
        (dt.date(2024, 8, 31), 2),
        (dt.date(2024, 9, 1), 3),
        (dt.date(2024, 12, 31), 3),
        (dt.date(2024, 1, 1), 1),
    ],
)
def test_date_received_decides_the_tertial(org, day, expected):
    FeedbackItemFactory(unit=UnitFactory(district=org["a"]), district=org["a"], received_on=day)
    counts = tertial.feedback_table_aggregate(2024, org["a"])["concern_treatment"]
    assert counts == [1 if i + 1 == expected else 0 for i in range(3)]
    assert tertial.tertial_of(day) == expected


def test_the_table_is_one_sql_aggregate(org, items, django_assert_num_queries):
    with django_assert_num_queries(2):  # the org unit tree has one level below A; then the count
        tertial.feedback_table_aggregate(2024, org["a"])


# --- the page --------------------------------------------------------------------------


def _url(year=2024, org_unit=None):
    return reverse("reports:feedback_table") + f"?year={year}&org_unit={org_unit or ''}"


def test_controller_sees_the_table_with_the_rule(client, controller, org, items):
    client.force_login(controller)
    response = client.get(_url(org_unit=org["a"].pk))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Redovisning av synpunkter och klagomål 2024 – Stadsdel A" in text
    assert "Datum inkommen avgör tertialen" in text
    assert "Sammanfattning och planerade åtgärder" in text


def test_page_query_count_is_bounded(client, controller, org, items, django_assert_max_num_queries):
    client.force_login(controller)
    with django_assert_max_num_queries(12):
        client.get(_url(org_unit=org["a"].pk))


def test_controller_saves_a_note_for_a_row(client, controller, org):
    client.force_login(controller)
    response = client.post(
        reverse("reports:feedback_table"),
        {
            "year": 2024,
            "org_unit": org["a"].pk,
            "note_concern_treatment": "Utbildning i bemötande.",
        },
    )
    assert response.status_code == 302
    note = FeedbackTableNote.objects.get()
    assert (note.year, note.org_unit, note.row_key) == (2024, org["a"], "concern_treatment")
    assert note.text == "Utbildning i bemötande."
    assert note.updated_by == controller
    page = client.get(_url(org_unit=org["a"].pk)).content.decode()
    assert "Utbildning i bemötande." in page


def test_notes_are_kept_per_year_and_org_unit(client, controller, org):
    client.force_login(controller)
    client.post(
        reverse("reports:feedback_table"),
        {"year": 2024, "org_unit": org["a"].pk, "note_praise": "A 2024"},
    )
    client.post(
        reverse("reports:feedback_table"),
        {"year": 2024, "org_unit": "", "note_praise": "Kommunen 2024"},
    )
    assert tertial.table_notes(2024, org["a"]) == {"praise": "A 2024"}
    assert tertial.table_notes(2024, None) == {"praise": "Kommunen 2024"}
    assert tertial.table_notes(2023, org["a"]) == {}


def test_coordinator_sees_own_district_by_default(client, org, items):
    coordinator = UserFactory(coordinator=True, org_unit=org["a"])
    client.force_login(coordinator)
    response = client.get(reverse("reports:feedback_table") + "?year=2024")
    assert response.status_code == 200
    assert "2024 – Stadsdel A" in response.content.decode()


def test_user_who_may_not_see_the_org_unit_gets_404_and_nothing_is_saved(client, org):
    coordinator = UserFactory(coordinator=True, org_unit=org["a"])
    client.force_login(coordinator)
    assert client.get(_url(org_unit=org["b"].pk)).status_code == 404
    response = client.post(
        reverse("reports:feedback_table"),
        {"year": 2024, "org_unit": org["b"].pk, "note_praise": "Får inte sparas"},
    )
    assert response.status_code == 404
    assert not FeedbackTableNote.objects.exists()


def test_district_user_may_not_ask_for_the_whole_municipality(client, org):
    client.force_login(UserFactory(case_worker=True, org_unit=org["a"]))
    assert client.get(_url(org_unit="")).status_code == 403


def test_case_worker_cannot_save_notes(client, org):
    client.force_login(UserFactory(case_worker=True, org_unit=org["a"]))
    response = client.post(
        reverse("reports:feedback_table"),
        {"year": 2024, "org_unit": org["a"].pk, "note_praise": "Nej"},
    )
    assert response.status_code == 403
    assert not FeedbackTableNote.objects.exists()


def test_provider_never_sees_the_table(client, provider_user):
    client.force_login(provider_user)
    assert client.get(_url()).status_code == 403


def test_unknown_org_unit_is_404(client, controller):
    client.force_login(controller)
    assert client.get(_url(org_unit=999999)).status_code == 404


def test_csv_download_has_every_row(client, controller, org, items):
    client.force_login(controller)
    response = client.get(
        reverse("reports:feedback_table_csv") + f"?year=2024&org_unit={org['a'].pk}"
    )
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("Uppdelning;Klagomål/synpunkter/kategorier;Utfall T1")
    assert len(lines) == 1 + len(tertial.ROWS)
    assert "Bemötande;1;0;0;1;" in lines[14]


# --- the command -----------------------------------------------------------------------


def test_command_prints_a_text_table(org, items):
    out = StringIO()
    call_command("feedback_table", "--year", "2024", "--org-unit", str(org["a"].pk), stdout=out)
    text = out.getvalue()
    assert "Redovisning av synpunkter och klagomål 2024 – Stadsdel A" in text
    assert "Antal beröm" in text
    assert "Datum inkommen avgör tertialen" in text


def test_command_json_has_the_counts(org, items):
    out = StringIO()
    call_command(
        "feedback_table",
        "--year",
        "2024",
        "--org-unit",
        str(org["a"].pk),
        "--format",
        "json",
        stdout=out,
    )
    data = json.loads(out.getvalue())
    rows = {r["key"]: (r["t1"], r["t2"], r["vb"], r["total"]) for r in data["rows"]}
    assert rows == {key: (t1, t2, vb, t1 + t2 + vb) for key, t1, t2, vb in EXPECTED_A_2024}


def test_command_csv_for_whole_municipality(org, items):
    out = StringIO()
    call_command("feedback_table", "--year", "2024", "--format", "csv", stdout=out)
    assert "Lex Maria;0;1;0;1;" in out.getvalue()


def test_command_refuses_unknown_org_unit():
    with pytest.raises(CommandError, match="finns inte"):
        call_command("feedback_table", "--year", "2024", "--org-unit", "424242")
