"""Paying for an order (payments/orders.py) through Stripe Checkout, as a booking is paid for
(payments/checkout.py): one Payment per attempt, written before Stripe is asked, whose
idempotency key makes a retried request get the same session; Stripe is never called inside a
transaction. The buyer comes back to the order's own page, which settles the session at once
(`order_return`) rather than wait for the webhook.
"""

from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.db.models import Max

from bookings.errors import InvalidState
from payments.checkout import (
    CHECKOUT_STRIPE_MINIMUM,
    CheckoutStep,
    checkout_session_open,
    whole_second,
)
from payments.models import Order, Payment
from payments.orders import order_kind
from payments.settle import payment_return_settle

# How long an order's Checkout page stays open: Stripe's shortest allowed, with a margin.
ORDER_CHECKOUT_LIFETIME = timedelta(minutes=31)
# An open session with less time than this left is not offered again: a new one is made.
ORDER_CHECKOUT_LEFT_TO_PAY = timedelta(minutes=5)


def order_checkout_start(*, order: Order, now: datetime) -> CheckoutStep:
    """Start paying for `order`: a new Checkout Session, or the one still open.

    Raises `InvalidState` for an order paid already, `PaymentUnavailable` when Stripe cannot be
    reached (nothing was charged).
    """
    payment = _order_checkout_prepare(order=order, now=now)
    if payment.checkout_session_id:
        return CheckoutStep(payment=payment, redirect_to=payment.checkout_url)
    payment = checkout_session_open(payment, params=order_checkout_params)
    return CheckoutStep(payment=payment, redirect_to=payment.checkout_url)


def _order_checkout_prepare(*, order: Order, now: datetime) -> Payment:
    with transaction.atomic(durable=True):
        order = Order.objects.select_for_update().get(pk=order.pk)
        if order.status == Order.Status.PAID:
            raise InvalidState("This has been paid for already.")
        current = (
            order.payments.select_for_update()
            .filter(status=Payment.Status.OPEN, expires_at__gt=now + ORDER_CHECKOUT_LEFT_TO_PAY)
            .order_by("-attempt")
            .first()
        )
        if current is not None and (
            current.checkout_session_id
            # Never answered: asked again with the same key and parameters while Stripe would
            # still accept its expiry; later it would refuse it, so a new attempt is made.
            or current.expires_at - now >= CHECKOUT_STRIPE_MINIMUM
        ):
            return current
        order.payments.filter(status=Payment.Status.OPEN, checkout_session_id="").update(
            status=Payment.Status.FAILED, updated_at=now
        )
        attempt = (order.payments.aggregate(last=Max("attempt"))["last"] or 0) + 1
        payment = Payment(
            order=order,
            attempt=attempt,
            amount=order.amount,
            currency=order.currency,
            expires_at=whole_second(now + ORDER_CHECKOUT_LIFETIME),
            idempotency_key=f"checkout-{order.reference}-{attempt}",
        )
        payment.full_clean()
        payment.save()
    return payment


def order_return_url(order: Order, session_id: str) -> str:
    return f"{order_kind(order).page_path(order)}?{urlencode({'session_id': session_id})}"


def order_checkout_params(payment: Payment) -> dict:
    """The Checkout Session request for an order's `payment`: the same for every retry."""
    order = payment.order
    page_url = settings.SITE_URL + order_kind(order).page_path(order)
    reference = {"order_reference": order.reference}
    params = {
        "mode": "payment",
        "line_items": [
            {
                "quantity": 1,
                "price_data": {
                    "currency": payment.currency.lower(),
                    "unit_amount": payment.amount,
                    "product_data": {"name": order_kind(order).product_name(order)},
                },
            }
        ],
        "client_reference_id": order.reference,
        "metadata": reference,
        "payment_intent_data": {"metadata": reference},
        "expires_at": int(payment.expires_at.timestamp()),
        "success_url": page_url + "?session_id={CHECKOUT_SESSION_ID}",
        "cancel_url": page_url,
    }
    if order.email:
        params["customer_email"] = order.email
    return params


def order_return(*, order: Order, session_id: str, now: datetime) -> Payment | None:
    """The buyer is back from Checkout: settle the session now rather than wait for the webhook.

    Only a session recorded for this order is looked up. Returns its Payment, or None.
    """
    payment = order.payments.filter(checkout_session_id=session_id).first() if session_id else None
    return payment_return_settle(payment=payment, now=now)
