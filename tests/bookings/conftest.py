"""Booking fixtures: a fixed clock, paid sessions by default, bookings timed from their start.

The practitioner, free_service, other_client and run_worker are tests/conftest.py's.

Django is imported inside the fixtures: tests/bookings/test_slots.py also runs without it.
"""

from datetime import UTC, datetime, timedelta
from functools import partial

import pytest

# A Monday in winter (GMT = UTC, so London wall clock equals UTC in the domain tests).
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


@pytest.fixture
def now():
    return NOW


# The paid session most booking tests use; make_service(..., price_amount=0) and so on overrides.
PAID_SESSION = {
    "description": "## What happens\n\nWe talk, then we work.",
    "price_amount": 9500,
    "buffer_before_minutes": 15,
    "buffer_after_minutes": 15,
}


@pytest.fixture
def make_service(make_service):
    """tests/conftest.py's make_service, for a paid session with 15-minute buffers by default."""
    return partial(make_service, **PAID_SESSION)


@pytest.fixture
def service(make_service):
    """A paid 60-minute session with 15-minute buffers."""
    return make_service()


@pytest.fixture
def make_booking(make_booking, practitioner):
    """A confirmed booking by default, its times relative to its start, with the video link."""

    def make(*, client, service, start, status="confirmed", **fields):
        values = {"video_link": practitioner.video_link}
        if status == "held":
            values["hold_expires_at"] = start - timedelta(days=1)
        if status == "confirmed":
            values["confirmed_at"] = start - timedelta(days=3)
        if status == "cancelled":
            values.update(cancelled_at=start - timedelta(days=3), cancelled_by="client")
        values.update(fields)
        return make_booking(client=client, service=service, start=start, status=status, **values)

    return make


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
    """at(days, hour, minute=0): an instant `days` after NOW at hour:minute UTC."""
    return start_on
