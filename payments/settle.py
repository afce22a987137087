"""Settling a Checkout Session: whatever Stripe reports, every payment ends accounted for.

Idempotent and safe in any order, because Stripe's webhooks may arrive late, twice or shuffled,
and the success page, the webhook and `reconcile_payments` may all settle the same payment:

- `payment_confirm`: a paid Checkout Session the site made becomes a paid Payment and a
  confirmed booking, or, when the booking can no longer be confirmed (its time was taken after
  the hold ran out), a full refund that both sides are told about. A session the site never
  made, or one paid in another amount than asked, is recorded and refunded, never confirms.
  Nothing paid is ever left unaccounted for.
- `checkout_expire`, `payment_fail`: a session that ended unpaid (the expiry releases the hold).
- `settle`, `checkout_return`: a session looked up at Stripe (the success page, reconcile).
"""

import logging
from datetime import datetime

import stripe
from django.db import transaction
from django.db.models import Max

from bookings import services
from bookings.lifecycle import amount_due
from bookings.models import Booking
from bookings.services import BookingError, SlotTaken
from payments.client import (
    booking_for,
    id_of,
    instant_of,
    is_offline,
    lock_booking,
    optional_field,
    stripe_client,
)
from payments.emails import Mail, email_later
from payments.models import Order, Payment, Refund
from payments.orders import order_payment_settle
from payments.refunds import refund_issue

logger = logging.getLogger(__name__)


def booking_is_paid(*, booking: Booking) -> bool:
    """Whether a payment of what is due for `booking` has been received (its price, less what a
    package credit or a gift voucher covered): the check bookings asks before confirming a paid
    booking (registered in PaymentsConfig.ready())."""
    return booking.payments.filter(
        status=Payment.Status.PAID, amount=amount_due(booking), currency=booking.price_currency
    ).exists()


def _lock_attempt(session) -> Payment | None:
    """The attempt that made `session`, locked after its booking; None if the site never made it.

    Call inside a transaction. A session is the site's only when the pay step stored its id:
    whatever booking a session names, an id nobody stored is a checkout the site never made
    (the pay step stores the id before the client is sent to pay, so every session a client
    could pay through has it). An order's payment is locked after its order, as the order's
    pay step locks them, so the two never wait on each other.
    """
    ids = (
        Payment.objects.filter(checkout_session_id=session.id)
        .values_list("booking_id", "order_id")
        .first()
    )
    if ids is None:
        return None
    booking_id, order_id = ids
    if order_id is not None:
        order = Order.objects.select_for_update().get(pk=order_id)
        payment = Payment.objects.select_for_update().get(checkout_session_id=session.id)
        payment.order = order
        return payment
    booking = lock_booking(booking_id)
    payment = booking.payments.select_for_update().get(checkout_session_id=session.id)
    payment.booking = booking
    return payment


def _paid_as_asked(payment: Payment, session) -> bool:
    paid = (
        optional_field(session, "amount_total"),
        optional_field(session, "currency", "").upper(),
    )
    return paid == (payment.amount, payment.currency)


def _payment_record_paid(payment: Payment, session, *, now: datetime) -> None:
    """Write what Stripe took: the session's amount and currency, whatever was asked."""
    payment.status = Payment.Status.PAID
    payment.paid_at = now
    payment.payment_intent_id = id_of(optional_field(session, "payment_intent"))
    payment.amount = optional_field(session, "amount_total")
    payment.currency = optional_field(session, "currency", "").upper()
    payment.full_clean()
    payment.save()


