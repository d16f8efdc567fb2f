"""Free-text search ignores case and å/ä/ö on both sides: "vardpartner" finds "Vårdpartner"."""

import importlib

import pytest
from django.urls import reverse

from insyn.core.search import FOLD_SQL, fold, folded_contains
from insyn.registry.models import Contract, Provider, Unit
from insyn.registry.tests.factories import ContractFactory, ProviderFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_fold_drops_swedish_letters_and_case():
    assert fold("Vårdpartner Älvängen Öckerö café") == "VARDPARTNER ALVANGEN OCKERO CAFE"


@pytest.mark.parametrize(
    "name", ["0007_folded_trigram_search_indexes", "0010_unit_city_trigram_index"]
)
def test_the_pg_index_migrations_fold_exactly_as_the_search_does(name):
    """PostgreSQL uses the trigram index only for the same expression as the query."""
    migration = importlib.import_module(f"insyn.registry.migrations.{name}")
    assert migration.FOLD_SQL == FOLD_SQL


@pytest.mark.parametrize("term", ["vardpartner", "VÅRDPARTNER", "vårdpartner", "Vardp"])
def test_unit_search_without_or_with_swedish_letters_finds_the_unit(term):
    provider = ProviderFactory(name="Vårdpartner Norr AB")
    found = UnitFactory(provider=provider, name="Ekbacken")
    UnitFactory(name="Varvet")
    rows = Unit.objects.filter(folded_contains("provider__name", term))
    assert list(rows) == [found]


def test_folded_search_still_escapes_like_wildcards():
    ProviderFactory(name="Omsorg 100 AB")
    assert not Provider.objects.filter(folded_contains("name", "10%")).exists()


def test_register_lists_and_picker_find_names_typed_without_swedish_letters(client, controller):
    provider = ProviderFactory(name="Vårdpartner i Väst AB")
    UnitFactory(provider=provider, name="Älvgården")
    ContractFactory(provider=provider, title="Ramavtal Ödsmål")
    client.force_login(controller)
    units = client.get(reverse("registry:unit_list"), {"q": "alvgarden"}).content.decode()
    providers = client.get(reverse("registry:provider_list"), {"q": "vardpartner"})
    contracts = client.get(reverse("registry:contract_list"), {"q": "odsmal"})
    picker = client.get(reverse("registry:unit_search"), {"unit_search": "alvga"})
    assert "Älvgården" in units
    assert "Vårdpartner i Väst AB" in providers.content.decode()
    assert "Ramavtal Ödsmål" in contracts.content.decode()
    assert "Älvgården" in picker.content.decode()
    assert Contract.objects.filter(folded_contains("title", "ÖDSMÅL")).count() == 1
