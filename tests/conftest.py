"""Shared fixtures: users, the browser harness and the accessibility check."""

import os
import re
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test's thread; Django must still be
# allowed to touch the database from that thread (the test, not the server, does so).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
HAVE_CHROMIUM = Path(CHROMIUM).exists()
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _database_vendor() -> str | None:
    """The test database's vendor; None without Django (tests/bookings/test_slots.py runs with
    `-p no:django`, where there is no settings module and so no database)."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        engine = settings.DATABASES["default"]["ENGINE"]
    except ImproperlyConfigured:
        return None
    return "postgresql" if "postgresql" in engine else "sqlite"


def pytest_collection_modifyitems(config, items):
    """Browser tests skip, saying why, only where no Chromium is installed.

    CI sets REQUIRE_BROWSER=1: there a missing Chromium fails the run instead. Tests of one
    database's own feature (marked `postgresql` or `sqlite`) belong to that database's pass:
    `make test` runs on SQLite, CI runs it again on PostgreSQL.
    """
    vendor = _database_vendor()
    other = {"postgresql": "sqlite", "sqlite": "postgresql", None: None}[vendor]
    elsewhere = [item for item in items if other and item.get_closest_marker(other)]
    if elsewhere:
        config.hook.pytest_deselected(items=elsewhere)
        items[:] = [item for item in items if not item.get_closest_marker(other)]
    if not HAVE_CHROMIUM and os.environ.get("REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"REQUIRE_BROWSER=1 but there is no Chromium at {CHROMIUM}")
    for item in items:
        if "page" in getattr(item, "fixturenames", ()) or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.browser)
            if not HAVE_CHROMIUM:
                item.add_marker(
                    pytest.mark.skip(reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)")
                )


def pytest_report_header(config):
    state = f"Chromium at {CHROMIUM}" if HAVE_CHROMIUM else "no Chromium: browser tests skip"
    vendor = _database_vendor()
    return [
        f"browser tests: {state}",
        f"database: {vendor or 'none (no Django)'} (tests marked for the other database run"
        " in its own pass)",
    ]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (rate limits, cached pages and details)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-GB", "viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def axe_check():
    """Run axe-core on the page and fail on any violation, with axe's report as the message."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page, *, what: str = ""):
        results = axe.run(page)
        assert results.violations_count == 0, (
            f"axe found violations on {what or page.url}:\n{results.generate_report()}"
        )
        return results

    return check


@pytest.fixture
def password():
    return "a-Calm-harbour-2026"


@pytest.fixture
def make_user(db, password):
    """Create a user with a verified e-mail address (allauth refuses unverified ones)."""
    from allauth.account.models import EmailAddress

    from clients.models import User

    counter = iter(range(1, 10_000))

    def make(email=None, **fields):
        email = email or f"client{next(counter)}@example.com"
        user = User.objects.create_user(email=email, password=password, **fields)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        return user

    return make


@pytest.fixture
def client_user(make_user):
    return make_user("maya@example.com", first_name="Maya", last_name="Jones")


@pytest.fixture
def staff_user(make_user):
    return make_user(
        "anna@example.com",
        first_name="Anna",
        last_name="Whitfield",
        is_staff=True,
        is_superuser=True,
    )


@pytest.fixture
def practice_details(db):
    from practice.models import PracticeDetails

    return PracticeDetails.objects.create(
        name="Quiet Harbour Therapy",
        tagline="Calm, confidential online therapy",
        practitioner_name="Anna Whitfield",
        practitioner_bio="Anna is an RTT practitioner and clinical hypnotherapist.",
        contact_email="hello@quietharbour.example",
        home_intro="I help people who feel stuck.",
        helps_with="Anxiety\nSleep",
        about_body="## My approach\n\nGentle and clear.",
    )


@pytest.fixture
def browser_login(live_server, password):
    """Sign a user in through allauth's real login form."""

    def login(page, user):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label(re.compile(r"^\s*Email")).fill(user.email)
        page.get_by_label(re.compile(r"^\s*Password")).fill(password)
        page.get_by_role("button", name="Sign In").click()
        page.wait_for_load_state()

    return login


def pytest_terminal_summary(terminalreporter):
    """Say how many browser tests ran, so a CI log shows they did."""
    ran = skipped = 0
    for outcome in ("passed", "failed"):
        for report in terminalreporter.stats.get(outcome, []):
            if report.when == "call" and "browser" in report.keywords:
                ran += 1
    for report in terminalreporter.stats.get("skipped", []):
        if "browser" in getattr(report, "keywords", {}):
            skipped += 1
    terminalreporter.write_line(
        f"browser tests: {ran} ran in Chromium, {skipped} skipped (no Chromium)"
    )
