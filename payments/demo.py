"""Demo data for `manage.py seed_demo`: the payment of each paid demo booking.

As the offline test page leaves one, paid when the booking was confirmed. Idempotent: a booking
that has a payment gets no other.
"""

from datetime import datetime

from bookings.models import Booking
from payments.client import OFFLINE_PREFIX
from payments.models import Payment
from practice.demo import CLIENT_EMAIL


def seed(*, now: datetime, stdout) -> None:
    unpaid = Booking.objects.filter(
        client__email=CLIENT_EMAIL,
        price_amount__gt=0,
        confirmed_at__isnull=False,
        payments__isnull=True,
    )
    for booking in unpaid:
        Payment.objects.create(
            booking=booking,
            checkout_session_id=f"cs_{OFFLINE_PREFIX}demo_{booking.reference}",
            payment_intent_id=f"pi_{OFFLINE_PREFIX}demo_{booking.reference}",
            amount=booking.price_amount,
            currency=booking.price_currency,
            status=Payment.Status.PAID,
            expires_at=booking.confirmed_at,
            paid_at=booking.confirmed_at,
            idempotency_key=f"checkout-{booking.reference}-1",
        )
    stdout.write("Payments: the paid demo bookings' payments ready.")
