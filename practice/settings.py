"""Settings, all read from the environment.

The defaults make `make run` work on a laptop: DEBUG on, SQLite, console e-mail and the
offline test-payment page. In production (DEBUG off) every value that matters must be set
explicitly; there are no silent fallbacks for secrets. README.md lists the variables.
"""

from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from xstatic.pkg import bootstrap as xstatic_bootstrap

from practice.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

# Only ever used with DEBUG on; production refuses it below.
DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105


def local_site_url() -> str:
    """Where `make run` serves the site: from the HOST and PORT it passes. 0.0.0.0 listens on
    every address of this machine, so links name 127.0.0.1."""
    host = env_str("HOST", "127.0.0.1")
    if host == "0.0.0.0":  # noqa: S104 (not binding: naming this machine)
        host = "127.0.0.1"
    return f"http://{host}:{env_int('PORT', 8000)}"


DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env_str("SECRET_KEY") or (DEV_SECRET_KEY if DEBUG else None)
if not DEBUG and (not SECRET_KEY or SECRET_KEY == DEV_SECRET_KEY):
    raise ImproperlyConfigured(
        "SECRET_KEY is missing. With DEBUG off the site will not start without a secret key "
        "of its own: set SECRET_KEY to a long random string (for example the output of "
        "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`), or set DEBUG=1 "
        "for local development."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# An expired form gets the site's layout and a way on, not Django's bare page.
CSRF_FAILURE_VIEW = "practice.views.csrf_failure"

# The public address of the site, used in e-mails, .ics files, feeds and Stripe return URLs.
SITE_URL = env_str("SITE_URL", local_site_url()).rstrip("/")

INSTALLED_APPS = [
    "practice",
    "clients",
    "blog",
    "bookings",
    "payments",
    "rooms",
    "aftercare",
    "packages",
    "vouchers",
    "waitlist",
    "client_area",
    "workplace",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "django_http_compression",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages go out compressed (every browser accepts it): a signed-in page is 40-50 KB, two
    # thirds of it the list of time zones, and a client on a phone waits for it. Zstandard
    # where the browser takes it (Chromium, Firefox: 0.12 ms for /my/, six times quicker than
    # Django's gzip), Brotli for Safari, else gzip. Below WhiteNoise, which sends static files
    # compressed ahead of time and never reaches this; above everything that writes a page's
    # body. Each response gets a header of random length, so that a page holding a secret (a
    # CSRF token) resists BREACH's guessing by length.
    "django_http_compression.middleware.HttpCompressionMiddleware",
    "practice.middleware.SecurityHeadersMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "practice.middleware.RefuseNulMiddleware",
    "practice.version_tokens.VersionTokensMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "practice.middleware.PersonalPagesNotStoredMiddleware",
    "practice.middleware.AdminRequiresMFAMiddleware",
    "practice.middleware.AdminTimeZoneMiddleware",
]

ROOT_URLCONF = "practice.urls"
WSGI_APPLICATION = "practice.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "practice.context_processors.practice",
                "bookings.context_processors.discovery_call",
            ],
        },
    },
]

# Database: a SQLite file unless DATABASE_URL says otherwise (PostgreSQL in production).
# Connections are kept between requests on both: opening one costs each request about 1 ms on
# SQLite (Django registers its SQL functions and the PRAGMAs run) and a round trip on PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock when a transaction starts, so two bookings of one slot
    # are serialised instead of both reading "free" (see bookings/services.py).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: rate limits, sessions' neighbours and page fragments. Local memory for one
# process; Redis (REDIS_URL) when several processes must share it.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "practice.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "practice"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

