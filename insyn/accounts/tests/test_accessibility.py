"""Static accessibility checks on the administration and account pages (axe runs in the
browser journeys; these catch the common mistakes without a browser)."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from insyn.accounts.tests.factories import OrgUnitFactory, UserFactory

pytestmark = pytest.mark.django_db


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.label_for, self.described, self.headings = set(), set(), [], []
        self.controls, self.th_without_scope = [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "label" and attrs.get("for"):
            self.label_for.add(attrs["for"])
        if attrs.get("aria-describedby"):
            self.described.extend(attrs["aria-describedby"].split())
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.headings.append(int(tag[1]))
        if tag in {"select", "textarea"} or (
            tag == "input" and attrs.get("type") not in {"hidden", "submit"}
        ):
            self.controls.append(attrs.get("id"))
        if tag == "th" and "scope" not in attrs:
            self.th_without_scope += 1


def _pages(admin_user, person, unit):
    return [
        reverse("accounts:user_list"),
        reverse("accounts:user_create"),
        reverse("accounts:user_edit", args=[person.pk]),
        reverse("accounts:user_history", args=[person.pk]),
        # The administrator's own activity: the deactivation in the test below is a row.
        reverse("accounts:user_activity", args=[admin_user.pk]),
        reverse("accounts:orgunit_list"),
        reverse("accounts:orgunit_create"),
        reverse("accounts:orgunit_edit", args=[unit.pk]),
        reverse("accounts:orgunit_history", args=[unit.pk]),
        reverse("accounts:groupmapping_list"),
        reverse("password_change"),
    ]


def _check(body, url):
    page = _Page()
    page.feed(body)
    assert page.headings and page.headings[0] == 1, url
    assert page.headings.count(1) == 1, url
    for previous, current in zip(page.headings, page.headings[1:], strict=False):
        assert current <= previous + 1, f"{url}: heading level skipped"
    for control in page.controls:
        assert control in page.label_for, f"{url}: input {control} has no label"
    missing = [ref for ref in page.described if ref not in page.ids]
    assert not missing, f"{url}: aria-describedby points nowhere: {missing}"
    assert page.th_without_scope == 0, url


def test_admin_pages_label_every_input_and_keep_headings_in_order(client, admin_user):
    unit = OrgUnitFactory(name="Stadsdel Väster")
    person = UserFactory(case_worker=True, org_unit=unit)
    client.force_login(admin_user)
    client.post(reverse("accounts:user_deactivate", args=[person.pk]))  # history has a row
    for url in _pages(admin_user, person, unit):
        response = client.get(url)
        assert response.status_code == 200, url
        _check(response.content.decode(), url)


def test_forms_with_errors_stay_accessible(client, admin_user):
    client.force_login(admin_user)
    response = client.post(reverse("accounts:user_create"), {"role": "provider"})
    _check(response.content.decode(), "user_create with errors")


def test_login_page_is_accessible(client):
    _check(client.get(reverse("login")).content.decode(), "login")


def test_password_rules_are_inside_the_described_help_element(client, admin_user):
    client.force_login(admin_user)
    body = client.get(reverse("password_change")).content.decode()
    start = body.index('id="id_new_password1_helptext"')
    help_element = body[start : body.index("</div>", start)]
    assert "minst 12 tecken" in help_element
