"""E-mails about bookings, sent through the real queue (django-tasks' database backend)."""

from datetime import UTC, datetime, timedelta

import icalendar
import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone
from django.utils.module_loading import import_string

from bookings import notifications, services, tasks
from bookings.models import Booking
from tests.email_parts import buttons, html_of, look_problems, styles, unstyled

pytestmark = pytest.mark.django_db(transaction=True)

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
START = datetime(2026, 3, 10, 14, 30, tzinfo=UTC)  # Tuesday: 2:30 pm London, 10:30 am New York


@pytest.fixture
def confirmed(make_user, service, practice_details, record_payment):
    client = make_user("maya@example.com", first_name="Maya")
    booking = services.booking_hold(
        client=client, service=service, start=START, client_tz="America/New_York", now=NOW
    )
    record_payment(booking, at=NOW)
    return services.booking_confirm(booking=booking, now=NOW)


def calendar_of(message) -> icalendar.Calendar:
    (attachment,) = [a for a in message.attachments if a.filename == "appointment.ics"]
    return icalendar.Calendar.from_ical(attachment.content)


def to(address):
    return [m for m in mail.outbox if m.to == [address]]


def test_confirmation_goes_to_client_and_practitioner_with_neutral_subjects(confirmed, run_worker):
    assert mail.outbox == []  # nothing is sent until the worker runs

    run_worker()

    (client_mail,) = to("maya@example.com")
    (practitioner_mail,) = to("anna@quietharbour.example")
    assert client_mail.subject == "Your appointment on Tuesday 10 March at 10:30 am"
    assert practitioner_mail.subject == "New booking: Tuesday 10 March at 2:30 pm"
    # Nothing about what the appointment is for, in the client's subject, body or calendar.
    html = client_mail.alternatives[0].content
    ics = calendar_of(client_mail).to_ical().decode()
    for part in (client_mail.subject, client_mail.body, html, ics, practitioner_mail.subject):
        assert "Hypnotherapy" not in part
    assert "Hypnotherapy" in practitioner_mail.body  # she knows what she booked
    assert "Tuesday 10 March at 10:30 am, New York (Eastern Time, UTC\N{MINUS SIGN}4)" in (
        client_mail.body
    )
    # How to join: from her booking page (the room itself is never in an e-mail).
    assert (
        'How to join: on your booking page, where a "Join session" button appears 10 minutes '
        f"before the start: {settings.SITE_URL}/bookings/{confirmed.reference}/"
    ) in client_mail.body


def test_confirmation_has_a_text_part_and_an_html_part_styled_in_its_elements(
    confirmed, run_worker
):
    run_worker()
    (message,) = to("maya@example.com")
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "<!DOCTYPE html>" in html
    assert look_problems(message) == []
    # Her main action, her booking page, is a button whose look needs no <style> block.
    (button,) = buttons(message)
    assert button.attrs["href"] == f"{settings.SITE_URL}/bookings/{confirmed.reference}/"
    assert styles(button)["background-color"] == "#1d4e5b"
    assert styles(button)["color"] == "#ffffff"
    assert "<" not in message.body


def test_every_email_of_a_booking_has_the_sites_look_and_a_text_part(confirmed, run_worker):
    services.booking_reschedule(booking=confirmed, new_start=START + timedelta(days=1), now=NOW)
    assert notifications.send_due_reminders(now=START + timedelta(hours=4)) == 1
    services.booking_cancel(booking=confirmed, by="client", reason="Away", now=NOW)
    run_worker()

    # Hers: confirmed, moved, reminder, cancelled; the practitioner's: new and cancelled.
    assert len({message.subject for message in mail.outbox}) == 6
    for message in mail.outbox:
        assert look_problems(message) == [], message.subject


def test_confirmation_ics_is_at_the_right_instant_in_the_clients_zone(confirmed, run_worker):
    run_worker()
    (message,) = to("maya@example.com")
    calendar = calendar_of(message)

    (event,) = calendar.walk("VEVENT")
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert event.decoded("DTSTART") == START
    assert event.decoded("DTEND") == START + timedelta(minutes=60)
    assert event.decoded("DTSTART").utcoffset() == timedelta(hours=-4)  # EDT from 8 March
    assert str(event["SUMMARY"]) == "Appointment with Quiet Harbour Therapy"
    assert str(event["UID"]).startswith(confirmed.reference + "@")
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["America/New_York"]
    assert calendar["METHOD"] == "PUBLISH"


