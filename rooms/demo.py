"""Demo data for `manage.py seed_demo`: "How clients join sessions" (a Jitsi room for each
booking, on the site's default server) and the room of each confirmed demo booking.

The demo bookings are written directly (bookings/demo.py); each confirmed one still to come
gets its room from `room_create`, the very function a booking's confirmation calls.
Idempotent: a booking that has a room keeps it.
"""

from datetime import datetime

from bookings.models import Booking
from practice.demo import CLIENT_EMAIL, row_seed
from rooms.models import RoomSettings
from rooms.services import room_create


def seed(*, now: datetime, stdout) -> None:
    row_seed(RoomSettings, singleton=True, values={})
    confirmed = Booking.objects.filter(
        client__email=CLIENT_EMAIL, status=Booking.Status.CONFIRMED, end__gt=now
    )
    for booking in confirmed:
        room_create(booking=booking, now=booking.confirmed_at or now)
    stdout.write("Rooms: each confirmed demo booking has its own session room.")
