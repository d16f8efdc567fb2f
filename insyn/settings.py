"""Insyn settings: everything comes from environment variables, with safe development defaults.

See docs/deploy.md for the variables a production installation sets.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# The placeholder is prefixed "django-insecure-" so `check --deploy` refuses it in production.
SECRET_KEY = env.str("SECRET_KEY", default="django-insecure-dev-only-do-not-use-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "auditlog",
    "axes",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "insyn.core",
    "insyn.accounts",
    "insyn.registry",
    "insyn.portal",
    "insyn.questionnaires",
    # Before followup: its nightly refresh runs before the risk snapshot.
    "insyn.suppliers",
    "insyn.followup",
    "insyn.ratings",
    "insyn.feedback",
    "insyn.placement",
    "insyn.reports",
    "insyn.public",
    "insyn.notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Sliding expiry: saves the session once every few minutes, not on every page.
    "insyn.core.sessions.RefreshSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "insyn.core.middleware.RejectControlCharactersMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Inside the CSP's: the login buttons' forms may end at the identity provider.
    "insyn.accounts.middleware.SignOnFormActionMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "axes.middleware.AxesMiddleware",
    # After allauth's: a user who must have a second factor sets one up first (docs/sign-in.md).
    "insyn.accounts.middleware.RequireMFAMiddleware",
]

ROOT_URLCONF = "insyn.urls"
WSGI_APPLICATION = "insyn.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "insyn" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "insyn.core.context_processors.insyn",
            ],
        },
    },
]

DATABASES = {
    # An empty DATABASE_URL (scripts/test.sh sets one to force SQLite) means the default too.
    "default": env.db_url_config(
        env.str("DATABASE_URL", default="") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    ),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
if "postgresql" in DATABASES["default"]["ENGINE"] and not env.bool("DATABASE_JIT", default=False):
    # PostgreSQL's JIT compiles a query whose estimated cost passes jit_above_cost: a region's
    # free-text count spent 10 of its 43 ms compiling. Pages run short queries, once each:
    # compiling never pays back (issue 16; docs/deploy.md). DATABASE_JIT=true keeps it.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dev server read while an import writes.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = "PRAGMA journal_mode=WAL;"
    DATABASES["default"]["OPTIONS"]["timeout"] = 20

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # django-allauth signs in (password, OpenID Connect, SAML); see docs/sign-in.md.
    "allauth.account.auth_backends.AuthenticationBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # Length protects better than composition rules; 12 is the floor for staff accounts.
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska")]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "insyn" / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "insyn" / "static"]
# Uploads are private: MEDIA_ROOT is never served (keep it outside any web root); files
# leave only through permission-checked download views (insyn/core/files.py).
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "insyn.core.files.PrivateFileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_STORAGE",
            default="django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}

# Sessions expire after a working day of inactivity, and when the browser closes. The
# expiry slides: insyn.core.sessions saves the session at most every SESSION_REFRESH_SECONDS
# (one write per few minutes per person instead of one per page; issue 16).
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = env.int("SESSION_REFRESH_SECONDS", default=5 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Forms carry the CSRF token; no script ever needs to read the cookie.
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
BEHIND_TLS_PROXY = env.bool("BEHIND_TLS_PROXY", default=False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# Login throttling: lock a username+IP pair for an hour after five failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_HTTP_RESPONSE_CODE = 429
# Behind a proxy every request comes from its address: the client's address is read from
# X-Forwarded-For, but only on requests from these addresses (or networks), so a client
# can't choose the address it is throttled and logged by. See insyn/core/client_ip.py.
TRUSTED_PROXIES = env.list(
    "TRUSTED_PROXIES", default=["127.0.0.1", "::1"] if BEHIND_TLS_PROXY else []
)
AXES_CLIENT_IP_CALLABLE = "insyn.core.client_ip.client_ip"
# The log names the client's address; the user name stays masked (people type their
# password into it).
AXES_SENSITIVE_PARAMETERS = ["username"]
# allauth's form posts "login" (a user name or an e-mail address); see insyn/accounts/signin.py.
AXES_USERNAME_CALLABLE = "insyn.accounts.signin.axes_username"

# --- sign-in (django-allauth, docs/adr/003-sign-in.md) --------------------------------------
# Nobody registers themselves: the administration creates accounts, and single sign-on
# creates municipal staff from the identity provider's claims.
ACCOUNT_ADAPTER = "insyn.accounts.signin.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_GET = False
# django-axes throttles failed logins (above); allauth's own counter would answer first.
ACCOUNT_RATE_LIMITS = {"login_failed": False}
ACCOUNT_FORMS = {
    "login": "insyn.accounts.signin.LoginForm",
    "reauthenticate": "insyn.accounts.mfa_forms.ReauthenticatePasswordForm",
}
# Local password login for municipal staff: on for `make run` and the demo; a production
# installation with single sign-on turns it off. Provider staff and the break-glass
# administrators named in INSYN_BREAK_GLASS_USERS keep their password (docs/sign-in.md).
INSYN_LOCAL_LOGIN = env.bool("INSYN_LOCAL_LOGIN", default=True)
INSYN_BREAK_GLASS_USERS = env.list("INSYN_BREAK_GLASS_USERS", default=[])

# Single sign-on for municipal staff (docs/sign-in.md): OpenID Connect (e.g. Entra ID)
# and/or SAML 2.0, configured here from the environment, never in the database. Users are
# created on first login and their memberships come from their groups through the
# administrator's group mapping (/administration/gruppkopplingar/).
SOCIALACCOUNT_ADAPTER = "insyn.accounts.signin.SocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False
INSYN_SSO = {
    "GROUPS_CLAIM": env.str("INSYN_SSO_GROUPS_CLAIM", default="groups"),
    "EMPLOYEE_ID_CLAIM": env.str("INSYN_SSO_EMPLOYEE_ID_CLAIM", default="employee_id"),
}
# Insyn's SAML provider keeps the assertion's AuthnContextClassRef (the MFA proof) next to
# the attributes (insyn/accounts/saml_provider.py); allauth reads "provider_class" once, when
# it loads its providers.
SAML_PROVIDER_CLASS = "insyn.accounts.saml_provider.InsynSAMLProvider"
SOCIALACCOUNT_PROVIDERS = {"saml": {"provider_class": SAML_PROVIDER_CLASS}}


def saml_app(*, name, entity_id, sso_url, x509cert, sp_entity_id=None, slug="kommunen"):
    """allauth's SAML app for the municipality's IdP (or federation/broker): signed
    assertions required, strict checks (audience, destination, validity), no IdP-initiated
    logins. Attributes are read by the names in INSYN_SAML_ATTRIBUTES."""
    app = {
        "client_id": slug,
        "name": name,
        "settings": {
            "idp": {"entity_id": entity_id, "sso_url": sso_url, "x509cert": x509cert},
            "attribute_mapping": {
                "uid": [
                    "urn:oasis:names:tc:SAML:attribute:subject-id",
                    "urn:oid:0.9.2342.19200300.100.1.1",
                    "urn:mace:dir:attribute-def:uid",
                    "uid",
                ],
                "email": [
                    "urn:oid:0.9.2342.19200300.100.1.3",
                    "urn:mace:dir:attribute-def:mail",
                    "urn:mace:dir:attribute-def:email",
                    "email",
                ],
                "first_name": ["given_name", "urn:oid:2.5.4.42"],
                "last_name": ["family_name", "urn:oid:2.5.4.4"],
            },
            "advanced": {
                "strict": True,
                "want_assertion_signed": True,
                "reject_idp_initiated_sso": True,
            },
        },
    }
    if sp_entity_id:
        app["settings"]["sp"] = {"entity_id": sp_entity_id}
    return app


INSYN_SAML_IDP_ENTITY_ID = env.str("INSYN_SAML_IDP_ENTITY_ID", default="")
if INSYN_SAML_IDP_ENTITY_ID:
    SOCIALACCOUNT_PROVIDERS["saml"] = {
        "provider_class": SAML_PROVIDER_CLASS,
        "APPS": [
            saml_app(
                name=env.str("INSYN_SAML_NAME", default="kommunens inloggning"),
                entity_id=INSYN_SAML_IDP_ENTITY_ID,
                sso_url=env.str("INSYN_SAML_IDP_SSO_URL"),
                x509cert=env.str("INSYN_SAML_IDP_X509CERT"),
                sp_entity_id=env.str("INSYN_SAML_SP_ENTITY_ID", default="") or None,
            )
        ],
    }
# Extra origins for the CSP's form-action, when a provider's login page is elsewhere than its
# server_url / SSO URL (insyn.accounts.middleware.sign_on_origins).
INSYN_CSP_FORM_ACTION = env.list("INSYN_CSP_FORM_ACTION", default=[])
INSYN_OIDC_SERVER_URL = env.str("INSYN_OIDC_SERVER_URL", default="")
if INSYN_OIDC_SERVER_URL:
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": env.str("INSYN_OIDC_PROVIDER_ID", default="kommunen"),
                "name": env.str("INSYN_OIDC_NAME", default="kommunens inloggning"),
                "client_id": env.str("INSYN_OIDC_CLIENT_ID"),
                "secret": env.str("INSYN_OIDC_SECRET"),
                "settings": {
                    "server_url": INSYN_OIDC_SERVER_URL,
                    "oauth_pkce_enabled": True,
                    "scope": env.list("INSYN_OIDC_SCOPES", default=["openid", "profile", "email"]),
                },
            }
        ],
    }

# One cache shared by every worker (the API token throttle counts in it): Redis or
# Memcached from CACHE_URL (e.g. redis://127.0.0.1:6379/1, needs the `redis` package),
# else a table in the database (created by `migrate`, see insyn/core/apps.py).
CACHE_URL = env.str("CACHE_URL", default="") or env.str("REDIS_URL", default="")
if CACHE_URL:
    CACHES = {"default": env.cache_url_config(CACHE_URL)}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "insyn_cache",
        }
    }

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: DRF answers an anonymous request with 401 + WWW-Authenticate from it.
        "insyn.core.tokens.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "insyn.core.api_input.FilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    # JSON only: one body format for the schema to describe (others answer 415).
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "DEFAULT_PAGINATION_CLASS": "insyn.core.api_input.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "insyn.core.api_docs.PermissionSchema",
    "EXCEPTION_HANDLER": "insyn.core.api.exception_handler",
}
# API tokens expire this many days after they were issued (0: only a password change ends
# them); a new password always ends them (insyn/core/tokens.py).
API_TOKEN_TTL_DAYS = env.int("API_TOKEN_TTL_DAYS", default=30)
# The OpenAPI schema and its docs without login: on in development, off in production unless
# the municipality chooses to publish them.
API_SCHEMA_PUBLIC = env.bool("API_SCHEMA_PUBLIC", default=DEBUG)
SPECTACULAR_SETTINGS = {
    "TITLE": "Insyn API",
    "DESCRIPTION": "Utförarregister, avtal och uppföljning. Autentisering med session eller token.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["insyn.core.api_schema.SchemaAccess"],
    "COMPONENT_SPLIT_REQUEST": True,
    # Documented errors, strict bodies and text for every operation (insyn/core/api_schema.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "insyn.core.api_schema.document_errors",
    ],
    # Swagger UI from our own static files (drf-spectacular-sidecar): no CDN, CSP 'self' holds.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No validator badge: it would call validator.swagger.io from the user's browser.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    # One schema name per choice set that several apps use (or that shares a field name).
    "ENUM_NAME_OVERRIDES": {
        "TargetGenderEnum": "insyn.registry.constants.TargetGender",
        "ClientGenderEnum": "insyn.ratings.constants.Gender",
        "FeedbackStatusEnum": "insyn.feedback.constants.Status",
        "GoalStatusEnum": "insyn.reports.constants.GoalStatus",
        "DecidableGoalStatusEnum": "insyn.reports.constants.DECIDABLE_GOAL_STATUSES",
    },
}

TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="insyn@example.se")
# Production mail (set-password links, alerts): EMAIL_URL=smtp+tls://user:pass@host:587
if env.str("EMAIL_URL", default=""):
    globals().update(env.email_url("EMAIL_URL"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

# Insyn's public address: every link in a mail or document is built from it (core/links.py).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# Insyn's own tunables, one place (per-app rules read these).
INSYN = {
    "MUNICIPALITY_NAME": env.str("MUNICIPALITY_NAME", default="Demokommunen"),
    "IMPORT_MAX_BYTES": env.int("IMPORT_MAX_BYTES", default=20 * 1024 * 1024),
    "LIST_PAGE_SIZE": env.int("LIST_PAGE_SIZE", default=50),
    # Segregation of duties: nobody decides (approves) a proposal they made themselves.
    "SEGREGATION_OF_DUTIES": env.bool("SEGREGATION_OF_DUTIES", default=False),
    # The buyer in open data (OCDS): unset, the public app's obvious placeholders apply and
    # `check --deploy` warns (insyn/public/checks.py).
    "PUBLIC": {
        key: value
        for key, value in {
            "MUNICIPALITY_ORG_NUMBER": env.str("MUNICIPALITY_ORG_NUMBER", default=""),
            "OCID_PREFIX": env.str("OCID_PREFIX", default=""),
        }.items()
        if value
    },
}

# --- multi-factor authentication and re-authentication (docs/sign-in.md, "MFA") -------------
# allauth.mfa: an authenticator app (TOTP) with recovery codes, and WebAuthn security keys
# and passkeys, as a second step after the password.
MFA_ADAPTER = "insyn.accounts.mfa.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
# http://127.0.0.1 in `make run`; a server always has https.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = env.bool("MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN", default=DEBUG)
# Administrators and controllers must have a second factor: on in production, off in
# `make run` (DEBUG) so the demo logins work without a phone.
INSYN_MFA_REQUIRED = env.bool("INSYN_MFA_REQUIRED", default=not DEBUG)
# Provider staff must have one too when the municipality turns this on.
INSYN_MFA_FOR_PROVIDERS = env.bool("INSYN_MFA_FOR_PROVIDERS", default=False)
# Single sign-on: "trust" the identity provider's own policy, or "require" that its assertion
# shows a second factor (amr/acr, SAML AuthnContext; insyn/accounts/mfa_claims.py). The
# context classes that count replace the built-in list when set.
INSYN_SSO_MFA = env.str("INSYN_SSO_MFA", default="trust")
INSYN_SSO_MFA_CONTEXTS = env.list("INSYN_SSO_MFA_CONTEXTS", default=[])
# Unmasking an identity number or exporting personal data asks for a login (or a confirmed
# password or code) within this many minutes (insyn/core/reauth.py); allauth's own
# re-authentication (changing the second factor) uses the same window.
INSYN_REAUTH_MINUTES = env.int("INSYN_REAUTH_MINUTES", default=15)
ACCOUNT_REAUTHENTICATION_TIMEOUT = INSYN_REAUTH_MINUTES * 60
MFA_FORMS = {
    "authenticate": "insyn.accounts.mfa_forms.CodeForm",
    "reauthenticate": "insyn.accounts.mfa_forms.ReauthenticateCodeForm",
    "activate_totp": "insyn.accounts.mfa_forms.ActivateAppForm",
    "add_webauthn": "insyn.accounts.mfa_forms.AddKeyForm",
    "edit_webauthn": "insyn.accounts.mfa_forms.EditKeyForm",
}
