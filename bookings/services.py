"""The booking life cycle's door: hold, extend, confirm, expire, cancel, reschedule, complete.

Every function takes keyword-only arguments and the current time as `now`, runs in one
transaction and returns domain objects. Errors the client can act on are `BookingError`s with a
message fit to show them. They live by flow: holds (bookings/holds.py), confirming and finishing
(bookings/lifecycle.py), cancelling and moving (bookings/changes.py), all guarded against
double booking by bookings/guards.py; the other apps call them through this module.
"""

from bookings.changes import (
    booking_cancel,
    booking_reschedule,
    cancellation_preview,
    reschedule_preview,
)
from bookings.errors import (
    BookingError,
    HoldRefused,
    InvalidState,
    NotPaid,
    PolicyRefused,
    SlotTaken,
    SlotUnavailable,
)
from bookings.holds import booking_expire_holds, booking_extend_hold, booking_hold
from bookings.lifecycle import (
    amount_due,
    booking_confirm,
    booking_mark_completed,
    booking_mark_no_show,
    is_paid_for,
)

__all__ = [
    "BookingError",
    "HoldRefused",
    "InvalidState",
    "NotPaid",
    "PolicyRefused",
    "SlotTaken",
    "SlotUnavailable",
    "amount_due",
    "booking_cancel",
    "booking_confirm",
    "booking_expire_holds",
    "booking_extend_hold",
    "booking_hold",
    "booking_mark_completed",
    "booking_mark_no_show",
    "booking_reschedule",
    "cancellation_preview",
    "is_paid_for",
    "reschedule_preview",
]
