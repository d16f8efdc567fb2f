"""Mounts staff pages, the provider portal, the public part, the API and the admin."""

from allauth.account import views as account_views
from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from insyn.core import document_views
from insyn.core import views as core_views

admin.site.site_header = "Insyn – systemförvaltning"
# Django's admin has its own password form, which would skip the second factor: its login
# goes through allauth's login page instead (docs/sign-in.md, MFA).
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_title = "Insyn"

# API clients get JSON for every error, a 500 too; people get Swedish pages.
handler400 = core_views.bad_request
handler403 = core_views.permission_denied
handler404 = core_views.page_not_found
handler500 = core_views.server_error

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz/", core_views.healthz, name="healthz"),
    path("konto/", include("insyn.accounts.signin_urls")),
    # Confirming the password before personal data or the second factors (core/reauth.py).
    path("konto/bekrafta/", account_views.reauthenticate, name="account_reauthenticate"),
    path("konto/tvastegsverifiering/", include("insyn.accounts.mfa_urls")),
    path("konto/logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "konto/byt-losenord/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "konto/byt-losenord/klart/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("dokument/<int:pk>/", document_views.document_detail, name="document_detail"),
    path("dokument/<int:pk>/status/", document_views.document_status, name="document_status"),
    path(
        "dokument/<int:pk>/ladda-ner/",
        document_views.document_download,
        name="document_download",
    ),
    path("konto/api-token/", core_views.api_tokens, name="api_tokens"),
    path("administration/", include("insyn.accounts.urls")),
    path("register/", include("insyn.registry.urls")),
    path("mallar/", include("insyn.questionnaires.urls")),
    path("uppfoljning/", include("insyn.followup.urls")),
    path("rating/", include("insyn.ratings.urls")),
    path("synpunkter/", include("insyn.feedback.urls")),
    path("placering/", include("insyn.placement.urls")),
    path("leverantorskontroll/", include("insyn.suppliers.urls")),
    path("rapporter/", include("insyn.reports.urls")),
    path("aviseringar/", include("insyn.notifications.urls")),
    path("portal/uppfoljning/", include("insyn.followup.portal_urls")),
    path("portal/synpunkter/", include("insyn.feedback.portal_urls")),
    path("portal/rating/", include("insyn.ratings.portal_urls")),
    path("portal/arsredovisning/", include("insyn.suppliers.portal_urls")),
    path("portal/", include("insyn.portal.urls")),
    path("insyn/", include("insyn.public.urls")),
    path("api/", include("insyn.api_urls")),
    path("admin/", admin.site.urls),
]
