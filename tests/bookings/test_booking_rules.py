"""The rules about bookings that each have one home (bookings/models/): what overlaps, what a
live hold is, which bookings are active or upcoming, and how a price and a refund are said.

Each rule has an ORM form (BookingQuerySet) and a Python form (Booking): these tests hold them
to the same answers at the edges, and the overlap filter to the slot engine's `overlaps`.
"""

from datetime import timedelta

import pytest

from bookings.models import Booking, Practitioner, Service, TimeOff
from bookings.slots import Interval, overlaps
from tests.bookings.conftest import NOW, start_on

pytestmark = pytest.mark.django_db

MINUTE = timedelta(minutes=1)
MICROSECOND = timedelta(microseconds=1)

# The paid session at 10:15-11:15 with 15-minute buffers blocks 10:00-11:30.
SESSION = (start_on(1, 10, 15), start_on(1, 11, 15))
BLOCKED = (start_on(1, 10), start_on(1, 11, 30))


@pytest.fixture
def booked(make_booking, client_user, service):
    return make_booking(client=client_user, service=service, start=SESSION[0])


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (start_on(1, 9), start_on(1, 10)),  # ends where the buffer begins
        (start_on(1, 11, 30), start_on(1, 12)),  # begins where the buffer ends
        (start_on(1, 9), start_on(1, 10, 1)),
        (start_on(1, 11, 29), start_on(1, 12)),
        (start_on(1, 10), start_on(1, 10, 15)),  # the buffer before only
        (start_on(1, 11, 15), start_on(1, 11, 30)),  # the buffer after only
        (start_on(1, 10, 14), start_on(1, 10, 16)),
        (start_on(1, 11, 14), start_on(1, 11, 16)),
        (start_on(1, 10, 30), start_on(1, 10, 45)),  # inside
        (start_on(1, 8), start_on(1, 14)),  # all around
        (start_on(1, 9), start_on(1, 10, 15)),  # ends where the session begins
        (start_on(1, 11, 15), start_on(1, 12)),  # begins where the session ends
    ],
)
def test_the_overlap_filter_agrees_with_the_slot_engines_rule_at_every_edge(booked, start, end):
    interval = Interval(start, end)
    found = Booking.objects.overlapping(interval).filter(pk=booked.pk).exists()
    found_with_buffers = (
        Booking.objects.overlapping(interval, buffers=True).filter(pk=booked.pk).exists()
    )

    assert found == overlaps(start, end, *SESSION)
    assert found_with_buffers == overlaps(start, end, *BLOCKED)


def test_time_off_is_found_by_the_same_overlap_rule(practitioner):
    time_off = TimeOff.objects.create(
        practitioner=practitioner, start=start_on(2, 9), end=start_on(2, 12)
    )

    def meets(start, end):
        return list(TimeOff.objects.overlapping(Interval(start, end))) == [time_off]

    assert not meets(start_on(2, 8), start_on(2, 9))
    assert not meets(start_on(2, 12), start_on(2, 13))
    assert meets(start_on(2, 11, 59), start_on(2, 13))
    assert meets(start_on(2, 8), start_on(2, 9, 1))


@pytest.fixture
def bookings_by_state(make_booking, make_user, client_user, free_service):
    """One booking in each state that matters, seen at NOW (the 20-minute free call)."""
    # The session that just ended and the one under way would overlap: two practitioners.
    bea = Practitioner.objects.create(
        user=make_user("bea@quietharbour.example", is_staff=True), display_name="Bea"
    )

    def make(start, status="confirmed", **fields):
        return make_booking(
            client=client_user, service=free_service, start=start, status=status, **fields
        )

    return {
        "confirmed, to come": make(NOW + timedelta(days=2)),
        "confirmed, under way": make(NOW - 10 * MINUTE),
        "confirmed, just ended": make(NOW - 20 * MINUTE, practitioner=bea),  # ends at NOW
        "confirmed, long past": make(NOW - timedelta(days=3)),
        "live hold": make(
            NOW + timedelta(days=3), status="held", hold_expires_at=NOW + MICROSECOND
        ),
        "hold running out now": make(NOW + timedelta(days=4), status="held", hold_expires_at=NOW),
        "stale hold": make(NOW + timedelta(days=5), status="held", hold_expires_at=NOW - MINUTE),
        "expired": make(NOW + timedelta(days=6), status="expired"),
        "cancelled": make(NOW + timedelta(days=7), status="cancelled"),
        "completed": make(NOW - timedelta(days=4), status="completed"),
    }