def test_confirmation_links_to_google_calendar_at_the_same_instant(confirmed, run_worker):
    run_worker()
    (message,) = to("maya@example.com")
    assert "https://calendar.google.com/calendar/render?action=TEMPLATE" in message.body
    assert "dates=20260310T143000Z%2F20260310T153000Z" in message.body


def test_the_confirmation_says_until_when_the_session_can_be_moved_or_refunded(
    confirmed, run_worker
):
    run_worker()
    (message,) = to("maya@example.com")
    expected = (
        "You can move it, or cancel it with a full refund, up to 48 hours before it starts. "
        "After that it can't be moved, and cancelling gives no refund."
    )
    assert expected in " ".join(message.body.split())
    assert expected in " ".join(message.alternatives[0].content.split())


def test_a_free_call_booked_inside_the_notice_window_is_not_said_to_be_movable(
    make_user, free_service, practice_details, run_worker
):
    client = make_user("maya@example.com", first_name="Maya")
    start = NOW + timedelta(hours=30)  # Tuesday 2:00 pm London: bookable, inside 48 hours
    booking = services.booking_hold(
        client=client, service=free_service, start=start, client_tz="Europe/London", now=NOW
    )
    services.booking_confirm(booking=booking, now=NOW)

    run_worker()

    (message,) = to("maya@example.com")
    for part in (message.body, message.alternatives[0].content):
        text = " ".join(part.split())
        assert "up to 48 hours before" not in text
        assert "less than 48 hours away, so it can no longer be moved" in text
        assert "please cancel it so that someone else can have the time" in text


def test_the_confirmation_of_a_free_call_says_it_is_free_and_has_no_receipt(
    make_user, free_service, practice_details, run_worker
):
    client = make_user("maya@example.com", first_name="Maya")
    booking = services.booking_hold(
        client=client, service=free_service, start=START, client_tz="Europe/London", now=NOW
    )
    services.booking_confirm(booking=booking, now=NOW)

    run_worker()

    (message,) = to("maya@example.com")
    assert "Price: free, there is nothing to pay." in message.body
    assert "<strong>Price:</strong> free, there is nothing to pay." in unstyled(html_of(message))
    for part in (message.body, message.alternatives[0].content):
        assert "Paid:" not in part
        assert "receipt" not in part.lower()


def test_the_move_e_mail_says_what_the_policy_means_at_the_new_time(confirmed, run_worker):
    run_worker()
    services.booking_reschedule(booking=confirmed, new_start=START + timedelta(days=1), now=NOW)
    run_worker()

    (message,) = [m for m in to("maya@example.com") if "moved" in m.subject]
    assert "You can move it, or cancel it with a full refund, up to 48 hours" in " ".join(
        message.body.split()
    )


def test_a_repeated_confirmation_sends_nothing_more(confirmed, run_worker):
    run_worker()
    services.booking_confirm(booking=confirmed, now=NOW + timedelta(minutes=5))
    run_worker()
    assert len(mail.outbox) == 2


def test_rescheduling_sends_the_new_time_with_an_updated_calendar_entry(confirmed, run_worker):
    run_worker()
    new_start = START + timedelta(days=1)
    services.booking_reschedule(booking=confirmed, new_start=new_start, now=NOW)
    run_worker()

    (message,) = [m for m in to("maya@example.com") if "moved" in m.subject]
    assert message.subject == "Your appointment has moved to Wednesday 11 March at 10:30 am"
    assert "from Tuesday 10 March at 10:30 am" in message.body
    (event,) = calendar_of(message).walk("VEVENT")
    assert event.decoded("DTSTART") == new_start
    assert event["SEQUENCE"] == 1
    assert str(event["UID"]).startswith(confirmed.reference + "@")


def test_cancelling_tells_both_sides_and_removes_the_calendar_entry(confirmed, run_worker):
    run_worker()
    services.booking_cancel(booking=confirmed, by="client", reason="Away", now=NOW)
    run_worker()

    (client_mail,) = [m for m in to("maya@example.com") if "cancelled" in m.subject]
    (practitioner_mail,) = [
        m for m in to("anna@quietharbour.example") if m.subject.startswith("Cancelled")
    ]
    assert client_mail.subject == "Your appointment on Tuesday 10 March at 10:30 am is cancelled"
    assert "A refund of £95" in client_mail.body
    assert practitioner_mail.subject == "Cancelled booking: Tuesday 10 March at 2:30 pm"
    assert "Reason given: Away" in practitioner_mail.body
    calendar = calendar_of(client_mail)
    assert calendar["METHOD"] == "CANCEL"
    (event,) = calendar.walk("VEVENT")
    assert event["STATUS"] == "CANCELLED"


