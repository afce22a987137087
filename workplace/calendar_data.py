"""Reads for the practitioner's calendar: what it shows of her, within a window of instants.

A fixed number of queries whatever the number of bookings, time off, extra hours or busy
times: each kind is read once, within the window, with what it shows joined in.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.urls import reverse

from bookings.models import (
    Booking,
    BusyTime,
    ExtraAvailability,
    Practitioner,
    TimeOff,
    WorkingHours,
)
from bookings.slots import Interval
from rooms.joining import join_path
from workplace.calendar import Entry, Shown
from workplace.dashboard import SHOWN_STATUSES, booking_admin_url

BUSY_TITLE = "Busy (your calendar)"


def client_name(user) -> str:
    """What the client asked to be called: her first name, and her last name if she gave one."""
    return user.get_full_name()


def booking_entry(
    booking: Booking, *, today: date | None = None, tz: ZoneInfo | None = None
) -> Entry:
    """A booking on the calendar; confirmed and on `today` (in `tz`), with a link to join it."""
    status_label = booking.get_status_display()
    if booking.status == Booking.Status.HELD:
        status_label = "Held (not paid yet)"
    join = (
        booking.status == Booking.Status.CONFIRMED
        and today is not None
        and booking.start.astimezone(tz).date() == today
    )
    client = booking.client
    return Entry(
        key=booking.reference,
        kind=Entry.BOOKING,
        start=booking.start,
        end=booking.end,
        title=client_name(client) or client.email,
        email=client.email,
        detail=booking.service.name,
        pk=booking.pk,
        status=booking.status,
        status_label=status_label,
        url=booking_admin_url(booking.pk),
        flagged=booking.needs_conversation,
        join_url=join_path(booking) if join else "",
    )


def _own_entry(row, *, kind: str, key: str, title: str, detail: str, edit_view: str) -> Entry:
    """Time off or extra hours on the calendar (`row`), linking to its own page (`edit_view`)."""
    return Entry(
        key=f"{key}-{row.pk}",
        kind=kind,
        start=row.start,
        end=row.end,
        title=title,
        detail=detail,
        pk=row.pk,
        url=reverse(edit_view, args=[row.pk]),
    )


def time_off_entry(time_off: TimeOff) -> Entry:
    return _own_entry(
        time_off,
        kind=Entry.TIME_OFF,
        key="time-off",
        title="Time off",
        detail=time_off.reason,
        edit_view="admin:bookings_booking_time_off_edit",
    )


def extra_entry(extra: ExtraAvailability) -> Entry:
    return _own_entry(
        extra,
        kind=Entry.EXTRA,
        key="extra",
        title="Extra hours",
        detail=extra.note,
        edit_view="admin:bookings_booking_extra_edit",
    )


def busy_entry(busy: BusyTime) -> Entry:
    # Only the interval is known: her calendars' titles are never fetched into the site.
    return Entry(
        key=f"busy-{busy.pk}", kind=Entry.BUSY, start=busy.start, end=busy.end, title=BUSY_TITLE
    )


def calendar_data(
    *,
    practitioner: Practitioner,
    window: Interval,
    now: datetime,
    show_cancelled: bool = False,
) -> Shown:
    """What the calendar shows of `practitioner` within `window`, on her clocks (five queries)."""
    statuses = [*SHOWN_STATUSES, Booking.Status.CANCELLED] if show_cancelled else SHOWN_STATUSES
    bookings = (
        Booking.objects.filter(practitioner=practitioner, status__in=statuses)
        .overlapping(window)
        # A hold that ran out frees its time at once: it is not on the calendar.
        .without_stale_holds(now=now)
        .select_related("service")
        # Her clients apart, by their keys: joined, PostgreSQL may read every client.
        .prefetch_related("client")
        .order_by("start", "pk")
    )
    extra = ExtraAvailability.objects.filter(practitioner=practitioner).overlapping(window)
    time_off = TimeOff.objects.filter(practitioner=practitioner).overlapping(window)
    busy = BusyTime.objects.filter(practitioner=practitioner).overlapping(window)
    tz = practitioner.tz
    today = now.astimezone(tz).date()
    bookings = list(bookings)
    return Shown(
        tz=tz,
        today=today,
        now=now,
        hours=tuple(
            h.as_weekly_hours() for h in WorkingHours.objects.filter(practitioner=practitioner)
        ),
        extra=tuple(extra_entry(e) for e in extra),
        time_off=tuple(time_off_entry(t) for t in time_off),
        busy=tuple(busy_entry(b) for b in busy),
        bookings=tuple(booking_entry(b, today=today, tz=tz) for b in bookings),
        holds_end=min(
            (
                b.hold_expires_at
                for b in bookings
                if b.status == Booking.Status.HELD and b.hold_expires_at
            ),
            default=None,
        ),
    )
