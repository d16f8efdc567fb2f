"""The administrator manages users: list and filter, create with a set-password link, edit,
deactivate and reactivate (never delete), and reads each user's history."""

import re

import pytest
from django.urls import reverse

from insyn.accounts.constants import Role
from insyn.accounts.models import User
from insyn.accounts.tests.factories import OrgUnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def district(db):
    return OrgUnitFactory(name="Stadsdel Väster")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def _new_user(**changes):
    data = {
        "username": "anna.svensson",
        "first_name": "Anna",
        "last_name": "Svensson",
        "email": "anna.svensson@example.se",
        "phone": "",
        "role": Role.CASE_WORKER,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value not in ("", None)}


def _edit_data(user, **changes):
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "role": user.role,
        "org_unit": user.org_unit_id,
        "provider": user.provider_id,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value not in ("", None)}


def test_admin_creates_case_worker_who_gets_a_link_to_choose_a_password(
    admin_client, district, mailoutbox, django_capture_on_commit_callbacks, client
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("accounts:user_create"), _new_user(org_unit=district.pk)
        )
    assert response.status_code == 302
    user = User.objects.get(username="anna.svensson")
    assert user.org_unit == district
    assert not user.has_usable_password()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["anna.svensson@example.se"]
    link = re.search(r"http://testserver(/\S+)", mailoutbox[0].body).group(1)

    client.logout()
    form_page = client.get(link, follow=True)
    assert "Välj ett lösenord" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Lingon-och-blabar-42", "new_password2": "Lingon-och-blabar-42"},
        follow=True,
    )
    assert "Lösenordet är sparat" in done.content.decode()
    user.refresh_from_db()
    assert user.check_password("Lingon-och-blabar-42")
    # The link works once only.
    assert "Länken fungerar inte längre" in client.get(link, follow=True).content.decode()


def test_provider_user_requires_a_provider(admin_client):
    response = admin_client.post(reverse("accounts:user_create"), _new_user(role=Role.PROVIDER))
    assert response.status_code == 200
    assert "Välj vilken utförare användaren arbetar för" in response.content.decode()
    assert not User.objects.filter(username="anna.svensson").exists()


def test_provider_user_is_created_with_its_provider(admin_client, provider):
    response = admin_client.post(
        reverse("accounts:user_create"), _new_user(role=Role.PROVIDER, provider=provider.pk)
    )
    assert response.status_code == 302
    assert User.objects.get(username="anna.svensson").provider == provider


def test_municipal_user_may_not_have_a_provider(admin_client, district, provider):
    response = admin_client.post(
        reverse("accounts:user_create"),
        _new_user(role=Role.CONTROLLER, org_unit=district.pk, provider=provider.pk),
    )
    assert "Utförare anges bara för användare med rollen Utförare" in response.content.decode()
    assert not User.objects.filter(username="anna.svensson").exists()


def test_municipal_user_requires_an_org_unit(admin_client):
    response = admin_client.post(reverse("accounts:user_create"), _new_user())
    assert "Välj vilken organisationsenhet användaren tillhör" in response.content.decode()
    assert not User.objects.filter(username="anna.svensson").exists()


def test_duplicate_email_is_refused_naming_the_other_user(admin_client, district, controller):
    response = admin_client.post(
        reverse("accounts:user_create"),
        _new_user(org_unit=district.pk, email=controller.email.upper()),
    )
    assert "E-postadressen används redan av" in response.content.decode()
    assert not User.objects.filter(username="anna.svensson").exists()


def test_inactive_org_unit_cannot_be_chosen_for_a_new_user(admin_client):
    closed = OrgUnitFactory(name="Nedlagd stadsdel", active=False)
    response = admin_client.post(reverse("accounts:user_create"), _new_user(org_unit=closed.pk))
    assert response.status_code == 200
    assert not User.objects.filter(username="anna.svensson").exists()


