"""Test settings: the real settings with a few speed-ups and no outside effects."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-that-is-long-enough-for-checks-1234567")
os.environ.setdefault(
    "FIELD_ENCRYPTION_KEYS",
    # Two keys, newest first, so the tests exercise rotation.
    "dGVzdC1rZXktbmV3ZXN0LW9uZS1mb3ItdGVzdHMhISE=,dGVzdC1rZXktb2xkZXItb25lLWZvci10ZXN0cyEhISE=",
)

from practice.settings import *  # noqa: F403
from practice.settings import BASE_DIR, DATABASES

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # Recordings on disk in a folder of this test process's own (the S3 tests swap in a local
    # S3-compatible server: tests/aftercare).
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": tempfile.mkdtemp(prefix="qh-private-media-"), "base_url": None},
    },
}
# Tasks run on the real database queue in tests; tests drain it with `run_queued_tasks`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
MEDIA_ROOT = BASE_DIR / ".test-media"
# Static files come from the finders, as on a fresh clone: a `collectstatic` run for `make run`
# or a benchmark would otherwise have WhiteNoise index its few hundred files each time a test
# client starts (a quarter of some files' time). tests/practice/test_static_files.py collects
# into a folder of its own.
STATIC_ROOT = tempfile.mkdtemp(prefix="qh-static-")

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not the shared in-memory database, so that concurrent test threads see real
    # SQLite locking (the race tests rely on it).
    # TEST_DB_SUFFIX lets several test runs share one checkout without sharing a database.
    suffix = os.environ.get("TEST_DB_SUFFIX", "")
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / f".test-db{suffix}.sqlite3")}

# The demo's setting; the tests that prove the production rule turn it on themselves.
ADMIN_REQUIRES_MFA = False

# Her calendars' server in the tests is a local one; one that stays silent longer than this
# is given up on (tests/workplace/test_calendar_sync.py), without a long wait.
CALENDAR_CONNECT_TIMEOUT = 2
CALENDAR_READ_TIMEOUT = 1
CALENDAR_DOWNLOAD_SECONDS = 10
# A request gives up on a silent Stripe after this many seconds (5 in production:
# payments/client.py); tests/payments/test_stripe_hangs.py waits for it.
STRIPE_REQUEST_TIMEOUT = 1

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A commit returns without waiting for the disk to confirm it: transactional tests commit
    # every write, and creating the test database commits each migration; three transactional
    # files ran in 24 s instead of 36 s. What every connection sees is unchanged; only a crash
    # of the server could lose the last commits, of a database thrown away at the end.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c synchronous_commit=off".strip()
