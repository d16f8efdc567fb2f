"""Absolute links for mail and documents, built from the configured `SITE_URL`.

A mail program cannot open "/synpunkter/4001/": every link that leaves Insyn (mail, PDF,
calendar) is absolute, and its host comes from configuration, never from the request's
Host header (which a client controls).

    >>> absolute_url("/synpunkter/4001/")   # SITE_URL = "https://insyn.kommun.se"
    'https://insyn.kommun.se/synpunkter/4001/'
"""

from urllib.parse import urljoin

from django.conf import settings


def site_url() -> str:
    """The configured base address, always ending in one slash."""
    return settings.SITE_URL.rstrip("/") + "/"


def absolute_url(path_or_object) -> str:
    """An absolute URL for a path ("/a/b/") or an object with `get_absolute_url()`."""
    path = getattr(path_or_object, "get_absolute_url", None)
    path = path() if path is not None else str(path_or_object)
    return urljoin(site_url(), path.lstrip("/"))
