"""The waitlist: who waits for a time of which service, the times seen free, and the offers.

- `Entry`: a client's wish to be told when a time of a service frees, within her days and
  parts of the day, on her clock. One waiting entry per client and service (joining again
  changes it); it ends when she leaves, when she books an offered time, or after its last day.
- `ServiceWatch`: one row per service watched, locked by whoever looks for freed times or makes
  an offer of its times, so that two workers never offer one freed time twice.
- `SeenFree`: the times of a service seen free at the last look (or when someone joined). A
  time free now that was not seen free before has been freed.
- `FreedTime`: one freed time and its chain of offers, first in line first, until someone books
  it or nobody is left (then it stays free for everyone).
- `Offer`: one client's exclusive hold of a freed time, for a short window.

All instants are aware UTC datetimes; an entry's days are dates on her own clock (`time_zone`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from bookings.models import Booking, Service
from practice.zones import validate_time_zone
from waitlist.windows import PART_FIELDS, Window


class EntryQuerySet(models.QuerySet):
    def waiting(self, *, now):
        """Entries still waiting: not left, not booked, and their last day not over."""
        return self.filter(status=Entry.Status.WAITING, expires_at__gt=now)

    def in_line(self):
        """First in line first: who joined earliest (changing her days keeps her place)."""
        return self.order_by("joined_at", "pk")


class Entry(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting"
        BOOKED = "booked", "Booked an offered time"
        LEFT = "left", "Left the waitlist"
        EXPIRED = "expired", "Last day passed"

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="waitlist_entries"
    )
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="waitlist_entries")
    first_day = models.DateField()
    last_day = models.DateField()
    mornings = models.BooleanField(default=False)
    afternoons = models.BooleanField(default=False)
    evenings = models.BooleanField(default=False)
    time_zone = models.CharField(max_length=64, validators=[validate_time_zone])
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.WAITING)
    # Her place in line; kept when she changes her days while still waiting.
    joined_at = models.DateTimeField()
    # The end of her last day on her clock (`Window.ends_at`), for queries.
    expires_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        ordering = ["service", "joined_at", "pk"]
        verbose_name = "waitlist entry"
        verbose_name_plural = "waitlist"
        indexes = [
            models.Index(fields=["service", "status", "joined_at"], name="waitlist_entry_line")
        ]
        # The model's Status is not in scope here: its values are spelled out.
        constraints = [
            models.UniqueConstraint(
                fields=["client", "service"],
                condition=Q(status="waiting"),
                name="waitlist_one_waiting_entry_per_client_and_service",
                violation_error_message="You are on the waitlist for this session already.",
            ),
            models.CheckConstraint(
                condition=Q(last_day__gte=models.F("first_day")),
                name="waitlist_entry_last_day_not_before_first",
                violation_error_message="The last day cannot come before the first.",
            ),
            models.CheckConstraint(
                condition=Q(mornings=True) | Q(afternoons=True) | Q(evenings=True),
                name="waitlist_entry_some_part_of_day",
                violation_error_message="Choose at least one time of day.",
            ),
        ]

    def __str__(self):
        return f"{self.service} from {self.first_day} to {self.last_day}"

    @property
    def window(self) -> Window:
        return Window(
            first_day=self.first_day,
            last_day=self.last_day,
            parts=frozenset(field for field in PART_FIELDS if getattr(self, field)),
            zone=self.time_zone,
        )


class ServiceWatch(models.Model):
    """The row locked (select_for_update) while a service's freed times are looked for or
    offered: one worker at a time per service."""

    service = models.OneToOneField(Service, on_delete=models.CASCADE, related_name="waitlist_watch")
    # The last look: times past its horizon were out of sight then, so not freed since.
    checked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return str(self.service)


class SeenFree(models.Model):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    start = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "start"], name="waitlist_seen_free_once")
        ]

    def __str__(self):
        return f"{self.service} at {self.start:%Y-%m-%d %H:%M} UTC"


class FreedTime(models.Model):
    class Status(models.TextChoices):
        OFFERING = "offering", "Being offered"
        BOOKED = "booked", "Booked from the waitlist"
        RELEASED = "released", "Free for everyone"

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="freed_times")
    start = models.DateTimeField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OFFERING)
    freed_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-freed_at", "pk"]
        verbose_name = "freed time"
        constraints = [
            # One chain of offers per freed time: a second worker's is refused.
            models.UniqueConstraint(
                fields=["service", "start"],
                condition=Q(status="offering"),
                name="waitlist_one_chain_per_freed_time",
            ),
        ]

    def __str__(self):
        return f"{self.service} at {self.start:%Y-%m-%d %H:%M} UTC"


class Offer(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Held for her"
        ACCEPTED = "accepted", "Booked"
        DECLINED = "declined", "Declined"
        LAPSED = "lapsed", "Not taken in time"

    freed_time = models.ForeignKey(FreedTime, on_delete=models.CASCADE, related_name="offers")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="offers")
    # Her hold of the time: the bookings' rules against double booking make it exclusive.
    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="waitlist_offer")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    offered_at = models.DateTimeField()
    until = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["offered_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["freed_time", "entry"], name="waitlist_one_offer_per_freed_time_and_entry"
            ),
            models.UniqueConstraint(
                fields=["freed_time"],
                condition=Q(status="pending"),
                name="waitlist_one_pending_offer_per_freed_time",
            ),
            models.UniqueConstraint(
                fields=["entry"],
                condition=Q(status="pending"),
                name="waitlist_one_pending_offer_per_entry",
            ),
        ]

    def __str__(self):
        return f"Offer of {self.freed_time}"
