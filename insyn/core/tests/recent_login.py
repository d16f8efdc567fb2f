"""Test helper: a session that logged in just now, as allauth records it.

`client.force_login` skips allauth, so such a session has no login time and never counts as
a recent login (insyn/core/reauth.py): pages that ask for one answer with the
re-authentication page. Tests of those pages log in with `log_in_recently` instead, which
writes the record allauth's login would have written."""

import time

from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY

# allauth keeps whose records they are next to them (allauth.account.internal.flows.login).
USER_SESSION_KEY = "account_authentication_methods_user"


def log_in_recently(client, user, *, seconds_ago: float = 0) -> None:
    client.force_login(user)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time() - seconds_ago, "username": user.username}
    ]
    session[USER_SESSION_KEY] = str(user.pk)
    session.save()