def test_releasing_a_hold_sends_nothing(make_user, service, run_worker):
    booking = services.booking_hold(
        client=make_user(), service=service, start=START, client_tz="Europe/London", now=NOW
    )
    services.booking_cancel(booking=booking, by="client", now=NOW)
    run_worker()
    assert mail.outbox == []


# Reminders --------------------------------------------------------------------------------


def reminders():
    return [m for m in mail.outbox if m.subject.startswith("Reminder")]


def test_reminder_goes_out_once_even_after_the_worker_was_down(
    make_booking, client_user, service, practice_details, run_worker
):
    # Due since 14 hours ago (24 hours before the start): the worker was down then.
    start = timezone.now() + timedelta(hours=10)
    booking = make_booking(client=client_user, service=service, start=start)

    tasks.send_due_reminders.enqueue()
    run_worker()
    tasks.send_due_reminders.enqueue()
    tasks.send_due_reminders.enqueue()
    run_worker()

    (reminder,) = reminders()
    assert reminder.to == [client_user.email]
    assert reminder.subject.startswith("Reminder: your appointment on ")
    assert "Hypnotherapy" not in reminder.subject + reminder.body
    booking.refresh_from_db()
    assert booking.reminder_sent_at is not None


def test_no_reminder_before_it_is_due_or_after_the_start(
    make_booking, client_user, service, practice_details
):
    make_booking(client=client_user, service=service, start=NOW + timedelta(hours=25))
    make_booking(client=client_user, service=service, start=NOW - timedelta(minutes=10))
    assert notifications.send_due_reminders(now=NOW) == 0
    assert reminders() == []


def test_no_reminder_for_a_cancelled_booking(confirmed, run_worker):
    services.booking_cancel(booking=confirmed, by="client", now=NOW)
    assert notifications.send_due_reminders(now=START - timedelta(hours=2)) == 0
    assert reminders() == []


def test_a_moved_booking_is_reminded_of_its_new_time_only(confirmed, run_worker):
    new_start = START + timedelta(days=3)
    services.booking_reschedule(booking=confirmed, new_start=new_start, now=NOW)

    # When the old time's reminder would have been due: nothing.
    assert notifications.send_due_reminders(now=START - timedelta(hours=20)) == 0
    # Before the new time: one reminder, naming the new time.
    assert notifications.send_due_reminders(now=new_start - timedelta(hours=20)) == 1
    run_worker()
    (reminder,) = reminders()
    assert reminder.subject == "Reminder: your appointment on Friday 13 March at 10:30 am"


def test_moving_a_reminded_booking_reminds_again_before_the_new_time(confirmed, run_worker):
    assert notifications.send_due_reminders(now=START - timedelta(hours=3)) == 1
    confirmed.refresh_from_db()
    new_start = START + timedelta(days=7)
    services.booking_reschedule(
        booking=confirmed, new_start=new_start, now=START - timedelta(hours=2), by="practitioner"
    )
    assert notifications.send_due_reminders(now=new_start - timedelta(hours=1)) == 1
    run_worker()
    assert len(reminders()) == 2


# The periodic jobs ------------------------------------------------------------------------


def test_the_periodic_jobs_are_scheduled():
    scheduled = dict(settings.PERIODIC_TASKS)
    assert scheduled["bookings.tasks.expire_holds"] <= 60
    assert scheduled["bookings.tasks.send_due_reminders"] <= 300
    assert import_string("bookings.tasks.expire_holds") is tasks.expire_holds
    assert import_string("bookings.tasks.send_due_reminders") is tasks.send_due_reminders


def test_the_expiry_job_marks_holds_that_ran_out(make_booking, client_user, service, run_worker):
    stale = make_booking(
        client=client_user,
        service=service,
        start=timezone.now() + timedelta(days=3),
        status="held",
        hold_expires_at=timezone.now() - timedelta(minutes=1),
    )
    tasks.expire_holds.enqueue()
    run_worker()
    stale.refresh_from_db()
    assert stale.status == Booking.Status.EXPIRED
