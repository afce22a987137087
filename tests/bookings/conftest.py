"""Booking fixtures: a fixed clock (`fixed_now`) and times of day from it (`at`).

The practitioner, the paid `service`, free_service, make_booking (confirmed unless told),
other_client and run_worker are tests/conftest.py's.

Django is imported inside the fixtures: tests/bookings/test_slots.py also runs without it.
"""

from datetime import UTC, datetime, timedelta

import pytest

# A Monday in winter (GMT = UTC, so London wall clock equals UTC in the domain tests).
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


@pytest.fixture
def fixed_now():
    """The domain tests' fixed clock: Monday 2 March 2026, 08:00 UTC (and in London)."""
    return NOW


@pytest.fixture
def record_payment(db):
    """What the payment side writes once a booking's price is paid: a paid Payment of the whole
    price. Only then does booking_confirm confirm a paid booking: record_payment(booking, at=now).

    Paid as on the offline test page (payments/offline.py), so its refunds never reach Stripe.
    """
    from payments.client import OFFLINE_PREFIX
    from payments.models import Payment

    def record(booking, *, at: datetime):
        return Payment.objects.create(
            booking=booking,
            checkout_session_id=f"cs_{OFFLINE_PREFIX}{booking.reference}",
            payment_intent_id=f"pi_{OFFLINE_PREFIX}{booking.reference}",
            amount=booking.price_amount,
            currency=booking.price_currency,
            status=Payment.Status.PAID,
            expires_at=at + timedelta(minutes=31),
            paid_at=at,
            idempotency_key=f"checkout-{booking.reference}-1",
        )

    return record


def start_on(day_offset: int, hour: int, minute: int = 0, *, base: datetime = NOW) -> datetime:
    return (base + timedelta(days=day_offset)).replace(hour=hour, minute=minute)


@pytest.fixture
def at():
    """at(days, hour, minute=0): an instant `days` after fixed_now at hour:minute UTC."""
    return start_on
