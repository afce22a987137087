"""Fixtures for the practitioner's workplace in the admin: her, her hours, bookings, payments,
Stripe faked at its HTTP layer, the task queue, and a reader for the calendar's HTML.

Stripe: `stripe_api` (autouse) is a `responses` mock of Stripe's API in which any request
nobody registered fails, so no test can reach the network; `refunds_api` (tests/conftest.py)
answers refund requests with tests/fixtures/stripe/refund_succeeded.json, echoing what was asked
for. The paid `service`, `now` (the clock, to the second) and run_worker are tests/conftest.py's.
"""

from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from urllib.parse import parse_qsl

import pytest
import responses

SITE_URL = "https://quietharbour.example"


@pytest.fixture(autouse=True)
def stripe_settings(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_51QhAr0uRt3stK3yN0tR3alDoN0tUs3x9Zq"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_test_only_not_a_real_signing_secret"
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
def refund_state():
    """tests/conftest.py's `refunds_api` answers here with succeeded refunds."""
    return "succeeded"


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
def practitioner(make_practitioner):
    """Anna, in London, working 09:00-17:00 every day; she is staff and a superuser."""
    return make_practitioner(last_name="Whitfield", is_superuser=True)


@pytest.fixture
def make_booking(make_booking, now):
    """A confirmed booking by default; held ones for 20 more minutes, others stamped a day ago."""

    def make(*, client, service, start, status="confirmed", **fields):
        values = {}
        if status == "held":
            values["hold_expires_at"] = now + timedelta(minutes=20)
        if status in ("confirmed", "completed", "no_show"):
            values["confirmed_at"] = now - timedelta(days=1)
        if status == "cancelled":
            values.update(cancelled_at=now - timedelta(days=1), cancelled_by="client")
        values.update(fields)
        return make_booking(client=client, service=service, start=start, status=status, **values)

    return make


@pytest.fixture
def make_payment(db, now):
    """Record that a booking was paid through Checkout (set-up, as the webhook would have)."""
    from payments.models import Payment

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
