"""Counts instead of texts (issue 12 item 3, OSL 26 kap.): of other districts a coordinator or
case worker sees counts, categories and statuses, not the texts, unless their membership is
central; the placement officer sees counts, categories and statuses across the municipality
and no text anywhere (list, item pages, API, CSV export, the unit page)."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from insyn.accounts.constants import OrgUnitKind
from insyn.accounts.models import OrgUnit
from insyn.accounts.tests.factories import UserFactory
from insyn.core.tests.recent_login import log_in_recently
from insyn.feedback import queries
from insyn.feedback.constants import Concern, Kind, Status
from insyn.feedback.tests.factories import FeedbackItemFactory
from insyn.registry.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

TEXT_A = "Lundbytext: brukaren fick fel medicin vid kvällen."
TEXT_B = "Angeredtext: personalen låste in brukaren på rummet."
TEXT_B2 = "Angeredtext två: ingen kontakt med god man."


@pytest.fixture
def world():
    kommun = OrgUnit.objects.create(name="Demokommunen", kind=OrgUnitKind.MUNICIPALITY)
    lundby = OrgUnit.objects.create(name="Lundby", kind=OrgUnitKind.DISTRICT, parent=kommun)
    angered = OrgUnit.objects.create(name="Angered", kind=OrgUnitKind.DISTRICT, parent=kommun)
    unit = UnitFactory(name="HVB Granen")
    own = FeedbackItemFactory(unit=unit, district=lundby, text=TEXT_A)
    # Angered: two complaints about treatment (one sent, one closed) and one Lex Sarah.
    sent = FeedbackItemFactory(unit=unit, district=angered, text=TEXT_B, status=Status.SENT)
    closed = FeedbackItemFactory(unit=unit, district=angered, text=TEXT_B2, status=Status.CLOSED)
    sarah = FeedbackItemFactory(
        unit=unit, district=angered, kind=Kind.LEX_SARAH, concern="", text=TEXT_B2
    )
    return {
        "kommun": kommun,
        "lundby": lundby,
        "angered": angered,
        "unit": unit,
        "own": own,
        "others": [sent, closed, sarah],
        "coordinator": UserFactory(coordinator=True, org_unit=lundby),
        "placement_officer": UserFactory(placement_officer=True, org_unit=kommun),
    }


def _rows(rows):
    return [(r.district, r.kind, r.concern, r.status, r.n) for r in rows]


def test_counts_for_coordinator_are_the_other_districts_grouped(world):
    rows = queries.counts_for(world["coordinator"])
    treatment = Concern.TREATMENT.label
    assert sorted(_rows(rows)) == sorted(
        [
            ("Angered", "Klagomål", treatment, "Skickad till utföraren", 1),
            ("Angered", "Klagomål", treatment, "Avslutad", 1),
            ("Angered", "Lex Sarah-rapport", "–", "Registrerad", 1),
        ]
    )


def test_counts_for_placement_officer_cover_the_municipality(world):
    rows = queries.counts_for(world["placement_officer"], by=("district", "status"))
    assert sorted(_rows(rows)) == sorted(
        [
            ("Angered", "", "", "Avslutad", 1),
            ("Angered", "", "", "Registrerad", 1),
            ("Angered", "", "", "Skickad till utföraren", 1),
            ("Lundby", "", "", "Registrerad", 1),
        ]
    )
    assert not queries.items_for(world["placement_officer"]).exists()


def test_counts_by_unknown_field_refused(world):
    with pytest.raises(ValueError, match="text"):
        queries.counts_for(world["coordinator"], by=("text",))


def test_coordinator_reads_own_texts_and_only_counts_of_the_other_district(client, world):
    client.force_login(world["coordinator"])
    page = client.get(reverse("feedback:list")).content.decode()
    assert "Andra distrikt" in page
    assert "Angered" in page
    for text in (TEXT_B, TEXT_B2, "Angeredtext"):
        assert text not in page
    for item in world["others"]:
        assert reverse("feedback:detail", args=[item.pk]) not in page
    assert reverse("feedback:detail", args=[world["own"].pk]) in page
    detail = client.get(reverse("feedback:detail", args=[world["own"].pk])).content.decode()
    assert TEXT_A in detail
    api = client.get("/api/v1/feedback/")
    assert [row["id"] for row in api.json()["results"]] == [world["own"].pk]
    assert "Angeredtext" not in api.content.decode()
    unit_page = client.get(reverse("registry:unit_detail", args=[world["unit"].pk]))
    html = unit_page.content.decode()
    assert "Angeredtext" not in html
    assert "Öppna: 2" in html  # Angered's sent complaint and its Lex Sarah report


def test_placement_officer_sees_counts_and_no_text_anywhere(client, world):
    log_in_recently(client, world["placement_officer"])
    page = client.get(reverse("feedback:list")).content.decode()
    assert "Synpunkter i kommunen" in page
    assert "Lundby" in page and "Angered" in page
    for text in (TEXT_A, TEXT_B, TEXT_B2):
        assert text not in page
    for item in [world["own"], *world["others"]]:
        assert client.get(reverse("feedback:detail", args=[item.pk])).status_code == 404
        assert client.get(f"/api/v1/feedback/{item.pk}/").status_code == 404
    api = client.get("/api/v1/feedback/")
    assert api.status_code == 200
    assert api.json()["results"] == []
    export = client.get(reverse("feedback:export"))
    assert export.status_code == 200
    csv = b"".join(export.streaming_content).decode()
    assert len(csv.strip().splitlines()) == 1  # the header only
    unit_page = client.get(reverse("registry:unit_detail", args=[world["unit"].pk]))
    assert unit_page.status_code == 200
    html = unit_page.content.decode()
    for text in (TEXT_A, TEXT_B, TEXT_B2):
        assert text not in html
    assert "Öppna: 3" in html  # Lundby's registered, Angered's sent and Lex Sarah


def test_placement_pages_keep_working(client, world):
    client.force_login(world["placement_officer"])
    assert client.get(reverse("placement:search")).status_code == 200


def test_central_membership_reads_every_district_and_counts_nothing(client, world):
    central = UserFactory(coordinator=True, org_unit=world["kommun"])
    assert set(queries.items_for(central)) == {world["own"], *world["others"]}
    assert queries.counts_for(central) == []
    client.force_login(central)
    page = client.get(reverse("feedback:list")).content.decode()
    assert "Andra distrikt" not in page
    for item in world["others"]:
        assert reverse("feedback:detail", args=[item.pk]) in page
    detail = client.get(reverse("feedback:detail", args=[world["others"][0].pk]))
    assert TEXT_B in detail.content.decode()


def test_counts_section_costs_the_same_for_many_districts(
    client, world, django_assert_max_num_queries
):
    client.force_login(world["coordinator"])
    client.get(reverse("feedback:list"))
    cache.clear()  # counted afresh: the grouped query and the cache's write
    with django_assert_max_num_queries(16) as before:
        client.get(reverse("feedback:list"))
    for n in range(6):
        district = OrgUnit.objects.create(
            name=f"Distrikt {n}", kind=OrgUnitKind.DISTRICT, parent=world["kommun"]
        )
        for status in (Status.REGISTERED, Status.SENT, Status.CLOSED):
            FeedbackItemFactory(unit=world["unit"], district=district, status=status)
    cache.clear()
    with django_assert_max_num_queries(len(before.captured_queries)):
        page = client.get(reverse("feedback:list")).content.decode()
    assert "Distrikt 5" in page


def test_the_overview_pivots_districts_and_categories_by_kind():
    treatment = Concern.TREATMENT.label
    rows = [
        queries.CountRow(1, "Angered", "Klagomål", treatment, "Skickad till utföraren", True),
        queries.CountRow(1, "Angered", "Klagomål", treatment, "Avslutad", False),
        queries.CountRow(1, "Angered", "Lex Sarah-rapport", "–", "Registrerad", True),
        queries.CountRow(4, "Biskopsgården", "Beröm", "–", "Avslutad", False),
    ]
    overview = queries.overview_from(rows)
    # Columns in the order of the kinds' choices, only those that occur.
    assert overview.kinds == ("Klagomål", "Beröm", "Lex Sarah-rapport")
    assert overview.districts == (
        queries.OverviewRow("Angered", (2, 0, 1), 2, 3),
        queries.OverviewRow("Biskopsgården", (0, 4, 0), 0, 4),
    )
    assert overview.concerns == (
        queries.OverviewRow(treatment, (2, 0, 0), 1, 2),
        queries.OverviewRow("–", (0, 4, 1), 1, 5),
    )
    assert overview.total == queries.OverviewRow("Totalt", (2, 4, 1), 2, 7)
    assert queries.overview_from([]) is None


def _counted(user):
    """The overview and whether the grouped count ran (else it came from the cache)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        overview = queries.counts_overview(user)
    return overview, any("COUNT(" in q["sql"].upper() for q in ctx.captured_queries)


def test_the_overview_is_cached_until_an_item_changes(world):
    coordinator = world["coordinator"]
    first, counted = _counted(coordinator)
    assert first.total.total == 3 and counted
    assert _counted(coordinator) == (first, False)
    FeedbackItemFactory(unit=world["unit"], district=world["angered"], kind=Kind.PRAISE)
    after, counted = _counted(coordinator)
    assert after.total.total == 4 and counted
    # Another coordinator of the same district shares the entry; the central one counts none.
    colleague = UserFactory(coordinator=True, org_unit=world["lundby"])
    assert _counted(colleague) == (after, False)
    assert queries.counts_overview(UserFactory(coordinator=True, org_unit=world["kommun"])) is None
