"""Package fixtures: the RTT journey package, a purchase paid as the webhook would have left it,
and a Checkout Session of a purchase's order shaped like Stripe's.

The practitioner (09:00-17:00 London every day), the £95 hypnotherapy `service`, make_service,
client_user, other_client, signed_in, now, stripe_json, stripe_settings, stripe_api, make_event,
deliver and run_worker are tests/conftest.py's. Every fixture here is named package_* (one
meaning per name across the conftests).
"""

import json
from datetime import timedelta

import pytest

# A Checkout Session id of a package order's first attempt (Stripe-shaped, made up).
PACKAGE_SESSION_ID = "cs_test_b2Rk8WcXa4UoY9YdS3zQe6MnGt5HpK7fVj0IuCwLr1OxNyAbEzDsFq"


@pytest.fixture
def package_rtt(make_service):
    """The two-hour RTT session, £250, without buffers."""
    return make_service(
        "rtt-session",
        name="RTT session",
        duration_minutes=120,
        price_amount=25000,
        price_currency="GBP",
    )


@pytest.fixture
def package_journey(practice_details, package_rtt, service):
    """The "RTT journey": an RTT session and a hypnotherapy follow-up, £300, credits for six
    months, 14 days to give them back."""
    from packages.models import Package, PackageItem

    package = Package.objects.create(
        name="RTT journey",
        slug="rtt-journey",
        description="An RTT session, then a follow-up a few weeks later.",
        price_amount=30000,
        price_currency="GBP",
    )
    PackageItem.objects.create(package=package, service=package_rtt, quantity=1)
    PackageItem.objects.create(package=package, service=service, quantity=1)
    return package


@pytest.fixture
def package_paid(db, now):
    """A paid purchase: package_paid(client, package, paid_at=..., session_id=...).

    The pending order and purchase come from `purchase_start` (the "Buy" button's), its paid
    payment is written as the webhook leaves it, and `purchase_paid` (payments' on_paid) makes
    the credits. Paid at `now` unless told.
    """
    from django.db import transaction

    from packages.purchases import purchase_paid, purchase_start
    from payments.models import Order, Payment

    def make(client, package, *, paid_at=None, session_id=None):
        paid_at = paid_at or now
        purchase = purchase_start(client=client, package=package, now=paid_at)
        order = purchase.order
        number = Payment.objects.count() + 1
        payment = Payment.objects.create(
            order=order,
            attempt=1,
            amount=order.amount,
            currency=order.currency,
            checkout_session_id=session_id or f"cs_test_package{number:06d}",
            payment_intent_id=f"pi_3Qt9PackageLkJh{number:06d}",
            status=Payment.Status.PAID,
            paid_at=paid_at,
            expires_at=paid_at + timedelta(minutes=31),
            idempotency_key=f"checkout-{order.reference}-1",
        )
        Order.objects.filter(pk=order.pk).update(status=Order.Status.PAID, paid_at=paid_at)
        order.refresh_from_db()
        with transaction.atomic():  # payments' own transaction, in which it tells us
            purchase_paid(order=order, payment=payment, now=paid_at)
        purchase.refresh_from_db()
        return purchase

    return make


@pytest.fixture
def package_session_json(stripe_json, stripe_settings):
    """A Checkout Session of a purchase's order in `state` (open, complete_paid, expired), as
    order_checkout_params asked for it."""

    def make(purchase, state: str = "complete_paid", **overrides) -> dict:
        order = purchase.order
        page = f"{stripe_settings.SITE_URL}/my/packages/{order.reference}/"
        values = {
            "id": PACKAGE_SESSION_ID,
            "client_reference_id": order.reference,
            "metadata": {"order_reference": order.reference},
            "amount_subtotal": order.amount,
            "amount_total": order.amount,
            "currency": order.currency.lower(),
            "customer_email": order.email,
            "cancel_url": page,
            "success_url": page + "?session_id={CHECKOUT_SESSION_ID}",
        }
        values.update(overrides)
        return stripe_json(f"checkout_session_{state}", **values)

    return make


@pytest.fixture
def package_credit(db):
    """The credit row of `purchase` for `service`, fresh from the database."""
    from packages.models import Credit

    def get(purchase, service):
        return Credit.objects.get(purchase=purchase, service=service)

    return get


@pytest.fixture
def package_hold(now):
    """A signed-in client's hold through bookings' own `booking_hold`, `days` ahead at `hour`
    (UTC, inside the practitioner's hours), at `now` unless told."""
    from bookings.services import booking_hold

    def hold(client, service, *, days=7, hour=10, at=None):
        moment = at or now
        start = (moment + timedelta(days=days)).replace(hour=hour, minute=0, second=0)
        return booking_hold(
            client=client, service=service, start=start, client_tz="Europe/London", now=moment
        )

    return hold


@pytest.fixture
def package_refunds_api(stripe_settings, stripe_api, stripe_json):
    """Stripe's Refunds API for an order's refunds: each request gets a refund of what it asked
    for, already through, carrying the order's reference (tests/conftest.py's refunds_api
    answers a booking's)."""
    from urllib.parse import parse_qsl

    def answer(request):
        body = request.body if isinstance(request.body, str) else request.body.decode()
        sent = dict(parse_qsl(body))
        refund = stripe_json(
            "refund_succeeded",
            id=f"re_3Qt9Package{len(stripe_api.calls):06d}",
            amount=int(sent["amount"]),
            payment_intent=sent["payment_intent"],
            metadata={
                "order_reference": sent["metadata[order_reference]"],
                "refund_key": sent["metadata[refund_key]"],
            },
        )
        return 200, {}, json.dumps(refund)

    stripe_api.add_callback("POST", "https://api.stripe.com/v1/refunds", callback=answer)
    return stripe_api
