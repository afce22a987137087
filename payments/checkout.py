"""The pay step: a held booking becomes a Stripe Checkout Session the client pays through.

One Payment row per attempt, written *before* Stripe is asked, carries the attempt's idempotency
key, so a retried request gets the same session. Nothing reaches Stripe before the client has
given current consent (and, where the service needs it, a valid screening).
"""

import logging
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import stripe
from django.conf import settings
from django.db import transaction
from django.db.models import Max

from bookings.booking_steps import booking_gate
from bookings.lifecycle import amount_due
from bookings.models import Booking
from bookings.services import BookingError, InvalidState
from payments.client import is_offline, lock_booking, optional_field, stripe_client
from payments.models import Payment
from payments.offline import offline_session_open
from payments.settle import settle
from practice.models import PracticeDetails

logger = logging.getLogger(__name__)

# Stripe refuses a Checkout Session that expires sooner than 30 minutes after it is made; one
# more minute covers the request's own time and clock differences.
CHECKOUT_MIN_LIFETIME = timedelta(minutes=31)
CHECKOUT_STRIPE_MINIMUM = timedelta(minutes=30, seconds=15)


class PaymentUnavailable(BookingError):
    message = (
        "Sorry, we could not reach our payment provider just now. Nothing was charged. "
        "Please try again in a minute."
    )


@dataclass(frozen=True)
class CheckoutStep:
    payment: Payment
    # Where the client goes next: Checkout's page (or the offline test page), or our return
    # page when the session turns out to be complete already.
    redirect_to: str


def return_url(booking: Booking, session_id: str) -> str:
    """The booking page with the session's id: where the client comes back from Checkout."""
    return f"{booking.get_absolute_url()}?{urlencode({'session_id': session_id})}"


def checkout_start(*, booking: Booking, now: datetime) -> CheckoutStep:
    """Start paying for a held booking: a new Checkout Session, or the one still open.

    Nothing reaches Stripe before the client has given current consent (and, for services that
    need it, a valid screening): `bookings.booking_steps.booking_gate` refuses first. The hold is
    extended to the session's expiry, so the time stays the client's while they pay. Raises a
    `BookingError` the client can act on.
    """
    payment = _checkout_prepare(booking=booking, now=now)
    if payment.checkout_session_id:
        return _checkout_resume(payment, now=now)
    payment = checkout_session_open(payment, params=checkout_params)
    return CheckoutStep(payment=payment, redirect_to=payment.checkout_url)


def _checkout_prepare(*, booking: Booking, now: datetime) -> Payment:
    """Check the booking can be paid for now and write the attempt (or find the open one)."""
    with transaction.atomic(durable=True):
        booking = lock_booking(booking.pk)
        if booking.status == Booking.Status.CONFIRMED:
            raise InvalidState("This booking is already paid for and confirmed.")
        due = amount_due(booking)
        if not due:
            raise InvalidState("There is nothing to pay for this session.")
        if not booking.is_held_at(now):
            raise InvalidState(
                "Your hold on this time has ended. If the time is still free you can hold it again."
            )
        booking_gate(booking=booking, now=now)
        current = (
            booking.payments.select_for_update()
            .filter(status=Payment.Status.OPEN, expires_at__gt=now)
            .order_by("-attempt")
            .first()
        )
        if current is not None and current.amount != due:
            # What is due changed (a gift voucher was applied) before Checkout was reached.
            if current.checkout_session_id:
                raise InvalidState(
                    "You have a payment open for this session already: please finish or "
                    "leave it on Stripe's page first."
                )
            current.status = Payment.Status.FAILED
            current.save(update_fields=["status", "updated_at"])
            current = None
        if current is not None:
            if current.checkout_session_id:
                return current
            if current.expires_at - now >= CHECKOUT_STRIPE_MINIMUM:
                return current  # never answered: ask again with the same key and parameters
            # Too late to ask for that session again; it never reached the client.
            current.status = Payment.Status.FAILED
            current.save(update_fields=["status", "updated_at"])
        attempt = (booking.payments.aggregate(last=Max("attempt"))["last"] or 0) + 1
        expires_at = whole_second(max(now + CHECKOUT_MIN_LIFETIME, booking.hold_expires_at))
        payment = Payment(
            booking=booking,
            attempt=attempt,
            amount=due,
            currency=booking.price_currency,
            expires_at=expires_at,
            idempotency_key=f"checkout-{booking.reference}-{attempt}",
        )
        payment.full_clean()
        payment.save()
        booking.hold_expires_at = max(booking.hold_expires_at, expires_at)
        # booking_gate may have flagged the booking for a conversation first.
        booking.save(update_fields=["hold_expires_at", "needs_conversation", "updated_at"])
    return payment


