"""Holding a time: the first step of every booking, its extension, its limits and its end.

Every function takes keyword-only arguments and the current time as `now`, runs in one
transaction and returns domain objects; every write of a time goes through bookings/guards.py.
"""

from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Q

from bookings import hooks
from bookings.conf import hold_duration
from bookings.errors import HoldRefused, InvalidState, SlotTaken, SlotUnavailable
from bookings.guards import booking_lock, save_or_taken, stale_holds_expire
from bookings.models import Booking, CancellationPolicy, Service, held_by
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
from bookings.visitors import Visitor
from practice.zones import is_valid_zone

# Live holds of visitors not signed in yet that one address may have at once, over all
# services: enough for a household sharing a connection, too few to empty a day by clearing
# cookies. A signed-in client is limited by her account instead.
VISITOR_HOLDS_PER_ADDRESS = 3

HOLD_LIMIT_MESSAGE = (
    "This time has been held for you for as long as we can hold a time, so that other clients "
    "can book it too. Please choose another time."
)
HOLD_LIMIT_LIVE_MESSAGE = (
    "This time has been held for you for as long as we can hold a time, so that other clients "
    "can book it too. It stays yours until its hold ends."
)
ADDRESS_LIMIT_MESSAGE = (
    "Several times are being held from your connection already. Please finish booking one of "
    "them, or sign in to hold this one."
)
PAYING_ELSEWHERE_MESSAGE = (
    "You are in the middle of paying for another time for this session. Please finish or "
    "leave that payment first: you can hold one time per session."
)


def booking_hold(
    *,
    client=None,
    visitor: Visitor | None = None,
    service: Service,
    start: datetime,
    client_tz: str,
    now: datetime,
) -> Booking:
    """Hold `start` for `client`, or for a `visitor` not signed in yet, for the hold duration;
    the first step of every booking.

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
        if client is not None:
            _lock_client(client.pk)
        else:
            _lock_visitor(visitor)
        own = _hold_limit_apply(
            holder=_holder(client, visitor), service=service, start=start, now=now, visitor=visitor
        )
        if own is not None:
            return own
        booking = _offered_slot_hold(
            client=client,
            visitor=visitor,
            service=service,
            start=start,
            interval=interval,
            until=now + hold_duration(),
            client_tz=client_tz,
            policy=policy,
            now=now,
        )
        if client is not None:
            _hold_hooks_run(booking, now=now)
    return booking


def booking_hold_offer(
    *, client, service: Service, start: datetime, until: datetime, client_tz: str, now: datetime
) -> Booking:
    """Hold `start` for `client` until `until`: a freed time offered to her alone (waitlist).

    The same guards as `booking_hold` (a start the slot engine offers, stale holds in the way
    expired, `save_or_taken`), so the offer is exclusive as any hold is, but none of the
    per-client hold limits: she did not pick this time here, it was offered to her, and her
    other holds stay hers. Raises `SlotTaken` or `SlotUnavailable` as `booking_hold` does.
    """
    if not service.active or start.tzinfo is None or until <= now:
        raise SlotUnavailable
    interval = blocked_interval(start, service.rules)
    with transaction.atomic():
        booking = _offered_slot_hold(
            client=client,
            visitor=None,
            service=service,
            start=start,
            interval=interval,
            until=until,
            client_tz=client_tz,
            policy=CancellationPolicy.load(),
            now=now,
        )
        _hold_hooks_run(booking, now=now)
    return booking


def _offered_slot_hold(
    *,
    client,
    visitor: Visitor | None,
    service: Service,
    start: datetime,
    interval: Interval,
    until: datetime,
    client_tz: str,
    policy: CancellationPolicy,
    now: datetime,
) -> Booking:
    """Save a hold of `start` until `until`, inside the caller's transaction: the guards every
    hold shares, whoever asks (a client's pick or a waitlist offer).

    `start` must be a time the slot engine offers (stale holds in its way expired first);
    raises `SlotTaken` when an active booking has it and `SlotUnavailable` otherwise, and
    `save_or_taken` settles a race the check did not see.
    """
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
        visitor_key=visitor.key if visitor else "",
        visitor_address=visitor.address if visitor else "",
        practitioner=practitioner,
        service=service,
        start=start,
        end=start + service.rules.duration,
        blocked_start=interval.start,
        blocked_end=interval.end,
        status=Booking.Status.HELD,
        hold_expires_at=until,
        client_time_zone=client_tz if is_valid_zone(client_tz) else practitioner.time_zone,
        price_amount=0 if service.is_free else service.price_amount,
        price_currency=service.price_currency,
        policy_snapshot=policy.snapshot(),
    )
    save_or_taken(booking)
    return booking


def _hold_hooks_run(booking: Booking, *, now: datetime) -> None:
    """A client's new hold, saved: what the apps built on bookings do with it (packages: it
    reserves one of her credits), in the hold's transaction."""
    for hook in hooks.hold_hooks:
        hook(booking=booking, now=now)


