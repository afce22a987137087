"""Blocking time: the practitioner takes time off from her calendar.

Time off stops new bookings at once (the slot engine leaves it out). Sessions already booked
inside it are never cancelled silently: she is shown them first and says whether to cancel them
(each client gets a full refund and an e-mail) or keep them.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import models, transaction

from bookings import services
from bookings.models import Booking, Practitioner, TimeOff
from bookings.policy import Actor
from bookings.slots import Interval
from workplace.dashboard import overlapping_bookings


class Overlap(models.TextChoices):
    """What to do with the active bookings the time off would cover."""

    CANCEL = "cancel"  # cancel them (full refund, client told)
    KEEP = "keep"  # keep them: the sessions still take place


@dataclass
class Blocked:
    time_off: TimeOff | None  # None: nothing was written, `overlapping` needs a decision
    overlapping: list[Booking] = field(default_factory=list)
    cancelled: list[Booking] = field(default_factory=list)


def time_off_block(
    *,
    practitioner: Practitioner,
    start: datetime,
    end: datetime,
    reason: str = "",
    overlap: Overlap | str | None = None,
    seen: set[str] | None = None,
    now: datetime,
) -> Blocked:
    """Add time off from `start` to `end`, deciding about the bookings it covers.

    When active bookings (confirmed, or held) overlap it, nothing is written unless `overlap`
    says what to do with them and `seen` (the references the practitioner was shown) is exactly
    the bookings overlapping now: one that arrived since she looked is shown to her first.
    With `Overlap.CANCEL` each is cancelled by the practitioner, with a full refund through the
    payments module and an e-mail to the client, in the same transaction as the time off.
    """
    interval = Interval(start, end)
    overlapping = overlapping_bookings(practitioner=practitioner, interval=interval, now=now)
    decision = Overlap(overlap) if overlap in Overlap.values else None
    if overlapping and (decision is None or {b.reference for b in overlapping} != (seen or set())):
        return Blocked(time_off=None, overlapping=overlapping)
    with transaction.atomic():
        time_off = TimeOff(practitioner=practitioner, start=start, end=end, reason=reason.strip())
        time_off.full_clean()
        time_off.save()
        cancelled = []
        if decision == Overlap.CANCEL:
            for booking in overlapping:
                try:
                    services.booking_cancel(
                        booking=booking,
                        by=Actor.PRACTITIONER,
                        reason=reason.strip() or "Time off",
                        now=now,
                    )
                except services.InvalidState:
                    continue  # cancelled or ended since: nothing left to cancel
                cancelled.append(booking)
    return Blocked(time_off=time_off, overlapping=overlapping, cancelled=cancelled)