def _names(bookings_by_state, queryset) -> set[str]:
    pks = set(queryset.values_list("pk", flat=True))
    return {name for name, booking in bookings_by_state.items() if booking.pk in pks}


def _names_where(bookings_by_state, test) -> set[str]:
    return {name for name, booking in bookings_by_state.items() if test(booking)}


def test_a_hold_is_live_until_the_instant_it_expires(bookings_by_state):
    live = _names(bookings_by_state, Booking.objects.live_holds(now=NOW))
    stale = _names(bookings_by_state, Booking.objects.stale_holds(now=NOW))

    assert live == {"live hold"}
    assert stale == {"hold running out now", "stale hold"}
    assert live == _names_where(bookings_by_state, lambda b: b.is_held_at(NOW))


def test_active_bookings_are_the_confirmed_ones_and_live_holds(bookings_by_state):
    active = _names(bookings_by_state, Booking.objects.active(now=NOW))

    assert active == {
        "confirmed, to come",
        "confirmed, under way",
        "confirmed, just ended",
        "confirmed, long past",
        "live hold",
    }
    assert active == _names_where(bookings_by_state, lambda b: b.is_active_at(NOW))


def test_upcoming_bookings_are_active_and_not_over_a_session_under_way_included(
    bookings_by_state,
):
    upcoming = _names(bookings_by_state, Booking.objects.upcoming(now=NOW))

    assert upcoming == {"confirmed, to come", "confirmed, under way", "live hold"}
    assert upcoming == _names_where(bookings_by_state, lambda b: b.is_upcoming_at(NOW))


def test_stale_holds_are_left_out_of_what_is_shown_and_nothing_else(bookings_by_state):
    shown = _names(bookings_by_state, Booking.objects.without_stale_holds(now=NOW))

    assert shown == set(bookings_by_state) - {"hold running out now", "stale hold"}


def test_the_next_hold_expiry_is_the_soonest_live_one(bookings_by_state):
    assert Booking.objects.next_hold_expiry(NOW) == NOW + MICROSECOND
    assert Booking.objects.next_hold_expiry(NOW + MICROSECOND) is None


@pytest.mark.parametrize(
    ("amount", "currency", "label"),
    [(9500, "GBP", "£95"), (8550, "EUR", "€85.50"), (0, "GBP", "Free"), (12000, "CHF", "120 CHF")],
)
def test_a_service_and_its_booking_say_their_price_in_the_same_words(
    make_booking, make_service, client_user, amount, currency, label
):
    service = make_service("priced", price_amount=amount, price_currency=currency)
    booking = make_booking(client=client_user, service=service, start=NOW + timedelta(days=2))

    assert service.price_label == booking.price_label == label


@pytest.mark.parametrize(
    ("refund", "label"), [(None, "None"), (0, "None"), (9500, "£95"), (4750, "£47.50")]
)
def test_a_refund_is_said_as_its_amount_or_none(make_booking, service, client_user, refund, label):
    booking = make_booking(
        client=client_user,
        service=service,
        start=NOW + timedelta(days=2),
        status="cancelled",
        refund_amount=refund,
    )

    assert booking.refund_label == label


def test_the_discovery_call_is_the_first_active_free_service_without_screening(make_service):
    make_service("rtt", price_amount=25000)
    make_service("screened-chat", price_amount=0, needs_screening=True, order=0)
    make_service("retired-call", price_amount=0, active=False, order=0)
    call = make_service("hello-call", price_amount=0, order=1)
    make_service("later-call", price_amount=0, order=2)

    assert Service.objects.discovery_call() == call


def test_without_a_free_service_there_is_no_discovery_call(make_service):
    make_service("rtt", price_amount=25000)

    assert Service.objects.discovery_call() is None
