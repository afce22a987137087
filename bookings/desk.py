"""Bookings the practitioner makes and moves at her desk, for a client who phoned or wrote.

The same slot rules as a client's booking (her weekly hours and extra availability, never over
another booking, time off or busy time) and the same guarantees against double booking
(bookings/guards.py), with two differences a practitioner needs: the client-facing minimum
notice does not apply to her (she may book this afternoon), and neither does the cancellation
policy's notice for moves. Such a booking records `booked_by=practitioner`: it is confirmed
without the online consent gate, and the client accepts the policies (and answers the
screening) on her booking page before the session.

Every function takes keyword-only arguments and the current time as `now` and returns domain
objects; errors she can act on are `BookingError`s with a message fit to show her.
"""

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, time, timedelta

from django.db import transaction

from bookings import notifications
from bookings.errors import InvalidState, NotPaid, SlotTaken, SlotUnavailable
from bookings.guards import (
    booking_lock,
    save_or_taken,
    stale_holds_expire,
)
from bookings.lifecycle import booking_confirmation_announce, is_paid_for
from bookings.models import Booking, CancellationPolicy, Practitioner, Service
from bookings.policy import Actor
from bookings.selectors import is_taken, load_availability
from bookings.slots import Interval, blocked_interval, wall_clock_to_utc
from clients.models import Profile

# How far ahead she may book or move a session, whatever the service lets clients book.
DESK_HORIZON = timedelta(days=366)
_DAY = timedelta(days=1)

OUTSIDE_HOURS_MESSAGE = (
    "That time is not free: it is outside your working hours, or time off or another "
    "booking is in the way. Please choose one of the free times shown."
)


def desk_starts(
    *,
    practitioner: Practitioner,
    service: Service,
    now: datetime,
    day: date | None = None,
    around: datetime | None = None,
    exclude_booking_id: int | None = None,
) -> list[datetime]:
    """The start instants (UTC, in order) `practitioner` is free for `service`, as she books.

    The slot engine with the client's minimum notice left out: any start from now on, inside
    her hours or extra availability, clear of bookings, time off and busy times. With `day`
    (a date on her clock) only that day's starts, with `around` (an instant) only those of its
    local day and the days either side; `exclude_booking_id`: a booking whose own time counts
    as free (the one being moved).
    """
    tz = practitioner.tz
    rules = replace(
        service.rules, min_notice=timedelta(0), horizon=max(service.rules.horizon, DESK_HORIZON)
    )
    if around is not None:
        day = around.astimezone(tz).date()
        first_day, last_day = day - _DAY, day + _DAY
    elif day is not None:
        first_day = last_day = day
    else:
        raise ValueError("desk_starts needs a day or an instant to look around")
    window = Interval(
        wall_clock_to_utc(first_day, time(0), tz) - _DAY,
        wall_clock_to_utc(last_day + _DAY, time(0), tz) + _DAY,
    )
    starts = []
    for availability in load_availability(
        practitioners=[practitioner],
        now=now,
        horizon=rules.horizon,
        window=window,
        exclude_booking_id=exclude_booking_id,
    ):
        starts = availability.slots(rules=rules, now=now, first_day=first_day, last_day=last_day)
    return [start for start in starts if start > now]


def _client_zone(client, practitioner: Practitioner) -> str:
    """The zone the client's e-mails show times in: hers if she has told us, else her
    practitioner's (someone who phoned is most likely near her)."""
    profile = Profile.objects.filter(user=client).only("time_zone").first()
    return profile.time_zone if profile is not None else practitioner.time_zone


def _refuse_unless_free(
    *, booking: Booking, start: datetime, now: datetime, exclude_booking_id: int | None = None
) -> Interval:
    """The blocked range of a session at `start`, after checking she is free then.

    Holds that ran out in its way are marked expired first (the constraint only sees status).
    Raises `SlotTaken` when another active booking has that time, `SlotUnavailable` when it is
    outside her hours or blocked otherwise.
    """
    if start.tzinfo is None:
        raise SlotUnavailable(OUTSIDE_HOURS_MESSAGE)
    if start <= now:
        raise InvalidState("That time has passed. Please choose a later one.")
    interval = blocked_interval(start, booking.service.rules)
    stale_holds_expire(practitioner_id=booking.practitioner_id, interval=interval, now=now)
    free = desk_starts(
        practitioner=booking.practitioner,
        service=booking.service,
        now=now,
        around=start,
        exclude_booking_id=exclude_booking_id,
    )
    if start not in free:
        if is_taken(
            practitioner=booking.practitioner,
            interval=interval,
            now=now,
            exclude_id=exclude_booking_id,
        ):
            raise SlotTaken("Sorry — that time was just taken. Please choose another.")
        raise SlotUnavailable(OUTSIDE_HOURS_MESSAGE)
    return interval


