"""The one domain error, and how a page shows it.

Services raise a `DomainError` subclass (follow-up and feedback transitions, ratings,
accounts, publication …) with a Swedish message and change nothing. Pages run the service
through `act(...)`, which turns the error into an error message and a redirect; the API turns
it into a 400 `{"detail": message}` in `insyn.core.api.exception_handler`. Views and
viewsets do not catch it one by one.
"""

from django.contrib import messages
from django.shortcuts import redirect


class DomainError(Exception):
    """A refused action. `message` is Swedish, complete and meant for the user as is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def act(request, action, success, then=None, refused_then=None):
    """Run one service call from a page and answer with a redirect (the healthchecks shape).

    `action()` makes the call (a `functools.partial` or a lambda). When it succeeds, `success`
    is shown and the browser goes to `then` (anything `redirect()` takes), or without `then`
    to the object `action()` returned (a follow-up just started). When it raises a
    DomainError, its message is shown instead and the browser goes to `refused_then`, which
    defaults to `then`.
    """
    try:
        result = action()
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(then if refused_then is None else refused_then)
    messages.success(request, success)
    return redirect(result if then is None else then)
