import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "a-production-like-secret-key-with-plenty-of-entropy-8f3k2j9d7s6a5q",
    "ALLOWED_HOSTS": "quietharbour.example",
    "SITE_URL": "https://quietharbour.example",
    "FIELD_ENCRYPTION_KEYS": "dGVzdC1rZXktbmV3ZXN0LW9uZS1mb3ItdGVzdHMhISE=",
    "STRIPE_SECRET_KEY": "sk_test_placeholder_for_checks",
    "STRIPE_PUBLISHABLE_KEY": "pk_test_placeholder_for_checks",
    "STRIPE_WEBHOOK_SECRET": "whsec_placeholder_for_checks",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def run_manage(*args, env):
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV}
    for name in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        clean.pop(name, None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_ordinary_page_sends_the_security_headers(client, practice_details):
    response = client.get("/")

    csp = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    # What the HTTP Observatory rewards most: nothing allowed by default, each kind of
    # resource named, no inline or eval'd code, no plugins, no <base>, framing and form
    # targets restricted.
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["img-src"] == "'self' data:"
    assert directives["font-src"] == directives["connect-src"] == "'self'"
    assert "unsafe-" not in csp
    assert directives["object-src"] == directives["base-uri"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["form-action"] == "'self' https://checkout.stripe.com"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    permissions = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in permissions


def test_pages_request_nothing_from_another_host(client, practice_details):
    html = client.get("/").content.decode()

    for attribute in ('src="http', "src='http", 'href="//', 'src="//'):
        assert attribute not in html
    stylesheet_links = [line for line in html.splitlines() if 'rel="stylesheet"' in line]
    assert stylesheet_links
    assert all('href="/static/' in line for line in stylesheet_links)


def test_hsts_and_secure_cookies_are_on_in_production(settings, client, practice_details):
    result = run_manage(
        "shell",
        "--verbosity=0",
        "-c",
        "from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_PRELOAD)",
        env=PRODUCTION_ENV,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["31536000", "True", "True", "True", "True"]


def test_deploy_check_is_clean_with_production_variables():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_cache_shared_by_its_processes():
    without_redis = {**PRODUCTION_ENV, "REDIS_URL": ""}

    result = run_manage("check", env=without_redis)

    assert result.returncode != 0
    assert "practice.E001" in result.stderr
    assert "Set REDIS_URL" in result.stderr


def test_production_takes_the_client_address_from_its_own_proxies_only():
    printed = "from django.conf import settings as s; print(s.ALLAUTH_TRUSTED_PROXY_COUNT)"
    two_proxies = {**PRODUCTION_ENV, "TRUSTED_PROXY_COUNT": "2"}

    behind = run_manage("shell", "-v0", "-c", printed, env=two_proxies)
    direct = run_manage("shell", "-v0", "-c", printed, env={**two_proxies, "BEHIND_PROXY": "0"})

    assert (behind.stdout.strip(), direct.stdout.strip()) == ("2", "0")


@pytest.mark.parametrize("secret", ["", "dev-only-insecure-key-do-not-use-in-production"])
def test_production_refuses_to_start_without_its_own_secret_key(secret):
    result = run_manage("check", env={**PRODUCTION_ENV, "SECRET_KEY": secret})

    assert result.returncode != 0
    assert "SECRET_KEY is missing" in result.stderr


def test_demo_seed_refuses_to_run_without_debug():
    result = run_manage("seed_demo", env=PRODUCTION_ENV)

    assert result.returncode != 0
    assert "only runs with DEBUG on" in result.stderr