def whole_second(moment: datetime) -> datetime:
    return datetime.fromtimestamp(math.ceil(moment.timestamp()), UTC)


def _checkout_resume(payment: Payment, *, now: datetime) -> CheckoutStep:
    """The client comes back to a session still open locally: send them back to it.

    Stripe is asked first (the webhook may not have arrived): a session completed meanwhile is
    settled and the client goes to the return page instead of a page that can take no payment.
    """
    if is_offline():
        return CheckoutStep(payment=payment, redirect_to=payment.checkout_url)
    try:
        session = stripe_client(in_request=True).v1.checkout.sessions.retrieve(
            payment.checkout_session_id
        )
    except stripe.StripeError:
        return CheckoutStep(payment=payment, redirect_to=payment.checkout_url)
    if session.status == "open":
        return CheckoutStep(payment=payment, redirect_to=payment.checkout_url)
    settle(checkout_session=session, now=now)
    payment.refresh_from_db()
    return CheckoutStep(
        payment=payment, redirect_to=return_url(payment.booking, payment.checkout_session_id)
    )


def product_name(booking: Booking) -> str:
    """What Checkout and the receipt call the purchase: neutral, nothing about its purpose."""
    day = booking.start.astimezone(booking.client_tz)
    return f"Online session on {day.day} {day:%B %Y} with {PracticeDetails.load().name}"


def checkout_params(payment: Payment) -> dict:
    """The Checkout Session request for `payment`: the same for every retry of an attempt.

    Only the booking reference goes to Stripe as metadata: nothing about the service or the
    client's health.
    """
    booking = payment.booking
    booking_url = settings.SITE_URL + booking.get_absolute_url()
    reference = {"booking_reference": booking.reference}
    return {
        "mode": "payment",
        "line_items": [
            {
                "quantity": 1,
                "price_data": {
                    "currency": payment.currency.lower(),
                    "unit_amount": payment.amount,
                    "product_data": {"name": product_name(booking)},
                },
            }
        ],
        "customer_email": booking.client.email,
        "client_reference_id": booking.reference,
        "metadata": reference,
        # Copied to the PaymentIntent and its charge, so refunds made in Stripe's dashboard
        # can be told apart from other payments on the account.
        "payment_intent_data": {"metadata": reference},
        "expires_at": int(payment.expires_at.timestamp()),
        # Stripe replaces {CHECKOUT_SESSION_ID} itself; it must not be URL-encoded.
        "success_url": booking_url + "?session_id={CHECKOUT_SESSION_ID}",
        "cancel_url": booking_url,
    }


def checkout_session_create(
    payment: Payment, *, params: Callable[[Payment], dict] = checkout_params
) -> stripe.checkout.Session:
    """Ask for the attempt's Checkout Session (the offline stand-in without Stripe keys), with
    the attempt's idempotency key: a retry gets the same session. `params` builds the request
    (a booking's by default; an order's in payments/order_checkout.py)."""
    if is_offline():
        return offline_session_open(payment)
    return stripe_client(in_request=True).v1.checkout.sessions.create(
        params=params(payment), options={"idempotency_key": payment.idempotency_key}
    )


def checkout_session_open(payment: Payment, *, params: Callable[[Payment], dict]) -> Payment:
    """A new attempt's session, created and recorded on `payment`: for a booking and an order
    alike. Raises `PaymentUnavailable` when Stripe cannot be reached (nothing was charged)."""
    try:
        session = checkout_session_create(payment, params=params)
    except stripe.StripeError as error:
        logger.warning(
            "Checkout Session for payment %s not created: %s", payment.pk, type(error).__name__
        )
        raise PaymentUnavailable from error
    return _checkout_record(payment, session)


def _checkout_record(payment: Payment, session) -> Payment:
    with transaction.atomic(durable=True):
        payment = (
            Payment.objects.select_for_update(of=("self",))
            .select_related("booking", "order")
            .get(pk=payment.pk)
        )
        if not payment.checkout_session_id:
            payment.checkout_session_id = session.id
        if payment.checkout_session_id == session.id:
            payment.checkout_url = optional_field(session, "url", "")
        payment.save(update_fields=["checkout_session_id", "checkout_url", "updated_at"])
    return payment


def checkout_in_progress(*, booking: Booking, now: datetime) -> bool:
    """Whether the client may be paying for `booking` at Stripe right now (a session still open).

    Registered with bookings as a hold keeper: such a hold is never released for another time,
    or her payment would arrive for a time she no longer holds.
    """
    return booking.payments.filter(status=Payment.Status.OPEN, expires_at__gt=now).exists()
