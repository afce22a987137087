"""E-mails (confirmed, moved, reminder), the .ics event, the downloaded .ics and the
practitioner's feed all point to the booking page, never to the room: the link works only for
the signed-in client, at the right time, and calendars and inboxes are often seen by others."""

from datetime import UTC, datetime, timedelta

import icalendar
import pytest
from django.conf import settings
from django.core import mail

from bookings import notifications, services
from rooms.joining import JOIN_OPENS_BEFORE
from rooms.models import Room
from tests.email_parts import html_of
from tests.rooms.conftest import VIDEO_SERVER

pytestmark = pytest.mark.django_db(transaction=True)

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
START = datetime(2026, 3, 10, 14, 30, tzinfo=UTC)  # Tuesday: 10:30 am in New York


@pytest.fixture
def confirmed(client_user, free_service, practice_details, video_server):
    hold = services.booking_hold(
        client=client_user,
        service=free_service,
        start=START,
        client_tz="America/New_York",
        now=NOW,
    )
    return services.booking_confirm(booking=hold, now=NOW)


def parts(message) -> list[str]:
    """Everything a reader or a calendar sees of an e-mail: text, HTML, attached events."""
    found = [message.subject, message.body, html_of(message)]
    found += [attachment.content for attachment in message.attachments]
    return found


def assert_points_to_the_booking_not_the_room(booking, message):
    room = Room.objects.get(booking=booking)
    booking_page = f"{settings.SITE_URL}/bookings/{booking.reference}/"
    minutes = int(JOIN_OPENS_BEFORE.total_seconds() // 60)
    assert f'"Join session" button appears {minutes} minutes before the start' in message.body
    assert "How to join: on your booking page" in message.body
    assert booking_page in message.body
    assert f'on <a href="{booking_page}"' in html_of(message)
    for part in parts(message):
        assert room.name not in part
        assert VIDEO_SERVER.removeprefix("https://") not in part
        assert "/join/" not in part


def event_of(ics: bytes | str) -> icalendar.Event:
    (event,) = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    return event


def assert_event_is_the_booking_page(booking, event):
    booking_page = f"{settings.SITE_URL}/bookings/{booking.reference}/"
    assert str(event["URL"]) == booking_page
    assert booking_page in str(event["DESCRIPTION"])
    room = Room.objects.get(booking=booking)
    for field in ("URL", "DESCRIPTION", "LOCATION", "SUMMARY"):
        assert room.name not in str(event.get(field, ""))


def test_the_confirmation_and_its_event_link_to_the_booking_page(confirmed, run_worker):
    run_worker()

    (message,) = [m for m in mail.outbox if m.to == ["maya@example.com"]]
    assert_points_to_the_booking_not_the_room(confirmed, message)
    (attachment,) = message.attachments
    assert_event_is_the_booking_page(confirmed, event_of(attachment.content))


def test_the_practitioners_e_mail_names_no_room(confirmed, run_worker):
    run_worker()

    (message,) = [m for m in mail.outbox if m.to == ["anna@quietharbour.example"]]
    for part in parts(message):
        assert confirmed.room.name not in part
        assert VIDEO_SERVER.removeprefix("https://") not in part


def test_the_moved_booking_e_mail_links_to_the_booking_page_and_keeps_the_room(
    confirmed, run_worker
):
    room = confirmed.room.name
    services.booking_reschedule(
        booking=confirmed, new_start=START + timedelta(days=1), now=NOW + timedelta(hours=1)
    )
    run_worker()

    moved = [m for m in mail.outbox if m.subject.startswith("Your appointment has moved")]
    (message,) = moved
    assert_points_to_the_booking_not_the_room(confirmed, message)
    (attachment,) = message.attachments
    assert_event_is_the_booking_page(confirmed, event_of(attachment.content))
    assert Room.objects.get(booking=confirmed).name == room


def test_the_reminder_links_to_the_booking_page(confirmed, run_worker):
    assert notifications.send_due_reminders(now=START - timedelta(hours=2)) == 1
    run_worker()

    (message,) = [m for m in mail.outbox if m.subject.startswith("Reminder")]
    assert_points_to_the_booking_not_the_room(confirmed, message)


def test_the_downloaded_calendar_file_is_the_booking_page(confirmed, signed_in):
    response = signed_in.get(f"/bookings/{confirmed.reference}/calendar.ics")

    assert_event_is_the_booking_page(confirmed, event_of(response.content))
    assert VIDEO_SERVER.removeprefix("https://").encode() not in response.content


def test_the_practitioners_feed_names_no_room(
    client, practitioner, make_booking, client_user, service, video_server
):
    booking = make_booking(client=client_user, service=service)  # next week, with its room

    response = client.get(f"/calendar/{practitioner.calendar_token}.ics")

    event = event_of(response.content)
    assert str(event["UID"]).startswith(booking.reference)
    assert str(event["URL"]).endswith(f"/admin/bookings/booking/{booking.pk}/change/")
    assert booking.room.name.encode() not in response.content
    assert VIDEO_SERVER.removeprefix("https://").encode() not in response.content
