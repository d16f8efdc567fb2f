"""Sign-in through django-allauth: the password form, and the policy on who may use it.

allauth does the protocol work (password check, OpenID Connect, SAML); this module only
adapts it to Insyn: Swedish messages, no self-registration, django-axes throttling, and
the INSYN_LOCAL_LOGIN policy (docs/sign-in.md, docs/adr/003-sign-in.md).
"""

import logging

from allauth.account import views as allauth_views
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django import forms
from django.conf import settings
from django.shortcuts import render

from insyn.core.reauth import RecentLoginCountsMixin

from . import sso
from .mfa_claims import sso_mfa_refusal

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


class AccountAdapter(RecentLoginCountsMixin, DefaultAccountAdapter):
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
        # The page exists to log in: start in the first field, as Django's own form did.
        login.widget.attrs["autofocus"] = True
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


# --- single sign-on ---------------------------------------------------------------------------


def _refuse(request, message: str):
    logger.warning("Sign-on refused: %s", message)
    response = render(request, "account/sso_refused.html", {"message": message}, status=403)
    raise ImmediateHttpResponse(response)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Municipal staff signing on through OpenID Connect or SAML: allauth has checked the
    protocol (state, PKCE, signature, audience, expiry); here Insyn decides who comes in and
    with which memberships (insyn.accounts.sso)."""

    def is_open_for_signup(self, request, sociallogin):
        # Single sign-on creates the account of a municipal employee on first login.
        return True

    def claims(self, sociallogin) -> sso.Claims:
        data = sociallogin.account.extra_data or {}
        if sociallogin.account.provider == "openid_connect" or "userinfo" in data:
            data = data.get("userinfo") or data.get("id_token") or data
        options = settings.INSYN_SSO
        claims = sso.claims_from(
            data,
            groups_claim=options["GROUPS_CLAIM"],
            employee_id_claim=options["EMPLOYEE_ID_CLAIM"],
        )
        if not claims.email:
            # SAML: allauth has read the e-mail from the attribute mapping.
            email = sociallogin.user.email or ""
            if email:
                claims = sso.Claims(**{**claims.__dict__, "email": email.lower()})
        return claims

    def pre_social_login(self, request, sociallogin):
        # INSYN_SSO_MFA = "require": the assertion must show a second factor (mfa_claims).
        refusal = sso_mfa_refusal(sociallogin.account.extra_data or {})
        if refusal:
            _refuse(request, refusal)
        claims = self.claims(sociallogin)
        user = sociallogin.user if sociallogin.is_existing else None
        if user is None and claims.email:
            user = sso.matching_user(claims)
        try:
            pairs = sso.check_sign_on(claims, user)
        except sso.SignOnRefused as refusal:
            _refuse(request, refusal.message)
        if user is None:
            sociallogin._insyn_pairs = pairs  # used by save_user below
            return
        sso.update_from_sign_on(user, claims, pairs)
        if not sociallogin.is_existing:
            # An account the administration made earlier: connect it to the sign-on.
            sociallogin.connect(request, user)

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        claims = self.claims(sociallogin)
        user.email = claims.email or user.email
        user.first_name = claims.first_name[:150] or user.first_name
        user.last_name = claims.last_name[:150] or user.last_name
        user.employee_id = claims.employee_id[:64]
        if claims.username and not user.username:
            user.username = claims.username
        return user

    def save_user(self, request, sociallogin, form=None):
        pairs = sociallogin._insyn_pairs
        sso.fill_user(sociallogin.user, self.claims(sociallogin), pairs)
        sociallogin.user.set_unusable_password()
        user = super().save_user(request, sociallogin, form)
        sso.apply_memberships(user, pairs)
        return user

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ):
        logger.warning(
            "Sign-on failed at %s: %s %r", getattr(provider, "id", provider), error, exception
        )
        return super().on_authentication_error(
            request, provider, error=error, exception=exception, extra_context=extra_context
        )
