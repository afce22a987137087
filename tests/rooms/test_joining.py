"""When a room opens and closes, how that reads in the client's zone, and where the room is
(the practitioner's provider: a Jitsi server, or her own link per service, else Jitsi)."""

from datetime import UTC, datetime, timedelta

import pytest

from bookings.models import Booking
from rooms.joining import (
    JoinState,
    can_join,
    join_state,
    joinable_ids,
    opens_phrase,
    room_url,
)
from rooms.models import Room, RoomSettings, ServiceRoomLink

SECOND = timedelta(seconds=1)
# A one-hour session at 15:00 UTC on Monday 14 December 2026: 10:00 in New York, midnight going
# into the 15th in Tokyo, 2:00 on the 15th in Sydney (summer time there).
START = datetime(2026, 12, 14, 15, 0, tzinfo=UTC)


def session(start=START, *, minutes=60, status=Booking.Status.CONFIRMED) -> Booking:
    return Booking(
        reference="Ab12Cd34Ef56Gh78",
        start=start,
        end=start + timedelta(minutes=minutes),
        status=status,
    )


# The window ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "state"),
    [
        (START - timedelta(days=1), JoinState.NOT_YET),
        (START - timedelta(minutes=10) - SECOND, JoinState.NOT_YET),  # 10:01 before
        (START - timedelta(minutes=10) - timedelta(microseconds=1), JoinState.NOT_YET),
        (START - timedelta(minutes=10), JoinState.OPEN),  # 10:00 before: open
        (START - timedelta(minutes=9, seconds=59), JoinState.OPEN),
        (START, JoinState.OPEN),
        (START + timedelta(minutes=60) - SECOND, JoinState.OPEN),
        (START + timedelta(minutes=60), JoinState.OVER),  # at the end: closed
        (START + timedelta(days=1), JoinState.OVER),
    ],
)
def test_the_room_is_open_from_ten_minutes_before_the_start_until_the_end(now, state):
    assert join_state(session(), now=now) == state


@pytest.mark.parametrize("status", ["held", "expired", "cancelled", "completed", "no_show"])
def test_only_a_confirmed_booking_can_be_joined_even_within_its_window(status):
    assert can_join(session(status=Booking.Status.CONFIRMED), now=START)
    assert not can_join(session(status=status), now=START)


def test_the_joinable_ones_of_a_list_are_those_open_now():
    bookings = [
        session(START),
        session(START + timedelta(minutes=9)),  # opens one minute before START
        session(START + timedelta(minutes=11)),  # opens a minute after
        session(START - timedelta(hours=1)),  # ended at START
        session(START, status=Booking.Status.CANCELLED),
    ]
    for number, booking in enumerate(bookings):
        booking.pk = number

    assert joinable_ids(bookings, now=START) == {0, 1}


# "Your room opens at …" in her zone ----------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "now", "phrase"),
    [
        # On the day itself, the time alone.
        ("America/New_York", START - timedelta(hours=2), "at 9:50 am (New York time)"),
        # Tokyo: it opens at 23:50 on the 14th, her local day before the session's.
        ("Asia/Tokyo", START - timedelta(hours=1), "at 11:50 pm (Tokyo time)"),
        ("Australia/Sydney", START - timedelta(hours=1), "at 1:50 am (Sydney time)"),
        # Another day: the date too, as her own calendar shows it.
        (
            "America/New_York",
            START - timedelta(days=3),
            "on Monday 14 December at 9:50 am (New York time)",
        ),
        (
            "Asia/Tokyo",
            START - timedelta(days=3),
            "on Monday 14 December at 11:50 pm (Tokyo time)",
        ),
        (
            "Australia/Sydney",
            START - timedelta(days=3),
            "on Tuesday 15 December at 1:50 am (Sydney time)",
        ),
        ("UTC", START - timedelta(days=3), "on Monday 14 December at 2:50 pm (UTC)"),
    ],
)
def test_when_the_room_opens_reads_in_her_zone(zone, now, phrase):
    assert opens_phrase(session(), zone=zone, now=now) == phrase


def test_on_the_night_the_clocks_go_forward_the_room_opens_before_the_skipped_hour():
    # New York, Sunday 8 March 2026: 2:00 am EST becomes 3:00 am EDT. A session at 3:05 am
    # EDT (07:05 UTC) opens ten minutes earlier, at 1:55 am EST.
    start = datetime(2026, 3, 8, 7, 5, tzinfo=UTC)

    phrase = opens_phrase(session(start), zone="America/New_York", now=start - timedelta(hours=1))

    assert phrase == "at 1:55 am (New York time)"


# Where the room is ---------------------------------------------------------------------------


@pytest.fixture
def room(make_booking, client_user, service):
    return make_booking(client=client_user, service=service).room


@pytest.mark.django_db
def test_without_settings_each_room_is_on_the_sites_jitsi_server(room, video_server):
    assert not RoomSettings.objects.exists()

    assert room_url(room) == f"{video_server}/{room.name}"


@pytest.mark.django_db
def test_the_default_jitsi_server_is_meet_jit_si(room):
    assert room_url(room) == f"https://meet.jit.si/{room.name}"


@pytest.mark.django_db
def test_her_own_jitsi_server_wins_over_the_sites(room, video_server):
    RoomSettings.objects.create(jitsi_base_url="https://jitsi.quietharbour.example/")

    assert room_url(room) == f"https://jitsi.quietharbour.example/{room.name}"


@pytest.mark.django_db
def test_with_her_own_links_a_service_joins_its_fixed_room(room, make_service, video_server):
    other_service = make_service("rtt-session", price_amount=25000)
    settings = RoomSettings.objects.create(provider=RoomSettings.Provider.OWN_LINK)
    ServiceRoomLink.objects.create(
        room_settings=settings, service=room.booking.service, url="https://zoom.example/j/123"
    )
    ServiceRoomLink.objects.create(
        room_settings=settings, service=other_service, url="https://zoom.example/j/456"
    )

    assert room_url(room) == "https://zoom.example/j/123"


@pytest.mark.django_db
def test_a_service_without_her_own_link_falls_back_to_a_private_jitsi_room(room, video_server):
    RoomSettings.objects.create(provider=RoomSettings.Provider.OWN_LINK)

    assert room_url(room) == f"{video_server}/{room.name}"


@pytest.mark.django_db
def test_with_jitsi_chosen_her_own_links_are_not_used(room, video_server):
    settings = RoomSettings.objects.create(provider=RoomSettings.Provider.JITSI)
    ServiceRoomLink.objects.create(
        room_settings=settings, service=room.booking.service, url="https://zoom.example/j/123"
    )

    assert room_url(room) == f"{video_server}/{room.name}"


@pytest.mark.django_db
def test_two_bookings_of_one_service_on_jitsi_have_two_rooms(
    make_booking, client_user, other_client, service, video_server
):
    first = make_booking(client=client_user, service=service)
    second = make_booking(
        client=other_client, service=service, start=first.start + 2 * (first.end - first.start)
    )

    assert room_url(first.room) != room_url(second.room)
    assert Room.objects.count() == 2
