"""One domain error: every app's refusal is a DomainError, a page shows it as a message and
redirects, the API answers 400 with the message."""

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.middleware import SessionMiddleware
from django.test import RequestFactory

from insyn.accounts.services import AccountError
from insyn.core.api import exception_handler
from insyn.core.errors import DomainError, act
from insyn.core.workflow import TransitionError
from insyn.feedback.services import FeedbackError
from insyn.followup.services import ConcurrentEditError
from insyn.public.services import PublicationRefused
from insyn.ratings.services import RatingError


@pytest.mark.parametrize(
    "error",
    [
        TransitionError,
        FeedbackError,
        RatingError,
        AccountError,
        PublicationRefused,
        ConcurrentEditError,
    ],
)
def test_every_apps_refusal_is_a_domain_error(error):
    assert issubclass(error, DomainError)
    assert error("Går inte.").message == "Går inte."


def _request():
    request = RequestFactory().post("/")
    SessionMiddleware(lambda r: None).process_request(request)
    request._messages = FallbackStorage(request)
    return request


def _shown(request):
    return [(m.level_tag, m.message) for m in get_messages(request)]


def test_act_shows_success_and_redirects_when_the_service_succeeds():
    request = _request()
    response = act(request, lambda: None, "Klart.", "/klart/")
    assert (response.status_code, response.url) == (302, "/klart/")
    assert _shown(request) == [("success", "Klart.")]


def test_act_shows_the_refusal_and_redirects_when_the_service_refuses():
    request = _request()

    def refuse():
        raise RatingError("Placeringen har redan fått en rating.")

    response = act(request, refuse, "Klart.", "/klart/", refused_then="/tillbaka/")
    assert (response.status_code, response.url) == (302, "/tillbaka/")
    assert _shown(request) == [("error", "Placeringen har redan fått en rating.")]


def test_act_without_then_opens_what_the_service_returned():
    class Created:
        def get_absolute_url(self):
            return "/uppfoljning/7/"

    request = _request()
    response = act(request, Created, "Startad.", refused_then="/plan/")
    assert response.url == "/uppfoljning/7/"


def test_act_lets_other_errors_through():
    request = _request()

    def crash():
        raise ValueError("bug")

    with pytest.raises(ValueError):
        act(request, crash, "Klart.", "/klart/")
    assert _shown(request) == []


def test_api_answers_a_domain_error_with_400_and_the_message():
    response = exception_handler(AccountError("Enheten har aktiva användare."), {})
    assert response.status_code == 400
    assert response.data == {"detail": "Enheten har aktiva användare."}
