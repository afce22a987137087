"""No double booking under concurrency: 20 clients try to hold one slot at the same moment.

Runs on whichever database DATABASE_URL names; CI runs it on SQLite and on PostgreSQL. On
PostgreSQL the exclusion constraint settles the race; on SQLite the IMMEDIATE transactions do.
"""

from datetime import UTC, datetime

import pytest

from bookings import services
from bookings.models import Booking
from tests.races import race

ATTEMPTS = 20
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
START = datetime(2026, 3, 3, 10, 0, tzinfo=UTC)


def outcomes(results):
    return sorted("held" if isinstance(r, Booking) else type(r).__name__ for r in results)


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_holds_of_one_slot_leave_exactly_one_booking(make_user, service):
    clients = [make_user() for _ in range(ATTEMPTS)]

    def attempt(index):
        return services.booking_hold(
            client=clients[index],
            service=service,
            start=START,
            client_tz="Europe/London",
            now=NOW,
        )

    results = race(attempt, ATTEMPTS)

    assert outcomes(results) == ["SlotTaken"] * (ATTEMPTS - 1) + ["held"], results
    assert Booking.objects.filter(status__in=Booking.ACTIVE_STATUSES).count() == 1


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_holds_of_overlapping_slots_leave_exactly_one_booking(make_user, service):
    # Different starts whose blocked ranges (with the 15-minute buffers) all overlap 10:00.
    clients = [make_user() for _ in range(ATTEMPTS)]
    starts = [
        datetime(2026, 3, 3, 9, 30, tzinfo=UTC),  # blocks 09:15-10:45
        START,  # blocks 09:45-11:15
        datetime(2026, 3, 3, 10, 30, tzinfo=UTC),  # blocks 10:15-11:45
    ]

    def attempt(index):
        return services.booking_hold(
            client=clients[index],
            service=service,
            start=starts[index % len(starts)],
            client_tz="Europe/London",
            now=NOW,
        )

    results = race(attempt, ATTEMPTS)

    assert outcomes(results) == ["SlotTaken"] * (ATTEMPTS - 1) + ["held"], results
    assert Booking.objects.filter(status__in=Booking.ACTIVE_STATUSES).count() == 1


@pytest.mark.django_db(transaction=True)
def test_one_client_holding_many_times_at_once_keeps_one_hold(client_user, service):
    # Times that do not overlap, from every free hour of two days: all at the same moment.
    starts = [
        datetime(2026, 3, day, hour, 0, tzinfo=UTC) for day in (3, 4) for hour in range(9, 16)
    ]

    def attempt(index):
        return services.booking_hold(
            client=client_user,
            service=service,
            start=starts[index],
            client_tz="Europe/London",
            now=NOW,
        )

    results = race(attempt, len(starts))

    assert all(isinstance(result, Booking) for result in results), results
    assert Booking.objects.filter(status=Booking.Status.HELD).count() == 1


@pytest.mark.django_db(transaction=True)
def test_visitors_and_clients_racing_for_one_slot_leave_exactly_one_booking(make_user, service):
    from bookings.visitors import Visitor

    clients = [make_user() for _ in range(ATTEMPTS // 2)]

    def attempt(index):
        # Half not signed in yet (each her own browser and connection), half signed in.
        who = (
            {"visitor": Visitor(key=f"key-{index}", address=f"address-{index}")}
            if index % 2
            else {"client": clients[index // 2]}
        )
        return services.booking_hold(
            **who, service=service, start=START, client_tz="Europe/London", now=NOW
        )

    results = race(attempt, ATTEMPTS)

    assert outcomes(results) == ["SlotTaken"] * (ATTEMPTS - 1) + ["held"], results
    assert Booking.objects.filter(status__in=Booking.ACTIVE_STATUSES).count() == 1


@pytest.mark.django_db(transaction=True)
def test_one_connection_holding_from_many_tabs_at_once_stays_within_its_limit(service):
    from bookings.holds import VISITOR_HOLDS_PER_ADDRESS
    from bookings.visitors import Visitor

    # Fresh sessions (cookies cleared) from one address, each for a time that does not overlap.
    starts = [
        datetime(2026, 3, day, hour, 0, tzinfo=UTC) for day in (3, 4) for hour in range(9, 16)
    ]

    def attempt(index):
        return services.booking_hold(
            visitor=Visitor(key=f"key-{index}", address="one-address"),
            service=service,
            start=starts[index],
            client_tz="Europe/London",
            now=NOW,
        )

    results = race(attempt, len(starts))

    assert outcomes(results).count("held") == VISITOR_HOLDS_PER_ADDRESS, results
    assert Booking.objects.filter(status=Booking.Status.HELD).count() == VISITOR_HOLDS_PER_ADDRESS
