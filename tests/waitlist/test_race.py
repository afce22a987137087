"""Offers are made once per freed time, whoever looks at the same moment; and a cancellation
racing a new booking never leaves two active bookings, nor an offer of a time someone else
holds.

The threaded tests need PostgreSQL (SQLite runs one writer at a time: its variant looks twice,
one after the other). Each thread has its own connection, so the data is committed first.
"""

from datetime import timedelta

import pytest

from bookings import services
from bookings.errors import BookingError
from bookings.models import Booking
from bookings.policy import Actor
from practice.models import OutgoingEmail
from tests.races import race
from tests.waitlist.conftest import NOW
from waitlist.models import FreedTime, Offer
from waitlist.watching import freed_times_check

pytestmark = pytest.mark.django_db(transaction=True)

MINUTE = timedelta(minutes=1)


def together(*calls):
    """Run each call in its own thread, released at the same moment; returns what each returned
    (or raised)."""
    return race(lambda index: calls[index](), len(calls))


@pytest.fixture
def freed(service, full_day, waiting, join):
    """Ada and Bea waiting for DAY; one of its bookings just cancelled: its start."""
    join(waiting[0])
    join(waiting[1], now=NOW + MINUTE)
    freed_times_check(service=service, now=NOW + 2 * MINUTE)
    booking = full_day[sorted(full_day)[1]]
    services.booking_cancel(booking=booking, by=Actor.CLIENT, now=NOW + 3 * MINUTE)
    return booking.start


def look_once(service):
    return lambda: freed_times_check(service=service, now=NOW + 4 * MINUTE)


@pytest.mark.postgresql
def test_two_workers_looking_at_once_make_one_offer_and_send_one_email(service, freed, waiting):
    results = together(look_once(service), look_once(service))

    assert sorted(len(result) for result in results) == [0, 1], results
    offer = Offer.objects.get()
    assert offer.entry.client == waiting[0]
    assert offer.booking.start == freed
    assert FreedTime.objects.count() == 1
    assert OutgoingEmail.objects.filter(key__startswith="waitlist:").count() == 1


@pytest.mark.postgresql
def test_ten_workers_looking_at_once_make_one_offer(service, freed):
    results = together(*[look_once(service) for _ in range(10)])

    assert sorted(len(result) for result in results) == [0] * 9 + [1], results
    assert Offer.objects.count() == 1
    assert OutgoingEmail.objects.filter(key__startswith="waitlist:").count() == 1


def test_looking_twice_makes_one_offer_and_sends_one_email(service, freed, waiting):
    first, second = look_once(service)(), look_once(service)()

    assert (len(first), len(second)) == (1, 0)
    assert Offer.objects.get().entry.client == waiting[0]
    assert OutgoingEmail.objects.filter(key__startswith="waitlist:").count() == 1


@pytest.mark.postgresql
@pytest.mark.parametrize("round_", range(4))
def test_a_cancellation_racing_a_new_booking_and_a_look_never_double_books(
    service, full_day, waiting, join, other_client, round_
):
    # Ada waits; Sam (other_client) wants the very time another client is cancelling.
    join(waiting[0])
    freed_times_check(service=service, now=NOW + MINUTE)
    cancelling = full_day[sorted(full_day)[round_]]
    start = cancelling.start
    now = NOW + 2 * MINUTE

    def cancel():
        return services.booking_cancel(booking=cancelling, by=Actor.CLIENT, now=now)

    def book():
        return services.booking_hold(
            client=other_client, service=service, start=start, client_tz="Europe/London", now=now
        )

    def look():
        return freed_times_check(service=service, now=now)

    results = together(cancel, book, look, look)

    assert not any(
        isinstance(result, Exception) and not isinstance(result, BookingError) for result in results
    ), results
    active = list(Booking.objects.filter(start=start).active(now=now))
    assert len(active) <= 1, active
    offers = Offer.objects.filter(booking__start=start)
    if isinstance(results[1], Booking):  # Sam holds it: nobody was offered it
        assert active == [results[1]]
        assert not offers.exists()
    for offer in offers:  # Ada was offered it: Sam's hold was refused
        assert active == [offer.booking]
        assert isinstance(results[1], BookingError)
    # Whatever happened, one more look sorts out the rest: an offer if the time is free.
    freed_times_check(service=service, now=now + MINUTE)
    assert Booking.objects.filter(start=start).active(now=now + MINUTE).count() == 1