def _desk_booking_insert(
    *,
    practitioner: Practitioner,
    client,
    service: Service,
    start: datetime,
    now: datetime,
    hold_until: datetime | None,
) -> Booking:
    """Write a desk booking: held until `hold_until`, or (None) confirmed as it is made.

    One write of its time, and no other write of the row in the same transaction: on
    PostgreSQL a second write would wait on a conflicting booking being made at that very
    moment while that one waits on this (a deadlock), instead of one of them being refused.
    """
    if not service.practitioners.filter(pk=practitioner.pk).exists():
        raise SlotUnavailable(f"{practitioner} does not offer {service.name}.")
    booking = Booking(
        client=client,
        practitioner=practitioner,
        service=service,
        status=Booking.Status.HELD if hold_until else Booking.Status.CONFIRMED,
        hold_expires_at=hold_until,
        confirmed_at=None if hold_until else now,
        client_time_zone=_client_zone(client, practitioner),
        price_amount=0 if service.is_free else service.price_amount,
        price_currency=service.price_currency,
        policy_snapshot=CancellationPolicy.load().snapshot(),
        booked_by=Actor.PRACTITIONER,
    )
    interval = _refuse_unless_free(booking=booking, start=start, now=now)
    booking.start = start
    booking.end = start + service.rules.duration
    booking.blocked_start, booking.blocked_end = interval.start, interval.end
    save_or_taken(booking)
    return booking


def desk_booking_hold(
    *,
    practitioner: Practitioner,
    client,
    service: Service,
    start: datetime,
    hold_until: datetime,
    now: datetime,
) -> Booking:
    """Hold `start` for `client` until `hold_until`, as the practitioner books for her (a
    payment link: payments/payment_links.py).

    Call inside the caller's transaction, with the rest of the booking (its payment attempt).
    Raises `SlotTaken` or `SlotUnavailable` (see `_refuse_unless_free`).
    """
    return _desk_booking_insert(
        practitioner=practitioner,
        client=client,
        service=service,
        start=start,
        now=now,
        hold_until=hold_until,
    )


def desk_booking_create(
    *,
    practitioner: Practitioner,
    client,
    service: Service,
    start: datetime,
    now: datetime,
    record_payment: Callable[[Booking], object] | None = None,
) -> Booking:
    """Book and confirm a session for `client` at once, as the practitioner: a free one, or a
    paid one whose payment `record_payment(booking)` records (payments/outside.py).

    Confirmed as it is made, without the online consent gate (`booked_by=practitioner`: the
    client is asked on her booking page), with what every confirmation sets off: the session
    room and the client's e-mail with its calendar file. A paid session with no payment on
    record is refused (`NotPaid`) and nothing is written.
    """
    with transaction.atomic():
        booking = _desk_booking_insert(
            practitioner=practitioner,
            client=client,
            service=service,
            start=start,
            now=now,
            hold_until=None,
        )
        if record_payment is not None:
            record_payment(booking)
        if not is_paid_for(booking):
            raise NotPaid
        # She made it: the client is told; she needs no e-mail about her own booking.
        booking_confirmation_announce(booking=booking, now=now, tell_practitioner=False)
    return booking


def desk_booking_move(
    *, booking: Booking, new_start: datetime, now: datetime, note: str = ""
) -> Booking:
    """Move a held or confirmed booking of any client to `new_start`, as the practitioner.

    The same booking row, new times; the client's notice and the policy's notice do not bind
    her, the slot rules and the guard against double booking do. The client of a confirmed
    booking gets the usual "moved" e-mail with the updated calendar event (same UID, higher
    SEQUENCE), with `note` from her if given; the client of a hold is told its time moved.
    """
    with transaction.atomic():
        booking = booking_lock(booking)
        if not booking.is_active_at(now):
            raise InvalidState("Only a booking that is held or confirmed can be moved.")
        if booking.start <= now:
            raise InvalidState("This session has already started, so it can't be moved.")
        if new_start == booking.start:
            return booking
        interval = _refuse_unless_free(
            booking=booking, start=new_start, now=now, exclude_booking_id=booking.pk
        )
        previous_start = booking.start
        booking.start = new_start
        booking.end = new_start + booking.service.rules.duration
        booking.blocked_start, booking.blocked_end = interval.start, interval.end
        booking.rescheduled_at = now
        booking.times_rescheduled += 1
        # The reminder belongs to the new time: it goes out again before it.
        booking.reminder_sent_at = None
        save_or_taken(booking)
        note = note.strip()
        if booking.status == Booking.Status.CONFIRMED:
            notifications.booking_rescheduled(booking, previous_start=previous_start, note=note)
        elif booking.client_id is not None:
            notifications.booking_hold_moved(booking, previous_start=previous_start, note=note)
    return booking
