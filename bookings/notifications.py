"""E-mails about bookings, sent by the task worker.

The domain functions call the `booking_*` functions here inside their transaction; those only
enqueue a task once the transaction commits, so a rolled-back change never sends anything. The
task renders the e-mail from the booking as it is when it runs.

Subjects and calendar titles stay neutral: a date and a time, no service name, nothing that
says what the appointment is about (inboxes and calendars are often seen by others).
"""

from datetime import UTC, datetime
from urllib.parse import urlencode

import icalendar
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from bookings.conf import reminder_lead
from bookings.models import Booking
from bookings.timezones import when, zone_label
from practice.models import PracticeDetails


class Kind:
    CONFIRMED = "confirmed"
    REMINDER = "reminder"
    RESCHEDULED = "rescheduled"
    CANCELLED = "cancelled"
    PRACTITIONER_NEW = "practitioner_new"
    PRACTITIONER_CANCELLED = "practitioner_cancelled"


def _enqueue(booking: Booking, kind: str, **kwargs) -> None:
    from bookings.tasks import send_booking_email

    booking_id = booking.pk
    transaction.on_commit(lambda: send_booking_email.enqueue(booking_id, kind, **kwargs))


def booking_confirmed(booking: Booking) -> None:
    _enqueue(booking, Kind.CONFIRMED)
    _enqueue(booking, Kind.PRACTITIONER_NEW)


def booking_rescheduled(booking: Booking, *, previous_start: datetime) -> None:
    _enqueue(booking, Kind.RESCHEDULED, previous_start=previous_start.isoformat())


def booking_cancelled(booking: Booking) -> None:
    _enqueue(booking, Kind.CANCELLED)
    _enqueue(booking, Kind.PRACTITIONER_CANCELLED)


def appointment_title(practice_name: str) -> str:
    return f"Appointment with {practice_name}"


def booking_url(booking: Booking) -> str:
    return settings.SITE_URL + booking.get_absolute_url()


def google_calendar_link(booking: Booking, *, title: str) -> str:
    def stamp(moment: datetime) -> str:
        return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")

    query = urlencode(
        {
            "action": "TEMPLATE",
            "text": title,
            "dates": f"{stamp(booking.start)}/{stamp(booking.end)}",
            "details": f"Online session. Your booking: {booking_url(booking)}",
            "location": "Online (video)",
        }
    )
    return f"https://calendar.google.com/calendar/render?{query}"


def calendar_file(booking: Booking, *, title: str, cancelled: bool = False) -> bytes:
    """An iCalendar file for the booking, its times in the client's zone (with a VTIMEZONE)."""
    tz = booking.client_tz
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Quiet Harbour Therapy//Bookings//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = icalendar.Event()
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0]
    event.add("uid", f"{booking.reference}@{host}")
    event.add("dtstamp", booking.updated_at or datetime.now(UTC))
    event.add("dtstart", booking.start.astimezone(tz))
    event.add("dtend", booking.end.astimezone(tz))
    event.add("summary", title)
    event.add("location", "Online (video)")
    event.add("description", f"Your booking: {booking_url(booking)}")
    event.add("url", booking_url(booking))
    # Each move (and the cancellation) supersedes the copy a calendar already has.
    event.add("sequence", booking.times_rescheduled + (1 if cancelled else 0))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _context(booking: Booking, practice: PracticeDetails, *, for_practitioner: bool) -> dict:
    tz = booking.practitioner.tz if for_practitioner else booking.client_tz
    zone = booking.practitioner.time_zone if for_practitioner else booking.client_time_zone
    title = appointment_title(practice.name)
    return {
        "booking": booking,
        "practice": practice,
        "when": when(booking.start, tz),
        "zone": zone_label(zone),
        "booking_url": booking_url(booking),
        "site_url": settings.SITE_URL,
        "google_link": google_calendar_link(booking, title=title),
        "title": title,
        "admin_url": settings.SITE_URL
        + reverse("admin:bookings_booking_change", args=[booking.pk]),
    }


def _subject(kind: str, context: dict) -> str:
    moment = context["when"]
    return {
        Kind.CONFIRMED: f"Your appointment on {moment}",
        Kind.REMINDER: f"Reminder: your appointment on {moment}",
        Kind.RESCHEDULED: f"Your appointment has moved to {moment}",
        Kind.CANCELLED: f"Your appointment on {moment} is cancelled",
        Kind.PRACTITIONER_NEW: f"New booking: {moment}",
        Kind.PRACTITIONER_CANCELLED: f"Cancelled booking: {moment}",
    }[kind]


def send(booking_id: int, kind: str, *, previous_start: str | None = None) -> bool:
    """Render and send one e-mail about a booking; False when there is nothing to send."""
    booking = (
        Booking.objects.select_related("client", "practitioner__user", "service")
        .filter(pk=booking_id)
        .first()
    )
    if booking is None:
        return False
    for_practitioner = kind.startswith("practitioner_")
    if not for_practitioner and not booking.client.is_active:
        # An erased account: its address is a placeholder now, and the deletion e-mail has
        # already told the client which sessions were cancelled.
        return False
    practice = PracticeDetails.load()
    context = _context(booking, practice, for_practitioner=for_practitioner)
    if previous_start:
        context["previous_when"] = when(datetime.fromisoformat(previous_start), booking.client_tz)
    recipient = booking.practitioner.user.email if for_practitioner else booking.client.email
    message = EmailMultiAlternatives(
        subject=_subject(kind, context),
        body=render_to_string(f"emails/{kind}.txt", context),
        to=[recipient],
    )
    message.attach_alternative(render_to_string(f"emails/{kind}.html", context), "text/html")
    if kind in (Kind.CONFIRMED, Kind.RESCHEDULED, Kind.CANCELLED):
        cancelled = kind == Kind.CANCELLED
        message.attach(
            "appointment.ics",
            calendar_file(booking, title=context["title"], cancelled=cancelled),
            f"text/calendar; method={'CANCEL' if cancelled else 'PUBLISH'}; charset=UTF-8",
        )
    message.send()
    return True


def send_due_reminders(*, now: datetime) -> int:
    """Send the reminder of each confirmed booking starting within the reminder lead time.

    Driven by state, not by a job scheduled per booking: whatever the worker missed while it
    was down is still due when it comes back, as long as the session has not started. Each
    reminder is claimed with a conditional UPDATE first, so it goes out once even with several
    workers; a failed send rolls the claim back and is tried again on the next run.
    """
    due = Booking.objects.filter(
        status=Booking.Status.CONFIRMED,
        reminder_sent_at__isnull=True,
        start__gt=now,
        start__lte=now + reminder_lead(),
    ).values_list("pk", flat=True)
    sent = 0
    for booking_id in list(due):
        with transaction.atomic():
            claimed = Booking.objects.filter(
                pk=booking_id,
                status=Booking.Status.CONFIRMED,
                reminder_sent_at__isnull=True,
                start__gt=now,
            ).update(reminder_sent_at=now)
            if claimed and send(booking_id, Kind.REMINDER):
                sent += 1
    return sent
