"""The demo municipality: deterministic, valid, one login per role, and safe to re-run."""

import datetime as dt
from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection
from stdnum.se import orgnr

from insyn.accounts import demo as accounts_demo
from insyn.accounts.constants import Role
from insyn.accounts.models import User
from insyn.core.demo import DemoContext
from insyn.registry import demo as registry_demo
from insyn.registry.constants import DEFAULT_CATEGORIES, ContractType, OperationForm
from insyn.registry.models import Contract, Provider, Unit

TODAY = dt.date(2026, 11, 24)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_contenttype_cache():
    # --flush recreates content types; the test's rollback brings the old rows back.
    yield
    ContentType.objects.clear_cache()


def seed(*args):
    if "--flush" in args:
        # PostgreSQL refuses to truncate tables with deferred checks pending in this test's
        # transaction; running them now is what the end of a real transaction would do.
        connection.check_constraints()
    out = StringIO()
    call_command("seed_demo", "--today", TODAY.isoformat(), *args, stdout=out)
    return out.getvalue()


def seed_register(scale=0.05, seed_value=2026) -> DemoContext:
    ctx = DemoContext(seed=seed_value, scale=scale, today=TODAY, log=lambda _msg: None)
    accounts_demo.seed(ctx)
    registry_demo.seed(ctx)
    return ctx


def snapshot():
    return {
        "providers": list(
            Provider.objects.order_by("org_number").values_list(
                "org_number", "name", "operation_form", "street_address", "city"
            )
        ),
        "units": list(
            Unit.objects.order_by("provider__org_number", "name").values_list(
                "provider__org_number",
                "name",
                "category__code",
                "places",
                "vacancies",
                "price_per_day_framework",
                "district__name",
            )
        ),
        "contracts": list(
            Contract.objects.order_by("diary_number", "title").values_list(
                "title",
                "contract_type",
                "provider__org_number",
                "start_date",
                "end_date",
                "annual_value",
                "diary_number",
                "owner__username",
            )
        ),
        "users": list(User.objects.order_by("username").values_list("username", "role")),
    }


@pytest.mark.django_db
def test_same_seed_gives_the_same_municipality():
    seed("--scale", "0.02")
    first = snapshot()
    seed("--scale", "0.02", "--flush")
    assert snapshot() == first
    assert len(first["providers"]) == 16


@pytest.mark.django_db
def test_another_seed_gives_other_providers():
    seed("--scale", "0.02")
    first = snapshot()
    seed("--scale", "0.02", "--flush", "--seed", "7")
    assert snapshot()["providers"] != first["providers"]


@pytest.mark.django_db
def test_every_org_number_is_valid_and_stored_normalised():
    seed_register(scale=0.2)
    numbers = list(Provider.objects.values_list("org_number", flat=True))
    assert len(numbers) == 160
    for number in numbers:
        assert orgnr.is_valid(number), number
        assert number == orgnr.format(number)


@pytest.mark.django_db
def test_there_is_a_login_for_every_role_with_the_demo_password():
    seed_register()
    for role, username in accounts_demo.LOGIN_USERNAMES.items():
        user = User.objects.get(username=username)
        assert user.role == role
        assert user.check_password(accounts_demo.DEMO_PASSWORD)
    assert User.objects.get(username="admin").is_staff


@pytest.mark.django_db
def test_provider_login_belongs_to_a_provider_with_units_and_a_running_contract():
    seed_register()
    provider = User.objects.get(username="utforare").provider
    assert provider.operation_form != OperationForm.OWN
    assert provider.units.count() >= 1
    assert any(c.is_running(TODAY) for c in provider.contracts.all())


@pytest.mark.django_db
def test_vacancies_never_exceed_places():
    seed_register(scale=0.2)
    for places, vacancies in Unit.objects.values_list("places", "vacancies"):
        if places is None:
            assert vacancies is None
        else:
            assert 0 <= vacancies <= places


@pytest.mark.django_db
def test_every_category_has_units_even_in_a_small_demo():
    seed_register(scale=0.02)
    used = set(Unit.objects.values_list("category__code", flat=True))
    assert used == {code for code, _ in DEFAULT_CATEGORIES}


@pytest.mark.django_db
def test_about_fifteen_percent_of_units_are_own_units():
    seed_register(scale=0.2)
    total = Unit.objects.count()
    own = Unit.objects.filter(provider__operation_form=OperationForm.OWN).count()
    assert total == 300
    assert own == 45


@pytest.mark.django_db
def test_contracts_cover_their_own_providers_units_with_followable_requirements():
    seed_register(scale=0.2)
    contracts = Contract.objects.prefetch_related("units", "requirements").select_related(
        "provider"
    )
    assert {c.contract_type for c in contracts} == set(ContractType.values)
    for contract in contracts:
        assert contract.units.all(), contract
        assert {u.provider_id for u in contract.units.all()} == {contract.provider_id}
        assert 1 <= len(contract.requirements.all()) <= 5
        assert contract.end_date is None or contract.end_date >= contract.start_date
        assert 200_000 <= contract.annual_value <= 80_000_000
        if contract.provider.operation_form == OperationForm.OWN:
            assert contract.contract_type == ContractType.ASSIGNMENT


@pytest.mark.django_db
def test_later_apps_find_users_districts_and_units_in_ctx_shared():
    ctx = seed_register()
    shared = ctx.shared
    assert {u.role for u in shared["controllers"]} == {Role.CONTROLLER}
    assert set(shared["users_by_role"]) == set(Role.values)
    assert all(shared["users_by_role"][role] for role in Role.values)
    assert all(d.pk for d in shared["districts"])
    assert all(shared["case_workers_by_district"][d.pk] for d in shared["districts"])
    assert len(shared["committees"]) >= 4
    assert shared["units"] and all(u.pk for u in shared["units"])
    assert set(shared["units_by_category"]) == {code for code, _ in DEFAULT_CATEGORIES}
    assert shared["contracts"] and shared["provider_users"]


@pytest.mark.django_db
def test_command_prints_the_logins_and_the_address():
    out = seed("--scale", "0.02")
    assert "http://127.0.0.1:8000" in out
    assert accounts_demo.DEMO_PASSWORD in out
    for role, username in accounts_demo.LOGIN_USERNAMES.items():
        assert role.label in out
        assert username in out


@pytest.mark.django_db
def test_the_full_demo_leaves_the_nightly_counts_current():
    from insyn.ratings.models import Rating
    from insyn.ratings.queries import answer_rates_counted_on, summaries_current

    seed("--scale", "0.02")
    assert Rating.objects.exists()
    assert summaries_current(TODAY)
    assert answer_rates_counted_on(TODAY) == TODAY


@pytest.mark.django_db
def test_if_empty_keeps_existing_data_and_still_prints_the_logins():
    seed("--scale", "0.02")
    before = (Provider.objects.count(), Unit.objects.count(), User.objects.count())
    out = seed("--scale", "0.02", "--if-empty")
    assert (Provider.objects.count(), Unit.objects.count(), User.objects.count()) == before
    assert "controller" in out and "http://127.0.0.1:8000" in out


@pytest.mark.django_db
def test_seeding_a_filled_database_without_flush_is_refused():
    seed("--scale", "0.02")
    with pytest.raises(CommandError, match="--flush"):
        seed("--scale", "0.02")


@pytest.mark.django_db
def test_demo_rows_pass_the_same_validation_as_the_forms():
    seed_register(scale=0.1)
    for provider in Provider.objects.all():
        provider.full_clean()
    for unit in Unit.objects.all():
        unit.full_clean()
    for contract in Contract.objects.all():
        contract.full_clean()
