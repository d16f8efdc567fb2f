"""Lex Sarah and Lex Maria reports (missförhållanden) and deviations are registered without a
complaint category and still counted in the annual report (issue 15 item 4). "Annat" asks
what. Hand-computed: in 2026 one Lex Sarah (reported to IVO), one Lex Maria and one
complaint are registered through the page for the same private unit."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from insyn.feedback.constants import Concern, Kind
from insyn.feedback.models import FeedbackItem
from insyn.reports import annual, regi, tertial

pytestmark = pytest.mark.django_db


def _data(unit, **overrides):
    data = {
        "unit": unit.pk,
        "kind": Kind.LEX_SARAH,
        "source": "staff",
        "severity": "high",
        "received_on": "2026-03-02",
        "text": "Brukaren lämnades ensam under natten trots beslut om tillsyn.",
    }
    data.update(overrides)
    return data


def _post(client, data):
    return client.post(reverse("feedback:create"), data)


@time_machine.travel(dt.datetime(2026, 3, 10, 10, 0), tick=False)
def test_reports_register_without_category_and_are_counted(client, controller, unit):
    client.force_login(controller)
    assert _post(client, _data(unit, reported_to_ivo="on")).status_code == 302
    assert _post(client, _data(unit, kind=Kind.LEX_MARIA)).status_code == 302
    # A category sent with a report is not kept: reports are not counted by category.
    assert (
        _post(client, _data(unit, kind=Kind.LEX_MARIA, concern=Concern.TREATMENT)).status_code
        == 302
    )
    complaint = _data(unit, kind=Kind.COMPLAINT, concern=Concern.TREATMENT, source="client")
    assert _post(client, complaint).status_code == 302

    assert sorted(FeedbackItem.objects.values_list("kind", "concern")) == [
        (Kind.COMPLAINT, Concern.TREATMENT),
        (Kind.LEX_MARIA, ""),
        (Kind.LEX_MARIA, ""),
        (Kind.LEX_SARAH, ""),
    ]
    by_kind = dict(annual.feedback_summary(2026))
    assert (by_kind["Lex Sarah-rapport"], by_kind["Lex Maria-rapport"], by_kind["Klagomål"]) == (
        1,
        2,
        1,
    )
    counts = {row.key: row.counts for row in tertial.feedback_table(2026).rows}
    assert counts["lex_sarah"][0] == 1 and counts["lex_maria"][0] == 2
    assert counts["ivo_lex_sarah"][0] == 1
    assert counts[f"concern_{Concern.TREATMENT}"][0] == 1  # the complaint only
    # The unit is private: own 0, private 1, total 1.
    rows = {label: cells for label, *cells in regi.feedback_table(2026).rows}
    assert rows["Lex Sarah-rapport"] == [0, 1, 1]
    # The detail page shows "–" for the category, not an empty cell.
    item = FeedbackItem.objects.get(kind=Kind.LEX_SARAH)
    page = client.get(reverse("feedback:detail", args=[item.pk])).content.decode()
    assert "<dt>Gäller</dt><dd>–</dd>" in page


@time_machine.travel(dt.datetime(2026, 3, 10, 10, 0), tick=False)
@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"kind": Kind.COMPLAINT}, "concern", "Välj vad klagomålet eller synpunkten gäller."),
        ({"kind": Kind.SUGGESTION}, "concern", "Välj vad klagomålet eller synpunkten gäller."),
        (
            {"kind": Kind.COMPLAINT, "concern": Concern.OTHER},
            "concern_other",
            "Ange vad det gäller när du valt Annat.",
        ),
    ],
)
def test_complaints_need_a_category_and_other_asks_what(
    client, controller, unit, overrides, field, message
):
    client.force_login(controller)
    response = _post(client, _data(unit, source="client", **overrides))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert not FeedbackItem.objects.exists()


@time_machine.travel(dt.datetime(2026, 3, 10, 10, 0), tick=False)
def test_other_keeps_what_it_was(client, controller, unit):
    client.force_login(controller)
    data = _data(
        unit,
        kind=Kind.COMPLAINT,
        source="client",
        concern=Concern.OTHER,
        concern_other="Parkering vid boendet",
    )
    assert _post(client, data).status_code == 302
    item = FeedbackItem.objects.get()
    assert (item.concern, item.concern_other) == (Concern.OTHER, "Parkering vid boendet")
