import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from insyn.accounts.tests.factories import OrgUnitFactory, UserFactory
from insyn.ratings import services
from insyn.ratings.models import Placement, Rating
from insyn.ratings.services import RatingError
from insyn.ratings.tests.factories import PlacementFactory, RatingFactory, active_questionnaire

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 24)


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def answers(points_by_key):
    """{question_id: alternative_id} choosing the alternative with the given points."""
    result = {}
    for question in active_questionnaire().questions.all():
        alt = question.alternatives.get(points=points_by_key[question.key])
        result[question.pk] = alt.pk
    return result


ALL_GOOD = {"competence": 4, "treatment": 3, "cooperation": 3, "goals": 4, "place_again": 2}


def post_data(points_by_key):
    return {f"q_{q}": a for q, a in answers(points_by_key).items()}


def test_default_questionnaire_has_five_swedish_questions_with_points():
    q = active_questionnaire()
    assert q.version == 1
    texts = [question.text for question in q.questions.all()]
    assert len(texts) == 5
    assert texts[0].startswith("Hur bedömer du utförarens kompetens")
    assert q.max_points == 20


@time_machine.travel(TODAY, tick=False)
def test_case_worker_registers_placement_and_rating_is_due_after_sixty_days(client, unit):
    worker = UserFactory(case_worker=True, org_unit=OrgUnitFactory(name="Askim"))
    client.force_login(worker)
    response = client.post(
        reverse("ratings:placement_create"),
        {
            "case_reference": "IFO-2026-123",
            "unit": unit.pk,
            "district": worker.org_unit_id,
            "case_worker": worker.pk,
            "start_date": "2026-11-01",
            "category": unit.category_id,
            "client_gender": "any",
        },
    )
    placement = Placement.objects.get()
    assert response.status_code == 302
    assert placement.rating_due_on == dt.date(2026, 12, 31)
    assert placement.registered_by == worker


def test_case_reference_with_personnummer_is_rejected_in_swedish(client, unit):
    worker = UserFactory(case_worker=True, org_unit=OrgUnitFactory())
    client.force_login(worker)
    response = client.post(
        reverse("ratings:placement_create"),
        {
            "case_reference": "19121212-1212",
            "unit": unit.pk,
            "district": worker.org_unit_id,
            "case_worker": worker.pk,
            "start_date": "2026-11-01",
            "category": unit.category_id,
            "client_gender": "any",
        },
    )
    assert response.status_code == 200
    assert "får inte innehålla ett personnummer" in response.content.decode()
    assert not Placement.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_ordering_case_worker_submits_rating_and_gets_score(client):
    placement = PlacementFactory(start_date=TODAY - dt.timedelta(days=61))
    client.force_login(placement.case_worker)
    response = client.post(reverse("ratings:rate", args=[placement.pk]), post_data(ALL_GOOD))
    assert response.status_code == 302
    rating = Rating.objects.get()
    # 4+3+3+4+2 = 16 of 20
    assert (rating.points_total, rating.max_points, str(rating.score)) == (16, 20, "80.0")
    assert rating.answers.count() == 5


@time_machine.travel(TODAY, tick=False)
def test_second_rating_is_refused_and_first_is_kept(client):
    placement = PlacementFactory(start_date=TODAY - dt.timedelta(days=61))
    services.submit_rating(placement, placement.case_worker, answers(ALL_GOOD))
    client.force_login(placement.case_worker)
    worse = dict.fromkeys(ALL_GOOD, 1)
    response = client.post(
        reverse("ratings:rate", args=[placement.pk]), post_data(worse), follow=True
    )
    assert "redan fått en rating" in response.content.decode()
    assert Rating.objects.get().points_total == 16


@time_machine.travel(TODAY, tick=False)
def test_case_worker_who_did_not_order_cannot_rate(client):
    placement = PlacementFactory(start_date=TODAY - dt.timedelta(days=61))
    other = UserFactory(case_worker=True)
    client.force_login(other)
    response = client.post(reverse("ratings:rate", args=[placement.pk]), post_data(ALL_GOOD))
    assert response.status_code == 404  # another district's placement: not even visible
    colleague = UserFactory(case_worker=True, org_unit=placement.district)
    client.force_login(colleague)
    response = client.post(reverse("ratings:rate", args=[placement.pk]), post_data(ALL_GOOD))
    assert response.status_code == 403  # same district sees it, but did not order it
    with pytest.raises(RatingError, match="Bara den handläggare som beställde"):
        services.submit_rating(placement, other, answers(ALL_GOOD))
    assert not Rating.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_answer_outside_the_alternatives_is_refused(client):
    placement = PlacementFactory(start_date=TODAY - dt.timedelta(days=61))
    data = post_data(ALL_GOOD)
    first = next(iter(data))
    data[first] = 999999
    client.force_login(placement.case_worker)
    response = client.post(reverse("ratings:rate", args=[placement.pk]), data)
    assert response.status_code == 200
    assert "Välj ett av svarsalternativen" in response.content.decode()
    bad = answers(ALL_GOOD)
    bad[next(iter(bad))] = 999999
    with pytest.raises(RatingError, match="inte ett av svarsalternativen"):
        services.submit_rating(placement, placement.case_worker, bad)
    assert not Rating.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_rating_before_due_date_is_refused(client):
    placement = PlacementFactory(start_date=TODAY - dt.timedelta(days=10))
    client.force_login(placement.case_worker)
    response = client.get(reverse("ratings:rate", args=[placement.pk]), follow=True)
    assert "kan få rating från och med 2027-01-13" in response.content.decode()
    with pytest.raises(RatingError, match="från och med 2027-01-13"):
        services.submit_rating(placement, placement.case_worker, answers(ALL_GOOD))


