"""Booking life cycle: hold, extend, confirm, expire, cancel, reschedule, complete.

Every function takes keyword-only arguments and the current time as `now`, runs in one
transaction and returns domain objects. Errors the client can act on are `BookingError`s
with a message fit to show them.

No double booking, ever. Two active bookings (held or confirmed) of one practitioner whose
blocked ranges (session plus buffers) overlap cannot both exist:

- on PostgreSQL the exclusion constraint ``booking_no_overlap`` refuses the second one, even
  when two transactions race; its error becomes `SlotTaken`;
- on SQLite every transaction starts with BEGIN IMMEDIATE (settings.py), so writers queue and
  the re-check below always sees the bookings committed before it.

Holds past their expiry free their time at once: the slot engine ignores them, and before
writing a booking we mark the stale ones in its way as expired (else the constraint, which only
sees the status, would still count them).
"""

from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction

from bookings import hooks, notifications
from bookings.booking_steps import booking_gate
from bookings.conf import hold_duration
from bookings.errors import BookingError
from bookings.models import Booking, CancellationPolicy, Service
from bookings.policy import (
    Actor,
    Outcome,
    PolicyTerms,
    Reason,
    cancellation_outcome,
    earliest_move_target,
    reschedule_outcome,
)
from bookings.selectors import (
    HOLD_PERIODS_MAX,
    HoldRefusal,
    bookable_practitioners,
    hold_periods_used,
    hold_refusal,
    is_taken,
    offered_slots,
)
from bookings.slots import Interval, blocked_interval
from bookings.timezones import is_valid_zone

OVERLAP_CONSTRAINT = "booking_no_overlap"
OVERLAP_ERROR_CODE = "slot_taken"  # its violation_error_code, when full_clean() checks it
EXCLUSION_VIOLATION = "23P01"  # PostgreSQL's SQLSTATE for an exclusion constraint


class SlotTaken(BookingError):
    message = "Sorry — this time was just taken."


class SlotUnavailable(BookingError):
    message = "Sorry — that time is not available. Please choose another."


class PolicyRefused(BookingError):
    def __init__(self, outcome: Outcome, message: str):
        self.outcome = outcome
        super().__init__(message)


class InvalidState(BookingError):
    pass


class HoldRefused(BookingError):
    """The hold limits refuse this hold; `booking` is the client's hold to go to, if any."""

    def __init__(self, message: str, *, booking: Booking | None = None):
        self.booking = booking
        super().__init__(message)


HOLD_LIMIT_MESSAGE = (
    "This time has been held for you for as long as we can hold a time, so that other clients "
    "can book it too. Please choose another time."
)
PAYING_ELSEWHERE_MESSAGE = (
    "You are in the middle of paying for another time for this session. Please finish or "
    "leave that payment first: you can hold one time per session."
)


def _is_overlap_violation(error: IntegrityError) -> bool:
    cause = error.__cause__
    if getattr(cause, "sqlstate", None) == EXCLUSION_VIOLATION:
        return True
    diag = getattr(cause, "diag", None)
    return getattr(diag, "constraint_name", None) == OVERLAP_CONSTRAINT


def _expire_stale_holds(*, practitioner_id: int, interval: Interval, now: datetime) -> int:
    """Mark held bookings in `interval` whose hold has run out as expired (they free the time)."""
    return Booking.objects.filter(
        practitioner_id=practitioner_id,
        status=Booking.Status.HELD,
        hold_expires_at__lte=now,
        blocked_start__lt=interval.end,
        blocked_end__gt=interval.start,
    ).update(status=Booking.Status.EXPIRED, updated_at=now)


def _lock(booking: Booking) -> Booking:
    """The booking's current row, locked for this transaction (PostgreSQL; SQLite is serial)."""
    return (
        Booking.objects.select_for_update(of=("self",))
        .select_related("service", "practitioner")
        .get(pk=booking.pk)
    )


