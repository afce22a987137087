"""Bookings' part of the client's data rights (clients.privacy runs every app's part).

Imported by BookingsConfig.ready(), which registers: the client's bookings in her data export;
and, when she deletes her account, cancelling her upcoming sessions under the cancellation
policy (payments registers its own part: payments/privacy.py).
"""

from datetime import datetime

from django.template.loader import render_to_string

from bookings.errors import BookingError
from bookings.models import Booking
from bookings.policy import Actor
from bookings.services import booking_cancel
from clients.models import User
from clients.privacy import erasure_step, export_section, iso


@export_section("bookings")
def bookings_export(user: User) -> list[dict]:
    bookings = Booking.objects.filter(client=user).select_related("service").order_by("start")
    return [
        {
            "reference": booking.reference,
            "service": booking.service.name,
            "start": iso(booking.start),
            "end": iso(booking.end),
            "status": booking.status,
            "time_zone": booking.client_time_zone,
            "price_amount": booking.price_amount,
            "price_currency": booking.price_currency,
            "cancellation_policy": booking.policy_snapshot,
            "needs_conversation": booking.needs_conversation,
            "confirmed_at": iso(booking.confirmed_at),
            "rescheduled_at": iso(booking.rescheduled_at),
            "cancelled_by": booking.cancelled_by,
            "cancelled_at": iso(booking.cancelled_at),
            "cancellation_reason": booking.cancellation_reason,
            "refund_amount": booking.refund_amount,
            "created_at": iso(booking.created_at),
        }
        for booking in bookings
    ]


@erasure_step
def bookings_erase(*, user: User, now: datetime) -> str:
    """Cancel the client's upcoming sessions as she would (refunds per the policy) and keep
    nothing she wrote beside her bookings; the bookings themselves stay for the accounts.

    Returns the confirmation e-mail's paragraph on the sessions cancelled and those that had
    already started (and so could not be).
    """
    cancelled, kept = [], []
    upcoming = Booking.objects.filter(client=user).upcoming(now=now).order_by("start")
    for booking in upcoming:
        try:
            booking_cancel(booking=booking, by=Actor.CLIENT, reason="Account deleted", now=now)
        except BookingError:
            kept.append(booking)
        else:
            cancelled.append(booking)
    # The practitioner's flag goes too, since it was derived from health answers.
    Booking.objects.filter(client=user).update(
        cancellation_reason="", needs_conversation=False, updated_at=now
    )
    return render_to_string(
        "emails/_account_deleted_bookings.txt", {"cancelled": cancelled, "kept": kept}
    )
