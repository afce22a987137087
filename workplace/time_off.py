"""Time off from her calendar: adding it, changing it, removing it.

Time off stops new bookings at once (the slot engine leaves it out). Sessions already booked
inside it are never cancelled silently: she is shown them first and says whether to cancel them
(each client gets a full refund and an e-mail) or keep them. Changing time off asks only about
the sessions the new times would newly cover: those inside the old times were decided on.
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


def _decided(overlapping: list[Booking], overlap, seen: set[str] | None) -> Overlap | None:
    """Her decision about `overlapping`, if she made it with exactly these sessions in view."""
    decision = Overlap(overlap) if overlap in Overlap.values else None
    if overlapping and (decision is None or {b.reference for b in overlapping} != (seen or set())):
        return None
    return decision or Overlap.KEEP


def _cancel_covered(overlapping, decision, reason: str, now: datetime) -> list[Booking]:
    cancelled = []
    if decision == Overlap.CANCEL:
        for booking in overlapping:
            try:
                services.booking_cancel(
                    booking=booking, by=Actor.PRACTITIONER, reason=reason or "Time off", now=now
                )
            except services.InvalidState:
                continue  # cancelled or ended since: nothing left to cancel
            cancelled.append(booking)
    return cancelled


def _save_decided(
    time_off: TimeOff,
    overlapping: list[Booking],
    *,
    overlap,
    seen: set[str] | None,
    start: datetime,
    end: datetime,
    reason: str,
    now: datetime,
) -> Blocked:
    """Once she has decided about `overlapping`: `time_off` (new or changed) saved from `start`
    to `end` and the sessions she chose to cancel cancelled, in one transaction. Without her
    decision nothing is written and `time_off` is left as it was."""
    decision = _decided(overlapping, overlap, seen)
    if decision is None:
        return Blocked(time_off=None, overlapping=overlapping)
    with transaction.atomic():
        time_off.start, time_off.end, time_off.reason = start, end, reason.strip()
        time_off.full_clean()
        time_off.save()
        cancelled = _cancel_covered(overlapping, decision, reason.strip(), now)
    return Blocked(time_off=time_off, overlapping=overlapping, cancelled=cancelled)


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
    overlapping = overlapping_bookings(
        practitioner=practitioner, interval=Interval(start, end), now=now
    )
    return _save_decided(
        TimeOff(practitioner=practitioner),
        overlapping,
        overlap=overlap,
        seen=seen,
        start=start,
        end=end,
        reason=reason,
        now=now,
    )


def time_off_change(
    *,
    time_off: TimeOff,
    start: datetime,
    end: datetime,
    reason: str = "",
    overlap: Overlap | str | None = None,
    seen: set[str] | None = None,
    now: datetime,
) -> Blocked:
    """Move time off to `start` to `end` with a new `reason`, deciding about sessions newly
    covered.

    As `time_off_block`: nothing is changed while sessions the new times cover (and the old
    ones did not) wait for her decision, given with exactly those sessions in view.
    """
    practitioner = time_off.practitioner
    before = {
        b.pk
        for b in overlapping_bookings(
            practitioner=practitioner, interval=time_off.as_interval(), now=now
        )
    }
    overlapping = [
        b
        for b in overlapping_bookings(
            practitioner=practitioner, interval=Interval(start, end), now=now
        )
        if b.pk not in before
    ]
    return _save_decided(
        time_off,
        overlapping,
        overlap=overlap,
        seen=seen,
        start=start,
        end=end,
        reason=reason,
        now=now,
    )


def time_off_delete(*, time_off: TimeOff) -> None:
    """Remove time off: within her hours, clients can book that time again."""
    with transaction.atomic(durable=True):
        time_off.delete()