def booking_extend_hold(*, booking: Booking, now: datetime) -> Booking:
    """Give the client another full hold period, while the time is still free (WCAG 2.2.1).

    Works on a hold that has already run out too, as long as nobody else took the time; her
    live hold of another time of the service is then released, as when she holds a new time.
    Each extension counts towards the hold limit (`selectors.HOLD_PERIODS_MAX`).
    """
    with transaction.atomic():
        _lock_holder(booking)
        booking = booking_lock(booking)
        if booking.status not in (Booking.Status.HELD, Booking.Status.EXPIRED):
            raise InvalidState("This booking is not on hold.")
        if not booking.is_held_at(now):
            own = _hold_limit_apply(
                holder=booking.holder,
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
        if booking.client_id is not None:
            # A hold held again after it ran out is a new hold for the apps too (packages:
            # its credit, released when it ran out, is reserved again).
            _hold_hooks_run(booking, now=now)
    return booking


def _holder(client, visitor: Visitor | None) -> Q:
    return held_by(client=client, visitor_key=visitor.key if visitor else "")


def _lock_client(client_id: int) -> None:
    """One hold change per client at a time (PostgreSQL; SQLite is serial anyway), so that two
    tabs holding at once cannot both get past the hold limit. Taken before any booking row's
    lock, the order account erasure locks them in too.

    FOR NO KEY UPDATE: it excludes another hold change (and erasure), but not what merely
    refers to her row (an e-mail queued for her, a new booking of hers): a confirmation that
    holds her booking's lock and queues her e-mail would otherwise wait for this lock while
    this hold waits for her booking, a deadlock."""
    get_user_model().objects.select_for_update(no_key=True).filter(pk=client_id).first()


def _lock_visitor(visitor: Visitor) -> None:
    """What `_lock_client` is for a client, for a visitor without an account row to lock: a
    PostgreSQL advisory lock on her address, then on her key (always in that order, so two
    never wait on each other). SQLite runs one writer at a time anyway."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for value in (visitor.address, visitor.key):
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [value])


def _lock_holder(booking: Booking) -> None:
    if booking.client_id is not None:
        _lock_client(booking.client_id)
    else:
        _lock_visitor(Visitor(key=booking.visitor_key, address=booking.visitor_address))


def _hold_limit_apply(
    *,
    holder: Q,
    service: Service,
    start: datetime,
    now: datetime,
    keep_id: int | None = None,
    visitor: Visitor | None = None,
) -> Booking | None:
    """The hold limits, in one place, before a client or visitor (`holder`, see `held_by`)
    holds `start` of `service`.

    One live hold per client and service: enough for anyone booking, and one account can no
    longer hold every free time of a day. Returns her live hold of this very time, if she has
    one (a second tab, the Back button: it is hers, not taken). Her live hold of another time
    is released rather than the new one refused: a client who picks another time has changed
    her mind, and would not expect to hunt for the old hold to let it go first. Not while she
    is paying for it, though: that payment would arrive for a time she no longer holds.

    Raises `HoldRefused` when she has held `start` for `HOLD_PERIODS_MAX` periods already, is
    paying for her other hold, or (a `visitor` holding anew) her address has
    `VISITOR_HOLDS_PER_ADDRESS` live holds already. `keep_id`: the hold being renewed.
    """
    live = list(
        Booking.objects.live_holds(now=now)
        .select_for_update()
        .filter(holder, service=service)
        .exclude(pk=keep_id)
    )
    for hold in live:
        if hold.start == start:
            return hold
    if keep_id is None and (
        hold_periods_used(holder=holder, service=service, start=start) >= HOLD_PERIODS_MAX
    ):
        raise HoldRefused(HOLD_LIMIT_MESSAGE)
    if visitor is not None and _address_holds(visitor, releasing=live, now=now) >= (
        VISITOR_HOLDS_PER_ADDRESS
    ):
        raise HoldRefused(ADDRESS_LIMIT_MESSAGE)
    for hold in live:
        if any(keeps(booking=hold, now=now) for keeps in hooks.hold_keepers):
            raise HoldRefused(PAYING_ELSEWHERE_MESSAGE, booking=hold)
        hold.status = Booking.Status.EXPIRED
        hold.hold_expires_at = now
        hold.save(update_fields=["status", "hold_expires_at", "updated_at"])
    return None


def _address_holds(visitor: Visitor, *, releasing: list[Booking], now: datetime) -> int:
    """The live holds of visitors at `visitor`'s address, but for those about to be released."""
    return (
        Booking.objects.live_holds(now=now)
        .filter(client__isnull=True, visitor_address=visitor.address)
        .exclude(pk__in=[hold.pk for hold in releasing])
        .count()
    )


def claim_visitor_holds(*, visitor_key: str, client, now: datetime) -> list[Booking]:
    """Give the holds a visitor picked before signing in to the account she signed in to.

    Run when she signs up or in (bookings/registrations.py). Her live holds become the
    client's under the client's own limits: another live hold of hers for the same service is
    released, unless she is paying for it, when the visitor's hold gives way instead. Holds
    that ran out meanwhile are claimed too, so that "hold this time again" is hers to press.
    The address they were counted by is forgotten.
    """
    if not visitor_key:
        return []
    with transaction.atomic():
        _lock_client(client.pk)
        holds = list(
            Booking.objects.select_for_update()
            .filter(
                held_by(visitor_key=visitor_key),
                status__in=(Booking.Status.HELD, Booking.Status.EXPIRED),
            )
            .order_by("created_at")
        )
        for hold in holds:
            if hold.is_held_at(now):
                try:
                    _hold_limit_apply(
                        holder=held_by(client=client),
                        service=hold.service,
                        start=hold.start,
                        now=now,
                        keep_id=hold.pk,
                    )
                except HoldRefused:
                    hold.status = Booking.Status.EXPIRED
                    hold.hold_expires_at = now
            hold.client = client
            hold.visitor_address = ""
            hold.save()
            if hold.is_held_at(now):
                _hold_hooks_run(hold, now=now)
    return holds


def booking_expire_holds(*, now: datetime) -> int:
    """Mark every hold that has run out as expired; returns how many (the periodic job).

    A visitor's hold that ran out unclaimed no longer counts towards her address's limit, so
    the (hashed) address is forgotten with it: nothing about her connection is kept longer.
    """
    expired = Booking.objects.stale_holds(now=now).update(
        status=Booking.Status.EXPIRED, updated_at=now
    )
    Booking.objects.filter(status=Booking.Status.EXPIRED).exclude(visitor_address="").update(
        visitor_address=""
    )
    return expired
