"""Joining the waitlist of a service, changing one's days, and leaving it.

Joining notes the times that suit her and are free already as seen free (waitlist/seen.py):
those were not freed, she can book them now, and the page that took her wish tells her so.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction

from bookings.errors import InvalidState
from bookings.models import Service
from waitlist.models import Entry
from waitlist.seen import seen_free_add, seen_free_replace, seen_free_starts, watch_lock
from waitlist.watching import free_starts_suiting
from waitlist.windows import PART_FIELDS, Window


@dataclass
class Joined:
    entry: Entry
    created: bool  # False: her waiting entry was changed
    free_now: list[datetime]  # times that suit her and are free already, in order


def entry_join(
    *,
    client,
    service: Service,
    first_day: date,
    last_day: date,
    parts: set[str],
    zone: str,
    now: datetime,
) -> Joined:
    """Put `client` on the waitlist of `service` for the window given (days on the clock of
    `zone`), or change her waiting entry to it: one per client and service. She keeps her place
    in line while her entry is waiting; one whose last day had passed starts afresh."""
    window = Window(first_day=first_day, last_day=last_day, parts=frozenset(parts), zone=zone)
    with transaction.atomic(durable=True):
        watch = watch_lock(service)
        others_waiting = (
            Entry.objects.waiting(now=now).filter(service=service).exclude(client=client).exists()
        )
        entry = (
            Entry.objects.select_for_update()
            .filter(client=client, service=service, status=Entry.Status.WAITING)
            .first()
        )
        created = entry is None
        if created:
            entry = Entry(client=client, service=service, joined_at=now)
        elif entry.expires_at <= now:
            entry.joined_at = now  # her last day had passed: a new place in line
        entry.first_day, entry.last_day, entry.time_zone = first_day, last_day, zone
        for field in PART_FIELDS:
            setattr(entry, field, field in parts)
        entry.expires_at = window.ends_at
        entry.full_clean()
        entry.save()
        free_now = free_starts_suiting(service=service, windows=[window], now=now)
        if not others_waiting:
            # Nobody was watching this service: what was noted before may be stale, and the
            # watch starts from here.
            seen_free_replace(service=service, seen=seen_free_starts(service), starts=free_now)
            watch.checked_at = now
            watch.save(update_fields=["checked_at"])
        else:
            seen_free_add(service=service, starts=free_now)
    return Joined(entry=entry, created=created, free_now=sorted(free_now))


def entry_leave(*, entry: Entry, now: datetime) -> Entry:
    """She leaves the waitlist: no more offers. A time held for her stays hers until its
    offer ends (she may be paying for it)."""
    with transaction.atomic(durable=True):
        entry = Entry.objects.select_for_update().get(pk=entry.pk)
        if entry.status != Entry.Status.WAITING:
            raise InvalidState("You are no longer on this waitlist.")
        entry.status = Entry.Status.LEFT
        entry.ended_at = now
        entry.save(update_fields=["status", "ended_at"])
    return entry
