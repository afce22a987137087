"""Reads: what a service can offer, and a client's bookings.

Each read costs a fixed number of queries whatever the number of bookings: busy ranges are
fetched in one query, only within the window that matters.
"""

import bisect
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.cache import cache
from django.db import models
from django.db.models import Count, Q, Sum

from bookings.models import (
    Booking,
    BusyTime,
    ExtraAvailability,
    Practitioner,
    Service,
    TimeOff,
    WorkingHours,
)
from bookings.policy import Actor, PolicyTerms, earliest_move_target
from bookings.slots import Interval, SlotRules, WeeklyHours, available_slots
from practice.page_cache import AVAILABILITY, pages_version

_DAY = timedelta(days=1)


@dataclass
class Availability:
    """Everything the slot engine needs to know about one practitioner."""

    practitioner: Practitioner
    hours: list[WeeklyHours] = field(default_factory=list)
    time_off: list[Interval] = field(default_factory=list)
    extra: list[Interval] = field(default_factory=list)
    busy: list[Interval] = field(default_factory=list)

    def slots(
        self,
        *,
        rules: SlotRules,
        now: datetime,
        first_day: date | None = None,
        last_day: date | None = None,
    ) -> list[datetime]:
        """The starts the slot engine offers from these, on her clock (only from `first_day`
        to `last_day`, local days, when given)."""
        return available_slots(
            hours=self.hours,
            tz=self.practitioner.tz,
            rules=rules,
            now=now,
            busy=self.busy,
            time_off=self.time_off,
            extra=self.extra,
            first_day=first_day,
            last_day=last_day,
        )


def load_availability(
    *,
    practitioners: list[Practitioner],
    now: datetime,
    horizon: timedelta,
    window: Interval,
    exclude_booking_id: int | None = None,
) -> list[Availability]:
    """The practitioners' hours, time off, extra time and busy ranges (five queries).

    Busy ranges and time off are read only where they overlap `window`; extra availability over
    the whole horizon, because joined to the weekly hours it can move the grid of start times.
    Holds past their expiry are not busy, even before the periodic job marks them expired.
    Busy times from her own active calendars are busy like bookings, for everyone who books
    (clients and she herself): nothing says why a time is missing.
    """
    by_pk = {p.pk: Availability(practitioner=p) for p in practitioners}
    if not by_pk:
        return []
    for entry in WorkingHours.objects.filter(practitioner__in=by_pk):
        by_pk[entry.practitioner_id].hours.append(entry.as_weekly_hours())
    for entry in TimeOff.objects.filter(practitioner__in=by_pk).overlapping(window):
        by_pk[entry.practitioner_id].time_off.append(entry.as_interval())
    extra_window = Interval(now - _DAY, now + horizon + _DAY)
    for entry in ExtraAvailability.objects.filter(practitioner__in=by_pk).overlapping(extra_window):
        by_pk[entry.practitioner_id].extra.append(entry.as_interval())
    busy = (
        Booking.objects.active(now=now)
        .filter(practitioner__in=by_pk)
        .overlapping(window, buffers=True)
        .values_list("practitioner_id", "blocked_start", "blocked_end")
    )
    if exclude_booking_id is not None:
        busy = busy.exclude(pk=exclude_booking_id)
    for practitioner_id, start, end in busy:
        by_pk[practitioner_id].busy.append(Interval(start, end))
    from_calendars = (
        BusyTime.objects.filter(practitioner__in=by_pk, calendar__active=True)
        .overlapping(window)
        .values_list("practitioner_id", "start", "end")
    )
    for practitioner_id, start, end in from_calendars:
        by_pk[practitioner_id].busy.append(Interval(start, end))
    return list(by_pk.values())


def bookable_practitioners(service: Service) -> list[Practitioner]:
    return list(service.practitioners.filter(active=True).order_by("pk"))


def offered_slots(
    *,
    service: Service,
    now: datetime,
    practitioners: list[Practitioner] | None = None,
    around: datetime | None = None,
    exclude_booking_id: int | None = None,
) -> dict[datetime, Practitioner]:
    """Start instants (UTC, in order) this service can be booked at, each with who offers it.

    With `around`, only the local days next to that instant are worked out (to check one start);
    otherwise the service's whole horizon. When several practitioners offer one start, the first
    (by id) takes it.
    """
    if practitioners is None:
        practitioners = bookable_practitioners(service)
    rules = service.rules
    if around is None:
        window = Interval(now - _DAY, now + rules.horizon + _DAY)
    else:
        window = Interval(around - 2 * _DAY, around + 2 * _DAY)
    found: dict[datetime, Practitioner] = {}
    for availability in load_availability(
        practitioners=practitioners,
        now=now,
        horizon=rules.horizon,
        window=window,
        exclude_booking_id=exclude_booking_id,
    ):
        tz = availability.practitioner.tz
        days = {}
        if around is not None:
            local_day = around.astimezone(tz).date()
            days = {"first_day": local_day - _DAY, "last_day": local_day + _DAY}
        for start in availability.slots(rules=rules, now=now, **days):
            found.setdefault(start, availability.practitioner)
    return dict(sorted(found.items()))


def is_taken(
    *, practitioner: Practitioner, interval: Interval, now: datetime, exclude_id: int | None = None
) -> bool:
    """Whether another active booking of `practitioner` blocks time within `interval`."""
    others = (
        Booking.objects.active(now=now)
        .filter(practitioner=practitioner)
        .overlapping(interval, buffers=True)
    )
    if exclude_id is not None:
        others = others.exclude(pk=exclude_id)
    return others.exists()


# How many hold periods one client may have of one time: the first and ten more. WCAG 2.2.1
# (Timing Adjustable) asks that a time limit can be extended at least ten times; beyond that
# a hold would only keep the time from other clients.
HOLD_PERIODS_MAX = 11