def _validate(booking: Booking) -> None:
    """full_clean(), with the overlap check PostgreSQL runs there reported as `SlotTaken`."""
    try:
        booking.full_clean()
    except ValidationError as error:
        errors = getattr(error, "error_dict", {}).get(NON_FIELD_ERRORS, [])
        if any(e.code == OVERLAP_ERROR_CODE for e in errors):
            raise SlotTaken from error
        raise


def _save_or_taken(booking: Booking) -> None:
    """Save inside a savepoint so that a refused overlap leaves the transaction usable."""
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError as error:
        if _is_overlap_violation(error):
            raise SlotTaken from error
        raise


def booking_hold(
    *, client, service: Service, start: datetime, client_tz: str, now: datetime
) -> Booking:
    """Hold `start` for `client` for the hold duration; the first step of every booking.

    `start` must be a time the slot engine offers for this service. Raises `SlotTaken` when
    another active booking has it (including one that won a race a moment ago) and
    `SlotUnavailable` when it is not bookable at all.

    The hold limits (`_hold_limit_apply`): the client's own live hold of this very time is
    returned as it is (a second tab, the Back button); her live hold of another time of this
    service is released; `HoldRefused` when she has held this time for as long as a client
    may, or is paying for her other hold of the service.
    """
    if not service.active:
        raise SlotUnavailable("Sorry — this service cannot be booked at the moment.")
    if start.tzinfo is None:
        raise SlotUnavailable
    interval = blocked_interval(start, service.rules)
    policy = CancellationPolicy.load()
    with transaction.atomic():
        own = _hold_limit_apply(client=client, service=service, start=start, now=now)
        if own is not None:
            return own
        practitioners = bookable_practitioners(service)
        for practitioner in practitioners:
            _expire_stale_holds(practitioner_id=practitioner.pk, interval=interval, now=now)
        offered = offered_slots(service=service, now=now, practitioners=practitioners, around=start)
        practitioner = offered.get(start)
        if practitioner is None:
            if any(is_taken(practitioner=p, interval=interval, now=now) for p in practitioners):
                raise SlotTaken
            raise SlotUnavailable
        booking = Booking(
            client=client,
            practitioner=practitioner,
            service=service,
            start=start,
            end=start + service.rules.duration,
            blocked_start=interval.start,
            blocked_end=interval.end,
            status=Booking.Status.HELD,
            hold_expires_at=now + hold_duration(),
            client_time_zone=client_tz if is_valid_zone(client_tz) else practitioner.time_zone,
            price_amount=0 if service.is_free else service.price_amount,
            price_currency=service.price_currency,
            policy_snapshot=policy.snapshot(),
            video_link=practitioner.video_link,
        )
        _validate(booking)
        _save_or_taken(booking)
    return booking


def booking_extend_hold(*, booking: Booking, now: datetime) -> Booking:
    """Give the client another full hold period, while the time is still free (WCAG 2.2.1).

    Works on a hold that has already run out too, as long as nobody else took the time; her
    live hold of another time of the service is then released, as when she holds a new time.
    Each extension counts towards the hold limit (`selectors.HOLD_PERIODS_MAX`).
    """
    with transaction.atomic():
        _lock_client(booking.client_id)
        booking = _lock(booking)
        if booking.status not in (Booking.Status.HELD, Booking.Status.EXPIRED):
            raise InvalidState("This booking is not on hold.")
        if not booking.is_held_at(now):
            own = _hold_limit_apply(
                client=booking.client,
                service=booking.service,
                start=booking.start,
                now=now,
                keep_id=booking.pk,
            )
            if own is not None:
                return own  # she holds this time again already, through another hold
        interval = booking.blocked_interval
        _expire_stale_holds(practitioner_id=booking.practitioner_id, interval=interval, now=now)
        refusal = hold_refusal(booking=booking, now=now)
        if refusal is HoldRefusal.PASSED:
            raise InvalidState("This time has passed. Please choose another.")
        if refusal is HoldRefusal.TAKEN:
            raise SlotTaken
        if refusal is HoldRefusal.LIMIT:
            message = HOLD_LIMIT_MESSAGE
            if booking.is_held_at(now):
                message = (
                    "This time has been held for you for as long as we can hold a time, so "
                    "that other clients can book it too. It stays yours until its hold ends."
                )
            raise HoldRefused(message, booking=booking)
        booking.status = Booking.Status.HELD
        booking.hold_expires_at = now + hold_duration()
        booking.hold_extensions += 1
        _validate(booking)
        _save_or_taken(booking)
    return booking


