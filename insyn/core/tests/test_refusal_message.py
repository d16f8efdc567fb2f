"""A refused page or API call says who may do it, in Swedish, from the permission's rule."""

import pytest
from django.urls import reverse

from insyn.accounts.tests.factories import UserFactory
from insyn.core.access import refusal_message
from insyn.core.permission_docs import who_may


def test_who_may_reads_the_rule_in_words():
    text = who_may("feedback.close_item")
    assert text == (
        "administratör, controller, samordnare eller handläggare och med medlemskap som "
        "omfattar synpunktens stadsdel"
    )
    assert "`" not in text


def test_every_permission_is_described_without_code_names():
    from rules.permissions import permissions

    undescribed = {p: who_may(p) for p in permissions if "`" in who_may(p) or not who_may(p)}
    assert undescribed == {}


def test_an_unknown_permission_gives_the_plain_refusal():
    assert refusal_message("no.such_perm") == "Du har inte behörighet till detta."


@pytest.mark.django_db
def test_the_403_page_and_the_api_say_who_may(client):
    # A case worker may read the register but not create a provider.
    client.force_login(UserFactory(case_worker=True))
    page = client.get(reverse("registry:provider_create"))
    assert page.status_code == 403
    assert "Det får göras av:" in page.content.decode()
    api = client.post("/api/v1/providers/", {}, content_type="application/json")
    assert api.status_code == 403
