"""What the practitioner does to one booking from her desk, beyond cancelling: mark it
completed or missed, send its confirmation again, or give it a new session room. The list's
actions and the buttons on a booking's page both use these."""

from bookings import notifications, services
from bookings.models import Booking
from rooms.services import room_renew

NEW_ROOM_DONE = (
    "This session has a new private room. The client joins it from her booking page as before; "
    "the old room is no longer used."
)


def confirmation_resend(*, booking: Booking) -> None:
    """E-mail the client their confirmation again (with the calendar file), after commit."""
    if booking.status != Booking.Status.CONFIRMED:
        raise services.InvalidState("Only a confirmed booking has a confirmation to send.")
    notifications.booking_confirmation_resent(booking)


QUICK_ACTIONS = {
    "completed": (services.booking_mark_completed, "Marked as completed."),
    "no_show": (services.booking_mark_no_show, "Marked as missed."),
    "resend": (
        lambda *, booking, now: confirmation_resend(booking=booking),
        "The confirmation is on its way to the client again.",
    ),
    "new_room": (room_renew, NEW_ROOM_DONE),
}
