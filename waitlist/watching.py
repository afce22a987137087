"""Looking for freed times: the waitlist's worker job, one service at a time.

A time is freed when it is offered now (bookings.selectors.offered_slots) and suits someone
waiting, but was not seen free at the last look. However it came free — a cancellation, a hold
that ran out or was released, time off removed, a busy event gone from her calendar, a booking
moved away — it is caught the same way, by comparing what is free with what was. Times no longer
free are forgotten, so a time taken and freed again counts again. Times free already when
someone joined were noted then (waitlist/joining.py): she can book those herself.

Times that came into the booking horizon since the last look were out of sight, not taken: they
are noted as seen, not offered.
"""

from datetime import datetime

from django.db import transaction
from django.db.models import Q

from bookings.models import Service
from bookings.selectors import offered_slots
from waitlist.models import Entry, FreedTime, Offer
from waitlist.offers import chain_advance
from waitlist.seen import seen_free_replace, seen_free_starts, watch_lock
from waitlist.windows import Window


def free_starts_suiting(*, service: Service, windows: list[Window], now: datetime) -> set:
    """The service's free starts now (its whole horizon) that suit at least one window."""
    if not windows:
        return set()
    return {
        start
        for start in offered_slots(service=service, now=now)
        if any(window.suits(start) for window in windows)
    }


def freed_times_check(*, service: Service, now: datetime) -> list[Offer]:
    """Move on the service's chains of offers, then offer each time freed since the last look
    to the first in line it suits. Returns the offers made."""
    offers = []
    with transaction.atomic(durable=True):
        watch = watch_lock(service)
        chains = FreedTime.objects.filter(service=service, status=FreedTime.Status.OFFERING)
        in_chains = set()
        for chain in chains.select_related("service").order_by("start", "pk"):
            in_chains.add(chain.start)
            offers.append(chain_advance(chain=chain, now=now))
        windows = [entry.window for entry in Entry.objects.waiting(now=now).filter(service=service)]
        free = free_starts_suiting(service=service, windows=windows, now=now)
        seen = seen_free_starts(service)
        for start in sorted(_freed(free - seen - in_chains, watch_seen_until(watch, service))):
            chain = FreedTime.objects.create(service=service, start=start, freed_at=now)
            offers.append(chain_advance(chain=chain, now=now))
        offers = [offer for offer in offers if offer is not None]
        held = {offer.booking.start for offer in offers}
        seen_free_replace(service=service, seen=seen, starts=free - held)
        watch.checked_at = now
        watch.save(update_fields=["checked_at"])
    return offers


def watch_seen_until(watch, service: Service) -> datetime | None:
    """The latest start the last look could see (its booking horizon), None before any look."""
    if watch.checked_at is None:
        return None
    return watch.checked_at + service.rules.horizon


def _freed(candidates: set, seen_until: datetime | None) -> set:
    """Of the starts free now and not seen free before, those the last look could have seen
    (the others have only come into sight)."""
    if seen_until is None:
        return set()
    return {start for start in candidates if start <= seen_until}


def watched_services(*, now: datetime) -> list[Service]:
    """The services someone waits for, or whose freed time is being offered (while the service
    can be booked: a service taken off the site keeps its line until it is back)."""
    return list(
        Service.objects.active()
        .filter(
            Q(waitlist_entries__status=Entry.Status.WAITING, waitlist_entries__expires_at__gt=now)
            | Q(freed_times__status=FreedTime.Status.OFFERING)
        )
        .distinct()
        .order_by("pk")
    )


def entries_expire(*, now: datetime) -> int:
    """Mark the waiting entries whose last day is over as ended; returns how many."""
    return Entry.objects.filter(status=Entry.Status.WAITING, expires_at__lte=now).update(
        status=Entry.Status.EXPIRED, ended_at=now
    )
