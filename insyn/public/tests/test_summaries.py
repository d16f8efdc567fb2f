"""The annual summary: counts by method and category, own and others side by side, and
every count below the threshold suppressed as "färre än 5"."""

import datetime as dt

import pytest
from django.urls import reverse

from insyn.public import services, summaries
from insyn.public.models import PublishedYear
from insyn.questionnaires.constants import Method
from insyn.registry.constants import OperationForm
from insyn.registry.tests.factories import ProviderFactory, UnitFactory, category

from .factories import followup


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([7, 12, 9], [False, False, False]),
        ([0, 4, 9], [True, True, False]),
        # One hidden cell next to a shown total could be worked out: the smallest shown
        # cell is hidden too.
        ([7, 3, 12], [True, True, False]),
        ([5, 4], [True, True]),
        ([4], [True]),
    ],
)
def test_hidden_cells_by_hand(values, expected):
    assert summaries.hidden_cells(values, 5) == expected


@pytest.fixture
def year_2025(db, controller):
    own = UnitFactory(
        provider=ProviderFactory(operation_form=OperationForm.OWN), category=category("hemtjanst")
    )
    private = UnitFactory(category=category("hemtjanst"))
    for day in range(1, 8):
        followup(own, dt.date(2025, 3, day))
    for day in range(1, 4):
        followup(private, dt.date(2025, 4, day), method=Method.SELF_REPORT)
    followup(private, dt.date(2024, 12, 31))  # another year
    return services.publish_year(2025, controller)


def test_counts_split_own_and_others_by_method_and_category(year_2025):
    counts = year_2025.counts
    assert counts["total"] == {"own": 7, "other": 3}
    assert counts["by_method"]["Verksamhetsbesök (på plats)"] == {"own": 7, "other": 0}
    assert counts["by_method"]["Egenrapportering"] == {"own": 0, "other": 3}
    assert counts["by_category"]["Hemtjänst"] == {"own": 7, "other": 3}
    assert counts["by_category"]["Skyddat boende"] == {"own": 0, "other": 0}


def test_year_page_shows_small_counts_as_fewer_than_five(client, year_2025):
    text = client.get(reverse("public:year_detail", args=[2025])).content.decode()
    assert '<td class="num">7</td>' in text
    assert '<td class="num">3</td>' not in text
    assert "färre än 5" in text


def test_threshold_is_configurable(client, settings, year_2025):
    settings.INSYN = {**settings.INSYN, "PUBLIC": {"MIN_COUNT": 3}}
    text = client.get(reverse("public:year_detail", args=[2025])).content.decode()
    assert '<td class="num">3</td>' in text
    assert "färre än 3" in text


def test_published_summary_is_frozen_until_published_again(client, controller, year_2025):
    unit = UnitFactory(provider=ProviderFactory(operation_form=OperationForm.OWN))
    followup(unit, dt.date(2025, 8, 1))
    assert PublishedYear.objects.get(year=2025).counts["total"]["own"] == 7
    services.publish_year(2025, controller)
    assert PublishedYear.objects.get(year=2025).counts["total"]["own"] == 8


def test_unpublished_year_is_not_found(client, db):
    assert client.get(reverse("public:year_detail", args=[2019])).status_code == 404


def test_future_year_is_refused(controller):
    with pytest.raises(services.PublicationRefused):
        services.publish_year(2999, controller)
