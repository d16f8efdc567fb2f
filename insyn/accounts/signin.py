"""Sign-in through django-allauth: the password form, and the policy on who may use it.

allauth does the protocol work (password check, OpenID Connect, SAML); this module only
adapts it to Insyn: Swedish messages, no self-registration, django-axes throttling, and
the INSYN_LOCAL_LOGIN policy (docs/sign-in.md, docs/adr/003-sign-in.md).
"""

import logging

from allauth.account import views as allauth_views
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.conf import settings

logger = logging.getLogger("insyn.signin")

MESSAGES = {
    "username_password_mismatch": "Fel användarnamn eller lösenord. Observera att lösenordet "
    "skiljer på stora och små bokstäver.",
    "email_password_mismatch": "Fel e-postadress eller lösenord. Observera att lösenordet "
    "skiljer på stora och små bokstäver.",
    "invalid_login": "Fel användarnamn eller lösenord.",
    "account_inactive": "Kontot är spärrat. Kontakta systemförvaltaren.",
    "too_many_login_attempts": "För många misslyckade inloggningar. Försök igen senare.",
    "rate_limited": "För många försök på kort tid. Vänta en stund och försök igen.",
}
LOCAL_LOGIN_OFF = (
    "Kommunens medarbetare loggar in med kommunens inloggning (knappen ovan), inte med "
    "lösenord i Insyn."
)


def local_login_allowed(user) -> bool:
    """May `user` log in with a password here? Always when INSYN_LOCAL_LOGIN is on; when it
    is off (single sign-on in production), only provider staff, who are outside the
    municipality's directory, and the break-glass administrators in
    INSYN_BREAK_GLASS_USERS.

    Example: with INSYN_LOCAL_LOGIN=False and INSYN_BREAK_GLASS_USERS=["reserv"], the
    controller "karin" is refused, the provider user "lisa" and the superuser "reserv" are let
    in."""
    if settings.INSYN_LOCAL_LOGIN:
        return True
    if user.is_provider_user:
        return True
    return user.is_superuser and user.username in settings.INSYN_BREAK_GLASS_USERS


def axes_username(request, credentials):
    """The name django-axes locks on: allauth posts it as "login" and authenticates with
    "username" and/or "email" (the same text), so all three give the same key."""
    if credentials:
        name = credentials.get("username") or credentials.get("email")
        if name:
            return name
    data = getattr(request, "POST", None) or {}
    return data.get("login") or data.get("username")


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {**DefaultAccountAdapter.error_messages, **MESSAGES}

    def is_open_for_signup(self, request):
        # Accounts are created by the administration or by single sign-on, never by visitors.
        return False


class LoginForm(AllauthLoginForm):
    """allauth's login form with Swedish labels; refuses a password login that the
    INSYN_LOCAL_LOGIN policy does not allow (checked after the password, so the answer
    tells nothing to someone who does not know it)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.label = "Användarnamn eller e-postadress"
        login.widget.attrs.pop("placeholder", None)
        login.widget.attrs["autocomplete"] = "username"
        login.error_messages["required"] = "Fyll i ditt användarnamn eller din e-postadress."
        password = self.fields["password"]
        password.label = "Lösenord"
        password.help_text = ""
        password.widget.attrs.pop("placeholder", None)
        password.error_messages["required"] = "Fyll i ditt lösenord."

    def clean(self):
        cleaned = super().clean()
        if self.user is not None and not local_login_allowed(self.user):
            logger.warning("Password login refused by INSYN_LOCAL_LOGIN: user %s", self.user.pk)
            self.user = None
            raise forms.ValidationError(LOCAL_LOGIN_OFF, code="local_login_off")
        return cleaned


class LoginView(allauth_views.LoginView):
    """The one login page, /konto/logga-in/ (url name "login")."""

    template_name = "account/login.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "INSYN_LOCAL_LOGIN": settings.INSYN_LOCAL_LOGIN
        }