AUTH_USER_MODEL = "clients.User"
AUTHENTICATION_BACKENDS = [
    # ModelBackend with each person's permissions kept in the cache (the desk asks on every
    # page); ModelBackend itself stays for the sessions it signed in.
    "workplace.permissions.CachedPermissionsBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "clients:my-account"

# django-allauth: the e-mail address is the login, and a code e-mailed to it is the way in.
# Signing up asks for a name and the address (no password); signing in e-mails a code, or takes
# a password she chose to set. Every code is typed on one page (clients/account_code.py).
ACCOUNT_ADAPTER = "clients.adapter.AccountAdapter"
ACCOUNT_FORMS = {"signup": "clients.adapter.SignupForm", "login": "clients.adapter.LoginForm"}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
# Both kinds of code behave alike (the code page must not tell them apart): as long to live,
# as many tries, as many new codes on request.
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_TIMEOUT = 15 * 60
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 15 * 60
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_MAX_ATTEMPTS = 3
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3
ACCOUNT_EMAIL_VERIFICATION_SUPPORTS_RESEND = True
ACCOUNT_LOGIN_BY_CODE_SUPPORTS_RESEND = True
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_RATE_LIMITS = {
    # allauth's defaults, spelled out so they are visible and reviewed.
    # The key is the account *and* the address (clients/adapter.py): a stranger's wrong
    # passwords lock only the stranger's address out of the account, never its owner.
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    # One e-mailed code every three minutes per address, whichever kind: sign-in codes count
    # here too (clients/adapter.py, clients/account_code.py), so that signing up, or asking
    # for a new code, answers alike whether or not the address has an account.
    "confirm_email": "1/3m/key",
    "request_login_code": "20/m/ip,3/m/key",
    "reset_password": "20/m/ip,5/m/key",
    # Wrong gift voucher codes (vouchers/attempts.py): per account and per address.
    "voucher_code": "10/h/user,30/h/ip",
}
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env_str("MFA_TOTP_ISSUER", "Quiet Harbour Therapy")
# In production the admin asks staff for a second factor (practice/middleware.py).
ADMIN_REQUIRES_MFA = env_bool("ADMIN_REQUIRES_MFA", default=not DEBUG)
ADMIN_PATH = env_str("ADMIN_PATH", "admin").strip("/")

# Widgets render through the project's templates, so templates/admin/widgets/ can mend Django's.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

LANGUAGE_CODE = "en-gb"
FORMAT_MODULE_PATH = ["practice.formats"]  # the 24-hour clock everywhere
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
# The practice's own zone: the default for practitioners and for clients who have not chosen.
PRACTICE_TIME_ZONE = env_str("PRACTICE_TIME_ZONE", "Europe/London")
try:
    ZoneInfo(PRACTICE_TIME_ZONE)
except (ZoneInfoNotFoundError, ValueError):
    raise ImproperlyConfigured(
        f"PRACTICE_TIME_ZONE {PRACTICE_TIME_ZONE!r} is not an IANA time zone name."
    ) from None
PRACTICE_CURRENCY = env_str("PRACTICE_CURRENCY", "GBP").upper()
# How long a gift voucher lasts once bought: at least 12 months (vouchers/checks.py).
VOUCHER_VALID_MONTHS = env_int("VOUCHER_VALID_MONTHS", 12)

# Static files: our own CSS/JS plus Bootstrap from the XStatic package, served by WhiteNoise
# with hashed names and far-future caching. Nothing is loaded from another host.
STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", xstatic_bootstrap.BASE_DIR),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 31536000 if not DEBUG else 0
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))

# Clients' recordings live in private storage, never under MEDIA_URL: a folder on disk by
# default, or an S3-compatible object store when PRIVATE_STORAGE_BUCKET is set. Only the
# site's own views read them (aftercare/file_views.py), for their owner and the practitioner.
PRIVATE_STORAGE_BUCKET = env_str("PRIVATE_STORAGE_BUCKET")
if PRIVATE_STORAGE_BUCKET:
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": PRIVATE_STORAGE_BUCKET,
            "endpoint_url": env_str("PRIVATE_STORAGE_ENDPOINT_URL") or None,
            "region_name": env_str("PRIVATE_STORAGE_REGION") or None,
            "access_key": env_str("PRIVATE_STORAGE_ACCESS_KEY_ID") or None,
            "secret_key": env_str("PRIVATE_STORAGE_SECRET_ACCESS_KEY") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    STORAGES["private"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": Path(env_str("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private_media"))),
            "base_url": None,
        },
    }
# The largest recording the practitioner may upload (bytes).
RECORDING_MAX_BYTES = env_int("RECORDING_MAX_BYTES", 300 * 1024 * 1024)

