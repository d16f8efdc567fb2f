"""allauth.mfa's forms, and allauth's password confirmation, with Swedish labels and help
(settings.MFA_FORMS, ACCOUNT_FORMS). The checks are
allauth's; only the words change."""

from allauth.account.forms import ReauthenticateForm as ReauthenticatePassword
from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.totp.forms import ActivateTOTPForm
from allauth.mfa.webauthn.forms import AddWebAuthnForm, EditWebAuthnForm

CODE_LABEL = "Kod från autentiseringsappen eller en reservkod"
CODE_REQUIRED = "Skriv koden från autentiseringsappen eller en reservkod."
KEY_NAME_LABEL = "Namn på nyckeln"


def _code_field(field, label, required):
    field.label = label
    field.error_messages["required"] = required
    field.widget.attrs.pop("placeholder", None)
    field.widget.attrs.update({"inputmode": "numeric", "autocomplete": "one-time-code"})


class CodeForm(AuthenticateForm):
    """The second step of the login."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _code_field(self.fields["code"], CODE_LABEL, CODE_REQUIRED)


class ReauthenticateCodeForm(ReauthenticateForm):
    """Confirming with a code before personal data or the second factors."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _code_field(self.fields["code"], CODE_LABEL, CODE_REQUIRED)


class ActivateAppForm(ActivateTOTPForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _code_field(
            self.fields["code"],
            "Koden som appen visar",
            "Skriv den sexsiffriga kod som appen visar.",
        )


class AddKeyForm(AddWebAuthnForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = KEY_NAME_LABEL
        self.fields["credential"].error_messages["required"] = (
            "Nyckeln svarade inte. Tryck på Lägg till och följ webbläsarens anvisningar."
        )


class EditKeyForm(EditWebAuthnForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = KEY_NAME_LABEL
        self.fields["name"].error_messages["required"] = "Skriv ett namn på nyckeln."


class ReauthenticatePasswordForm(ReauthenticatePassword):
    """Confirming the password before personal data (core/reauth.py)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        password = self.fields["password"]
        password.label = "Lösenord"
        password.help_text = ""
        password.widget.attrs.pop("placeholder", None)
        password.error_messages["required"] = "Fyll i ditt lösenord."
