"""Her own calendars (Google, Apple, Outlook, Fastmail…) and the busy times read from them.

Only intervals are kept: no titles, descriptions, places or attendees ever reach the database.
The slot engine treats a busy time exactly as it treats another booking. Fetching and expanding
the calendars is the workplace's (workplace/calendar_sync.py); bookings only reads the result.
"""

from django.db import models

from bookings.models.practitioner import Practitioner
from bookings.models.ranges import InstantRange, ends_after_start


class ExternalCalendar(models.Model):
    """One of her calendars, by its private iCalendar address."""

    practitioner = models.ForeignKey(
        Practitioner, on_delete=models.CASCADE, related_name="external_calendars"
    )
    name = models.CharField(
        max_length=100, help_text="A name only you see, for example “Personal (Google)”."
    )
    # The private address is a secret: whoever has it can read her calendar.
    url = models.CharField(
        "private address",
        max_length=2000,
        help_text="The calendar's secret address in iCal format (it ends in .ics).",
    )
    active = models.BooleanField(default=True)
    # HTTP caching: sent back on the next fetch so an unchanged calendar costs nothing.
    etag = models.CharField(max_length=500, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    last_attempt_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_success_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_error = models.CharField(max_length=500, blank=True, editable=False)
    failing_since = models.DateTimeField(null=True, blank=True, editable=False)
    failure_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["practitioner", "name", "pk"]
        verbose_name = "your calendar"
        verbose_name_plural = "your calendars"

    def __str__(self):
        return self.name


class BusyTime(InstantRange):
    """A busy interval from one of her calendars, within the booking horizon."""

    calendar = models.ForeignKey(
        ExternalCalendar, on_delete=models.CASCADE, related_name="busy_times"
    )
    # Kept beside the calendar so the slot engine reads busy times in one query.
    practitioner = models.ForeignKey(
        Practitioner, on_delete=models.CASCADE, related_name="busy_times"
    )

    class Meta(InstantRange.Meta):
        verbose_name = "busy time"
        constraints = [ends_after_start("busy_time_end_after_start")]
        indexes = [models.Index(fields=["practitioner", "start", "end"])]