# E-mail: printed to the console unless an SMTP host is given.
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
else:
    EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Quiet Harbour Therapy <hello@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Seconds an SMTP server may stay silent before a send gives up (and is retried later from the
# outbox, practice/mail.py): without it one silent server holds a worker forever.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)

# Background work: django-tasks with its database backend; `manage.py db_worker` runs it
# and `manage.py run_periodic` enqueues the periodic jobs listed here.
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# (dotted path of a task, seconds between runs)
PERIODIC_TASKS: list[tuple[str, int]] = [
    ("bookings.tasks.expire_holds", 60),
    ("bookings.tasks.send_due_reminders", 300),
    # Listening plans: each client's daily reminder at her own minute, check-ins, follow-ups.
    ("aftercare.tasks.send_listening_emails", 60),
    # Package credits reserved by holds that ended go back to their packages.
    ("packages.tasks.release_ended_reservations", 60),
    # E-mails whose send task was lost, whose retry is due, or whose worker died mid-send.
    ("practice.mail.send_due_emails", 60),
    # Refunds whose request to Stripe failed are sent again (same idempotency key).
    ("payments.tasks.retry_pending_refunds", 600),
    # A safety net for webhooks that never arrive: paid sessions are settled anyway.
    ("payments.tasks.reconcile_recent", 3600),
    # Recording files whose deletion from private storage failed (or whose upload rolled back).
    ("aftercare.recordings.sweep_recording_files", 3600),
    # Her own calendars (Google, Apple, Outlook...) read again: their busy times block her hours.
    ("workplace.calendar_sync.sync_calendars", 300),
    # The waitlist: times freed since the last look, offered to the first in line.
    ("waitlist.tasks.offer_freed_times", 60),
    # Gift vouchers e-mailed on their day; vouchers reserved by holds that ended given back.
    ("vouchers.tasks.deliver_vouchers", 60),
    ("vouchers.tasks.release_voucher_reservations", 300),
]

# The waitlist (waitlist/conf.py): how long a freed time is held for the one it is offered to,
# the shortest offer worth making (the start's notice limit is near), and how far ahead
# a client may ask.
WAITLIST_OFFER_MINUTES = env_int("WAITLIST_OFFER_MINUTES", 120)
WAITLIST_OFFER_SHORTEST_MINUTES = 15
WAITLIST_DAYS_AHEAD = 90

# Reading her own calendars (workplace/calendar_sync.py): seconds to connect, seconds the server
# may stay silent, seconds a whole download may take, and the largest file read (bytes).
CALENDAR_CONNECT_TIMEOUT = env_int("CALENDAR_CONNECT_TIMEOUT", 5)
CALENDAR_READ_TIMEOUT = env_int("CALENDAR_READ_TIMEOUT", 20)
CALENDAR_DOWNLOAD_SECONDS = env_int("CALENDAR_DOWNLOAD_SECONDS", 60)
CALENDAR_MAX_BYTES = env_int("CALENDAR_MAX_BYTES", 5 * 1024 * 1024)

# Stripe: keys from the environment only. Without a secret key, and only with DEBUG on,
# the offline test-payment page stands in for Checkout.
STRIPE_SECRET_KEY = env_str("STRIPE_SECRET_KEY")
STRIPE_PUBLISHABLE_KEY = env_str("STRIPE_PUBLISHABLE_KEY")
STRIPE_WEBHOOK_SECRET = env_str("STRIPE_WEBHOOK_SECRET")
STRIPE_API_BASE = env_str("STRIPE_API_BASE")
STRIPE_OFFLINE = DEBUG and not STRIPE_SECRET_KEY

# The video rooms' Jitsi server, unless the practitioner names her own in the admin ("How
# clients join sessions"): each confirmed booking gets its own room there (rooms/models.py).
JITSI_BASE_URL = env_str("JITSI_BASE_URL", "https://meet.jit.si").rstrip("/")

# Health answers are encrypted with these Fernet keys (comma-separated, newest first: the
# first encrypts, all decrypt, which is how keys are rotated).
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS", [])
if not FIELD_ENCRYPTION_KEYS and DEBUG:
    # A fixed development key so the demo works; production must set its own.
    FIELD_ENCRYPTION_KEYS = ["ZGV2LW9ubHktZmllbGQta2V5LW5vdC1mb3ItcHJvZCE="]

# Security. Production defaults are strict; local development stays on plain http.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
# Behind our own reverse proxy: it terminates TLS and appends the address it saw to
# X-Forwarded-For. Without trusting it, every visitor would have the proxy's address, and a few
# failed logins would lock the whole site's login, sign-up and password reset.
BEHIND_PROXY = env_bool("BEHIND_PROXY", default=not DEBUG)
if BEHIND_PROXY:
    # The proxy terminates TLS and says so in this header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The client's address is this many hops from the end of X-Forwarded-For (earlier hops come
# from the client and may be forged): one per proxy of ours. allauth's rate limits and the
# consent records (clients/consent.py) both read the address by this one rule.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1) if BEHIND_PROXY else 0
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

STRIPE_CHECKOUT_ORIGIN = "https://checkout.stripe.com"
# Nothing is allowed unless named here: each kind of resource the pages really load, from
# our own origin only, and never inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        # Bootstrap draws form controls' arrows and ticks, and allauth the TOTP QR code, as
        # data: SVGs.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        # static/js/payment-status.js asks whether a payment has arrived; static/js/slot-picker.js
        # fetches the slot page of another day.
        "connect-src": [SELF],
        # A client's recording plays in the page's <audio> player, from our own file view
        # (aftercare/file_views.py), as in the practitioner's admin.
        "media-src": [SELF],
        "form-action": [SELF, STRIPE_CHECKOUT_ORIGIN],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "browsing-topics",
    )
}

# `make bench` turns on a bare "ok" view as the throughput ceiling; never set in production.
BENCHMARK_CEILING = env_bool("BENCHMARK_CEILING", default=False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Request bodies never reach the logs; 4xx noise stays out of production logs.
        "django.request": {"level": "ERROR"},
        # urllib3 names each address it fetches at DEBUG; her calendars' addresses are secrets.
        "urllib3.connectionpool": {"level": "INFO"},
    },
}
