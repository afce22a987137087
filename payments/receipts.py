"""A paid booking's receipt: which payment it shows, and what the booking page and the client's
e-mails say about it (bookings asks through its receipt hooks, registered in
payments/registrations.py)."""

from django.urls import reverse

from bookings.models import Booking
from payments.models import Payment
from practice.money import money

CARD = "Card via Stripe"
TEST_PAYMENT = "Test payment (no money moved)"
OUTSIDE = "Paid outside the site"


def receipt_payment(booking: Booking) -> Payment | None:
    """The payment that paid for `booking`, or None when nothing was paid.

    The first one taken: a later payment for the same booking is a duplicate, refunded whole,
    and shows on the receipt as nothing of its own.
    """
    return (
        booking.payments.filter(status__in=Payment.PAID_STATUSES)
        .prefetch_related("refunds")
        .order_by("paid_at", "pk")
        .first()
    )


def payment_method(payment: Payment) -> str:
    """How it was paid, as far as our own row knows (Stripe is not asked)."""
    if payment.received_outside:
        return OUTSIDE
    return TEST_PAYMENT if payment.made_offline else CARD


def receipt_path(booking: Booking) -> str:
    return reverse("payments:receipt", kwargs={"reference": booking.reference})


def receipt_summary(*, booking: Booking) -> dict:
    """What was paid and where its receipt is, {} when nothing was: bookings' receipt hook."""
    payment = receipt_payment(booking)
    if payment is None:
        return {}
    return {
        "amount_paid": money(payment.amount, payment.currency),
        "path": receipt_path(booking),
        # Paid to the practitioner herself: what is refunded goes back the same way, not by card.
        "paid_outside": payment.received_outside,
    }
