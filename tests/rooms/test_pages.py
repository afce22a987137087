"""Joining from the site's other pages: /my/ for the client, the dashboard, the calendar and a
booking's page in the admin for the practitioner. Every link is our own join address: no page
of ours names the room or the video provider, let alone loads anything from it."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rooms.models import Room
from tests.rooms.conftest import VIDEO_SERVER

pytestmark = pytest.mark.django_db

CALENDAR = "/admin/bookings/booking/calendar/"


def html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def join_links(page: str) -> list[tuple[str, str]]:
    """(href, rel) of each link that opens a session's room, in a new tab."""
    return re.findall(r'<a [^>]*href="(/bookings/\w+/join/)" target="_blank" rel="([^"]*)"', page)


def never_the_room(page: str) -> None:
    host = VIDEO_SERVER.removeprefix("https://")
    assert host not in page
    assert "meet.jit.si" not in page
    for name in Room.objects.values_list("name", flat=True):
        assert name not in page


# /my/ ----------------------------------------------------------------------------------------


def test_my_page_has_the_join_button_for_a_session_in_its_window(
    signed_in, starting_soon, session_at, video_server
):
    later = session_at(timezone.now() + timedelta(days=2))

    page = html(signed_in.get("/my/"))

    assert join_links(page) == [
        (f"/bookings/{starting_soon.reference}/join/", "noopener noreferrer")
    ]
    assert f"/bookings/{later.reference}/join/" not in page
    never_the_room(page)


def test_my_page_has_no_join_button_once_the_session_is_over(signed_in, session_at):
    session_at(timezone.now() - timedelta(minutes=25))

    assert join_links(html(signed_in.get("/my/"))) == []


def test_the_booking_page_in_its_window_names_no_room(signed_in, starting_soon, video_server):
    page = html(signed_in.get(starting_soon.get_absolute_url()))

    assert join_links(page)
    never_the_room(page)


# The practitioner's desk ---------------------------------------------------------------------


@pytest.fixture
def today_and_tomorrow(session_at, other_client):
    """A session under way now (today, wherever the clocks are) and one tomorrow."""
    now = timezone.now()
    return session_at(now), session_at(now + timedelta(days=1), client=other_client)


def test_the_dashboard_has_a_join_link_for_todays_confirmed_sessions(
    desk, today_and_tomorrow, video_server
):
    today, tomorrow = today_and_tomorrow

    page = html(desk.get(reverse("admin:index")))

    assert join_links(page) == [(f"/bookings/{today.reference}/join/", "noopener noreferrer")]
    assert f"/bookings/{tomorrow.reference}/join/" not in page
    assert "the session with Maya Jones (opens in a new tab)" in page
    never_the_room(page)


def test_the_dashboard_offers_no_join_link_for_a_hold(desk, session_at):
    session_at(timezone.now() + timedelta(minutes=5), status="held")

    assert join_links(html(desk.get(reverse("admin:index")))) == []


def test_the_calendar_has_a_join_link_for_todays_confirmed_sessions(
    desk, today_and_tomorrow, video_server
):
    today, tomorrow = today_and_tomorrow

    page = html(desk.get(CALENDAR))

    # Once on the week, once on the agenda that stands in for it on a phone.
    assert join_links(page) == [(f"/bookings/{today.reference}/join/", "noopener noreferrer")] * 2
    assert f"/bookings/{tomorrow.reference}/join/" not in page
    never_the_room(page)


def test_a_bookings_admin_page_offers_joining_and_a_new_room(desk, starting_soon, video_server):
    page = html(desk.get(reverse("admin:bookings_booking_change", args=[starting_soon.pk])))

    assert join_links(page) == [
        (f"/bookings/{starting_soon.reference}/join/", "noopener noreferrer")
    ]
    assert 'value="new_room">New session room</button>' in page
    never_the_room(page)


def test_a_session_on_her_own_link_offers_joining_but_no_new_room(desk, starting_soon):
    from rooms.models import RoomSettings, ServiceRoomLink

    settings = RoomSettings.objects.create(provider=RoomSettings.Provider.OWN_LINK)
    ServiceRoomLink.objects.create(
        room_settings=settings, service=starting_soon.service, url="https://zoom.example/j/42"
    )

    page = html(desk.get(reverse("admin:bookings_booking_change", args=[starting_soon.pk])))

    assert join_links(page)
    assert "New session room" not in page
    assert "zoom.example" not in page


def test_a_cancelled_bookings_admin_page_offers_neither(desk, session_at, now):
    booking = session_at(now + timedelta(days=2), status="cancelled")

    page = html(desk.get(reverse("admin:bookings_booking_change", args=[booking.pk])))

    assert join_links(page) == []
    assert "New session room" not in page
