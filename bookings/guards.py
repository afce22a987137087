"""What every write of a booking's time goes through: no double booking, ever.

Two active bookings (held or confirmed) of one practitioner whose blocked ranges (session plus
buffers) overlap cannot both exist:

- on PostgreSQL the exclusion constraint ``booking_no_overlap`` refuses the second one, even
  when two transactions race; its error becomes `SlotTaken`;
- on SQLite every transaction starts with BEGIN IMMEDIATE (settings.py), so writers queue and
  the re-check (`refuse_if_taken`) always sees the bookings committed before it.

Holds past their expiry free their time at once: the slot engine ignores them, and before
writing a booking the stale ones in its way are marked expired (`stale_holds_expire`; else the
constraint, which only sees the status, would still count them).
"""

from datetime import datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction

from bookings.errors import SlotTaken
from bookings.models import Booking
from bookings.selectors import is_taken
from bookings.slots import Interval

OVERLAP_CONSTRAINT = "booking_no_overlap"
OVERLAP_ERROR_CODE = "slot_taken"  # its violation_error_code, when full_clean() checks it
EXCLUSION_VIOLATION = "23P01"  # PostgreSQL's SQLSTATE for an exclusion constraint


def _is_overlap_violation(error: IntegrityError) -> bool:
    cause = error.__cause__
    if getattr(cause, "sqlstate", None) == EXCLUSION_VIOLATION:
        return True
    diag = getattr(cause, "diag", None)
    return getattr(diag, "constraint_name", None) == OVERLAP_CONSTRAINT


def booking_lock(booking: Booking) -> Booking:
    """The booking's current row, locked for this transaction (PostgreSQL; SQLite is serial)."""
    return (
        Booking.objects.select_for_update(of=("self",))
        .select_related("service", "practitioner")
        .get(pk=booking.pk)
    )


def stale_holds_expire(*, practitioner_id: int, interval: Interval, now: datetime) -> int:
    """Mark held bookings in `interval` whose hold has run out as expired (they free the time)."""
    return (
        Booking.objects.stale_holds(now=now)
        .filter(practitioner_id=practitioner_id)
        .overlapping(interval, buffers=True)
        .update(status=Booking.Status.EXPIRED, updated_at=now)
    )


def refuse_if_taken(*, booking: Booking, interval: Interval, now: datetime) -> None:
    """`SlotTaken` when another active booking of `booking`'s practitioner has `interval`."""
    if is_taken(
        practitioner=booking.practitioner, interval=interval, now=now, exclude_id=booking.pk
    ):
        raise SlotTaken


def validate(booking: Booking) -> None:
    """full_clean(), with the overlap check PostgreSQL runs there reported as `SlotTaken`."""
    try:
        booking.full_clean()
    except ValidationError as error:
        errors = getattr(error, "error_dict", {}).get(NON_FIELD_ERRORS, [])
        if any(e.code == OVERLAP_ERROR_CODE for e in errors):
            raise SlotTaken from error
        raise


def save_or_taken(booking: Booking) -> None:
    """Validate and save inside a savepoint, so that a refused overlap leaves the transaction
    usable."""
    validate(booking)
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError as error:
        if _is_overlap_violation(error):
            raise SlotTaken from error
        raise
