import pytest
from django import forms
from django.urls import reverse

from insyn.registry.models import Provider, Unit
from insyn.registry.tests.factories import ProviderFactory, UnitFactory
from insyn.registry.widgets import FULL_LIST_UP_TO, ProviderPicker, UnitPicker

pytestmark = pytest.mark.django_db


class PickForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=Unit.objects.all(), widget=UnitPicker())


def test_large_register_renders_only_the_chosen_unit(settings):
    UnitFactory.create_batch(FULL_LIST_UP_TO + 1)
    chosen = UnitFactory(name="Den valda")
    html = PickForm(initial={"unit": chosen.pk}).as_p()
    assert html.count("<option") == 2
    assert "Den valda" in html
    assert reverse("registry:unit_search") in html


def test_small_or_narrowed_queryset_renders_every_unit():
    UnitFactory.create_batch(3)
    html = PickForm().as_p()
    assert html.count("<option") == 4
    assert "unit_search" not in html


def test_any_unit_in_the_register_still_validates():
    UnitFactory.create_batch(FULL_LIST_UP_TO + 1)
    far = UnitFactory(name="Långt ner i listan")
    form = PickForm(data={"unit": far.pk})
    assert form.is_valid()
    assert form.cleaned_data["unit"] == far


def test_search_finds_units_by_unit_or_provider_name(client, controller, unit, other_unit):
    client.force_login(controller)
    url = reverse("registry:unit_search")
    by_unit = client.get(url, {"unit_search": "hisingen"}).content.decode()
    by_provider = client.get(url, {"unit_search": "annan omsorg"}).content.decode()
    assert unit.name in by_unit and other_unit.name not in by_unit
    assert other_unit.name in by_provider and unit.name not in by_provider


def test_search_skips_closed_units_and_one_letter_terms(client, controller, provider):
    UnitFactory(provider=provider, name="Stängd verksamhet", active=False)
    client.force_login(controller)
    url = reverse("registry:unit_search")
    assert "Stängd" not in client.get(url, {"unit_search": "stängd"}).content.decode()
    assert "Ingen verksamhet" in client.get(url, {"unit_search": "s"}).content.decode()


def test_provider_user_cannot_search_the_register(client, provider_user, other_unit):
    client.force_login(provider_user)
    response = client.get(reverse("registry:unit_search"), {"unit_search": "annan"})
    assert response.status_code == 403


class ProviderPickForm(forms.Form):
    provider = forms.ModelChoiceField(queryset=Provider.objects.all(), widget=ProviderPicker())


def test_large_provider_register_renders_only_the_chosen_provider():
    ProviderFactory.create_batch(FULL_LIST_UP_TO + 1)
    chosen = ProviderFactory(name="Den valda utföraren")
    html = ProviderPickForm(initial={"provider": chosen.pk}).as_p()
    assert html.count("<option") == 2
    assert "Den valda utföraren" in html
    assert reverse("registry:provider_search") in html and 'name="provider_search"' in html
    assert ProviderPickForm(data={"provider": chosen.pk}).is_valid()


def test_provider_search_by_name_or_org_number(client, controller, provider, other_provider):
    client.force_login(controller)
    url = reverse("registry:provider_search")
    by_name = client.get(url, {"provider_search": provider.name[:6]}).content.decode()
    digits = other_provider.org_number.replace("-", "")
    by_number = client.get(url, {"provider_search": digits}).content.decode()
    assert provider.name in by_name and other_provider.name not in by_name
    assert other_provider.name in by_number and provider.name not in by_number
    assert "Ingen utförare" in client.get(url, {"provider_search": "x"}).content.decode()


def test_provider_user_cannot_search_providers(client, provider_user):
    client.force_login(provider_user)
    response = client.get(reverse("registry:provider_search"), {"provider_search": "omsorg"})
    assert response.status_code == 403
