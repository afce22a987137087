"""/bookings/<reference>/join/: on to the room for its own client within the window, for the
practitioner at any time; a 404 for anyone else or any booking not confirmed; sign-in first.

The view reads the real clock: each session is placed against the time just before the request,
with the exact boundaries held in tests/rooms/test_joining.py.
"""

import re
from datetime import timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


def join(client, booking, **options):
    return client.get(f"/bookings/{booking.reference}/join/", **options)


def page_text(response) -> str:
    return re.sub(r"\s+", " ", unescape(response.content.decode()))


def her_clock(moment, zone: str) -> str:
    """ "2:50 pm": the time on her wall clock, worked out here without the site's helpers."""
    local = moment.astimezone(ZoneInfo(zone))
    return f"{int(local.strftime('%I'))}:{local:%M} {local.strftime('%p').lower()}"


def opens_when(opens, zone: str) -> str:
    """ "at 2:50 pm" when her room opens on her today, else "on Monday 7 December at 2:50 pm":
    a session soon after her midnight opens on another day than hers now."""
    local = opens.astimezone(ZoneInfo(zone))
    if local.date() == timezone.now().astimezone(ZoneInfo(zone)).date():
        return f"at {her_clock(opens, zone)}"
    return f"on {local:%A} {local.day} {local:%B} at {her_clock(opens, zone)}"


def test_the_join_address_is_rooms_own():
    assert reverse("rooms:join", kwargs={"reference": "Ab12Cd34Ef56Gh78"}) == (
        "/bookings/Ab12Cd34Ef56Gh78/join/"
    )


# Within the window: on to the room -----------------------------------------------------------


def test_her_room_opens_exactly_ten_minutes_before_the_start(signed_in, session_at, video_server):
    booking = session_at(timezone.now() + timedelta(minutes=10))

    response = join(signed_in, booking)

    assert response.status_code == 302
    assert response["Location"] == f"{video_server}/{booking.room.name}"
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]


def test_she_can_join_while_the_session_is_under_way(signed_in, session_at, video_server):
    booking = session_at(timezone.now() - timedelta(minutes=15))

    response = join(signed_in, booking)

    assert response["Location"] == f"{video_server}/{booking.room.name}"


def test_her_own_link_for_the_service_is_where_she_is_sent(signed_in, starting_soon):
    from rooms.models import RoomSettings, ServiceRoomLink

    settings = RoomSettings.objects.create(provider=RoomSettings.Provider.OWN_LINK)
    ServiceRoomLink.objects.create(
        room_settings=settings, service=starting_soon.service, url="https://zoom.example/j/42"
    )

    assert join(signed_in, starting_soon)["Location"] == "https://zoom.example/j/42"


# Outside the window: back to her booking page, saying when ----------------------------------


@pytest.mark.parametrize("zone", ["America/New_York", "Asia/Tokyo", "Australia/Sydney"])
def test_before_the_window_she_is_told_when_her_room_opens_in_her_zone(signed_in, session_at, zone):
    # A minute short of the window: 11 minutes before the start.
    start = (timezone.now() + timedelta(minutes=11)).replace(microsecond=0)
    booking = session_at(start, zone=zone)

    response = join(signed_in, booking, follow=True)

    assert response.redirect_chain == [(booking.get_absolute_url(), 302)]
    opens = opens_when(start - timedelta(minutes=10), zone)
    city = zone.split("/")[1].replace("_", " ")
    assert f"Your room opens {opens} ({city} time), 10 minutes before your session" in (
        page_text(response)
    )


def test_a_session_days_away_says_the_day_too(signed_in, session_at):
    start = (timezone.now() + timedelta(days=3)).replace(second=0, microsecond=0)
    booking = session_at(start, zone="Asia/Tokyo")

    response = join(signed_in, booking, follow=True)

    opens = (start - timedelta(minutes=10)).astimezone(ZoneInfo("Asia/Tokyo"))
    day = f"{opens:%A} {opens.day} {opens:%B}"
    assert f"Your room opens on {day} at {her_clock(opens, 'Asia/Tokyo')} (Tokyo time)" in (
        page_text(response)
    )


def test_the_zone_her_booking_page_shows_is_the_one_she_is_told_in(signed_in, session_at):
    start = (timezone.now() + timedelta(minutes=30)).replace(microsecond=0)
    booking = session_at(start, zone="America/New_York")
    signed_in.get(booking.get_absolute_url(), {"tz": "Australia/Sydney"})  # she chose Sydney

    response = join(signed_in, booking, follow=True)

    opens = opens_when(start - timedelta(minutes=10), "Australia/Sydney")
    assert f"Your room opens {opens} (Sydney time)" in page_text(response)


def test_at_the_end_the_room_is_closed(signed_in, session_at):
    end = timezone.now()
    booking = session_at(end - timedelta(minutes=20))  # a 20-minute call ending now

    response = join(signed_in, booking, follow=True)

    assert response.redirect_chain == [(booking.get_absolute_url(), 302)]
    assert "This session has ended, so its room is closed." in page_text(response)


# Nobody else, nothing but a confirmed booking ------------------------------------------------


def test_another_clients_booking_is_a_404(client, other_client, starting_soon):
    client.force_login(other_client)

    assert join(client, starting_soon).status_code == 404


@pytest.mark.parametrize("status", ["held", "expired", "cancelled", "completed", "no_show"])
def test_a_booking_not_confirmed_has_no_room_to_join(signed_in, session_at, now, status):
    booking = session_at(now + timedelta(minutes=5), status=status)

    assert join(signed_in, booking).status_code == 404


def test_an_unknown_reference_is_a_404(signed_in):
    assert signed_in.get("/bookings/Zz99Yy88Xx77Ww66/join/").status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in_first(client, starting_soon):
    response = join(client, starting_soon)

    assert response.status_code == 302
    assert response["Location"] == (
        f"{reverse('account_login')}?next=/bookings/{starting_soon.reference}/join/"
    )


def test_joining_only_answers_get(signed_in, starting_soon):
    assert signed_in.post(f"/bookings/{starting_soon.reference}/join/").status_code == 405


# The practitioner ----------------------------------------------------------------------------


def test_the_practitioner_can_join_any_confirmed_session_at_any_time(
    desk, session_at, video_server
):
    next_week = session_at(timezone.now() + timedelta(days=7))
    yesterday = session_at(timezone.now() - timedelta(days=1))

    for booking in (next_week, yesterday):
        response = join(desk, booking)
        assert response["Location"] == f"{video_server}/{booking.room.name}"


def test_the_practitioner_cannot_join_a_hold(desk, session_at, now):
    hold = session_at(now + timedelta(minutes=5), status="held")

    assert join(desk, hold).status_code == 404


def test_staff_without_access_to_bookings_are_treated_as_anyone_else(
    client, make_user, starting_soon
):
    helper = make_user("helper@quietharbour.example", is_staff=True)
    client.force_login(helper)

    assert join(client, starting_soon).status_code == 404
