"""Payment links: a paid session the practitioner books for a client, held until the client pays
through a Stripe Checkout Session e-mailed to her.

The hold lasts exactly as long as the Checkout Session (Stripe allows from 30 minutes up to 24
hours; she chooses whole hours, 1 to 24). The session is made with the pay step's own request
(payments.checkout.checkout_params) and recorded as an attempt like any other, so the payment
arrives by the same webhook path as a client's own: `checkout.session.completed` →
payments.settle.payment_confirm → bookings' booking_confirm. When the session expires unpaid
(`checkout.session.expired`, or simply the hold's end, which frees the time for everyone at
once), the time is free again.

As everywhere (payments/client.py), Stripe is never called inside a transaction: the hold and
the attempt are written first, Stripe is asked with the attempt's idempotency key, and its
answer and the client's e-mail are written after.
"""

import logging
import math
from datetime import UTC, datetime, timedelta

import stripe
from django.conf import settings
from django.db import transaction

from bookings.desk import desk_booking_hold
from bookings.errors import InvalidState
from bookings.models import Booking, Practitioner, Service
from bookings.timezones import when
from payments.checkout import PaymentUnavailable, checkout_session_create
from payments.client import optional_field
from payments.models import Payment
from practice.fragments import forget_user_fragments
from practice.mail import outgoing_email_queue
from practice.models import PracticeDetails
from practice.zones import zone_label

logger = logging.getLogger(__name__)

LINK_HOURS_MIN = 1
LINK_HOURS_MAX = 24  # Stripe's longest Checkout Session
LINK_HOURS_DEFAULT = 24

STRIPE_DOWN_MESSAGE = (
    "Stripe could not be reached just now, so no payment link was made and nothing was sent "
    "to the client. The time is free again: please try again in a minute."
)


def link_expiry(*, hours: int, now: datetime) -> datetime:
    """When a link made at `now` for `hours` ends, to the whole second (Stripe's unit), never
    later than Stripe allows."""
    if not LINK_HOURS_MIN <= hours <= LINK_HOURS_MAX:
        raise ValueError(f"A payment link lasts {LINK_HOURS_MIN} to {LINK_HOURS_MAX} hours.")
    return datetime.fromtimestamp(math.floor((now + timedelta(hours=hours)).timestamp()), UTC)


def payment_link_hold(
    *,
    practitioner: Practitioner,
    client,
    service: Service,
    start: datetime,
    hours: int,
    now: datetime,
) -> Payment:
    """Hold `start` for `client` for `hours` and write the attempt its payment link will be.

    Call inside the caller's transaction (with the account, for a new client); then
    `payment_link_send` once it has committed. Raises bookings' `SlotTaken` or
    `SlotUnavailable` when the time is not free, `InvalidState` for a free service.
    """
    if service.is_free:
        raise InvalidState("This session is free, so there is nothing to pay.")
    expires_at = link_expiry(hours=hours, now=now)
    booking = desk_booking_hold(
        practitioner=practitioner,
        client=client,
        service=service,
        start=start,
        hold_until=expires_at,
        now=now,
    )
    payment = Payment(
        booking=booking,
        attempt=1,
        amount=booking.price_amount,
        currency=booking.price_currency,
        expires_at=expires_at,
        idempotency_key=f"checkout-{booking.reference}-1",
    )
    payment.full_clean()
    payment.save()
    return payment


def payment_link_send(*, payment: Payment, now: datetime) -> Payment:
    """Ask Stripe for the link's Checkout Session, record it and e-mail its address to the client.

    When Stripe cannot be reached (or refuses), the attempt fails and the hold is released at
    once, nothing is e-mailed, and `PaymentUnavailable` says so: a link nobody received must not
    keep the time from other clients.
    """
    payment = Payment.objects.select_related("booking__client", "booking__service").get(
        pk=payment.pk
    )
    try:
        session = checkout_session_create(payment)
    except stripe.StripeError as error:
        logger.warning(
            "Payment link for payment %s not created: %s", payment.pk, type(error).__name__
        )
        _link_abandon(payment, now=now)
        raise PaymentUnavailable(STRIPE_DOWN_MESSAGE) from error
    return _link_record(payment, session)


def _link_abandon(payment: Payment, *, now: datetime) -> None:
    with transaction.atomic(durable=True):
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        if payment.status == Payment.Status.OPEN and not payment.checkout_session_id:
            payment.status = Payment.Status.FAILED
            payment.save(update_fields=["status", "updated_at"])
        abandoned = Booking.objects.filter(pk=payment.booking_id, status=Booking.Status.HELD)
        # A bulk update sends no signal: her cached pages are told here.
        forget_user_fragments(*abandoned.values_list("client_id", flat=True))
        abandoned.update(status=Booking.Status.EXPIRED, hold_expires_at=now, updated_at=now)


def _link_record(payment: Payment, session) -> Payment:
    with transaction.atomic(durable=True):
        payment = (
            Payment.objects.select_for_update(of=("self",))
            .select_related("booking__client", "booking__practitioner", "booking__service")
            .get(pk=payment.pk)
        )
        if not payment.checkout_session_id:
            payment.checkout_session_id = session.id
            payment.checkout_url = optional_field(session, "url", "")
            payment.save(update_fields=["checkout_session_id", "checkout_url", "updated_at"])
        payment_link_email_queue(payment)
    return payment


def link_url(payment: Payment) -> str:
    """The address the client pays at: Stripe's page (or, offline, the local test page)."""
    url = payment.checkout_url
    return settings.SITE_URL + url if url.startswith("/") else url


def payment_link_email_queue(payment: Payment) -> None:
    """The client's e-mail with her payment link, in the caller's transaction (once per link)."""
    booking = payment.booking
    practice = PracticeDetails.load()
    tz = booking.client_tz
    outgoing_email_queue(
        key=f"payment-link:{payment.pk}",
        to=booking.client.email,
        recipient=booking.client,
        subject=f"Your appointment on {when(booking.start, tz)}: payment",
        template="emails/payment_link",
        context={
            "booking": booking,
            "payment": payment,
            "practice": practice,
            "when": when(booking.start, tz),
            "zone": zone_label(booking.client_time_zone, at=booking.start),
            "pay_by": when(payment.expires_at, tz),
            "pay_url": link_url(payment),
            "booking_url": settings.SITE_URL + booking.get_absolute_url(),
            "site_url": settings.SITE_URL,
        },
    )
