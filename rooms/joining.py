"""When a client may join her session, and where her room is.

The window opens `JOIN_OPENS_BEFORE` the start and closes at the end; the practitioner may
join at any time. Where the room is depends on the practitioner's choice (`RoomSettings`): on
a Jitsi server, `<base URL>/<the room's name>`; with her own links, the service's link, or a
Jitsi room for a service without one.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from django.urls import reverse

from bookings.models import Booking
from bookings.timezones import when
from practice.zones import clock_time, utc_offset_label, zone_place
from rooms.models import Room, RoomSettings, ServiceRoomLink

# Also said in the e-mails (templates/emails/_details.*): "10 minutes before the start".
JOIN_OPENS_BEFORE = timedelta(minutes=10)


class JoinState(StrEnum):
    NOT_YET = "not_yet"
    OPEN = "open"
    OVER = "over"


def join_opens_at(booking: Booking) -> datetime:
    return booking.start - JOIN_OPENS_BEFORE


def join_state(booking: Booking, *, now: datetime) -> JoinState:
    """Where `now` is against the booking's window: [start - 10 minutes, end)."""
    if now < join_opens_at(booking):
        return JoinState.NOT_YET
    if now >= booking.end:
        return JoinState.OVER
    return JoinState.OPEN


def can_join(booking: Booking, *, now: datetime) -> bool:
    """Whether its client may join it now: confirmed, and within its window."""
    return (
        booking.status == Booking.Status.CONFIRMED
        and join_state(booking, now=now) == JoinState.OPEN
    )


def joinable_ids(bookings: Iterable[Booking], *, now: datetime) -> set[int]:
    """Those of `bookings` their client may join now (for a list such as /my/)."""
    return {booking.pk for booking in bookings if can_join(booking, now=now)}


def join_path(booking: Booking) -> str:
    """Our own address for joining: the room's is never on a page or in an e-mail."""
    return reverse("rooms:join", kwargs={"reference": booking.reference})


def zone_time_name(zone: str, *, at: datetime) -> str:
    """ "New York time", or the offset ("UTC+5") for a zone that is only one."""
    city, _ = zone_place(zone)
    if city:
        return f"{city} time"
    return utc_offset_label(at.astimezone(ZoneInfo(zone)).utcoffset())


def opens_phrase(booking: Booking, *, zone: str, now: datetime) -> str:
    """When its room opens, in `zone`: "at 2:50 pm (New York time)" on the day itself, else
    "on Friday 6 June at 2:50 pm (New York time)"."""
    tz = ZoneInfo(zone)
    opens = join_opens_at(booking)
    local = opens.astimezone(tz)
    moment = (
        f"at {clock_time(local)}"
        if local.date() == now.astimezone(tz).date()
        else f"on {when(opens, tz)}"
    )
    return f"{moment} ({zone_time_name(zone, at=opens)})"


def not_yet_message(booking: Booking, *, zone: str, now: datetime) -> str:
    minutes = int(JOIN_OPENS_BEFORE.total_seconds() // 60)
    return (
        f"Your room opens {opens_phrase(booking, zone=zone, now=now)}, {minutes} minutes "
        "before your session starts. Please come back to this page then: the Join session "
        "button will be here."
    )


OVER_MESSAGE = "This session has ended, so its room is closed."


def own_link(service_id: int, *, room_settings: RoomSettings | None = None) -> str | None:
    """The practitioner's own meeting link for the service, when she chose her own links and
    gave this service one; else None (its bookings each have a Jitsi room)."""
    room_settings = room_settings or RoomSettings.load()
    if room_settings.provider != RoomSettings.Provider.OWN_LINK:
        return None
    link = ServiceRoomLink.objects.filter(service_id=service_id).first()
    return link.url if link is not None else None


def room_url(room: Room) -> str:
    """The provider's address of `room`: never shown, only redirected to (rooms/views.py)."""
    room_settings = RoomSettings.load()
    link = own_link(room.booking.service_id, room_settings=room_settings)
    return link or f"{room_settings.base_url}/{room.name}"
