"""Payment fixtures: Stripe faked at its HTTP layer, its objects, signed webhooks, Maya's hold.

The practitioner, the paid `service`, make_booking, other_client, signed_in, run_worker,
stripe_json, stripe_settings, stripe_api and refunds_api are tests/conftest.py's.

Tests never touch the network: every test here runs with `stripe_api`, a `responses` mock of
Stripe's API in which any request nobody registered fails. The real `stripe` library talks to
it, so what Stripe "received" (paths, form-encoded bodies, idempotency keys) is in
`stripe_api.calls`.
Stripe's objects come from tests/fixtures/stripe/*.json (shaped like the API's, fake ids), and
webhook requests are signed as Stripe signs them: `t=<unix time>,v1=<HMAC-SHA256 of
"<t>.<body>" with the endpoint's secret>`.

The charge fixture carries a full card number and CVC in `payment_method_details` that Stripe
itself never sends: a planted canary, to prove such details are never stored or logged.
"""

import pytest

CARD_NUMBER = "4242424242424242"
# The id of the Checkout Session in tests/fixtures/stripe/checkout_session_*.json.
SESSION_ID = "cs_test_a1Qh7VbWz3kTn8XcR2yPd5LmFs4GoJ6eUi9HtBvKq0NwMxZaDyCrEp"


@pytest.fixture(autouse=True)
def _stripe_faked(stripe_settings, stripe_api):
    """Every test here talks to the faked Stripe, with test keys."""


@pytest.fixture
def secrets_in_play(stripe_settings):
    """What must never appear in logs, e-mails or the database."""
    return {
        "secret key": stripe_settings.STRIPE_SECRET_KEY,
        "webhook secret": stripe_settings.STRIPE_WEBHOOK_SECRET,
        "card": CARD_NUMBER,
    }


@pytest.fixture
def held(make_booking, client_user, service):
    """Maya's hold of the paid session a week from now at 10:00 UTC (for 30 more minutes)."""
    return make_booking(client=client_user, service=service, status="held")


@pytest.fixture
def make_attempt(db, now):
    """The open attempt the pay step leaves: make_attempt(booking, session_id=..., attempt=2).

    Only sessions whose id the pay step stored are the site's, so a session a test settles
    needs its attempt first (the default id is the fixtures' session's). tests/factories.py's
    PaymentFactory.
    """
    from tests.factories import PaymentFactory

    def make(booking, *, session_id: str = SESSION_ID, **fields):
        return PaymentFactory(booking=booking, checkout_session_id=session_id, now=now, **fields)

    return make


@pytest.fixture
def session_json(stripe_json, stripe_settings):
    """A Checkout Session of `booking` in `state` (open, complete_paid, expired)."""

    def make(booking, state: str = "complete_paid", **overrides) -> dict:
        reference = booking.reference
        url = f"{stripe_settings.SITE_URL}/bookings/{reference}/"
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
def paid_payment(held, make_attempt, session_json, now):
    """Maya's payment, whose paid Checkout Session confirmed her booking (the real confirm)."""
    import stripe

    from payments.settle import payment_confirm

    make_attempt(held)
    session = stripe.checkout.Session.construct_from(session_json(held), None)
    payment = payment_confirm(checkout_session=session, now=now)
    held.refresh_from_db()
    assert held.status == "confirmed"
    return payment


@pytest.fixture
def shop():
    """A real order kind (tests/payments/order_shop.py) registered for the test, then removed."""
    from tests.payments.order_shop import GiftShop

    shop = GiftShop()
    shop.register()
    yield shop
    shop.unregister()
