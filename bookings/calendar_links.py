"""Links that add a confirmed booking to the client's calendar: Google's and Outlook's "new
event" pages, filled in from the booking. Plain links to the providers: nothing is loaded from
them on our pages; they open only when she clicks one.

The event says what the e-mail's .ics says (bookings/notifications.py): a neutral title, the
session's times in UTC, and the booking page's address, never the video room (calendars are
often shared) nor anything about what the session is for.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse

from bookings.models import Booking

LOCATION = "Online (video)"


def booking_url(booking: Booking) -> str:
    return settings.SITE_URL + booking.get_absolute_url()


def ics_path(booking: Booking) -> str:
    """Where she downloads the e-mail's .ics attachment again (client_area/booking_urls.py)."""
    return reverse("bookings:booking-ics", kwargs={"reference": booking.reference})


def event_details(booking: Booking) -> str:
    return f"Your booking: {booking_url(booking)}"


@dataclass(frozen=True)
class CalendarLinks:
    google: str
    outlook: str


def calendar_links(booking: Booking, *, title: str) -> CalendarLinks:
    def google_time(moment: datetime) -> str:
        return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")

    def outlook_time(moment: datetime) -> str:
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    details = event_details(booking)
    google = {
        "action": "TEMPLATE",
        "text": title,
        "dates": f"{google_time(booking.start)}/{google_time(booking.end)}",
        "details": details,
        "location": LOCATION,
    }
    outlook = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": title,
        "startdt": outlook_time(booking.start),
        "enddt": outlook_time(booking.end),
        "body": details,
        "location": LOCATION,
    }
    return CalendarLinks(
        google=f"https://calendar.google.com/calendar/render?{urlencode(google)}",
        outlook=f"https://outlook.live.com/calendar/0/deeplink/compose?{urlencode(outlook)}",
    )
