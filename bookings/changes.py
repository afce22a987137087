"""Changing a booking: cancelling it (with what the policy refunds) and moving it.

Every function takes keyword-only arguments and the current time as `now`, runs in one
transaction and returns domain objects; every write of a time goes through bookings/guards.py.
What the policy allows comes from bookings/policy.py, applied to the booking's own snapshot.
"""

from datetime import datetime

from django.db import transaction

from bookings import hooks, notifications
from bookings.errors import InvalidState, PolicyRefused, SlotUnavailable
from bookings.guards import booking_lock, refuse_if_taken, save_or_taken, stale_holds_expire
from bookings.models import Booking
from bookings.policy import (
    Actor,
    Outcome,
    PolicyTerms,
    Reason,
    cancellation_outcome,
    earliest_move_target,
    reschedule_outcome,
)
from bookings.selectors import offered_slots
from bookings.slots import blocked_interval


def cancellation_preview(*, booking: Booking, by: Actor | str, now: datetime) -> Outcome:
    """What cancelling would mean right now, to show before the client confirms."""
    return cancellation_outcome(
        terms=PolicyTerms.from_snapshot(booking.policy_snapshot),
        start=booking.start,
        amount_paid=booking.amount_paid,
        now=now,
        by=by,
    )


def reschedule_preview(*, booking: Booking, by: Actor | str, now: datetime) -> Outcome:
    return reschedule_outcome(
        terms=PolicyTerms.from_snapshot(booking.policy_snapshot),
        start=booking.start,
        now=now,
        by=by,
    )


def booking_cancel(
    *, booking: Booking, by: Actor | str, reason: str = "", now: datetime
) -> Outcome:
    """Cancel a held or confirmed booking and refund what the policy gives back.

    A client may cancel until the start (refund per the booking's policy snapshot); the
    practitioner always, with a full refund. The refunds are written in this transaction by
    the cancellation hooks (payments: `payments.refunds.cancellation_refund`) and sent to
    Stripe by the task worker once it commits: a slow or failing Stripe never holds up or
    undoes the cancellation. Returns the policy outcome, refund included.
    """
    by = Actor(by)
    with transaction.atomic():
        booking = booking_lock(booking)
        if booking.status not in Booking.ACTIVE_STATUSES:
            raise InvalidState("This booking is not active, so there is nothing to cancel.")
        was_confirmed = booking.status == Booking.Status.CONFIRMED
        outcome = cancellation_preview(booking=booking, by=by, now=now)
        if not outcome.allowed:
            raise PolicyRefused(
                outcome, "This session has already started, so it can't be cancelled."
            )
        booking.status = Booking.Status.CANCELLED
        booking.cancelled_by = by
        booking.cancelled_at = now
        booking.cancellation_reason = reason.strip()
        booking.refund_amount = outcome.refund_amount
        booking.full_clean()
        booking.save()
        for hook in hooks.cancellation_hooks:
            hook(booking=booking, outcome=outcome)
        if was_confirmed:
            notifications.booking_cancelled(booking)
    return outcome


def booking_reschedule(
    *, booking: Booking, new_start: datetime, now: datetime, by: Actor | str = Actor.CLIENT
) -> Booking:
    """Move a confirmed booking to `new_start`: the same booking row, new times.

    Allowed per the booking's policy snapshot, which also keeps the new time outside the
    notice window for a client; the new time must be one the slot engine offers (this
    booking's own time counts as free) and is guarded against double booking like a hold.
    """
    with transaction.atomic():
        booking = booking_lock(booking)
        if booking.status != Booking.Status.CONFIRMED:
            raise InvalidState("Only a confirmed booking can be moved.")
        outcome = reschedule_preview(booking=booking, by=by, now=now)
        if not outcome.allowed:
            raise PolicyRefused(outcome, "This session can no longer be moved.")
        if new_start == booking.start:
            return booking
        terms = PolicyTerms.from_snapshot(booking.policy_snapshot)
        if new_start < earliest_move_target(terms=terms, now=now, by=by):
            raise PolicyRefused(
                Outcome(allowed=False, refund_amount=0, reason=Reason.LATE),
                f"A session can only be moved to a time at least {terms.notice_hours} hours "
                "from now. Please choose a later time.",
            )
        interval = blocked_interval(new_start, booking.service.rules)
        stale_holds_expire(practitioner_id=booking.practitioner_id, interval=interval, now=now)
        offered = offered_slots(
            service=booking.service,
            now=now,
            practitioners=[booking.practitioner],
            around=new_start,
            exclude_booking_id=booking.pk,
        )
        if new_start not in offered:
            refuse_if_taken(booking=booking, interval=interval, now=now)
            raise SlotUnavailable
        previous_start = booking.start
        booking.start = new_start
        booking.end = new_start + booking.service.rules.duration
        booking.blocked_start = interval.start
        booking.blocked_end = interval.end
        booking.rescheduled_at = now
        booking.times_rescheduled += 1
        # The reminder belongs to the new time: it goes out again before it.
        booking.reminder_sent_at = None
        save_or_taken(booking)
        notifications.booking_rescheduled(booking, previous_start=previous_start)
    return booking
