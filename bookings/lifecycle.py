"""A booking's life after its hold: confirmed, then held or missed.

Every function takes keyword-only arguments and the current time as `now`, runs in one
transaction and returns domain objects; every write of a time goes through bookings/guards.py.
"""

from datetime import datetime

from django.db import transaction

from bookings import hooks, notifications
from bookings.booking_steps import booking_gate
from bookings.errors import InvalidState, NotPaid
from bookings.guards import booking_lock, refuse_if_taken, save_or_taken, stale_holds_expire
from bookings.models import Booking
from bookings.policy import Actor


def amount_covered(booking: Booking) -> int:
    """What of `booking`'s price a package credit or a gift voucher paid (`hooks.price_covers`)."""
    if not booking.price_amount:
        return 0
    covered = sum(cover(booking=booking) for cover in hooks.price_covers)
    return min(booking.price_amount, covered)


def amount_due(booking: Booking) -> int:
    """What is left to pay for `booking` in money: its price less what credits and vouchers
    cover. 0 for a free service and for one fully covered: both are confirmed without paying."""
    return booking.price_amount - amount_covered(booking)


def is_paid_for(booking: Booking) -> bool:
    """Whether the payment side says `booking` has been paid for (free or fully covered ones
    need nothing).

    bookings takes no payments itself: the app that does registers in `hooks.payment_checks`.
    With none registered, a paid booking cannot be confirmed at all.
    """
    if not amount_due(booking):
        return True
    return any(check(booking=booking) for check in hooks.payment_checks)


def booking_confirm(
    *, booking: Booking, now: datetime, ready_since: datetime | None = None
) -> Booking:
    """Confirm a held booking: for a free service straight away, for a paid one once paid.

    Refuses (`NotPaid`) a paid booking that the payment side does not report paid: a booking's
    price is only ever taken through its payment. Idempotent: confirming a confirmed booking
    returns it unchanged (the payment webhook and the success page may both call this). A hold
    that ran out is confirmed if its time is still free, else `SlotTaken` (the caller refunds a
    payment that arrived too late).

    `ready_since` is when the client's consent was last checked and found complete: for a paid
    booking, when payment started. A policy published while they were paying is asked for at
    their next booking, not held against a payment already made.
    """
    with transaction.atomic():
        booking = booking_lock(booking)
        if booking.status == Booking.Status.CONFIRMED:
            return booking
        if booking.status not in (Booking.Status.HELD, Booking.Status.EXPIRED):
            raise InvalidState("This booking can no longer be confirmed.")
        if booking.start <= now:
            raise InvalidState("This time has passed. Please choose another.")
        if not is_paid_for(booking):
            raise NotPaid
        # Current consent and, where the service needs it, a valid screening, before anything
        # changes (raises a BookingError). Not for a booking the practitioner made for a client
        # who phoned or wrote: that client has not been online yet, and is asked for both on
        # her booking page before the session (client_area/before_session.py). A booking the
        # client makes herself never skips it (`booked_by` is set only by bookings/desk.py).
        if booking.booked_by != Actor.PRACTITIONER:
            booking_gate(booking=booking, now=ready_since or now)
        if not booking.is_held_at(now):
            interval = booking.blocked_interval
            stale_holds_expire(practitioner_id=booking.practitioner_id, interval=interval, now=now)
            refuse_if_taken(booking=booking, interval=interval, now=now)
        booking.status = Booking.Status.CONFIRMED
        booking.confirmed_at = now
        booking.hold_expires_at = None
        save_or_taken(booking)
        booking_confirmation_announce(booking=booking, now=now)
    return booking


def booking_confirmation_announce(
    *, booking: Booking, now: datetime, tell_practitioner: bool = True
) -> None:
    """What a confirmation sets off, on every path that confirms a booking (this module's
    `booking_confirm`, and bookings/desk.py for a booking confirmed as it is made): the
    confirmation hooks (rooms: its session room) and the e-mails. Inside that transaction.

    `tell_practitioner=False`: she confirmed it herself at her desk, so only the client is told.
    """
    for hook in hooks.confirmation_hooks:
        hook(booking=booking, now=now)
    notifications.booking_confirmed(booking, tell_practitioner=tell_practitioner)


def _finish(booking: Booking, *, status: str, now: datetime) -> Booking:
    """Mark a confirmed session as held or missed, from its start on (the practitioner says)."""
    with transaction.atomic():
        booking = booking_lock(booking)
        if booking.status == status:
            return booking
        if booking.status not in (
            Booking.Status.CONFIRMED,
            Booking.Status.COMPLETED,
            Booking.Status.NO_SHOW,
        ):
            raise InvalidState("Only a confirmed session can be marked as held or missed.")
        if now < booking.start:
            raise InvalidState("This session has not started yet.")
        booking.status = status
        booking.full_clean()
        booking.save()
    return booking


def booking_mark_completed(*, booking: Booking, now: datetime) -> Booking:
    """The session took place (from its start on; the practitioner says so)."""
    return _finish(booking, status=Booking.Status.COMPLETED, now=now)


def booking_mark_no_show(*, booking: Booking, now: datetime) -> Booking:
    """The client did not join (from the start on)."""
    return _finish(booking, status=Booking.Status.NO_SHOW, now=now)
