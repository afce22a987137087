"""Her recordings on the booking page of the session they were made after (a part of the page
that bookings asks for through hooks.booking_page_panels)."""

from django.template.loader import render_to_string

from aftercare.progress import client_recordings


def booking_recordings_panel(*, request, booking, now, tz) -> str:
    """The recordings made for her after `booking`, with where each plan stands; "" if none."""
    recordings = client_recordings(client=booking.client, booking=booking, now=now)
    if not recordings:
        return ""
    return render_to_string(
        "aftercare/_booking_panel.html", {"recordings": recordings}, request=request
    )