class HoldRefusal(models.TextChoices):
    PASSED = "passed"  # the time has come
    TAKEN = "taken"  # someone else has it now
    LIMIT = "limit"  # held for as long as one client may hold one time


def live_hold(*, holder: Q, service: Service, now: datetime) -> Booking | None:
    """The live hold of `service` of a client or a visitor (`held_by`): each holds at most one
    time per service."""
    return (
        Booking.objects.live_holds(now=now)
        .filter(holder, service=service)
        .order_by("-hold_expires_at")
        .first()
    )


def hold_periods_used(*, holder: Q, service: Service, start: datetime) -> int:
    """How many hold periods a client or visitor (`held_by`) has had of this time, over all
    her holds of it.

    Released and expired holds count too, so that releasing and holding the time again does
    not start the count afresh. A hold that became a booking does not count.
    """
    totals = Booking.objects.filter(
        holder, service=service, start=start, confirmed_at__isnull=True
    ).aggregate(holds=Count("pk"), extensions=Sum("hold_extensions"))
    return totals["holds"] + (totals["extensions"] or 0)


def hold_refusal(*, booking: Booking, now: datetime) -> HoldRefusal | None:
    """Why `booking` (a hold, live or run out) cannot be held for another period now, or None.

    The rule behind both the booking page's buttons and `services.booking_extend_hold`.
    """
    if booking.start <= now:
        return HoldRefusal.PASSED
    if is_taken(
        practitioner=booking.practitioner,
        interval=booking.blocked_interval,
        now=now,
        exclude_id=booking.pk,
    ):
        return HoldRefusal.TAKEN
    used = hold_periods_used(holder=booking.holder, service=booking.service, start=booking.start)
    if used >= HOLD_PERIODS_MAX:
        return HoldRefusal.LIMIT
    return None


def reschedule_starts(
    *, booking: Booking, now: datetime, by: Actor | str = Actor.CLIENT
) -> list[datetime]:
    """The times `booking` may be moved to at `now`, in order.

    Offered by the slot engine (the booking's own time counting as free), far enough ahead for
    the notice rule (bookings/policy.py), and never the time it already has.
    """
    earliest = earliest_move_target(
        terms=PolicyTerms.from_snapshot(booking.policy_snapshot), now=now, by=by
    )
    offered = offered_slots(
        service=booking.service,
        now=now,
        practitioners=[booking.practitioner],
        exclude_booking_id=booking.pk,
    )
    return [start for start in offered if start >= earliest and start != booking.start]


@dataclass
class ClientBookings:
    upcoming: list[Booking]
    past: list[Booking]


def client_bookings(*, client, now: datetime) -> ClientBookings:
    """A client's bookings for /my/: upcoming ones (held or confirmed) and past ones.

    Three queries whatever the number of bookings: the bookings, their payments and refunds
    (a cancelled booking shows its refund's status).
    """
    rows = (
        Booking.objects.filter(client=client)
        .exclude(status=Booking.Status.EXPIRED)
        .select_related("service")
        .prefetch_related("payments__refunds")
        .order_by("start")
    )
    grouped: dict[bool, list[Booking]] = defaultdict(list)
    for booking in rows:
        if booking.status == Booking.Status.HELD and not booking.is_held_at(now):
            continue  # a hold that ran out is not a booking
        grouped[booking.is_upcoming_at(now)].append(booking)
    return ClientBookings(upcoming=grouped[True], past=list(reversed(grouped[False])))


@dataclass(frozen=True)
class OfferedTimes:
    """A service's free starts for its slot page, and their fingerprint: what a cached part
    made from them is keyed by, so that it changes the moment they do."""

    starts: list[datetime]
    fingerprint: str


def offered_times(*, service: Service, now: datetime) -> OfferedTimes:
    """The service's free start instants for its slot page, shared by every visitor.

    Worked out at most once a minute per service and per state of the bookings (the page
    cache's availability token changes whenever a booking or the hours change), then filtered
    for notice at `now`. A hold that runs out frees its time within the minute; a time that is
    offered is still checked again when it is held.

    The fingerprint is the digest of the minute's list (worked out with it) and how many of
    its starts are still far enough ahead: the list is in order, so those are its last ones.
    """
    version = pages_version(AVAILABILITY)
    minute = now.replace(second=0, microsecond=0)
    key = f"slots:v2:{service.pk}:{version}:{minute:%Y%m%d%H%M}"
    kept = _minutes_lists.get(service.pk)  # one read: another thread may replace it
    if kept is not None and kept[0] == key:
        found = kept[1]
    else:
        found = cache.get(key)
        if found is None:
            starts = list(offered_slots(service=service, now=minute))
            text = ",".join(str(int(start.timestamp())) for start in starts)
            found = (starts, hashlib.sha256(text.encode()).hexdigest()[:32])
            cache.set(key, found, timeout=60)
        _minutes_lists[service.pk] = (key, found)
    starts, digest = found
    shown = starts[bisect.bisect_left(starts, now + service.rules.min_notice) :]
    return OfferedTimes(starts=shown, fingerprint=f"{digest}:{len(shown)}")


# The minute's list of each service this process last used, under its cache key (the service,
# the state of the bookings and the minute): every slot page in that minute shares it without
# reading and unpickling it from the cache again. One (key, list) pair per service, read and
# replaced whole. Nothing changes a list once made.
_minutes_lists: dict[int, tuple[str, tuple[list[datetime], str]]] = {}


def offered_starts(*, service: Service, now: datetime) -> list[datetime]:
    """The service's free start instants for its slot page (`offered_times`, without the
    fingerprint)."""
    return offered_times(service=service, now=now).starts
