"""Swedish numbers, plurals and age ranges as users read them (issue 11)."""

from decimal import Decimal

import pytest
from django.template import Context, Template

from insyn.core import formatting


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (Decimal("80.0"), 1, "80,0"),
        ("80.0", 1, "80,0"),
        ("80,0", 1, "80,0"),
        ("25.00", 2, "25,00"),
        (Decimal("5000"), 0, "5\xa0000"),
        ("1234.5", 2, "1\xa0234,50"),
        (None, 2, ""),
    ],
)
def test_number_uses_swedish_separators_also_for_saved_strings(value, decimals, expected):
    assert formatting.number(value, decimals) == expected


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, "lediga platser"), (1, "ledig plats"), (2, "lediga platser"), (-1, "ledig plats")],
)
def test_plural_agrees_with_the_count(count, expected):
    assert formatting.plural(count, "ledig plats", "lediga platser") == expected


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (12, 17, "12–17 år"),
        (15, 15, "15 år"),
        (None, 12, "0–12 år"),
        (18, None, "från 18 år"),
        (None, None, ""),
    ],
)
def test_age_range_reads_as_one_age_when_both_ends_agree(low, high, expected):
    assert formatting.age_range(low, high) == expected


def test_template_filters_render_plural_numbers_and_ages():
    html = Template(
        '{% load insyn %}{{ n }} {{ n|plural:"synpunkt väntar,synpunkter väntar" }}; '
        "{{ score|number:1 }} av 100; {% age_range 15 15 %}; {{ price|sek }}"
    ).render(Context({"n": 1, "score": Decimal("80.0"), "price": Decimal("5000")}))
    assert html == "1 synpunkt väntar; 80,0 av 100; 15 år; 5\xa0000,00\xa0kr"
