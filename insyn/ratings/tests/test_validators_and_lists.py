import datetime as dt

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from insyn.core.identity import contains_identity_number as contains_personnummer
from insyn.ratings import scoring
from insyn.ratings.tests.factories import PlacementFactory, RatingFactory


@pytest.mark.parametrize(
    "text",
    ["19121212-1212", "121212-1212", "1212121212", "191212121212", "Ärende 121212+1212 avser"],
)
def test_personnummer_in_any_usual_form_is_detected(text):
    assert contains_personnummer(text)


@pytest.mark.parametrize("text", ["IFO-2026-00123", "121212-1213", "2026-1234", "DNR 1234567890"])
def test_case_references_and_invalid_numbers_pass(text):
    assert not contains_personnummer(text)


@given(st.lists(st.integers(min_value=1, max_value=4), min_size=1, max_size=10))
def test_score_is_between_0_and_100_and_max_answers_give_100(points):
    value = scoring.score(points, 4 * len(points))
    assert 0 <= value <= 100
    assert scoring.score([4] * len(points), 4 * len(points)) == 100


@pytest.mark.django_db
def test_placement_list_query_count_is_constant(client, controller, django_assert_max_num_queries):
    for _ in range(3):
        RatingFactory(placement__start_date=dt.date(2026, 1, 1))
    for _ in range(3):
        PlacementFactory()
    client.force_login(controller)
    client.get(reverse("ratings:tasks"))
    with django_assert_max_num_queries(10):
        response = client.get(reverse("ratings:tasks"))
    assert response.content.decode().count("/rating/placeringar/") >= 6
    for _ in range(10):
        RatingFactory()
    with django_assert_max_num_queries(10):
        client.get(reverse("ratings:tasks"))


@pytest.mark.parametrize("text", ["Ärende 811278-9873", "811218\u20139876", "19811218 9876"])
def test_case_reference_with_a_samordningsnummer_or_unusual_separator_is_refused(text):
    from django.core.exceptions import ValidationError

    from insyn.ratings.validators import validate_no_personnummer

    with pytest.raises(ValidationError, match="samordningsnummer"):
        validate_no_personnummer(text)
