"""E-mails about bookings, through the outbox (practice/mail.py).

The domain functions call the `booking_*` functions here inside their transaction; those render
the e-mail from the booking as it is then and put it in the outbox in the same transaction, so
a committed change always has its e-mail and a rolled-back one never does. Each e-mail's key
names the booking, the kind and the occasion, so the same news is never sent twice.

Subjects and calendar titles stay neutral: a date and a time, no service name, nothing that
says what the appointment is about (inboxes and calendars are often seen by others).
"""

import secrets
from datetime import UTC, datetime
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.db import models, transaction
from django.urls import reverse

from bookings import hooks
from bookings.calendar_links import (
    LOCATION,
    booking_url,
    calendar_links,
    event_details,
    ics_path,
)
from bookings.conf import reminder_lead
from bookings.models import Booking
from bookings.timezones import when
from practice.mail import Attachment, outgoing_email_queue
from practice.models import PracticeDetails
from practice.zones import zone_label


class Kind(models.TextChoices):
    """Which e-mail about a booking (also its template's name under emails/)."""

    CONFIRMED = "confirmed"
    REMINDER = "reminder"
    RESCHEDULED = "rescheduled"
    CANCELLED = "cancelled"
    PRACTITIONER_NEW = "practitioner_new"
    PRACTITIONER_CANCELLED = "practitioner_cancelled"
    # The practitioner moved a booking still on hold (bookings/desk.py): no calendar file yet.
    HOLD_MOVED = "desk_hold_moved"


def booking_confirmed(booking: Booking, *, tell_practitioner: bool = True) -> None:
    _queue(booking.pk, Kind.CONFIRMED)
    if tell_practitioner:
        _queue(booking.pk, Kind.PRACTITIONER_NEW)


def booking_rescheduled(booking: Booking, *, previous_start: datetime, note: str = "") -> None:
    """`note`: a word from the practitioner when she moved it (bookings/desk.py)."""
    _queue(booking.pk, Kind.RESCHEDULED, previous_start=previous_start, note=note)


def booking_hold_moved(booking: Booking, *, previous_start: datetime, note: str = "") -> None:
    _queue(booking.pk, Kind.HOLD_MOVED, previous_start=previous_start, note=note)


def booking_cancelled(booking: Booking) -> None:
    _queue(booking.pk, Kind.CANCELLED)
    _queue(booking.pk, Kind.PRACTITIONER_CANCELLED)


def booking_confirmation_resent(booking: Booking) -> None:
    """The client's confirmation once more, asked for by the practitioner: a new e-mail each
    time she asks."""
    _queue(booking.pk, Kind.CONFIRMED, occasion=f"resent-{secrets.token_hex(8)}")


def appointment_title(practice_name: str) -> str:
    return f"Appointment with {practice_name}"


def calendar_uid(booking: Booking) -> str:
    """The booking's event's identity in a calendar, the same in the client's .ics e-mails (each
    one updates the event the last one added) and in the practitioner's feed."""
    return f"{booking.reference}@{urlsplit(settings.SITE_URL).netloc}"


def calendar_file(booking: Booking, *, title: str, cancelled: bool = False) -> bytes:
    """An iCalendar file for the booking, its times in the client's zone (with a VTIMEZONE)."""
    tz = booking.client_tz
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Quiet Harbour Therapy//Bookings//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = icalendar.Event()
    event.add("uid", calendar_uid(booking))
    event.add("dtstamp", booking.updated_at or datetime.now(UTC))
    event.add("dtstart", booking.start.astimezone(tz))
    event.add("dtend", booking.end.astimezone(tz))
    event.add("summary", title)
    event.add("location", LOCATION)
    event.add("description", event_details(booking))
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
    receipt = {} if for_practitioner else hooks.booking_receipt(booking)
    return {
        "booking": booking,
        "amount_paid": receipt.get("amount_paid"),
        "receipt_url": settings.SITE_URL + receipt["path"] if receipt else None,
        "paid_outside": receipt.get("paid_outside", False),
        "practice": practice,
        "when": when(booking.start, tz),
        "zone": zone_label(zone, at=booking.start),
        "booking_url": booking_url(booking),
        "site_url": settings.SITE_URL,
        "calendar_links": calendar_links(booking, title=title),
        "ics_url": settings.SITE_URL + ics_path(booking),
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
        Kind.HOLD_MOVED: f"The time held for you has moved to {moment}",
    }[kind]


def _key(booking: Booking, kind: str, occasion: str) -> str:
    """The name of one logical e-mail: queued twice, it is still sent once."""
    parts = ["booking", str(booking.pk), kind]
    if kind in (Kind.RESCHEDULED, Kind.REMINDER, Kind.HOLD_MOVED):
        # Each move gets its notice, and each time its reminder.
        parts.append(f"time-{booking.times_rescheduled}")
    if occasion:
        parts.append(occasion)
    return ":".join(parts)


def _queue(
    booking_id: int,
    kind: str,
    *,
    occasion: str = "",
    previous_start: datetime | None = None,
    note: str = "",
) -> None:
    """Render one e-mail about a booking and put it in the outbox."""
    booking = Booking.objects.select_related("client", "practitioner__user", "service").get(
        pk=booking_id
    )
    for_practitioner = kind.startswith("practitioner_")
    practice = PracticeDetails.load()
    context = _context(booking, practice, for_practitioner=for_practitioner)
    if previous_start:
        context["previous_when"] = when(previous_start, booking.client_tz)
    context["note"] = note
    recipient = booking.practitioner.user if for_practitioner else booking.client
    attachments = []
    if kind in (Kind.CONFIRMED, Kind.RESCHEDULED, Kind.CANCELLED):
        cancelled = kind == Kind.CANCELLED
        ics = calendar_file(booking, title=context["title"], cancelled=cancelled)
        method = "CANCEL" if cancelled else "PUBLISH"
        attachments.append(
            Attachment(
                "appointment.ics", ics.decode(), f"text/calendar; method={method}; charset=UTF-8"
            )
        )
    outgoing_email_queue(
        key=_key(booking, kind, occasion),
        to=recipient.email,
        recipient=recipient,
        subject=_subject(kind, context),
        template=f"emails/{kind}",
        context=context,
        attachments=attachments,
    )


def send_due_reminders(*, now: datetime) -> int:
    """Queue the reminder of each confirmed booking starting within the reminder lead time.

    Driven by state, not by a job scheduled per booking: whatever the worker missed while it
    was down is still due when it comes back, as long as the session has not started. Each
    reminder is claimed with a conditional UPDATE and put in the outbox in one transaction, so
    it goes out once even with several workers. Returns how many were queued.
    """
    due = Booking.objects.filter(
        status=Booking.Status.CONFIRMED,
        reminder_sent_at__isnull=True,
        start__gt=now,
        start__lte=now + reminder_lead(),
    ).values_list("pk", flat=True)
    queued = 0
    for booking_id in list(due):
        with transaction.atomic():
            claimed = Booking.objects.filter(
                pk=booking_id,
                status=Booking.Status.CONFIRMED,
                reminder_sent_at__isnull=True,
                start__gt=now,
            ).update(reminder_sent_at=now)
            if claimed:
                _queue(booking_id, Kind.REMINDER)
                queued += 1
    return queued
