"""Multi-factor authentication: who must have a second factor, and allauth.mfa adapted to Insyn.

allauth.mfa does the factors: TOTP (an authenticator app), recovery codes and WebAuthn
passkeys / security keys; it asks for the code after the password (`mfa_authenticate`). This
module adds Insyn's policy (docs/sign-in.md, "MFA"):

- `mfa_required_for(user)`: administrators and controllers must have a second factor when
  INSYN_MFA_REQUIRED is on (production's default; `make run` turns it off so the demo logins
  work without a phone), and provider staff when the municipality turns on
  INSYN_MFA_FOR_PROVIDERS;
- `must_set_up_mfa(request)`: such a user who signed in with a password and has no factor
  yet is sent to set one up before anything else (`middleware.RequireMFAMiddleware`); a
  single sign-on login is not, its second factor is the identity provider's
  (`mfa_claims`, INSYN_SSO_MFA);
- `MFAAdapter`: Swedish messages, the app's label, secrets encrypted at rest, and no removing
  the last second factor of someone who must have one.
"""

import base64
import hashlib
from urllib.parse import urlsplit

from allauth.account.authentication import get_authentication_records
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .constants import Role
from .models import roles_of

# Roles whose holders must have a second factor (INSYN_MFA_REQUIRED).
MFA_ROLES = frozenset({Role.ADMIN, Role.CONTROLLER})
# Factors that count; recovery codes only stand in for them.
SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)

MESSAGES = {
    "incorrect_code": "Koden eller nyckeln godtogs inte. Skriv koden som appen visar just nu "
    "(en kod gäller bara en gång), eller försök med nyckeln igen.",
    "cannot_delete_authenticator": "Du kan inte ta bort din sista tvåstegsverifiering: din "
    "roll kräver den. Lägg först till en annan app eller säkerhetsnyckel.",
    "cannot_generate_recovery_codes": "Du behöver en autentiseringsapp eller säkerhetsnyckel "
    "innan du kan skapa reservkoder.",
    "unverified_email": "Din e-postadress måste vara bekräftad innan du kan aktivera "
    "tvåstegsverifiering.",
    "add_email_blocked": "Du kan inte lägga till en e-postadress på ett konto som skyddas av "
    "tvåstegsverifiering.",
}


def mfa_required_for(user) -> bool:
    """Must `user` have a second factor of their own before working in Insyn?

    - an active administrator or controller (in any membership), or superuser: yes when
      INSYN_MFA_REQUIRED is on;
    - an active provider user: yes when INSYN_MFA_FOR_PROVIDERS is on;
    - everyone else: no (they may still turn it on themselves).

    Example: with INSYN_MFA_REQUIRED=True and INSYN_MFA_FOR_PROVIDERS=False, the controller
    Karin must, the case worker Linnea and the provider user Lisa need not; with
    INSYN_MFA_FOR_PROVIDERS=True Lisa must too."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if settings.INSYN_MFA_REQUIRED and (user.is_superuser or roles_of(user) & MFA_ROLES):
        return True
    return bool(settings.INSYN_MFA_FOR_PROVIDERS and user.is_provider_user)


def has_second_factor(user) -> bool:
    return Authenticator.objects.filter(user_id=user.pk, type__in=SECOND_FACTORS).exists()


def must_set_up_mfa(request) -> bool:
    """The signed-in user must set up a second factor before going on.

    Asked on every page, so the session answers first: a login through the identity provider
    (its own policy applies) or with a second factor (allauth records both) needs no look-up;
    only a password-only session asks the database whether a factor exists."""
    user = request.user
    if not mfa_required_for(user):
        return False
    methods = {record.get("method") for record in get_authentication_records(request, user)}
    if methods & {"socialaccount", "mfa"}:
        return False
    return not has_second_factor(user)


def _fernet() -> MultiFernet:
    """Keys derived from SECRET_KEY (and SECRET_KEY_FALLBACKS, so a rotated key still
    decrypts the secrets stored before the rotation)."""
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    digests = [hashlib.sha256(f"insyn.mfa:{key}".encode()).digest() for key in keys]
    return MultiFernet([Fernet(base64.urlsafe_b64encode(digest)) for digest in digests])


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {**DefaultMFAAdapter.error_messages, **MESSAGES}

    def get_totp_issuer(self) -> str:
        return f"Insyn {settings.INSYN['MUNICIPALITY_NAME']}"

    def _get_user_identifier(self, user) -> str:
        # The user name, which people log in with, in the app's list and on the key.
        return user.get_username()

    def _get_site_name(self) -> str:
        return self.get_totp_issuer()

    def get_public_key_credential_rp_entity(self) -> dict[str, str]:
        # The configured address, never the request's Host header (a client controls that).
        return {"id": urlsplit(settings.SITE_URL).hostname, "name": self.get_totp_issuer()}

    def encrypt(self, text: str) -> str:
        """TOTP secrets and the recovery-code seed are stored encrypted (Fernet), so a copy of
        the database alone does not give away anyone's second factor."""
        return _fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        try:
            return _fernet().decrypt(encrypted_text.encode()).decode()
        except InvalidToken as error:
            raise ImproperlyConfigured(
                "A second factor cannot be decrypted: SECRET_KEY changed without the old key "
                "in SECRET_KEY_FALLBACKS (docs/sign-in.md, MFA)."
            ) from error

    def can_delete_authenticator(self, authenticator) -> bool:
        """Not the last TOTP app or key of a user who must have one."""
        if authenticator.type not in SECOND_FACTORS or not mfa_required_for(authenticator.user):
            return True
        others = Authenticator.objects.filter(
            user_id=authenticator.user_id, type__in=SECOND_FACTORS
        ).exclude(pk=authenticator.pk)
        return others.exists()
