"""Property: the one SQL aggregate counts exactly what a plain Python count over the same
items gives, for random items around every tertial boundary."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from insyn.accounts.tests.factories import OrgUnitFactory
from insyn.feedback.constants import (
    Concern,
    DeviationConcern,
    DeviationIdentifiedBy,
    DeviationSubject,
    Kind,
    Source,
)
from insyn.feedback.models import FeedbackItem
from insyn.registry.tests.factories import UnitFactory
from insyn.reports import tertial

pytestmark = pytest.mark.django_db

DAYS = [
    dt.date(2023, 12, 31),
    dt.date(2024, 1, 1),
    dt.date(2024, 4, 30),
    dt.date(2024, 5, 1),
    dt.date(2024, 8, 31),
    dt.date(2024, 9, 1),
    dt.date(2024, 12, 31),
    dt.date(2025, 1, 1),
]

item = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(Kind.values),
        "source": st.sampled_from(Source.values),
        "concern": st.sampled_from(Concern.values),
        "deviation_identified_by": st.sampled_from(["", *DeviationIdentifiedBy.values]),
        "deviation_concern": st.sampled_from(["", *DeviationConcern.values]),
        "deviation_subject": st.sampled_from(["", *DeviationSubject.values]),
        "reported_to_ivo": st.booleans(),
        "received_on": st.sampled_from(DAYS),
        "feedback_given_on": st.sampled_from([None, dt.date(2024, 6, 1)]),
    }
)


def expected(items) -> dict[str, list[int]]:
    """The table counted in Python from the row definitions' plain meaning."""
    result = {row.key: [0, 0, 0] for row in tertial.ROWS}
    for data in items:
        if data["received_on"].year != 2024:
            continue
        index = tertial.tertial_of(data["received_on"]) - 1
        kind = data["kind"]
        keys = []
        if kind == Kind.LEX_SARAH and data["reported_to_ivo"]:
            keys.append("ivo_lex_sarah")
        if kind == Kind.DEVIATION:
            for field, prefix in (
                ("deviation_identified_by", "deviation_by_"),
                ("deviation_concern", "deviation_concern_"),
                ("deviation_subject", "deviation_subject_"),
            ):
                if data[field]:
                    keys.append(prefix + data[field])
        if kind == Kind.PRAISE:
            keys.append("praise")
        if kind in (Kind.COMPLAINT, Kind.SUGGESTION):
            keys += [f"from_{data['source']}", f"concern_{data['concern']}"]
        if kind == Kind.LEX_SARAH:
            keys.append("lex_sarah")
        if kind == Kind.LEX_MARIA:
            keys.append("lex_maria")
        if kind == Kind.COMPLAINT and data["feedback_given_on"]:
            keys.append("feedback_given")
        for key in keys:
            result[key][index] += 1
    return result


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(items=st.lists(item, max_size=25))
def test_sql_aggregate_equals_python_count(items):
    FeedbackItem.objects.all().delete()
    district = OrgUnitFactory()
    unit = UnitFactory(district=district)
    FeedbackItem.objects.bulk_create(
        FeedbackItem(unit=unit, provider=unit.provider, district=district, **data) for data in items
    )
    assert tertial.feedback_table_aggregate(2024, district) == expected(items)
