"""What goes wrong in a booking that the client can understand and act on."""

from bookings.policy import Outcome
from practice.errors import MessageError


class BookingError(MessageError):
    """Something about a booking the client can understand and act on."""


class SlotTaken(BookingError):
    message = "Sorry — this time was just taken."


class SlotUnavailable(BookingError):
    message = "Sorry — that time is not available. Please choose another."


class PolicyRefused(BookingError):
    def __init__(self, outcome: Outcome, message: str):
        self.outcome = outcome
        super().__init__(message)


class InvalidState(BookingError):
    pass


class NotPaid(BookingError):
    """A paid booking is confirmed by its payment, never without one."""

    message = "This session is confirmed once it is paid for."


class HoldRefused(BookingError):
    """The hold limits refuse this hold; `booking` is the client's hold to go to, if any."""

    def __init__(self, message: str, *, booking=None):
        self.booking = booking
        super().__init__(message)