def _lock_client(client_id: int) -> None:
    """One hold change per client at a time (PostgreSQL; SQLite is serial anyway), so that two
    tabs holding at once cannot both get past the hold limit. Taken before any booking row's
    lock, the order account erasure locks them in too."""
    get_user_model().objects.select_for_update().filter(pk=client_id).first()


def _hold_limit_apply(
    *, client, service: Service, start: datetime, now: datetime, keep_id: int | None = None
) -> Booking | None:
    """The hold limits, in one place, before `client` holds `start` of `service`.

    One live hold per client and service: enough for anyone booking, and one account can no
    longer hold every free time of a day. Returns her live hold of this very time, if she has
    one (a second tab, the Back button: it is hers, not taken). Her live hold of another time
    is released rather than the new one refused: a client who picks another time has changed
    her mind, and would not expect to hunt for the old hold to let it go first. Not while she
    is paying for it, though: that payment would arrive for a time she no longer holds.

    Raises `HoldRefused` when she has held `start` for `HOLD_PERIODS_MAX` periods already, or
    is paying for her other hold. `keep_id`: the hold being renewed (not released).
    """
    _lock_client(client.pk)
    live = list(
        Booking.objects.select_for_update()
        .filter(client=client, service=service, status=Booking.Status.HELD, hold_expires_at__gt=now)
        .exclude(pk=keep_id)
    )
    for hold in live:
        if hold.start == start:
            return hold
    if keep_id is None and (
        hold_periods_used(client=client, service=service, start=start) >= HOLD_PERIODS_MAX
    ):
        raise HoldRefused(HOLD_LIMIT_MESSAGE)
    for hold in live:
        if any(keeps(booking=hold, now=now) for keeps in hooks.hold_keepers):
            raise HoldRefused(PAYING_ELSEWHERE_MESSAGE, booking=hold)
        hold.status = Booking.Status.EXPIRED
        hold.hold_expires_at = now
        hold.save(update_fields=["status", "hold_expires_at", "updated_at"])
    return None


def booking_confirm(
    *, booking: Booking, now: datetime, ready_since: datetime | None = None
) -> Booking:
    """Confirm a held booking: for a free service straight away, for a paid one once paid.

    Idempotent: confirming a confirmed booking returns it unchanged (the payment webhook and
    the success page may both call this). A hold that ran out is confirmed if its time is still
    free, else `SlotTaken` (the caller refunds a payment that arrived too late).

    `ready_since` is when the client's consent was last checked and found complete: for a paid
    booking, when payment started. A policy published while they were paying is asked for at
    their next booking, not held against a payment already made.
    """
    with transaction.atomic():
        booking = _lock(booking)
        if booking.status == Booking.Status.CONFIRMED:
            return booking
        if booking.status not in (Booking.Status.HELD, Booking.Status.EXPIRED):
            raise InvalidState("This booking can no longer be confirmed.")
        if booking.start <= now:
            raise InvalidState("This time has passed. Please choose another.")
        # Current consent and, where the service needs it, a valid screening, before anything
        # changes (raises a BookingError).
        booking_gate(booking=booking, now=ready_since or now)
        if not booking.is_held_at(now):
            interval = booking.blocked_interval
            _expire_stale_holds(practitioner_id=booking.practitioner_id, interval=interval, now=now)
            if is_taken(
                practitioner=booking.practitioner,
                interval=interval,
                now=now,
                exclude_id=booking.pk,
            ):
                raise SlotTaken
        booking.status = Booking.Status.CONFIRMED
        booking.confirmed_at = now
        booking.hold_expires_at = None
        _validate(booking)
        _save_or_taken(booking)
        notifications.booking_confirmed(booking)
    return booking


