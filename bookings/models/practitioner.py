"""The practitioner and when she works: weekly hours, time off, extra availability.

Weekly hours are wall-clock times in her own zone (`TimeField` + her `time_zone`) because that
is what she sets; the slot engine turns them into instants date by date.
"""

import secrets
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import Q

from bookings.models.ranges import InstantRange, ends_after_start
from bookings.slots import WeeklyHours
from practice.zones import default_time_zone, validate_time_zone


def new_calendar_token() -> str:
    # 32 random bytes: the private calendar feed's address is its only protection.
    return secrets.token_urlsafe(32)


class Practitioner(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="practitioner",
        limit_choices_to={"is_staff": True},
    )
    display_name = models.CharField(max_length=100)
    time_zone = models.CharField(
        max_length=64,
        default=default_time_zone,
        validators=[validate_time_zone],
        help_text="Your weekly hours are in this zone, for example Europe/London.",
    )
    active = models.BooleanField(default=True)
    # The secret part of /calendar/<token>.ics; a new one makes the old address stop working.
    calendar_token = models.CharField(
        max_length=64, unique=True, default=new_calendar_token, editable=False
    )

    class Meta:
        ordering = ["display_name", "pk"]

    def __str__(self):
        return self.display_name

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)


class WorkingHours(models.Model):
    """One wall-clock working interval on one weekday; several per day are fine."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"
        SATURDAY = 5, "Saturday"
        SUNDAY = 6, "Sunday"

    practitioner = models.ForeignKey(
        Practitioner, on_delete=models.CASCADE, related_name="working_hours"
    )
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    start_time = models.TimeField("from")
    end_time = models.TimeField("until")

    class Meta:
        ordering = ["practitioner", "weekday", "start_time"]
        verbose_name = "weekly hours"
        verbose_name_plural = "weekly hours"
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")),
                name="working_hours_end_after_start",
                violation_error_message="The hours must end after they start.",
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6), name="working_hours_weekday_range"
            ),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.start_time:%H:%M}-{self.end_time:%H:%M}"

    def as_weekly_hours(self) -> WeeklyHours:
        return WeeklyHours(self.weekday, self.start_time, self.end_time)


class TimeOff(InstantRange):
    practitioner = models.ForeignKey(
        Practitioner, on_delete=models.CASCADE, related_name="time_off"
    )
    reason = models.CharField(max_length=200, blank=True, help_text="Private; only you see it.")

    class Meta(InstantRange.Meta):
        verbose_name_plural = "time off"
        constraints = [
            ends_after_start("time_off_end_after_start", "Time off must end after it starts.")
        ]


class ExtraAvailability(InstantRange):
    """One-off working time outside the weekly hours (an evening, a Saturday)."""

    practitioner = models.ForeignKey(
        Practitioner, on_delete=models.CASCADE, related_name="extra_availability"
    )
    note = models.CharField(max_length=200, blank=True)

    class Meta(InstantRange.Meta):
        verbose_name = "extra availability"
        verbose_name_plural = "extra availability"
        constraints = [
            ends_after_start(
                "extra_availability_end_after_start",
                "Extra availability must end after it starts.",
            )
        ]
