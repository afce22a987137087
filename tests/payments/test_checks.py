"""The system check: with DEBUG off the site refuses to start without its Stripe keys."""

import pytest
from django.core import checks


def stripe_errors():
    return [message for message in checks.run_checks() if message.id.startswith("payments.E")]


def test_without_debug_a_missing_secret_key_and_webhook_secret_are_errors(settings):
    settings.DEBUG = False
    settings.STRIPE_SECRET_KEY = None
    settings.STRIPE_WEBHOOK_SECRET = None

    errors = stripe_errors()

    assert [error.id for error in errors] == ["payments.E001", "payments.E003"]
    assert all(error.level == checks.ERROR for error in errors)


def test_a_publishable_key_in_place_of_the_secret_key_is_an_error_that_never_shows_it(settings):
    settings.DEBUG = False
    settings.STRIPE_SECRET_KEY = "pk_live_shown_nowhere_0123456789"
    settings.STRIPE_WEBHOOK_SECRET = "not-a-signing-secret"

    errors = stripe_errors()

    assert [error.id for error in errors] == ["payments.E002", "payments.E004"]
    for error in errors:
        assert "shown_nowhere" not in f"{error.msg} {error.hint}"
        assert "not-a-signing-secret" not in f"{error.msg} {error.hint}"


@pytest.mark.parametrize("key", ["sk_live_51Abc", "rk_live_51Abc", "sk_test_51Abc"])
def test_real_keys_pass(settings, key):
    settings.DEBUG = False
    settings.STRIPE_SECRET_KEY = key
    settings.STRIPE_WEBHOOK_SECRET = "whsec_abc123"

    assert stripe_errors() == []


def test_with_debug_on_the_offline_test_page_needs_no_keys(settings):
    settings.DEBUG = True
    settings.STRIPE_SECRET_KEY = None
    settings.STRIPE_WEBHOOK_SECRET = None

    assert stripe_errors() == []


def test_the_site_refuses_to_start_in_production_without_stripe_keys():
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("STRIPE_", "DJANGO_")) and key not in {"DEBUG", "DATABASE_URL"}
    }
    environment.update(
        DEBUG="0",
        SECRET_KEY="a-production-like-secret-key-with-plenty-of-entropy-3k9d8s7a6q5w",
        ALLOWED_HOSTS="quietharbour.example",
        FIELD_ENCRYPTION_KEYS="dGVzdC1rZXktbmV3ZXN0LW9uZS1mb3ItdGVzdHMhISE=",
    )

    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode != 0
    assert "payments.E001" in result.stderr
    assert "payments.E003" in result.stderr
