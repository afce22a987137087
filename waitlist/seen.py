"""What the waitlist remembers of a service between looks: its lock row, and the times seen free.

The lowest module of the app: the others (offers, watching, joining) take the lock here and
note what they saw.
"""

from collections.abc import Iterable
from datetime import datetime

from bookings.models import Service
from waitlist.models import SeenFree, ServiceWatch


def watch_lock(service: Service) -> ServiceWatch:
    """The service's watch row, locked for this transaction (PostgreSQL; SQLite is serial).

    Taken before any booking's lock by everything that looks for or offers a freed time of the
    service, so that two workers (or a worker and a client saying "No thanks") take turns.
    """
    ServiceWatch.objects.get_or_create(service=service)
    return ServiceWatch.objects.select_for_update().get(service=service)


def seen_free_add(*, service: Service, starts: Iterable[datetime]) -> None:
    """Note `starts` as seen free: they will not count as freed while they stay free."""
    SeenFree.objects.bulk_create(
        [SeenFree(service=service, start=start) for start in starts], ignore_conflicts=True
    )


def seen_free_replace(*, service: Service, seen: set[datetime], starts: set[datetime]) -> None:
    """The service's times seen free (`seen`, as read) are now exactly `starts`: the others are
    forgotten, so that a time taken and freed again counts as freed again."""
    gone = seen - starts
    if gone:
        SeenFree.objects.filter(service=service, start__in=gone).delete()
    seen_free_add(service=service, starts=starts - seen)


def seen_free_starts(service: Service) -> set[datetime]:
    return set(SeenFree.objects.filter(service=service).values_list("start", flat=True))
