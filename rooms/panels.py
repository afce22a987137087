"""The booking page's part about joining the session (bookings.hooks.booking_page_panels).

Only a confirmed booking has one: before its window, when the room opens (in the zone the page
shows); in it, the Join session button; after its end, nothing (there is nothing to join).
"""

from django.template.loader import render_to_string

from bookings.models import Booking
from rooms.joining import (
    JOIN_OPENS_BEFORE,
    JoinState,
    join_opens_at,
    join_path,
    join_state,
    opens_phrase,
)


def join_panel(*, request, booking: Booking, now, tz) -> str:
    if booking.status != Booking.Status.CONFIRMED:
        return ""
    state = join_state(booking, now=now)
    if state == JoinState.OVER:
        return ""
    context = {
        "booking": booking,
        "is_open": state == JoinState.OPEN,
        "minutes": int(JOIN_OPENS_BEFORE.total_seconds() // 60),
    }
    if state == JoinState.OPEN:
        context["join_url"] = join_path(booking)
    else:
        context["opens"] = opens_phrase(booking, zone=tz.key, now=now)
    return render_to_string("rooms/_join_panel.html", context, request=request)


def join_panel_change(*, booking: Booking, now):
    """When the panel changes by itself: the room opening (its end is the booking's own)."""
    return join_opens_at(booking) if booking.status == Booking.Status.CONFIRMED else None
