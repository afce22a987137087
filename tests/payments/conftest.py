"""Payment fixtures: Stripe faked at its HTTP layer, its objects, signed webhooks, bookings.

The practitioner, the paid `service`, other_client, signed_in, run_worker, stripe_json and
refunds_api are tests/conftest.py's; here bookings are held, a week ahead at 10:00, by default.

Tests never touch the network: `stripe_api` (autouse) is a `responses` mock of Stripe's API in
which any request nobody registered fails. The real `stripe` library talks to it, so what
Stripe "received" (paths, form-encoded bodies, idempotency keys) is in `stripe_api.calls`.
Stripe's objects come from tests/fixtures/stripe/*.json (shaped like the API's, fake ids), and
webhook requests are signed as Stripe signs them: `t=<unix time>,v1=<HMAC-SHA256 of
"<t>.<body>" with the endpoint's secret>`.

The charge fixture carries a full card number and CVC in `payment_method_details` that Stripe
itself never sends: a planted canary, to prove such details are never stored or logged.
"""

import hashlib
import hmac
import itertools
import json
import time
from datetime import timedelta
from urllib.parse import parse_qsl

import pytest
import responses

API = "https://api.stripe.com"
SECRET_KEY = "sk_test_51QhAr0uRt3stK3yN0tR3alDoN0tUs3x9Zq"
WEBHOOK_SECRET = "whsec_test_only_not_a_real_signing_secret"
CARD_NUMBER = "4242424242424242"
SITE_URL = "https://quietharbour.example"
# The id of the Checkout Session in tests/fixtures/stripe/checkout_session_*.json.
SESSION_ID = "cs_test_a1Qh7VbWz3kTn8XcR2yPd5LmFs4GoJ6eUi9HtBvKq0NwMxZaDyCrEp"


@pytest.fixture
def secrets_in_play():
    """What must never appear in logs, e-mails or the database."""
    return {"secret key": SECRET_KEY, "webhook secret": WEBHOOK_SECRET, "card": CARD_NUMBER}


@pytest.fixture(autouse=True)
def stripe_settings(settings):
    settings.STRIPE_SECRET_KEY = SECRET_KEY
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = None
    settings.STRIPE_OFFLINE = False
    settings.SITE_URL = SITE_URL
    return settings


@pytest.fixture(autouse=True)
def stripe_api():
    """Stripe's API, faked: register answers with stripe_api.add(...); others fail."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


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
def make_booking(make_booking, now):
    """A held booking (for 30 more minutes) a week from now at 10:00 UTC, unless told otherwise."""

    def make(*, start=None, **fields):
        start = start or (now + timedelta(days=7)).replace(hour=10, minute=0, second=0)
        return make_booking(start=start, **fields)

    return make


@pytest.fixture
def held(make_booking, client_user, service):
    """Maya's held booking of the paid session."""
    return make_booking(client=client_user, service=service)


@pytest.fixture
def make_attempt(db, now):
    """The open attempt the pay step leaves: make_attempt(booking, session_id=..., attempt=2).

    Only sessions whose id the pay step stored are the site's, so a session a test settles
    needs its attempt first (the default id is the fixtures' session's).
    """
    from payments.models import Payment

    def make(booking, *, session_id: str = SESSION_ID, attempt: int = 1, **fields):
        values = {
            "booking": booking,
            "attempt": attempt,
            "checkout_session_id": session_id,
            "checkout_url": f"https://checkout.stripe.com/c/pay/{session_id}",
            "amount": booking.price_amount,
            "currency": booking.price_currency,
            "expires_at": now + timedelta(minutes=31),
            "idempotency_key": f"checkout-{booking.reference}-{attempt}",
        }
        values.update(fields)
        return Payment.objects.create(**values)

    return make


@pytest.fixture
def session_json(stripe_json):
    """A Checkout Session of `booking` in `state` (open, complete_paid, expired)."""

    def make(booking, state: str = "complete_paid", **overrides) -> dict:
        reference = booking.reference
        url = f"{SITE_URL}/bookings/{reference}/"
        values = {
            "client_reference_id": reference,
            "metadata": {"booking_reference": reference},
            "amount_subtotal": booking.price_amount,
            "amount_total": booking.price_amount,
            "currency": booking.price_currency.lower(),
            "customer_email": booking.client.email,
            "cancel_url": url,
            "success_url": url + "?session_id={CHECKOUT_SESSION_ID}",
        }
        values.update(overrides)
        return stripe_json(f"checkout_session_{state}", **values)

    return make


@pytest.fixture
def refund_json(stripe_json):
    """A Refund of `payment`, carrying the metadata our refund requests send."""

    def make(payment, state: str = "succeeded", **overrides) -> dict:
        from payments.refunds import refund_key

        values = {
            "amount": payment.amount,
            "payment_intent": payment.payment_intent_id,
            "metadata": {
                "booking_reference": payment.booking.reference,
                "refund_key": refund_key(payment),
            },
        }
        values.update(overrides)
        return stripe_json(f"refund_{state}", **values)

    return make


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
def sign():
    """Stripe's signature scheme for a webhook body."""

    def signature(payload: bytes, *, secret: str = WEBHOOK_SECRET, at: int | None = None) -> str:
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


@pytest.fixture
def paid_booking(held, make_attempt, session_json, now):
    """Maya's booking, confirmed by a paid Checkout Session (through the real confirm)."""
    import stripe

    from payments.settle import payment_confirm

    make_attempt(held)
    session = stripe.checkout.Session.construct_from(session_json(held), None)
    payment = payment_confirm(checkout_session=session, now=now)
    held.refresh_from_db()
    assert held.status == "confirmed"
    return payment
