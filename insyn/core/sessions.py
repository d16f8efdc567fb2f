"""Sliding session expiry without a database write on every page (issue 16).

Sessions end after `SESSION_COOKIE_AGE` (a working day) without activity. Django's
`SESSION_SAVE_EVERY_REQUEST` keeps that promise by saving the session on every request: one
UPDATE per page, for every person, all day. `RefreshSessionMiddleware` saves it only when
the last refresh is more than `SESSION_REFRESH_SECONDS` (default 5 minutes) old, so the idle
limit is kept to within those minutes at a twentieth of the writes when someone opens a
page every 15 seconds.

Place it right after `SessionMiddleware`: its response phase then runs before the session
middleware decides whether to save.
"""

import time

from django.conf import settings

REFRESHED = "_insyn_refreshed"


def refresh_due(last_refreshed: int | None, now: int, every: int) -> bool:
    """Whether a session last refreshed at `last_refreshed` (Unix seconds; None: never)
    must be saved again at `now`."""
    return last_refreshed is None or now - last_refreshed >= every


def stamp_login(sender, request, user, **kwargs):
    """A login saves the session anyway: it counts as the first refresh, so the first page
    after it does not write again."""
    session = getattr(request, "session", None)
    if session is not None:
        session[REFRESHED] = int(time.time())


class RefreshSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.every = getattr(settings, "SESSION_REFRESH_SECONDS", 300)

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Only a session that exists (has a key) and was read: an anonymous visitor without
        # a cookie gets none, and nothing is loaded just to be refreshed.
        if session is None or session.session_key is None or not session.accessed:
            return response
        if session.is_empty():
            return response
        now = int(time.time())
        if refresh_due(session.get(REFRESHED), now, self.every):
            session[REFRESHED] = now  # marks it modified: SessionMiddleware saves it
        return response