def test_admin_changes_role_and_the_history_shows_who_did_it(admin_client, admin_user, district):
    person = UserFactory(case_worker=True, org_unit=district, username="bo")
    response = admin_client.post(
        reverse("accounts:user_edit", args=[person.pk]), _edit_data(person, role=Role.CONTROLLER)
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.role == Role.CONTROLLER
    body = admin_client.get(reverse("accounts:user_history", args=[person.pk])).content.decode()
    assert "Uppföljare / controller" in body
    assert str(admin_user) in body


def test_deactivated_user_is_kept_with_history_and_cannot_use_its_session(
    admin_client, admin_user, district, client
):
    from django.test import Client

    person = UserFactory(controller=True, org_unit=district)
    their_browser = Client()
    their_browser.force_login(person)
    assert their_browser.get(reverse("home")).status_code == 200

    admin_client.post(reverse("accounts:user_deactivate", args=[person.pk]))

    person.refresh_from_db()
    assert person.is_active is False
    assert their_browser.get(reverse("home")).status_code == 302
    body = admin_client.get(reverse("accounts:user_history", args=[person.pk])).content.decode()
    assert str(admin_user) in body


def test_admin_reactivates_a_user(admin_client, district):
    person = UserFactory(controller=True, org_unit=district, is_active=False)
    admin_client.post(reverse("accounts:user_reactivate", args=[person.pk]))
    person.refresh_from_db()
    assert person.is_active is True


def test_user_in_an_inactive_unit_is_not_reactivated(admin_client):
    closed = OrgUnitFactory(name="Nedlagd stadsdel", active=False)
    person = UserFactory(controller=True, org_unit=closed, is_active=False)
    response = admin_client.post(reverse("accounts:user_reactivate", args=[person.pk]), follow=True)
    assert "tillhör den inaktiva enheten Nedlagd stadsdel" in response.content.decode()
    person.refresh_from_db()
    assert person.is_active is False


def test_admin_cannot_deactivate_own_account(admin_client, admin_user):
    response = admin_client.post(
        reverse("accounts:user_deactivate", args=[admin_user.pk]), follow=True
    )
    assert "Du kan inte ta bort din egen administratörsbehörighet" in response.content.decode()
    admin_user.refresh_from_db()
    assert admin_user.is_active


def test_admin_cannot_remove_own_admin_role(admin_client, admin_user, district):
    admin_user.org_unit = district
    admin_user.save()
    response = admin_client.post(
        reverse("accounts:user_edit", args=[admin_user.pk]),
        _edit_data(admin_user, role=Role.CONTROLLER),
    )
    assert response.status_code == 200
    assert "Du kan inte ta bort din egen administratörsbehörighet" in response.content.decode()
    admin_user.refresh_from_db()
    assert admin_user.role == Role.ADMIN


def test_admin_sends_a_new_password_link(
    admin_client, controller, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("accounts:user_send_password_link", args=[controller.pk]))
    assert [mail.to for mail in mailoutbox] == [[controller.email]]
    assert "/administration/valj-losenord/" in mailoutbox[0].body


def test_user_list_searches_by_name(admin_client):
    UserFactory(first_name="Karin", last_name="Lund", case_worker=True)
    UserFactory(first_name="Olle", last_name="Berg", case_worker=True)
    body = admin_client.get(reverse("accounts:user_list"), {"q": "lund"}).content.decode()
    assert "Karin Lund" in body
    assert "Olle Berg" not in body


def test_user_list_filters_by_role(admin_client):
    UserFactory(first_name="Karin", last_name="Lund", case_worker=True)
    UserFactory(first_name="Olle", last_name="Berg", manager=True)
    body = admin_client.get(reverse("accounts:user_list"), {"role": "manager"}).content.decode()
    assert "Olle Berg" in body
    assert "Karin Lund" not in body


def test_user_list_filter_by_org_unit_includes_sub_units(admin_client, district):
    section = OrgUnitFactory(name="Enhet barn", kind="section", parent=district)
    elsewhere = OrgUnitFactory(name="Stadsdel Öster")
    UserFactory(first_name="Karin", last_name="Lund", org_unit=section)
    UserFactory(first_name="Olle", last_name="Berg", org_unit=elsewhere)
    body = admin_client.get(
        reverse("accounts:user_list"), {"org_unit": district.pk}
    ).content.decode()
    assert "Karin Lund" in body
    assert "Olle Berg" not in body


def test_user_list_is_paginated(admin_client, settings):
    settings.INSYN = {**settings.INSYN, "LIST_PAGE_SIZE": 2}
    UserFactory.create_batch(4, case_worker=True)
    first = admin_client.get(reverse("accounts:user_list")).content.decode()
    assert "Sida 1 av 3" in first
    assert admin_client.get(reverse("accounts:user_list"), {"page": 3}).status_code == 200


def test_missing_fields_are_named_in_the_error(admin_client):
    response = admin_client.post(reverse("accounts:user_create"), {"role": Role.CONTROLLER})
    body = response.content.decode()
    assert "Fyll i användarnamn." in body
    assert "Fyll i e-postadress." in body
    assert list(User.objects.values_list("username", flat=True)) == ["admin"]


def test_duplicate_username_is_refused_in_swedish(admin_client, district, controller):
    response = admin_client.post(
        reverse("accounts:user_create"),
        _new_user(username=controller.username, org_unit=district.pk),
    )
    assert "En användare med det användarnamnet finns redan" in response.content.decode()
    assert User.objects.filter(username=controller.username).count() == 1


def test_names_with_markup_are_shown_as_text(admin_client):
    UserFactory(first_name="<b>Eva</b>", last_name="Ek", case_worker=True)
    body = admin_client.get(reverse("accounts:user_list")).content.decode()
    assert "&lt;b&gt;Eva&lt;/b&gt; Ek" in body
