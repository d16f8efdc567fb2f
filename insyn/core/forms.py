"""Login form with Swedish labels (throttled by django-axes through the auth backend)."""

from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Fel användarnamn eller lösenord. Observera att lösenordet skiljer på "
        "stora och små bokstäver.",
        "inactive": "Kontot är inaktiverat. Kontakta systemförvaltaren.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Användarnamn"
        self.fields["password"].label = "Lösenord"
        self.fields["username"].error_messages["required"] = "Fyll i ditt användarnamn."
        self.fields["password"].error_messages["required"] = "Fyll i ditt lösenord."
