"""Deploy checks for sign-in (`manage.py check --deploy`, docs/sign-in.md)."""

from django.conf import settings
from django.core import checks


def sso_configured() -> bool:
    providers = settings.SOCIALACCOUNT_PROVIDERS or {}
    return any(config.get("APPS") for config in providers.values())


@checks.register(checks.Tags.security, deploy=True)
def sign_in_is_configured(app_configs=None, **kwargs):
    """In production municipal staff should sign on through the municipality's identity
    provider; with local login off and no provider, they could not log in at all."""
    if sso_configured():
        return []
    if not settings.INSYN_LOCAL_LOGIN:
        return [
            checks.Error(
                "INSYN_LOCAL_LOGIN är av men ingen enkel inloggning är konfigurerad: kommunens "
                "medarbetare kan inte logga in.",
                hint="Sätt INSYN_OIDC_SERVER_URL, INSYN_OIDC_CLIENT_ID och INSYN_OIDC_SECRET "
                "(eller INSYN_SAML_*), se docs/sign-in.md.",
                id="insyn.E020",
            )
        ]
    return [
        checks.Warning(
            "Ingen enkel inloggning är konfigurerad: kommunens medarbetare loggar in med "
            "lösenord i Insyn.",
            hint="Konfigurera kommunens inloggningstjänst (INSYN_OIDC_* eller INSYN_SAML_*) och "
            "stäng av lösenordsinloggningen med INSYN_LOCAL_LOGIN=false, se docs/sign-in.md.",
            id="insyn.W020",
        )
    ]
