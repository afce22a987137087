"""A booking's room through its life: made when the booking is confirmed, kept when it moves,
deleted when it is cancelled, renamed when the practitioner asks for a new one.

`room_create` and `room_delete` run inside bookings' own transactions (registered in
bookings/hooks.py by rooms/registrations.py), so a confirmation or cancellation that rolls back
leaves the room as it was. Moving a booking touches nothing here: the room stays the same.
"""

from datetime import datetime

from django.db import transaction

from bookings.errors import InvalidState
from bookings.models import Booking
from rooms.joining import own_link
from rooms.models import Room, new_room_name

NOT_CONFIRMED_MESSAGE = "Only a confirmed booking has a session room."
OWN_LINK_MESSAGE = (
    "This session's clients join your own meeting link for its service, so a new room would "
    "change nothing. Change the link in How clients join sessions instead."
)


def room_create(*, booking: Booking, now: datetime) -> Room:
    """Give a booking that has just been confirmed its own room (`confirmation_hooks`).

    Idempotent: a booking that has a room keeps it.
    """
    room, _ = Room.objects.get_or_create(booking=booking, defaults={"created_at": now})
    return room


def room_delete(*, booking: Booking, **_outcome) -> None:
    """A cancelled booking has no room any more (`cancellation_hooks`, which also pass the
    policy's `outcome`: nothing here depends on it)."""
    Room.objects.filter(booking=booking).delete()


def room_ensure(*, booking: Booking, now: datetime) -> Room:
    """The confirmed booking's room, made now should it have none (a booking confirmed before
    rooms existed and not reached by their migration): joining never fails for want of one."""
    if booking.status != Booking.Status.CONFIRMED:
        raise InvalidState(NOT_CONFIRMED_MESSAGE)
    existing = Room.objects.filter(booking=booking).first()
    if existing is not None:
        existing.booking = booking
        return existing
    with transaction.atomic(durable=True):
        return room_create(booking=_confirmed(booking), now=now)


def room_renew(*, booking: Booking, now: datetime) -> Room:
    """Give a confirmed booking a new room, asked for by the practitioner: a new name, so the
    old room is never used from our links again. Refused (`InvalidState`) for a booking whose
    clients join her own link for its service: that link is hers to change."""
    with transaction.atomic(durable=True):
        booking = _confirmed(booking)
        if own_link(booking.service_id) is not None:
            raise InvalidState(OWN_LINK_MESSAGE)
        room, created = Room.objects.select_for_update().get_or_create(
            booking=booking, defaults={"created_at": now}
        )
        if not created:
            room.name = new_room_name()
            room.renewed_at = now
            room.save(update_fields=["name", "renewed_at"])
    return room


def _confirmed(booking: Booking) -> Booking:
    """The booking locked for this change, refused unless it is still confirmed."""
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.status != Booking.Status.CONFIRMED:
        raise InvalidState(NOT_CONFIRMED_MESSAGE)
    return booking
