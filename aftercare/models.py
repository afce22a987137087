"""After an RTT session: the client's personal recording, her listening plan and check-ins.

- A `Recording` is an audio file the practitioner made for one client, kept in private storage
  (settings.STORAGES["private"]: a folder on disk, or an S3-compatible bucket), never under the
  public media URL. Only its owner and the practitioner can fetch it, through the site's views;
  the client first acknowledges how to use it safely (`acknowledged_at`).
- Its `ListeningPlan`: N days from `starts_on`, a daily reminder at `listen_at`, a wall-clock
  time in her own `time_zone` (so a change of daylight saving time moves the instant, not the
  time she chose).
- A `ListeningDay` per date (in her zone) she played it: credited once she has played most of
  it, or ticked it by hand.
- A `CheckIn` asked on a set day of the plan, and her answer (encrypted: it is about how she is).
- A `RecordingAccess` row for every fetch of the file, like the screening's access log.
"""

import secrets
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from bookings.models import Booking, Service
from clients.fields import EncryptedJSONField
from practice.models import Timestamped
from practice.zones import default_time_zone, validate_time_zone

DEFAULT_PLAN_DAYS = 21
DEFAULT_CHECK_IN_DAYS = "2,14"


def private_storage():
    return storages["private"]


def new_public_id() -> str:
    """The recording's name in URLs: 32 hex digits (128 bits), unguessable."""
    return secrets.token_hex(16)


def recording_path(instance: "Recording", filename: str) -> str:
    """Where the file is kept: a random name, so no client's name or title ever reaches the
    storage's keys or logs; only the (checked) extension is kept."""
    suffix = PurePosixPath(filename).suffix.lower()[:6]
    return f"recordings/{secrets.token_hex(16)}{suffix}"


def check_in_days_validator(value: str) -> None:
    try:
        days = [int(part) for part in value.split(",") if part.strip()]
    except ValueError:
        raise ValidationError("Write day numbers separated by commas, such as 2,14.") from None
    if any(day < 1 or day > 90 for day in days):
        raise ValidationError("Each day must be between 1 and 90.")


class PlanDefaults(models.Model):
    """The listening plan a recording after this service comes with (one row per service)."""

    service = models.OneToOneField(Service, on_delete=models.CASCADE, related_name="plan_defaults")
    days = models.PositiveSmallIntegerField(
        "days of listening",
        default=DEFAULT_PLAN_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    check_in_days = models.CharField(
        max_length=40,
        default=DEFAULT_CHECK_IN_DAYS,
        validators=[check_in_days_validator],
        help_text="The days of the plan on which the client is asked how it is going, e.g. 2,14.",
    )

    class Meta:
        verbose_name = "listening plan for this service"
        verbose_name_plural = "listening plan for this service"

    def __str__(self):
        return f"{self.days} days"


class Recording(Timestamped):
    public_id = models.CharField(max_length=32, unique=True, default=new_public_id, editable=False)
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recordings"
    )
    booking = models.ForeignKey(
        Booking, on_delete=models.SET_NULL, null=True, blank=True, related_name="recordings"
    )
    title = models.CharField(max_length=120, blank=True)
    note = models.TextField(blank=True, help_text="A few words for the client, shown with it.")
    file = models.FileField(storage=private_storage, upload_to=recording_path, max_length=200)
    # Read from the file's content when it is uploaded (aftercare/audio.py), not from its name.
    content_type = models.CharField(max_length=40, editable=False)
    duration_seconds = models.FloatField(editable=False)
    size_bytes = models.PositiveBigIntegerField(editable=False)
    acknowledged_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.title or "Your recording"


class ListeningPlan(Timestamped):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        PAUSED = "paused", "Paused"
        FINISHED = "finished", "Finished"

    recording = models.OneToOneField(Recording, on_delete=models.CASCADE, related_name="plan")
    days = models.PositiveSmallIntegerField(
        default=DEFAULT_PLAN_DAYS, validators=[MinValueValidator(1), MaxValueValidator(90)]
    )
    check_in_days = models.CharField(
        max_length=40, default=DEFAULT_CHECK_IN_DAYS, validators=[check_in_days_validator]
    )
    starts_on = models.DateField(help_text="Day 1, in the client's time zone.")
    listen_at = models.TimeField(help_text="When she likes to listen, in her time zone.")
    time_zone = models.CharField(
        max_length=64, default=default_time_zone, validators=[validate_time_zone]
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    # The date (in her zone) of the last reminder claimed: at most one a day, whatever the
    # number of workers (claimed with a conditional UPDATE).
    last_reminded_on = models.DateField(null=True, blank=True, editable=False)
    follow_up_invited_at = models.DateTimeField(null=True, blank=True, editable=False)

    def __str__(self):
        return f"{self.days}-day listening plan"


class ListeningDay(models.Model):
    plan = models.ForeignKey(ListeningPlan, on_delete=models.CASCADE, related_name="listening_days")
    day = models.DateField(help_text="The date, in her time zone.")
    seconds_played = models.PositiveIntegerField(default=0)
    listened_at = models.DateTimeField(null=True, blank=True)
    by_hand = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "day"], name="one_listening_day_per_date")
        ]
        ordering = ["day"]

    def __str__(self):
        return str(self.day)


class CheckIn(models.Model):
    class Feeling(models.IntegerChoices):
        HARD = 1, "Hard going"
        MIXED = 2, "Mixed"
        OKAY = 3, "Okay"
        GOOD = 4, "Good"
        GREAT = 5, "Really good"

    plan = models.ForeignKey(ListeningPlan, on_delete=models.CASCADE, related_name="check_ins")
    day_number = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField()
    # {"feeling": 1..5, "message": "..."}: encrypted at rest like the screening.
    answer = EncryptedJSONField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "day_number"], name="one_check_in_per_day")
        ]
        ordering = ["day_number"]

    def __str__(self):
        return f"Day {self.day_number} check-in"


class RecordingAccess(models.Model):
    """One fetch of a recording's file: who, when, how (played or downloaded), which bytes."""

    class How(models.TextChoices):
        PLAY = "play", "Played"
        DOWNLOAD = "download", "Downloaded"

    recording = models.ForeignKey(Recording, on_delete=models.CASCADE, related_name="accesses")
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    by_staff = models.BooleanField(default=False)
    how = models.CharField(max_length=10, choices=How.choices)
    byte_range = models.CharField(max_length=60, blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name_plural = "recording accesses"

    def __str__(self):
        return f"{self.get_how_display()} at {self.at:%Y-%m-%d %H:%M}"