def payment_confirm(*, checkout_session, now: datetime) -> Payment | None:
    """Settle a paid Checkout Session: a confirmed booking, or a full refund. Idempotent.

    The one function behind the webhook, the success page, `reconcile_payments --fix` and the
    offline test page. Only a session the site made, paid in the amount and currency it asked
    for, can confirm a booking; any other paid session that names one of our bookings is
    recorded and refunded in full, and the practitioner is told. A payment that arrives after
    its hold ran out still confirms the booking when the time is free; when it is not (or the
    booking can no longer be confirmed at all), the whole amount is refunded and the client and
    the practitioner are told. A booking that was already paid for through another session has
    this second payment refunded.

    Returns the Payment, or None for a session that is not ours or not paid.
    """
    if checkout_session.payment_status != "paid":
        return None
    with transaction.atomic():
        payment = _lock_attempt(checkout_session)
        if payment is None:
            return _payment_not_asked(checkout_session, now=now)
        if payment.is_paid:
            return payment  # settled before: confirmed or refunded already
        as_asked = _paid_as_asked(payment, checkout_session)
        _payment_record_paid(payment, checkout_session, now=now)
        if payment.order_id is not None:
            order_payment_settle(payment, as_asked=as_asked, now=now)
            return payment
        if not as_asked:
            _refund_not_as_asked(payment)
            return payment

        booking = payment.booking
        paid_before = (
            booking.status == Booking.Status.CONFIRMED
            and booking.payments.filter(status__in=Payment.PAID_STATUSES)
            .exclude(pk=payment.pk)
            .exists()
        )
        if paid_before:
            _refund_whole(payment, reason=Refund.Reason.DUPLICATE)
            return payment
        try:
            # Consent was checked when this payment started (checkout_start runs the gate).
            payment.booking = services.booking_confirm(
                booking=booking, now=now, ready_since=payment.created_at
            )
        except BookingError as error:
            reason = (
                Refund.Reason.SLOT_TAKEN
                if isinstance(error, SlotTaken)
                else Refund.Reason.NOT_CONFIRMABLE
            )
            logger.info(
                "Paid booking %s could not be confirmed (%s): refunding in full.",
                booking.reference,
                type(error).__name__,
            )
            _refund_whole(payment, reason=reason)
    return payment


def _payment_not_asked(session, *, now: datetime) -> Payment | None:
    """Record a paid session the site never made, and refund it, if it names our booking (or
    our order).

    Call inside a transaction. A session naming no booking of ours is another sale on the
    same Stripe account: not ours to record or refund.
    """
    order = _order_named(session)
    if order is not None:
        return _order_payment_not_asked(order, session, now=now)
    booking = booking_for(session)
    if booking is None:
        return None
    booking = lock_booking(booking.pk)
    # Another delivery of the same session may have recorded it while we waited for the lock.
    recorded = Payment.objects.filter(checkout_session_id=session.id).first()
    if recorded is not None:
        return recorded
    attempt = (booking.payments.aggregate(last=Max("attempt"))["last"] or 0) + 1
    payment = Payment(
        booking=booking,
        attempt=attempt,
        checkout_session_id=session.id,
        expires_at=instant_of(optional_field(session, "expires_at")) or now,
        idempotency_key=f"checkout-{booking.reference}-{attempt}",
    )
    _payment_record_paid(payment, session, now=now)
    _refund_not_as_asked(payment)
    return payment


def _order_named(session) -> Order | None:
    """The order a session names (its metadata, else its client_reference_id), if it is ours."""
    reference = optional_field(
        optional_field(session, "metadata"), "order_reference"
    ) or optional_field(session, "client_reference_id")
    return Order.objects.filter(reference=reference).first() if reference else None


def _order_payment_not_asked(order: Order, session, *, now: datetime) -> Payment:
    """`_payment_not_asked` for an order: recorded as its next attempt, refunded in full."""
    order = Order.objects.select_for_update().get(pk=order.pk)
    recorded = Payment.objects.filter(checkout_session_id=session.id).first()
    if recorded is not None:
        return recorded
    attempt = (order.payments.aggregate(last=Max("attempt"))["last"] or 0) + 1
    payment = Payment(
        order=order,
        attempt=attempt,
        checkout_session_id=session.id,
        expires_at=instant_of(optional_field(session, "expires_at")) or now,
        idempotency_key=f"checkout-{order.reference}-{attempt}",
    )
    _payment_record_paid(payment, session, now=now)
    order_payment_settle(payment, as_asked=False, now=now)
    return payment


