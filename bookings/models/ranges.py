"""Rows that hold a range of instants [start, end), and the one overlap rule in the ORM.

`overlap` is the database form of `bookings.slots.overlaps`: half-open ranges that share an
instant; touching ranges (one ends where the other starts) do not overlap. Every query that
asks "what meets this interval?" goes through it.
"""

from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from bookings.slots import Interval


def overlap(interval: Interval, *, start: str = "start", end: str = "end") -> Q:
    """Rows whose [`start`, `end`) shares an instant with `interval`."""
    return Q(**{f"{start}__lt": interval.end, f"{end}__gt": interval.start})


def ends_after_start(name: str, message: str | None = None) -> models.CheckConstraint:
    """The database's guard that a row's range is not empty or backwards."""
    return models.CheckConstraint(
        condition=Q(end__gt=F("start")), name=name, violation_error_message=message
    )


class InstantRangeQuerySet(models.QuerySet):
    def overlapping(self, interval: Interval):
        """The rows whose range meets `interval` (see `overlap`)."""
        return self.filter(overlap(interval))


class InstantRange(models.Model):
    """Time off and extra availability: a practitioner's range of instants."""

    start = models.DateTimeField()
    end = models.DateTimeField()

    objects = InstantRangeQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["start"]

    def __str__(self):
        # In the active zone: the practitioner's own in the admin.
        start, end = timezone.localtime(self.start), timezone.localtime(self.end)
        return f"{start:%Y-%m-%d %H:%M} to {end:%Y-%m-%d %H:%M} ({start.tzname()})"

    def as_interval(self) -> Interval:
        return Interval(self.start, self.end)
