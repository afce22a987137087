"""Payments the practitioner received herself (bank transfer, cash, a card machine) for a
session she books at her desk: recorded honestly, as received outside the site.

Such a payment counts in her takings and receipts like any other, with its note. Stripe never
took it, so Stripe can never give it back: when the booking is cancelled, the refund its policy
owes is recorded as made outside the site (`outside_refund_record`), and returning the money
is hers to do, the way it came (the cancellation page and the refund's record say so). Nothing
is ever sent to Stripe's Refunds API for it.
"""

from datetime import datetime

from django.db.models import Max

from bookings.desk import desk_booking_create
from bookings.models import Booking, Practitioner, Service
from payments.models import Payment, Refund

NOTE_MAX = 300


def payment_record_outside(*, booking: Booking, note: str, now: datetime) -> Payment:
    """Record that `booking`'s whole price was received outside the site, at `now`.

    Call inside the transaction that confirms the booking.
    """
    attempt = (booking.payments.aggregate(last=Max("attempt"))["last"] or 0) + 1
    payment = Payment(
        booking=booking,
        attempt=attempt,
        amount=booking.price_amount,
        currency=booking.price_currency,
        status=Payment.Status.PAID,
        paid_at=now,
        # It was never an open checkout: it "expired" the moment it was recorded.
        expires_at=now,
        received_outside=True,
        note=note.strip()[:NOTE_MAX],
        idempotency_key=f"outside-{booking.reference}-{attempt}",
    )
    payment.full_clean()
    payment.save()
    return payment


def desk_booking_paid_outside(
    *,
    practitioner: Practitioner,
    client,
    service: Service,
    start: datetime,
    note: str,
    now: datetime,
) -> Booking:
    """Book a paid session for `client` that she has paid outside the site: the booking, its
    payment and its confirmation (with the client's e-mail and calendar file), all or nothing."""
    return desk_booking_create(
        practitioner=practitioner,
        client=client,
        service=service,
        start=start,
        now=now,
        record_payment=lambda booking: payment_record_outside(booking=booking, note=note, now=now),
    )


def outside_refund_record(*, payment: Payment, amount: int, reason: str, key: str) -> Refund:
    """The refund a cancellation owes on a payment received outside the site: recorded as
    made outside (she returns the money herself), never sent to Stripe.

    Called by `payments.refunds.refund_issue` inside the cancellation's transaction.
    """
    refund = Refund(
        payment=payment,
        amount=amount,
        currency=payment.currency,
        reason=reason,
        status=Refund.Status.SUCCEEDED,
        idempotency_key=key,
        failure_reason="",
    )
    refund.full_clean()
    refund.save()
    refunded = payment.amount_refunded + amount
    payment.amount_refunded = refunded
    payment.status = (
        Payment.Status.REFUNDED if refunded >= payment.amount else Payment.Status.PARTIALLY_REFUNDED
    )
    payment.save(update_fields=["amount_refunded", "status", "updated_at"])
    return refund
