"""The practitioner's private calendar feed, /calendar/<token>.ics.

Google, Apple and Outlook calendars subscribe to it, so its address is its only key: a long
random token, compared in constant time, that she can replace in the admin (the old address
then gives 404). Events say "Client session" and the booking reference, nothing more: calendars
are often shared or seen on a locked phone's screen, so no names, services or health data.
"""

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

import icalendar
from django.conf import settings
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from bookings.models import Booking, Practitioner, new_calendar_token
from bookings.notifications import calendar_uid
from practice.models import PracticeDetails

# Sessions further back than this drop out of the feed; calendars keep what they saw.
FEED_PAST = timedelta(days=90)


@dataclass(frozen=True)
class FeedEvent:
    uid: str
    start: datetime
    end: datetime
    summary: str
    description: str
    url: str
    sequence: int
    stamp: datetime


def feed_ics(*, name: str, events: Iterable[FeedEvent]) -> bytes:
    """An iCalendar feed (times in UTC) that calendar apps can subscribe to."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Quiet Harbour Therapy//Practitioner calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    # A hint for how often to fetch it again (Apple and Outlook read these; Google decides alone).
    calendar.add("refresh-interval", timedelta(minutes=15), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT15M")
    for item in events:
        event = icalendar.Event()
        event.add("uid", item.uid)
        event.add("dtstamp", item.stamp)
        event.add("dtstart", item.start)
        event.add("dtend", item.end)
        event.add("summary", item.summary)
        event.add("description", item.description)
        event.add("url", item.url)
        event.add("sequence", item.sequence)
        event.add("status", "CONFIRMED")
        event.add("transp", "OPAQUE")
        calendar.add_component(event)
    return calendar.to_ical()


def calendar_token_renew(*, practitioner: Practitioner) -> Practitioner:
    """Give `practitioner` a new feed address; the old one stops working at once."""
    practitioner.calendar_token = new_calendar_token()
    practitioner.full_clean()
    practitioner.save(update_fields=["calendar_token"])
    return practitioner


def calendar_feed_url(practitioner: Practitioner) -> str:
    return settings.SITE_URL + reverse(
        "bookings:calendar-feed", kwargs={"token": practitioner.calendar_token}
    )


def feed_events(*, practitioner: Practitioner, now: datetime) -> list[FeedEvent]:
    """The practitioner's confirmed sessions from `FEED_PAST` ago on, as neutral events."""
    bookings = Booking.objects.filter(
        practitioner=practitioner,
        status=Booking.Status.CONFIRMED,
        end__gt=now - FEED_PAST,
    ).order_by("start", "pk")
    return [
        FeedEvent(
            uid=calendar_uid(booking),
            start=booking.start,
            end=booking.end,
            summary=f"Client session ({booking.reference})",
            description="Details in your practice admin: "
            + settings.SITE_URL
            + reverse("admin:bookings_booking_change", args=[booking.pk]),
            url=settings.SITE_URL + reverse("admin:bookings_booking_change", args=[booking.pk]),
            sequence=booking.times_rescheduled,
            stamp=booking.updated_at,
        )
        for booking in bookings
    ]


@require_GET
def calendar_feed(request, token: str):
    practitioner = Practitioner.objects.filter(calendar_token=token).first()
    # The lookup finds the row; the comparison that decides is constant-time.
    if practitioner is None or not secrets.compare_digest(
        practitioner.calendar_token.encode(), token.encode()
    ):
        raise Http404("No such calendar.")
    name = f"{PracticeDetails.load().name} sessions"
    body = feed_ics(name=name, events=feed_events(practitioner=practitioner, now=timezone.now()))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="sessions.ics"'
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