@time_machine.travel(TODAY, tick=False)
def test_due_rating_shows_as_task_on_case_workers_start_page(client):
    due = PlacementFactory(start_date=TODAY - dt.timedelta(days=60), case_reference="DUE-1")
    PlacementFactory(
        case_worker=due.case_worker,
        start_date=TODAY - dt.timedelta(days=59),
        case_reference="NOT-YET",
    )
    client.force_login(due.case_worker)
    body = client.get(reverse("home")).content.decode()
    assert "DUE-1" in body
    assert "NOT-YET" not in body


def test_requests_and_reminders_are_mailed_on_schedule(django_capture_on_commit_callbacks):
    with time_machine.travel(dt.datetime(2026, 11, 24, 8, 0), tick=False):
        placement = PlacementFactory(start_date=dt.date(2026, 9, 25))  # due 2026-11-24
        PlacementFactory(start_date=dt.date(2026, 9, 26))  # due tomorrow: nothing yet
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_rating_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
        assert [m.to for m in mail.outbox] == [[placement.case_worker.email]]
        assert "Lämna rating för placering" in mail.outbox[0].subject
        with django_capture_on_commit_callbacks(execute=True):
            services.send_rating_requests()
        assert len(mail.outbox) == 1  # the second is not due; the first is not asked twice
    # 13 days later: the first reminder interval (14 days) has not passed.
    with time_machine.travel(dt.datetime(2026, 12, 7, 8, 0), tick=False):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            services.send_rating_requests()
        assert all("Påminnelse" not in m.subject for m in mail.outbox)
    with time_machine.travel(dt.datetime(2026, 12, 8, 8, 0), tick=False):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            services.send_rating_requests()
        reminders = [m for m in mail.outbox if m.subject.startswith("Påminnelse")]
        assert [m.to for m in reminders] == [[placement.case_worker.email]]
    placement.refresh_from_db()
    assert placement.reminders_sent == 1


def test_answered_placement_gets_no_reminder(django_capture_on_commit_callbacks):
    with time_machine.travel(dt.datetime(2026, 11, 24, 8, 0), tick=False):
        placement = PlacementFactory(start_date=dt.date(2026, 9, 1))
        RatingFactory(placement=placement)
        with django_capture_on_commit_callbacks(execute=True):
            counts = services.send_rating_requests()
    assert counts == {"requested": 0, "reminded": 0}
    assert mail.outbox == []


@time_machine.travel(TODAY, tick=False)
def test_answer_rate_per_district_for_controllers(client, controller):
    askim, majorna = OrgUnitFactory(name="Askim"), OrgUnitFactory(name="Majorna")
    for i in range(4):
        p = PlacementFactory(district=askim, start_date=TODAY - dt.timedelta(days=70 + i))
        if i < 3:
            RatingFactory(placement=p)
    PlacementFactory(district=majorna, start_date=TODAY - dt.timedelta(days=70))
    PlacementFactory(district=majorna, start_date=TODAY - dt.timedelta(days=5))  # not due
    client.force_login(controller)
    body = client.get(reverse("ratings:answer_rates")).content.decode()
    assert "75,0 %" in body or "75.0 %" in body  # Askim 3 of 4
    assert "0,0 %" in body or "0.0 %" in body  # Majorna 0 of 1
    assert client.get(reverse("ratings:answer_rates")).status_code == 200


def test_case_worker_cannot_see_answer_rates(client, case_worker):
    client.force_login(case_worker)
    assert client.get(reverse("ratings:answer_rates")).status_code == 403


@time_machine.travel(TODAY, tick=False)
def test_coordinator_start_page_shows_own_district_answer_rate(client):
    askim = OrgUnitFactory(name="Askim")
    coordinator = UserFactory(coordinator=True, org_unit=askim)
    for i in range(2):
        p = PlacementFactory(district=askim, start_date=TODAY - dt.timedelta(days=70 + i))
        if i == 0:
            RatingFactory(placement=p)
    client.force_login(coordinator)
    body = client.get(reverse("home")).content.decode()
    assert "Svarsfrekvens för rating" in body
    assert "1 av 2" in body
