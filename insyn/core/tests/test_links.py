"""Every link in a mail is absolute and built from SITE_URL, never from the request."""

import re

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse

from insyn.core.checks import site_url_is_public
from insyn.core.links import absolute_url

RELATIVE_LINK = re.compile(r"(?<![\w/:])/[a-z][\w/-]*/")


def test_absolute_url_joins_site_url_and_path(settings):
    settings.SITE_URL = "https://insyn.kommun.se/"
    assert absolute_url("/synpunkter/4001/") == "https://insyn.kommun.se/synpunkter/4001/"
    settings.SITE_URL = "https://kommun.se/insyn"
    assert absolute_url("/synpunkter/4001/") == "https://kommun.se/insyn/synpunkter/4001/"


@pytest.mark.django_db
def test_feedback_mail_to_the_provider_links_absolutely_to_the_configured_site(
    client,
    controller,
    provider_user,
    unit,
    mailoutbox,
    settings,
    django_capture_on_commit_callbacks,
):
    from insyn.feedback.tests.factories import FeedbackItemFactory

    settings.SITE_URL = "https://insyn.kommun.se"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "intern.kommun.local"]
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }  # the outbox worker
    item = FeedbackItemFactory(unit=unit)
    client.force_login(controller)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("feedback:send", args=[item.pk]), HTTP_HOST="intern.kommun.local")
    body = mailoutbox[0].body
    assert f"https://insyn.kommun.se/portal/synpunkter/{item.pk}/" in body
    assert "intern.kommun.local" not in body
    assert not RELATIVE_LINK.search(body)


@pytest.mark.django_db
def test_rating_request_mail_links_absolutely(
    unit, case_worker, mailoutbox, settings, django_capture_on_commit_callbacks
):
    import datetime as dt

    from insyn.ratings.services import send_rating_requests
    from insyn.ratings.tests.factories import PlacementFactory

    settings.SITE_URL = "https://insyn.kommun.se"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    placement = PlacementFactory(unit=unit, case_worker=case_worker)
    with django_capture_on_commit_callbacks(execute=True):
        send_rating_requests(today=placement.rating_due_on + dt.timedelta(days=1))
    assert absolute_url(reverse("ratings:rate", args=[placement.pk])) in mailoutbox[0].body
    assert "https://insyn.kommun.se/rating/" in mailoutbox[0].body


@pytest.mark.django_db
def test_password_link_uses_site_url_not_the_host_header(
    client, admin_user, mailoutbox, settings, django_capture_on_commit_callbacks
):
    from insyn.accounts.tests.factories import UserFactory

    settings.SITE_URL = "https://insyn.kommun.se"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "intern.kommun.local"]
    colleague = UserFactory(case_worker=True)
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:user_send_password_link", args=[colleague.pk]),
            HTTP_HOST="intern.kommun.local",
        )
    assert "https://insyn.kommun.se/" in mailoutbox[0].body
    assert "intern.kommun.local" not in mailoutbox[0].body


def test_deploy_check_warns_while_site_url_is_local(settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    assert [w.id for w in site_url_is_public()] == ["insyn.W001"]
    settings.SITE_URL = "https://insyn.kommun.se"
    assert site_url_is_public() == []


def test_check_deploy_reports_the_local_site_url(settings):
    settings.SITE_URL = "http://localhost:8000"
    with pytest.raises(SystemCheckError, match="insyn.W001"):
        call_command("check", "--deploy", "--fail-level", "WARNING", "--tag", "security")
