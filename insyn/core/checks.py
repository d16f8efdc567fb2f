"""System checks for a production deployment (`manage.py check --deploy`)."""

from urllib.parse import urlparse

from django.conf import settings
from django.core import checks

LOCAL_HOSTS = {"127.0.0.1", "localhost", "0.0.0.0", "::1", "testserver"}  # noqa: S104


@checks.register(checks.Tags.security, deploy=True)
def site_url_is_public(app_configs=None, **kwargs):
    """Links in mail point at SITE_URL: a local or plain-HTTP address in production would
    send every recipient to a page they cannot open."""
    parsed = urlparse(settings.SITE_URL)
    if parsed.hostname in LOCAL_HOSTS or parsed.scheme != "https":
        return [
            checks.Warning(
                f"SITE_URL är {settings.SITE_URL!r}: länkar i e-post pekar dit.",
                hint="Sätt SITE_URL till Insyns publika https-adress, t.ex. "
                "https://insyn.kommun.se.",
                id="insyn.W001",
            )
        ]
    return []