def booking_expire_holds(*, now: datetime) -> int:
    """Mark every hold that has run out as expired; returns how many (the periodic job)."""
    return Booking.objects.filter(status=Booking.Status.HELD, hold_expires_at__lte=now).update(
        status=Booking.Status.EXPIRED, updated_at=now
    )


def _amount_paid(booking: Booking) -> int:
    # Only a confirmed booking has been paid for; a hold has not (or not yet) been.
    return booking.price_amount if booking.status == Booking.Status.CONFIRMED else 0


def cancellation_preview(*, booking: Booking, by: Actor | str, now: datetime) -> Outcome:
    """What cancelling would mean right now, to show before the client confirms."""
    return cancellation_outcome(
        terms=PolicyTerms.from_snapshot(booking.policy_snapshot),
        start=booking.start,
        amount_paid=_amount_paid(booking),
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
        booking = _lock(booking)
        if booking.status not in Booking.ACTIVE_STATUSES:
            raise InvalidState("This booking is not active, so there is nothing to cancel.")
        was_confirmed = booking.status == Booking.Status.CONFIRMED
        outcome = cancellation_preview(booking=booking, by=by, now=now)
        if not outcome.allowed:
            raise PolicyRefused(
                outcome, "This session has already started, so it can't be cancelled."
            )
        booking.status = Booking.Status.CANCELLED
        booking.cancelled_by = by.value
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
        booking = _lock(booking)
        if booking.status != Booking.Status.CONFIRMED:
            raise InvalidState("Only a confirmed booking can be moved.")
        outcome = reschedule_preview(booking=booking, by=by, now=now)
        if not outcome.allowed:
            raise PolicyRefused(outcome, "This session can no longer be moved.")
        if new_start == booking.start:
            return booking
        terms = PolicyTerms.from_snapshot(booking.policy_snapshot)
        earliest = earliest_move_target(terms=terms, now=now, by=by)
        if new_start < earliest:
            raise PolicyRefused(
                Outcome(allowed=False, refund_amount=0, reason=Reason.LATE),
                f"A session can only be moved to a time at least {terms.notice_hours} hours "
                "from now. Please choose a later time.",
            )
        interval = blocked_interval(new_start, booking.service.rules)
        _expire_stale_holds(practitioner_id=booking.practitioner_id, interval=interval, now=now)
        offered = offered_slots(
            service=booking.service,
            now=now,
            practitioners=[booking.practitioner],
            around=new_start,
            exclude_booking_id=booking.pk,
        )
        if new_start not in offered:
            if is_taken(
                practitioner=booking.practitioner,
                interval=interval,
                now=now,
                exclude_id=booking.pk,
            ):
                raise SlotTaken
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
        _validate(booking)
        _save_or_taken(booking)
        notifications.booking_rescheduled(booking, previous_start=previous_start)
    return booking


def _finish(booking: Booking, *, status: str, now: datetime, not_before: datetime) -> Booking:
    with transaction.atomic():
        booking = _lock(booking)
        if booking.status == status:
            return booking
        if booking.status not in (
            Booking.Status.CONFIRMED,
            Booking.Status.COMPLETED,
            Booking.Status.NO_SHOW,
        ):
            raise InvalidState("Only a confirmed session can be marked as held or missed.")
        if now < not_before:
            raise InvalidState("This session has not started yet.")
        booking.status = status
        booking.full_clean()
        booking.save()
    return booking


def booking_mark_completed(*, booking: Booking, now: datetime) -> Booking:
    """The session took place (from its start on; the practitioner says so)."""
    return _finish(booking, status=Booking.Status.COMPLETED, now=now, not_before=booking.start)


def booking_mark_no_show(*, booking: Booking, now: datetime) -> Booking:
    """The client did not join (from the start on)."""
    return _finish(booking, status=Booking.Status.NO_SHOW, now=now, not_before=booking.start)
