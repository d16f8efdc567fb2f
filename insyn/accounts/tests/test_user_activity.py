"""Account events ("membership changed") and the administrators' per-user activity page."""

import pytest
from django.urls import reverse

from insyn.accounts import services
from insyn.accounts.constants import Role
from insyn.accounts.forms import UserForm
from insyn.accounts.tests.factories import OrgUnitFactory, UserFactory
from insyn.core.history import log_action, sentence
from insyn.core.models import ActionLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def west(db):
    return OrgUnitFactory(name="Stadsdel Väster")


@pytest.fixture
def person(west):
    return UserFactory(case_worker=True, first_name="Bo", last_name="Ek", org_unit=west)


def _edit(person, **changes):
    data = {
        "username": person.username,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "role": person.role,
        "org_unit": person.org_unit_id,
        "provider": person.provider_id,
    }
    data.update(changes)
    form = UserForm({k: v for k, v in data.items() if v is not None}, instance=person)
    assert form.is_valid(), form.errors
    return form


def _only_entry():
    entries = list(ActionLog.objects.all())
    assert len(entries) == 1, [e.action for e in entries]
    return entries[0], sentence(entries[0])


def test_changing_the_role_writes_one_membership_event(admin_user, person):
    services.update_user(_edit(person, role=Role.COORDINATOR), admin_user)
    entry, text = _only_entry()
    assert entry.action == "insyn.accounts.user.role_changed"
    assert entry.user == admin_user and entry.object_id == str(person.pk)
    assert text == (
        "Rollen för Bo Ek ändrades från Socialsekreterare / handläggare till "
        "Stadsdelens samordnare (LINK)."
    )


def test_moving_to_another_org_unit_writes_one_membership_event(admin_user, person):
    east = OrgUnitFactory(name="Stadsdel Öster")
    services.update_user(_edit(person, org_unit=east.pk), admin_user)
    entry, text = _only_entry()
    assert entry.action == "insyn.accounts.user.org_unit_changed"
    assert (
        text == "Organisationsenheten för Bo Ek ändrades från Stadsdel Väster till Stadsdel Öster."
    )


def test_moving_a_provider_user_names_the_providers_but_never_their_numbers(admin_user):
    from insyn.registry.tests.factories import ProviderFactory

    # A sole trader's organisation number is her personnummer.
    old = ProviderFactory(name="Anna Bergström Omsorg", org_number="811218-9876")
    new = ProviderFactory(name="Björken AB")
    person = UserFactory(provider_user=True, provider=old, first_name="Eva", last_name="Ek")
    services.update_user(_edit(person, provider=new.pk), admin_user)
    entry, text = _only_entry()
    assert text == "Utföraren för Eva Ek ändrades från Anna Bergström Omsorg till Björken AB."
    assert "811218" not in f"{entry.object_repr}{entry.data}"


def test_saving_a_user_without_membership_changes_writes_no_event(admin_user, person):
    services.update_user(_edit(person, phone="031-12 34 56"), admin_user)
    assert ActionLog.objects.count() == 0


def test_creating_a_user_writes_one_event(admin_user, west):
    form = UserForm(
        {
            "username": "cia",
            "first_name": "Cia",
            "last_name": "Al",
            "email": "cia@example.se",
            "role": Role.MANAGER,
            "org_unit": west.pk,
        }
    )
    assert form.is_valid(), form.errors
    services.create_user(form, admin_user, "https://insyn.example.se/")
    entry, text = _only_entry()
    assert entry.action == "insyn.accounts.user.created"
    assert text == "Kontot Cia Al skapades med rollen Chef / nämnd."


def test_deactivating_and_reactivating_write_one_event_each(admin_user, person):
    services.deactivate_user(person, admin_user)
    entry, text = _only_entry()
    assert (entry.action, text) == (
        "insyn.accounts.user.deactivated",
        "Kontot Bo Ek inaktiverades.",
    )
    entry.delete()
    services.reactivate_user(person, admin_user)
    entry, text = _only_entry()
    assert (entry.action, text) == (
        "insyn.accounts.user.reactivated",
        "Kontot Bo Ek aktiverades igen.",
    )


def test_a_refused_change_writes_no_event(admin_user):
    with pytest.raises(services.AccountError):
        services.deactivate_user(admin_user, admin_user)
    assert ActionLog.objects.count() == 0


def test_deactivating_an_org_unit_writes_one_event(admin_user):
    unit = OrgUnitFactory(name="Stadsdel Norr")
    services.deactivate_orgunit(unit, admin_user)
    entry, text = _only_entry()
    assert text == "Organisationsenheten Stadsdel Norr inaktiverades."


# --- The activity page ----------------------------------------------------------------------


def _activity(pk):
    return reverse("accounts:user_activity", args=[pk])


def test_admin_reads_what_a_user_did_newest_first(client, admin_user, person, west):
    services.deactivate_orgunit(OrgUnitFactory(name="Stadsdel Norr"), person)
    services.deactivate_user(UserFactory(first_name="Cia", last_name="Al"), person)
    log_action(west, "insyn.accounts.orgunit.deactivated", admin_user)  # by someone else
    client.force_login(admin_user)
    response = client.get(_activity(person.pk))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Kontot Cia Al inaktiverades." in body
    assert "Organisationsenheten Stadsdel Norr inaktiverades." in body
    assert body.index("Kontot Cia Al") < body.index("Stadsdel Norr inaktiverades")
    assert "Stadsdel Väster inaktiverades" not in body


@pytest.mark.parametrize("role", ["controller", "manager", "coordinator", "case_worker"])
def test_staff_who_are_not_administrators_cannot_read_activity(client, person, role):
    client.force_login(UserFactory(**{role: True}))
    assert client.get(_activity(person.pk)).status_code == 403


def test_provider_user_cannot_read_activity(client, person, provider_user):
    client.force_login(provider_user)
    assert client.get(_activity(person.pk)).status_code == 403


def test_activity_of_an_unknown_user_is_not_found(client, admin_user):
    client.force_login(admin_user)
    assert client.get(_activity(999_999)).status_code == 404


def _log_many(actor, count):
    for n in range(count):
        unit = OrgUnitFactory(name=f"Enhet {n}")
        log_action(unit, "insyn.accounts.orgunit.deactivated", actor)


def test_activity_page_runs_the_same_queries_for_few_and_many_events(
    client, admin_user, person, django_assert_num_queries, django_assert_max_num_queries
):
    """No query per entry: 3 events and a full page of them cost the same."""
    client.force_login(admin_user)
    _log_many(person, 3)
    with django_assert_max_num_queries(10) as few:
        assert client.get(_activity(person.pk)).status_code == 200
    _log_many(person, 40)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(_activity(person.pk))
    assert response.content.decode().count("<tr>") >= 20