def _refund_not_as_asked(payment: Payment) -> None:
    logger.warning(
        "Checkout Session %s for booking %s is not one the site made or not paid as asked "
        "(%s %s): refunding it in full; the booking stays as it was.",
        payment.checkout_session_id,
        payment.booking.reference,
        payment.amount,
        payment.currency,
    )
    refund = refund_issue(payment=payment, amount=payment.amount, reason=Refund.Reason.NOT_AS_ASKED)
    if refund is not None:
        # Only the practitioner: the client did not ask for this checkout either.
        email_later(refund, Mail.PAYMENT_REFUNDED_PRACTITIONER)


def _refund_whole(payment: Payment, *, reason: str) -> None:
    refund = refund_issue(payment=payment, amount=payment.amount, reason=reason)
    if refund is not None:
        email_later(refund, Mail.PAYMENT_REFUNDED)
        email_later(refund, Mail.PAYMENT_REFUNDED_PRACTITIONER)


def payment_fail(*, checkout_session) -> Payment | None:
    """A session whose payment failed (a delayed method that bounced): the attempt is over.

    The booking keeps its hold until it runs out, so the client can try again. A session the
    site never made changes nothing.
    """
    with transaction.atomic():
        payment = _lock_attempt(checkout_session)
        if payment is None:
            return None
        if payment.status == Payment.Status.OPEN:
            payment.status = Payment.Status.FAILED
            payment.payment_intent_id = payment.payment_intent_id or id_of(
                optional_field(checkout_session, "payment_intent")
            )
            payment.save()
    return payment


def checkout_expire(*, checkout_session) -> Payment | None:
    """A session that expired unpaid: the attempt ends and the booking's hold is released.

    The hold is released only while it was this session's (not extended past it by the
    client, and no newer session open), and never after the payment was received: an expiry
    that arrives after the payment changes nothing. Nor does a session the site never made.
    """
    with transaction.atomic():
        payment = _lock_attempt(checkout_session)
        if payment is None:
            return None
        if payment.status not in (Payment.Status.OPEN, Payment.Status.EXPIRED):
            return payment
        payment.status = Payment.Status.EXPIRED
        payment.save(update_fields=["status", "updated_at"])
        booking = payment.booking
        if booking is None:
            return payment  # an order's: it waits for another attempt
        others_open = (
            booking.payments.filter(status=Payment.Status.OPEN).exclude(pk=payment.pk).exists()
        )
        if (
            booking.status == Booking.Status.HELD
            and booking.hold_expires_at <= payment.expires_at
            and not others_open
        ):
            booking.status = Booking.Status.EXPIRED
            booking.save(update_fields=["status", "updated_at"])
    return payment


def settle(*, checkout_session, now: datetime) -> Payment | None:
    """Apply what a session retrieved from Stripe says (the success page, reconcile)."""
    if checkout_session.status == "complete" and checkout_session.payment_status == "paid":
        return payment_confirm(checkout_session=checkout_session, now=now)
    if checkout_session.status == "expired":
        return checkout_expire(checkout_session=checkout_session)
    return Payment.objects.filter(checkout_session_id=checkout_session.id).first()


def checkout_return(*, booking: Booking, session_id: str, now: datetime) -> Payment | None:
    """The client is back from Checkout: settle the session now rather than wait for the webhook.

    Only a session recorded for this booking is looked up. Returns its Payment (still open
    when Stripe has not finished or cannot be reached), or None when it is not this booking's.
    """
    payment = (
        booking.payments.filter(checkout_session_id=session_id).first() if session_id else None
    )
    return payment_return_settle(payment=payment, now=now)


def payment_return_settle(*, payment: Payment | None, now: datetime) -> Payment | None:
    """Settle `payment`'s session now, as its buyer is back from Checkout (a booking's or an
    order's): an open one is looked up at Stripe (not offline, where the test page settles).
    Returns the Payment, still open when Stripe has not finished or cannot be reached."""
    if payment is None or payment.status != Payment.Status.OPEN or is_offline():
        return payment
    try:
        session = stripe_client(in_request=True).v1.checkout.sessions.retrieve(
            payment.checkout_session_id
        )
    except stripe.StripeError as error:
        logger.warning("Checkout Session lookup failed: %s", type(error).__name__)
        return payment
    return settle(checkout_session=session, now=now) or payment
