"""Offline development: Stripe-shaped sessions made up locally, and the test page's outcomes.

With settings.STRIPE_OFFLINE (DEBUG on and no secret key) the test-payment page stands in for
Checkout and drives the very same functions Stripe's answers would.
"""

import secrets
from datetime import datetime
from urllib.parse import urlencode

import stripe
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from payments.client import OFFLINE_PREFIX, is_offline
from payments.models import Payment
from payments.settle import checkout_expire, payment_confirm, payment_fail


def _offline_session(payment: Payment, **fields) -> stripe.checkout.Session:
    reference = payment.reference
    kind = "order_reference" if payment.order_id else "booking_reference"
    values = {
        "id": payment.checkout_session_id,
        "object": "checkout.session",
        "mode": "payment",
        "amount_total": payment.amount,
        "currency": payment.currency.lower(),
        "client_reference_id": reference,
        "metadata": {kind: reference},
        "expires_at": int(payment.expires_at.timestamp()),
        "payment_intent": None,
        "payment_status": "unpaid",
        "status": "open",
        "url": None,
        "livemode": False,
    }
    values.update(fields)
    return stripe.checkout.Session.construct_from(values, None)


def offline_session_open(payment: Payment) -> stripe.checkout.Session:
    session_id = f"cs_{OFFLINE_PREFIX}{secrets.token_urlsafe(18)}"
    page = "payments:order-test-payment" if payment.order_id else "payments:test-payment"
    url = reverse(page, kwargs={"reference": payment.reference})
    return _offline_session(
        payment, id=session_id, url=f"{url}?{urlencode({'session_id': session_id})}"
    )


class OfflineOutcome:
    PAY = "pay"
    FAIL = "fail"
    ABANDON = "abandon"
    CHOICES = (PAY, FAIL, ABANDON)


def offline_outcome(*, payment: Payment, outcome: str, now: datetime) -> Payment | None:
    """What Checkout would report for the test page's choice, through the same functions."""
    if not is_offline():
        raise ImproperlyConfigured("The test-payment page only works offline.")
    if outcome == OfflineOutcome.PAY:
        session = _offline_session(
            payment,
            status="complete",
            payment_status="paid",
            payment_intent=f"pi_{OFFLINE_PREFIX}{payment.checkout_session_id[-12:]}",
        )
        return payment_confirm(checkout_session=session, now=now)
    if outcome == OfflineOutcome.FAIL:
        session = _offline_session(payment, status="complete", payment_status="unpaid")
        return payment_fail(checkout_session=session)
    if outcome == OfflineOutcome.ABANDON:
        return checkout_expire(checkout_session=_offline_session(payment, status="expired"))
    raise ValueError(f"Unknown outcome {outcome!r}")
