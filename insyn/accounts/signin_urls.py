"""The sign-in pages, mounted at /konto/: the login page and the parts of django-allauth
Insyn uses (single sign-on callbacks, error pages). Only these are mounted — no
self-registration, no e-mail management: the administration keeps accounts."""

from allauth.account import views as account_views
from allauth.socialaccount import views as social_views
from django.urls import include, path

from . import signin

urlpatterns = [
    path("logga-in/", signin.LoginView.as_view(), name="login"),
    # allauth's own name for the login page (its redirects use it): the same page.
    path("logga-in/", signin.LoginView.as_view(), name="account_login"),
    path("sparrat/", account_views.account_inactive, name="account_inactive"),
    path(
        "sso/avbruten/",
        social_views.login_cancelled,
        name="socialaccount_login_cancelled",
    ),
    path("sso/fel/", social_views.login_error, name="socialaccount_login_error"),
    # /konto/oidc/<provider id>/login/ and …/login/callback/
    path("", include("allauth.socialaccount.providers.openid_connect.urls")),
    # /konto/saml/<organisation>/login/, acs/, acs/finish/, sls/, metadata/
    path("", include("allauth.socialaccount.providers.saml.urls")),
]
