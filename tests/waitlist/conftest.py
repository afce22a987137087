"""Waitlist fixtures: a fixed clock, a day whose every time is booked, clients waiting.

The practitioner (09:00-17:00 in London), the paid `service` (60 minutes, 15-minute buffers,
24 hours' notice), make_booking, make_user and run_worker are tests/conftest.py's.
"""

from datetime import UTC, date, datetime, timedelta

import pytest

# A Monday in winter: GMT = UTC, so London's wall clock reads as UTC here.
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
# The day the waiting clients would like, two days on (past the 24 hours' notice).
DAY = date(2026, 3, 4)
ALL_DAY = frozenset({"mornings", "afternoons", "evenings"})


def day_starts(service, day: date, *, now: datetime = NOW) -> list[datetime]:
    """The service's free starts on `day` (London) at `now`, in order."""
    from bookings.selectors import offered_slots

    return [start for start in offered_slots(service=service, now=now) if start.date() == day]


@pytest.fixture
def book_day(service, make_user, make_booking):
    """book_day(day, now=NOW): every time of `day` booked (confirmed) by other clients, first
    free time first; returns the bookings by start. Cancelling one frees exactly its own start."""

    def book(day: date, *, now: datetime = NOW) -> dict:
        bookings = {}
        while starts := day_starts(service, day, now=now):
            # Paid for otherwise (nothing for a cancellation to refund): set-up only.
            bookings[starts[0]] = make_booking(
                client=make_user(),
                service=service,
                start=starts[0],
                price_amount=0,
                now=now - timedelta(days=3),
            )
        return bookings

    return book


@pytest.fixture
def full_day(book_day):
    """DAY, every time of it booked (`book_day`)."""
    return book_day(DAY)


@pytest.fixture
def waiting(make_user):
    """Three clients, joined in this order: Ada, Bea, Cat."""
    return [
        make_user(f"{name.lower()}@example.com", first_name=name) for name in ("Ada", "Bea", "Cat")
    ]


@pytest.fixture
def join(service):
    """join(client, first_day=DAY, last_day=DAY, parts=ALL_DAY, zone="Europe/London", now=NOW,
    service=service): her entry, through the domain's entry_join."""
    from waitlist.joining import entry_join

    def make(client, *, first_day=DAY, last_day=DAY, parts=ALL_DAY, zone="Europe/London", now=NOW):
        return entry_join(
            client=client,
            service=service,
            first_day=first_day,
            last_day=last_day,
            parts=set(parts),
            zone=zone,
            now=now,
        ).entry

    return make


@pytest.fixture
def offered(service, book_day, now):
    """offered(client): a time offered to `client` now (the real clock, as the pages use): a day
    three days on fully booked, she waits for it, one booking there is cancelled, the worker
    looks. Returns her offer."""
    from bookings import services
    from bookings.policy import Actor
    from waitlist.joining import entry_join
    from waitlist.watching import freed_times_check

    def make(client):
        day = (now + timedelta(days=3)).date()
        booked = book_day(day, now=now)
        entry_join(
            client=client,
            service=service,
            first_day=day,
            last_day=day,
            parts=set(ALL_DAY),
            zone="Europe/London",
            now=now,
        )
        services.booking_cancel(booking=booked[sorted(booked)[1]], by=Actor.CLIENT, now=now)
        [offer] = freed_times_check(service=service, now=now)
        return offer

    return make


@pytest.fixture
def look(service):
    """look(now=NOW): the worker's look at `service`; returns the offers it made."""
    from waitlist.watching import freed_times_check

    def run(*, now=NOW, on=None):
        return freed_times_check(service=on or service, now=now)

    return run


def sent_to(address: str):
    """The outbox's e-mails to `address`, oldest first."""
    from practice.models import OutgoingEmail

    return list(OutgoingEmail.objects.filter(to=address).order_by("pk"))
