"""The rules page: everyone in the municipality reads the rules; controllers and admins
change them; bad values are refused and nothing changes."""

import pytest
from django.urls import reverse

from insyn.feedback.constants import Concern, DayType
from insyn.feedback.models import FeedbackSettings, HandlingTarget

pytestmark = pytest.mark.django_db


def post_data(**overrides):
    targets = list(HandlingTarget.objects.order_by("concern"))
    data = {
        "rules-alert_on_serious": "on",
        "rules-complaint_threshold": "3",
        "rules-complaint_window_days": "90",
        "rules-retention_days": "730",
        "rules-default_target_days": "20",
        "rules-default_target_day_type": DayType.WORKING,
        "targets-TOTAL_FORMS": str(len(targets)),
        "targets-INITIAL_FORMS": str(len(targets)),
        "targets-MIN_NUM_FORMS": "0",
        "targets-MAX_NUM_FORMS": "1000",
    }
    for i, target in enumerate(targets):
        data[f"targets-{i}-id"] = str(target.pk)
        data[f"targets-{i}-days"] = str(target.days)
        data[f"targets-{i}-day_type"] = target.day_type
    data.update(overrides)
    return data


def test_every_category_has_a_default_target_listed(client, case_worker):
    client.force_login(case_worker)
    body = client.get(reverse("feedback:rules")).content.decode()
    assert HandlingTarget.objects.count() == len(Concern.choices)
    for _value, label in Concern.choices:
        assert label in body
    assert "3 eller fler klagomål om samma verksamhet inom 90 dagar" in body


def test_controller_changes_the_rules(client, controller):
    client.force_login(controller)
    index = list(HandlingTarget.objects.order_by("concern")).index(
        HandlingTarget.objects.get(concern=Concern.STAFFING)
    )
    response = client.post(
        reverse("feedback:rules"),
        post_data(
            **{
                "rules-complaint_threshold": "4",
                f"targets-{index}-days": "5",
                f"targets-{index}-day_type": DayType.CALENDAR,
            }
        ),
    )
    assert response.status_code == 302
    assert FeedbackSettings.load().complaint_threshold == 4
    target = HandlingTarget.objects.get(concern=Concern.STAFFING)
    assert (target.days, target.day_type) == (5, DayType.CALENDAR)


def test_bad_values_are_refused_and_nothing_changes(client, controller):
    client.force_login(controller)
    response = client.post(
        reverse("feedback:rules"),
        post_data(**{"rules-complaint_threshold": "0", "targets-0-days": "400"}),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Antal klagomål måste vara minst 1" in body
    assert "mellan 1 och 365 dagar" in body
    assert FeedbackSettings.load().complaint_threshold == 3
    assert not HandlingTarget.objects.filter(days=400).exists()


def test_case_worker_cannot_change_the_rules(client, case_worker):
    client.force_login(case_worker)
    response = client.post(reverse("feedback:rules"), post_data(**{"rules-retention_days": "1"}))
    assert response.status_code == 403
    assert FeedbackSettings.load().retention_days == 730
