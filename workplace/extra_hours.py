"""Extra availability from her calendar: one-off working time outside her weekly hours (an
evening, a Saturday), which clients can book like any other working time."""

from datetime import datetime

from django.db import transaction

from bookings.models import ExtraAvailability, Practitioner


def extra_hours_add(
    *, practitioner: Practitioner, start: datetime, end: datetime, note: str = ""
) -> ExtraAvailability:
    """Open `start` to `end` for booking as well as her weekly hours."""
    with transaction.atomic(durable=True):
        extra = ExtraAvailability(
            practitioner=practitioner, start=start, end=end, note=note.strip()
        )
        extra.full_clean()
        extra.save()
    return extra


def extra_hours_change(
    *, extra: ExtraAvailability, start: datetime, end: datetime, note: str = ""
) -> ExtraAvailability:
    """Move extra hours. Sessions already booked in the old times stay booked."""
    with transaction.atomic(durable=True):
        extra.start, extra.end, extra.note = start, end, note.strip()
        extra.full_clean()
        extra.save()
    return extra


def extra_hours_delete(*, extra: ExtraAvailability) -> None:
    """Close extra hours to new bookings. Sessions already booked in them stay booked."""
    with transaction.atomic(durable=True):
        extra.delete()
