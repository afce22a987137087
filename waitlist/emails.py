"""The offer e-mail, through the outbox (practice/mail.py), in the offer's transaction.

Its subject is a date and a time only: never the service, nor anything that says what the
appointment is about (inboxes are often seen by others).
"""

from django.conf import settings
from django.urls import reverse

from bookings.calendar_links import booking_url
from bookings.timezones import when
from practice.mail import outgoing_email_queue
from practice.models import PracticeDetails
from practice.zones import clock_time, zone_label
from waitlist.models import Offer


def offer_subject(offer: Offer) -> str:
    return (
        f"A time you were waiting for is free: {when(offer.booking.start, offer.booking.client_tz)}"
    )


def offer_email_queue(offer: Offer) -> None:
    """Tell her of the time held for her: when (in her zone, named), until when it is hers,
    and the link to her booking page, where she books it or says "No thanks". Once per offer."""
    booking = offer.booking
    tz = booking.client_tz
    client = offer.entry.client
    outgoing_email_queue(
        key=f"waitlist:offer:{offer.pk}",
        to=client.email,
        recipient=client,
        subject=offer_subject(offer),
        template="emails/waitlist_offer",
        context={
            "client": client,
            "booking": booking,
            "when": when(booking.start, tz),
            "zone": zone_label(booking.client_time_zone, at=booking.start),
            "until": when(offer.until, tz),
            "until_time": clock_time(offer.until.astimezone(tz)),
            "booking_url": booking_url(booking),
            "my_url": settings.SITE_URL + reverse("clients:my-account"),
            "practice": PracticeDetails.load(),
            "site_url": settings.SITE_URL,
        },
    )
