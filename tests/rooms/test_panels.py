"""The booking page's part about joining: the live button in the window, when the room opens
before it (in the page's zone), nothing after the end or for a booking not confirmed."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db

JOIN_BUTTON = re.compile(
    r'<a class="btn btn-primary btn-lg" href="/bookings/(\w+)/join/" target="_blank" '
    r'rel="noopener noreferrer">Join session<span class="visually-hidden"> \(opens in a new '
    r"tab\)</span></a>"
)


def booking_page(client, booking, **params) -> str:
    response = client.get(booking.get_absolute_url(), params)
    assert response.status_code == 200
    return re.sub(r"\s+", " ", unescape(response.content.decode()))


def test_in_the_window_her_page_has_the_live_join_button(signed_in, starting_soon):
    page = booking_page(signed_in, starting_soon)

    assert "Joining your session" in page
    assert JOIN_BUTTON.findall(page) == [starting_soon.reference]
    assert "Your room opens" not in page


def test_the_join_panel_comes_right_under_the_bookings_status(signed_in, starting_soon):
    page = booking_page(signed_in, starting_soon)

    assert (
        page.index("Reference")
        < page.index("Joining your session")
        < page.index("In your calendar")
    )


@pytest.mark.parametrize(
    ("zone", "city"),
    [
        ("America/New_York", "New York"),
        ("Asia/Tokyo", "Tokyo"),
        ("Australia/Sydney", "Sydney"),
    ],
)
def test_before_the_window_her_page_says_when_the_room_opens_in_the_pages_zone(
    signed_in, session_at, zone, city
):
    from zoneinfo import ZoneInfo

    start = (timezone.now() + timedelta(days=2)).replace(second=0, microsecond=0)
    booking = session_at(start)  # booked in London; her page shows her chosen zone

    page = booking_page(signed_in, booking, tz=zone)

    opens = (start - timedelta(minutes=10)).astimezone(ZoneInfo(zone))
    clock = f"{int(opens.strftime('%I'))}:{opens:%M} {opens.strftime('%p').lower()}"
    assert (
        f"Your room opens <strong>on {opens:%A} {opens.day} {opens:%B} at {clock} "
        f"({city} time)</strong>, 10 minutes before your session starts."
    ) in page
    assert "/join/" not in page


def test_after_the_end_there_is_nothing_to_join(signed_in, session_at):
    booking = session_at(timezone.now() - timedelta(minutes=21))  # a 20-minute call, over

    page = booking_page(signed_in, booking)

    assert "Joining your session" not in page
    assert "/join/" not in page


@pytest.mark.parametrize("status", ["held", "cancelled", "completed"])
def test_a_booking_not_confirmed_shows_no_room(signed_in, session_at, now, status):
    booking = session_at(now + timedelta(minutes=5), status=status)

    page = booking_page(signed_in, booking)

    assert "Joining your session" not in page
    assert "/join/" not in page
