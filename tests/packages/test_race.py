"""No credit spent twice under concurrency: 50 threads of one client, who has 3 credits, hold
and confirm 50 different times at the same moment.

Runs on whichever database DATABASE_URL names; CI runs it on SQLite and on PostgreSQL (there
the credit row's lock and the database's constraint settle the race; on SQLite the IMMEDIATE
transactions do). Each thread holds a time (bookings' own `booking_hold`) and, when a credit
covers it, confirms it; a hold that another thread's newer hold released (one live hold per
client and service) gives its credit back, and its thread tries again at a new time. A thread
whose hold no credit covers stops there.
"""

import random
import threading
from datetime import UTC, datetime, time, timedelta
from time import sleep

import pytest

from bookings import services
from bookings.errors import BookingError
from tests.races import race

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 50
CREDITS = 3
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


@pytest.fixture
def practitioner(make_practitioner):
    """Anna, working round the clock: room for every thread's times."""
    return make_practitioner(hours=(time(0), time(23, 30)))


@pytest.fixture
def three_credits(client_user, service, package_paid):
    from packages.models import Package, PackageItem

    package = Package.objects.create(
        name="Three sessions", slug="three", description="Three.", price_amount=25000
    )
    PackageItem.objects.create(package=package, service=service, quantity=CREDITS)
    return package_paid(client_user, package, paid_at=NOW - timedelta(days=1))


@pytest.mark.long
def test_fifty_concurrent_holds_of_one_client_spend_exactly_her_three_credits(
    client_user, service, three_credits
):
    from bookings.models import Booking
    from packages.models import Credit, CreditUse

    # Times that never overlap (two hours apart, with the 15-minute buffers), handed out one
    # by one: a thread that tries again takes a new one. None at 22:00 UTC: from the clocks'
    # change on 29 March that is 23:00 in London, and the session and its buffer would end after
    # her 23:30. Under load the threads release each other's holds many times over before the
    # credits are spent, so the service takes bookings a year ahead: room for 4,000 times.
    service.horizon_days = 366
    service.save(update_fields=["horizon_days"])
    starts = iter(
        datetime(2026, 3, 4, tzinfo=UTC) + timedelta(days=number // 11, hours=2 * (number % 11))
        for number in range(4000)
    )
    handing_out = threading.Lock()

    def next_start():
        with handing_out:
            return next(starts)

    def attempt(index):
        tries = []
        pause = random.Random(index)  # spreads the retries; nothing secret
        while True:
            held = services.booking_hold(
                client=client_user,
                service=service,
                start=next_start(),
                client_tz="Europe/London",
                now=NOW,
            )
            tries.append(held.reference)
            if services.amount_due(held):
                return "not covered"
            try:
                services.booking_confirm(booking=held, now=NOW)
            except BookingError:
                # A newer hold of hers released this one and took its credit. She tries again
                # a moment later, longer each time, as a person would: retrying in the same
                # instant, fifty threads on two busy cores released each other's holds up to 360
                # times before three confirmed (70-150 with these pauses). The first tries
                # still all start at once.
                sleep(pause.uniform(0, min(0.5, 0.01 * 2 ** len(tries))))
                continue
            return "confirmed"

    results = race(attempt, THREADS)

    # Nothing leaked: no IntegrityError, no deadlock, no other error.
    assert not [result for result in results if isinstance(result, Exception)], {
        repr(result) for result in results
    }
    assert sorted(results) == ["confirmed"] * CREDITS + ["not covered"] * (THREADS - CREDITS)
    credit = Credit.objects.get(purchase=three_credits)
    assert (credit.total, credit.used) == (CREDITS, CREDITS)
    confirmed = Booking.objects.filter(status=Booking.Status.CONFIRMED)
    assert confirmed.count() == CREDITS
    assert sorted(
        CreditUse.objects.filter(booking__in=confirmed).values_list("state", flat=True)
    ) == (["spent"] * CREDITS)
    assert CreditUse.objects.filter(state__in=CreditUse.TAKING).count() == CREDITS
