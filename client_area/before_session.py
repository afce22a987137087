"""The booking page's "Before your session" part (bookings.hooks.booking_page_panels).

A booking the practitioner made for a client who phoned or wrote (bookings/desk.py) is
confirmed without the online consent gate: its client has not been online yet. Until the
session, its page asks her for what the gate would have: the policies the booking needs, in
their current versions, and the screening where the service needs it, on the booking's own
consent and screening steps (client_area/booking_steps.py). A booking the client made herself
has been through the gate, and shows nothing here.
"""

from django.template.loader import render_to_string

from bookings.booking_steps import booking_steps
from bookings.models import Booking
from bookings.policy import Actor


def before_session_panel(*, request, booking: Booking, now, tz) -> str:
    if booking.booked_by != Actor.PRACTITIONER or booking.status != Booking.Status.CONFIRMED:
        return ""
    if booking.start <= now:
        return ""
    steps = booking_steps(booking=booking, now=now)
    if steps.ready:
        return ""
    return render_to_string(
        "client_area/_before_session.html", {"booking": booking, "steps": steps}, request=request
    )
