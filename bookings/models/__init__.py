"""Practitioners and their hours, services and the cancellation policy, and bookings.

One module per noun; everything is importable from `bookings.models` as before (the migrations
name the default functions here too).
"""

from bookings.models.booking import Booking, BookingQuerySet, TsTzRange, held_by, new_reference
from bookings.models.busy import BusyTime, ExternalCalendar
from bookings.models.practitioner import (
    ExtraAvailability,
    Practitioner,
    TimeOff,
    WorkingHours,
    new_calendar_token,
)
from bookings.models.service import CancellationPolicy, Service, default_currency

__all__ = [
    "Booking",
    "BookingQuerySet",
    "BusyTime",
    "CancellationPolicy",
    "ExternalCalendar",
    "ExtraAvailability",
    "Practitioner",
    "Service",
    "TimeOff",
    "TsTzRange",
    "WorkingHours",
    "default_currency",
    "held_by",
    "new_calendar_token",
    "new_reference",
]
