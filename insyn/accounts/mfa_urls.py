"""allauth.mfa's pages under Swedish addresses, mounted at /konto/tvastegsverifiering/.

The views are allauth's; the names are allauth's too (it reverses them), so they are not
namespaced. Passkey login and sign-up without a password stay off: a passkey is a second
factor after the password here.
"""

from allauth.mfa.base import views as base_views
from allauth.mfa.recovery_codes import views as recovery_views
from allauth.mfa.totp import views as totp_views
from allauth.mfa.webauthn import views as webauthn_views
from django.urls import path

urlpatterns = [
    path("", base_views.index, name="mfa_index"),
    path("verifiera/", base_views.authenticate, name="mfa_authenticate"),
    path("bekrafta/", base_views.reauthenticate, name="mfa_reauthenticate"),
    path("app/aktivera/", totp_views.activate_totp, name="mfa_activate_totp"),
    path("app/inaktivera/", totp_views.deactivate_totp, name="mfa_deactivate_totp"),
    path("reservkoder/", recovery_views.view_recovery_codes, name="mfa_view_recovery_codes"),
    path(
        "reservkoder/nya/",
        recovery_views.generate_recovery_codes,
        name="mfa_generate_recovery_codes",
    ),
    path(
        "reservkoder/ladda-ner/",
        recovery_views.download_recovery_codes,
        name="mfa_download_recovery_codes",
    ),
    path("nycklar/", webauthn_views.list_webauthn, name="mfa_list_webauthn"),
    path("nycklar/ny/", webauthn_views.add_webauthn, name="mfa_add_webauthn"),
    path(
        "nycklar/bekrafta/",
        webauthn_views.reauthenticate_webauthn,
        name="mfa_reauthenticate_webauthn",
    ),
    path("nycklar/<int:pk>/ta-bort/", webauthn_views.remove_webauthn, name="mfa_remove_webauthn"),
    path("nycklar/<int:pk>/andra/", webauthn_views.edit_webauthn, name="mfa_edit_webauthn"),
]
