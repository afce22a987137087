"""Each confirmed booking's private video room, and how the practitioner's clients join.

- A `Room` belongs to one confirmed booking: an unguessable name (`new_room_name`, more than
  128 bits), unique in the database, so no two bookings ever share one. It is made when the
  booking is confirmed, kept when it moves, deleted when it is cancelled, and renamed when the
  practitioner asks for a new one (rooms/services.py).
- `RoomSettings` (one row, "How clients join sessions" in the admin): a Jitsi server, where
  each booking's room is `<base URL>/<its name>`, or her own fixed meeting link per service
  (`ServiceRoomLink`); a service without one of her links falls back to a Jitsi room.

Nobody ever sees a room's address on our pages or in e-mails: they link to the booking, and
/bookings/<reference>/join/ sends its client (signed in, at the right time) on to the room.
"""

import math
import secrets
import string

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q

from bookings.models import Booking, Service

# Lower-case letters and digits only: Jitsi folds room names to lower case, and such a name is
# safe in any URL path, e-mail or spreadsheet.
ROOM_NAME_ALPHABET = string.ascii_lowercase + string.digits
ROOM_NAME_LENGTH = 28
ROOM_NAME_BITS = ROOM_NAME_LENGTH * math.log2(len(ROOM_NAME_ALPHABET))  # about 144.8


def new_room_name() -> str:
    """28 random lower-case letters and digits (about 145 bits): unguessable."""
    return "".join(secrets.choice(ROOM_NAME_ALPHABET) for _ in range(ROOM_NAME_LENGTH))


def validate_https_url(value: str) -> None:
    """A secure web address (https), as every video provider's room has."""
    # A code of its own: the form's "Enter a valid URL." would replace an "invalid" one.
    URLValidator(
        schemes=["https"],
        message="Please enter an address that starts with https://.",
        code="not_https",
    )(value)


def validate_base_url(value: str) -> None:
    """A server's address to put room names after: https, without ?… or #… ."""
    validate_https_url(value)
    if "?" in value or "#" in value:
        raise ValidationError(
            "Please enter the server's address only, such as https://meet.jit.si, "
            "without anything after a ? or #.",
            code="not_a_server",
        )


class Room(models.Model):
    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="room")
    name = models.CharField(max_length=64, unique=True, default=new_room_name, editable=False)
    created_at = models.DateTimeField()
    # When the practitioner last gave the booking a new room (the old name stops working).
    renewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "session room"

    def __str__(self):
        return f"Session room of {self.booking.reference}"


class RoomSettings(models.Model):
    """How clients join their sessions (one row, edited by the practitioner in the admin)."""

    class Provider(models.TextChoices):
        JITSI = "jitsi", "Jitsi: a new private room for each booking"
        OWN_LINK = "own_link", "My own meeting link for each service"

    singleton = models.BooleanField(default=True, unique=True, editable=False)
    provider = models.CharField(
        "how clients join",
        max_length=16,
        choices=Provider.choices,
        default=Provider.JITSI,
        help_text="With Jitsi, each booking gets its own private room that nobody else can "
        "guess. With your own links, every client of a service joins the same room of yours "
        "(add the links below); a service without a link still gets a private Jitsi room.",
    )
    jitsi_base_url = models.URLField(
        "Jitsi server",
        max_length=200,
        blank=True,
        validators=[validate_base_url],
        help_text="Your own Jitsi server's address, or a hosted one. Leave it empty to use "
        "the site's default server.",
    )

    class Meta:
        verbose_name = "how clients join sessions"
        verbose_name_plural = "how clients join sessions"
        constraints = [
            models.CheckConstraint(condition=Q(singleton=True), name="room_settings_one"),
        ]

    def __str__(self):
        return "How clients join sessions"

    @classmethod
    def load(cls) -> "RoomSettings":
        return cls.objects.first() or cls()

    @property
    def base_url(self) -> str:
        """The Jitsi server rooms are made on: hers, else the site's (JITSI_BASE_URL)."""
        return (self.jitsi_base_url or settings.JITSI_BASE_URL).rstrip("/")


class ServiceRoomLink(models.Model):
    """The practitioner's own fixed meeting room for one service (used with OWN_LINK)."""

    room_settings = models.ForeignKey(
        RoomSettings, on_delete=models.CASCADE, related_name="service_links"
    )
    service = models.OneToOneField(Service, on_delete=models.CASCADE, related_name="room_link")
    url = models.URLField(
        "meeting link",
        max_length=500,
        validators=[validate_https_url],
        help_text="Your personal meeting room for this service, such as a Zoom or Whereby "
        "link. Clients never see it: they join from their booking page.",
    )

    class Meta:
        verbose_name = "own meeting link"
        ordering = ["service__order", "service__name"]

    def __str__(self):
        return f"Meeting link for {self.service}"
