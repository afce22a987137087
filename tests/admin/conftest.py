"""Fixtures for the practitioner's workplace in the admin: her, her hours, bookings, payments,
Stripe faked at its HTTP layer, the task queue, and a reader for the calendar's HTML.

Stripe: `stripe_api` (autouse) is a `responses` mock of Stripe's API in which any request
nobody registered fails, so no test can reach the network; `refunds_api` answers refund
requests with tests/fixtures/stripe/refund_succeeded.json, echoing what was asked for.
"""

import json
from datetime import UTC, datetime, time, timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
import responses

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "stripe"
API = "https://api.stripe.com"
SITE_URL = "https://quietharbour.example"


def stripe_object(name: str, **overrides) -> dict:
    data = json.loads((FIXTURES / f"{name}.json").read_text())
    data.update(overrides)
    return data


@pytest.fixture(autouse=True)
def stripe_settings(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_51QhAr0uRt3stK3yN0tR3alDoN0tUs3x9Zq"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_t3stS1gn1ngS3cr3tF0rQu13tHarb0urW3bh00k"
    settings.STRIPE_API_BASE = None
    settings.STRIPE_OFFLINE = False
    settings.SITE_URL = SITE_URL
    return settings


@pytest.fixture(autouse=True)
def stripe_api():
    """Stripe's API, faked: answers are registered per test; any other request fails."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def refunds_api(stripe_api):
    """Stripe's Refunds API: each request gets a succeeded refund of what it asked for."""

    def answer(request):
        sent = dict(
            parse_qsl(request.body if isinstance(request.body, str) else request.body.decode())
        )
        refund = stripe_object(
            "refund_succeeded",
            amount=int(sent["amount"]),
            payment_intent=sent["payment_intent"],
            metadata={
                "booking_reference": sent["metadata[booking_reference]"],
                "refund_key": sent["metadata[refund_key]"],
            },
        )
        return 200, {}, json.dumps(refund)

    stripe_api.add_callback("POST", f"{API}/v1/refunds", callback=answer)
    return stripe_api


@pytest.fixture
def refund_requests(stripe_api):
    """What Stripe's Refunds API received: [(form fields, idempotency key)]."""

    def requests():
        found = []
        for call in stripe_api.calls:
            if call.request.path_url.split("?", 1)[0] != "/v1/refunds":
                continue
            body = call.request.body or ""
            body = body.decode() if isinstance(body, bytes) else body
            found.append((dict(parse_qsl(body)), call.request.headers.get("Idempotency-Key")))
        return found

    return requests


@pytest.fixture
def now():
    """The real time, to the second: the admin pages read the clock."""
    from django.utils import timezone

    return timezone.now().replace(microsecond=0)


@pytest.fixture
def practitioner(db, make_user):
    """Anna, in London, working 09:00-17:00 every day; she is staff and a superuser."""
    from bookings.models import CancellationPolicy, Practitioner, WorkingHours

    user = make_user(
        "anna@quietharbour.example",
        first_name="Anna",
        last_name="Whitfield",
        is_staff=True,
        is_superuser=True,
    )
    practitioner = Practitioner.objects.create(
        user=user,
        display_name="Anna Whitfield",
        time_zone="Europe/London",
        video_link="https://meet.example/quiet-harbour",
    )
    for weekday in range(7):
        WorkingHours.objects.create(
            practitioner=practitioner, weekday=weekday, start_time=time(9), end_time=time(17)
        )
    CancellationPolicy.objects.create()
    return practitioner


@pytest.fixture
def service(db, practitioner):
    """A paid 60-minute session with 15-minute buffers."""
    from bookings.models import Service

    service = Service.objects.create(
        name="Hypnotherapy session",
        slug="hypnotherapy",
        summary="A calm online session.",
        duration_minutes=60,
        price_amount=9500,
        price_currency="GBP",
        buffer_before_minutes=15,
        buffer_after_minutes=15,
        min_notice_hours=24,
    )
    service.practitioners.add(practitioner)
    return service


@pytest.fixture
def make_booking(db, practitioner, now):
    """Write a booking row directly (set-up; the domain functions are tested on their own)."""
    from bookings.models import Booking, CancellationPolicy

    def make(*, client, service, start, status="confirmed", **fields):
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
            values["hold_expires_at"] = now + timedelta(minutes=20)
        if status in ("confirmed", "completed", "no_show"):
            values["confirmed_at"] = now - timedelta(days=1)
        if status == "cancelled":
            values.update(cancelled_at=now - timedelta(days=1), cancelled_by="client")
        values.update(fields)
        return Booking.objects.create(**values)

    return make


@pytest.fixture
def make_payment(db, now):
    """Record that a booking was paid through Checkout (set-up, as the webhook would have)."""
    from bookings.models import Payment

    counter = iter(range(1, 100_000))

    def make(booking, *, amount=None, currency=None, paid_at=None, status="paid", **fields):
        number = next(counter)
        return Payment.objects.create(
            booking=booking,
            attempt=1,
            checkout_session_id=f"cs_test_a1Admin{number:05d}Qh",
            payment_intent_id=f"pi_3Qs8TuLkJh2GfDs1Adm{number:05d}",
            amount=amount or booking.price_amount,
            currency=currency or booking.price_currency,
            status=status,
            expires_at=(paid_at or now) + timedelta(minutes=30),
            paid_at=paid_at or now,
            idempotency_key=f"checkout-{booking.reference}-{number}",
            **fields,
        )

    return make


@pytest.fixture
def paid_booking(make_booking, make_payment, client_user, service, now):
    """Maya's confirmed, paid session a week from now at 10:00 UTC."""
    start = (now + timedelta(days=7)).replace(hour=10, minute=0, second=0)
    booking = make_booking(client=client_user, service=service, start=start)
    make_payment(booking)
    return booking


@pytest.fixture
def desk(client, practitioner):
    """The Django test client, signed in as the practitioner."""
    client.force_login(practitioner.user)
    return client


@pytest.fixture
def run_worker():
    """Run the real task queue (django-tasks' database backend) until it is empty."""
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    def run():
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
        failed = DBTaskResult.objects.filter(status="FAILED")
        assert not failed.exists(), [
            (result.task_path, result.exception_class_path, result.traceback) for result in failed
        ]

    return run


class _CalendarReader(HTMLParser):
    """Where each booking link sits: the data-date and data-hour of its table cell."""

    def __init__(self):
        super().__init__()
        self.cell: dict = {}
        self.places: dict[str, tuple[str, int | None]] = {}
        self.cells: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "td" and "data-date" in attrs:
            hour = attrs.get("data-hour")
            self.cell = {
                "date": attrs["data-date"],
                "hour": int(hour) if hour is not None else None,
                "classes": set((attrs.get("class") or "").split()),
            }
            self.cells.append(self.cell)
        if tag == "a" and "data-booking" in attrs and self.cell:
            self.places[attrs["data-booking"]] = (self.cell["date"], self.cell["hour"])


@pytest.fixture
def read_calendar():
    """read_calendar(html) -> (where: {reference: (date, hour)}, cells: [{date, hour, classes}])."""

    def read(html: str):
        reader = _CalendarReader()
        reader.feed(html)
        return reader.places, reader.cells

    return read


def at_london(day: str, hour: int, minute: int = 0) -> datetime:
    """A wall-clock time in London as a UTC instant: at_london("2026-03-27", 9)."""
    from zoneinfo import ZoneInfo

    local = datetime.fromisoformat(f"{day}T{hour:02d}:{minute:02d}").replace(
        tzinfo=ZoneInfo("Europe/London")
    )
    return local.astimezone(UTC)


@pytest.fixture
def london():
    return at_london
