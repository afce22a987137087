"""Holding a time: the first step of every booking, its extension, its limits and its end.

Every function takes keyword-only arguments and the current time as `now`, runs in one
transaction and returns domain objects; every write of a time goes through bookings/guards.py.
"""

from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from bookings import hooks
from bookings.conf import hold_duration
from bookings.errors import HoldRefused, InvalidState, SlotTaken, SlotUnavailable
from bookings.guards import booking_lock, save_or_taken, stale_holds_expire
from bookings.models import Booking, CancellationPolicy, Service
from bookings.selectors import (
    HOLD_PERIODS_MAX,
    HoldRefusal,
    bookable_practitioners,
    hold_periods_used,
    hold_refusal,
    is_taken,
    offered_slots,
)
from bookings.slots import blocked_interval
from practice.zones import is_valid_zone

HOLD_LIMIT_MESSAGE = (
    "This time has been held for you for as long as we can hold a time, so that other clients "
    "can book it too. Please choose another time."
)
HOLD_LIMIT_LIVE_MESSAGE = (
    "This time has been held for you for as long as we can hold a time, so that other clients "
    "can book it too. It stays yours until its hold ends."
)
PAYING_ELSEWHERE_MESSAGE = (
    "You are in the middle of paying for another time for this session. Please finish or "
    "leave that payment first: you can hold one time per session."
)


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
            stale_holds_expire(practitioner_id=practitioner.pk, interval=interval, now=now)
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
        save_or_taken(booking)
    return booking


def booking_extend_hold(*, booking: Booking, now: datetime) -> Booking:
    """Give the client another full hold period, while the time is still free (WCAG 2.2.1).

    Works on a hold that has already run out too, as long as nobody else took the time; her
    live hold of another time of the service is then released, as when she holds a new time.
    Each extension counts towards the hold limit (`selectors.HOLD_PERIODS_MAX`).
    """
    with transaction.atomic():
        _lock_client(booking.client_id)
        booking = booking_lock(booking)
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
        stale_holds_expire(practitioner_id=booking.practitioner_id, interval=interval, now=now)
        refusal = hold_refusal(booking=booking, now=now)
        if refusal == HoldRefusal.PASSED:
            raise InvalidState("This time has passed. Please choose another.")
        if refusal == HoldRefusal.TAKEN:
            raise SlotTaken
        if refusal == HoldRefusal.LIMIT:
            live = booking.is_held_at(now)
            raise HoldRefused(
                HOLD_LIMIT_LIVE_MESSAGE if live else HOLD_LIMIT_MESSAGE, booking=booking
            )
        booking.status = Booking.Status.HELD
        booking.hold_expires_at = now + hold_duration()
        booking.hold_extensions += 1
        save_or_taken(booking)
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
        Booking.objects.live_holds(now=now)
        .select_for_update()
        .filter(client=client, service=service)
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


def booking_expire_holds(*, now: datetime) -> int:
    """Mark every hold that has run out as expired; returns how many (the periodic job)."""
    return Booking.objects.stale_holds(now=now).update(
        status=Booking.Status.EXPIRED, updated_at=now
    )
