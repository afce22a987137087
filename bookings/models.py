"""Practitioners, services, availability and bookings.

All instants are aware UTC datetimes. Weekly hours are wall-clock times in the practitioner's
own zone (``TimeField`` + the practitioner's ``time_zone``) because that is what she sets;
the slot engine turns them into instants date by date.
"""

import secrets
import string
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.postgres.fields import DateTimeRangeField, RangeBoundary, RangeOperators
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Func, Q
from django.urls import reverse
from django.utils import timezone

from bookings.constraints import PostgresExclusionConstraint
from bookings.slots import Interval, SlotRules, WeeklyHours
from practice.markdown import render_markdown


def validate_time_zone(value: str) -> None:
    from bookings.timezones import is_valid_zone

    if not is_valid_zone(value):
        raise ValidationError(
            "%(value)s is not a time zone name such as Europe/London.",
            params={"value": value},
            code="invalid_time_zone",
        )


def default_currency() -> str:
    return settings.PRACTICE_CURRENCY


def default_time_zone() -> str:
    return settings.PRACTICE_TIME_ZONE


REFERENCE_ALPHABET = string.ascii_letters + string.digits
REFERENCE_LENGTH = 16


def new_reference() -> str:
    """16 letters and digits, about 95 bits: unguessable, and safe wherever it is written.

    Only letters and digits, so a reference read aloud, typed or opened in a spreadsheet never
    starts with "-" or "=" (which spreadsheets take for a formula).
    """
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


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
    video_link = models.URLField(
        "default video link",
        blank=True,
        help_text="Copied to each new booking; you can change it per booking.",
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


class InstantRangeMixin:
    """Rows with `start` and `end` instants (time off, extra availability)."""

    def __str__(self):
        # In the active zone: the practitioner's own in the admin.
        start, end = timezone.localtime(self.start), timezone.localtime(self.end)
        return f"{start:%Y-%m-%d %H:%M} to {end:%Y-%m-%d %H:%M} ({start.tzname()})"

    def as_interval(self) -> Interval:
        return Interval(self.start, self.end)


class TimeOff(InstantRangeMixin, models.Model):
    practitioner = models.ForeignKey(
        Practitioner, on_delete=models.CASCADE, related_name="time_off"
    )
    start = models.DateTimeField()
    end = models.DateTimeField()
    reason = models.CharField(max_length=200, blank=True, help_text="Private; only you see it.")

    class Meta:
        ordering = ["start"]
        verbose_name_plural = "time off"
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")),
                name="time_off_end_after_start",
                violation_error_message="Time off must end after it starts.",
            ),
        ]


class ExtraAvailability(InstantRangeMixin, models.Model):
    """One-off working time outside the weekly hours (an evening, a Saturday)."""

    practitioner = models.ForeignKey(
        Practitioner, on_delete=models.CASCADE, related_name="extra_availability"
    )
    start = models.DateTimeField()
    end = models.DateTimeField()
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["start"]
        verbose_name = "extra availability"
        verbose_name_plural = "extra availability"
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")),
                name="extra_availability_end_after_start",
                violation_error_message="Extra availability must end after it starts.",
            ),
        ]


class ServiceQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class Service(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    summary = models.CharField(max_length=300, help_text="One or two sentences for listings.")
    description = models.TextField(blank=True, help_text="Markdown: what to expect.")
    duration_minutes = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(5), MaxValueValidator(8 * 60)]
    )
    is_free = models.BooleanField("free", default=False)
    price_amount = models.PositiveIntegerField(
        "price (in pence or cents)",
        default=0,
        help_text="In the currency's smallest unit: 9500 is £95.00. 0 for a free service.",
    )
    price_currency = models.CharField("currency", max_length=3, default=default_currency)
    buffer_before_minutes = models.PositiveSmallIntegerField(
        default=0, help_text="Kept free before each session."
    )
    buffer_after_minutes = models.PositiveSmallIntegerField(
        default=0, help_text="Kept free after each session."
    )
    min_notice_hours = models.PositiveSmallIntegerField(
        "minimum notice (hours)", default=24, help_text="How soon a session can be booked."
    )
    horizon_days = models.PositiveSmallIntegerField(
        "booking horizon (days)",
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(366)],
        help_text="How far ahead a session can be booked.",
    )
    step_minutes = models.PositiveSmallIntegerField(
        "start times every (minutes)",
        default=30,
        validators=[MinValueValidator(5), MaxValueValidator(240)],
    )
    needs_screening = models.BooleanField(
        default=False, help_text="Clients answer the suitability questions before booking."
    )
    practitioners = models.ManyToManyField(Practitioner, related_name="services")
    active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_free=True, price_amount=0) | Q(is_free=False, price_amount__gt=0),
                name="service_free_means_no_price",
                violation_error_message="A free service has no price; a paid one needs one.",
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gt=0, step_minutes__gt=0),
                name="service_positive_duration_and_step",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("bookings:service-detail", kwargs={"slug": self.slug})

    @property
    def price_label(self) -> str:
        """What the session costs, as people read it: "Free" or "£95"."""
        from practice.templatetags.practice_tags import money

        return "Free" if self.is_free else money(self.price_amount, self.price_currency)

    @property
    def booking_url(self) -> str:
        return reverse("bookings:slots", kwargs={"slug": self.slug})

    @property
    def description_html(self) -> str:
        return render_markdown(self.description).html

    @property
    def rules(self) -> SlotRules:
        return SlotRules(
            duration=timedelta(minutes=self.duration_minutes),
            buffer_before=timedelta(minutes=self.buffer_before_minutes),
            buffer_after=timedelta(minutes=self.buffer_after_minutes),
            min_notice=timedelta(hours=self.min_notice_hours),
            horizon=timedelta(days=self.horizon_days),
            step=timedelta(minutes=self.step_minutes),
        )


class CancellationPolicy(models.Model):
    """The practice's cancellation and rescheduling terms (one row, edited in the admin).

    Each booking keeps a snapshot of the terms in force when it was made.
    """

    singleton = models.BooleanField(default=True, unique=True, editable=False)
    notice_hours = models.PositiveSmallIntegerField(
        default=48,
        help_text="Clients can cancel with a refund, or reschedule, up to this many hours "
        "before the start.",
    )
    refund_percent_with_notice = models.PositiveSmallIntegerField(
        "refund with enough notice (%)", default=100, validators=[MaxValueValidator(100)]
    )
    refund_percent_late = models.PositiveSmallIntegerField(
        "refund for a late cancellation (%)", default=0, validators=[MaxValueValidator(100)]
    )

    class Meta:
        verbose_name = "cancellation policy"
        verbose_name_plural = "cancellation policy"
        constraints = [
            models.CheckConstraint(condition=Q(singleton=True), name="cancellation_policy_one"),
            models.CheckConstraint(
                condition=Q(refund_percent_with_notice__lte=100, refund_percent_late__lte=100),
                name="cancellation_policy_percent_range",
            ),
        ]

    def __str__(self):
        return f"Cancel or reschedule up to {self.notice_hours} hours before"

    @classmethod
    def load(cls) -> "CancellationPolicy":
        return cls.objects.first() or cls()

    def snapshot(self) -> dict:
        return {
            "notice_hours": self.notice_hours,
            "refund_percent_with_notice": self.refund_percent_with_notice,
            "refund_percent_late": self.refund_percent_late,
        }


class TsTzRange(Func):
    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


class BookingQuerySet(models.QuerySet):
    def active(self, *, now: datetime):
        """Bookings that hold their time: confirmed ones, and holds not yet past expiry.

        A hold past its expiry frees the slot at once, before any job marks it expired.
        """
        return self.filter(
            Q(status=Booking.Status.CONFIRMED)
            | Q(status=Booking.Status.HELD, hold_expires_at__gt=now)
        )

    def next_hold_expiry(self, now: datetime) -> datetime | None:
        """When the next live hold runs out (and frees its time without any save)."""
        return (
            self.filter(status=Booking.Status.HELD, hold_expires_at__gt=now)
            .order_by("hold_expires_at")
            .values_list("hold_expires_at", flat=True)
            .first()
        )


class Booking(models.Model):
    class Status(models.TextChoices):
        HELD = "held", "Held"
        CONFIRMED = "confirmed", "Confirmed"
        EXPIRED = "expired", "Hold ended"
        CANCELLED = "cancelled", "Cancelled"
        COMPLETED = "completed", "Completed"
        NO_SHOW = "no_show", "Missed"

    class CancelledBy(models.TextChoices):
        CLIENT = "client", "Client"
        PRACTITIONER = "practitioner", "Practitioner"

    ACTIVE_STATUSES = (Status.HELD, Status.CONFIRMED)

    reference = models.CharField(max_length=32, unique=True, default=new_reference, editable=False)
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="bookings"
    )
    practitioner = models.ForeignKey(
        Practitioner, on_delete=models.PROTECT, related_name="bookings"
    )
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="bookings")
    start = models.DateTimeField()
    end = models.DateTimeField()
    # The session plus the service's buffers: what two active bookings may not share.
    blocked_start = models.DateTimeField()
    blocked_end = models.DateTimeField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.HELD)
    hold_expires_at = models.DateTimeField(null=True, blank=True)
    # How many times the client kept this time for another hold period (capped: see
    # bookings.selectors.HOLD_PERIODS_MAX).
    hold_extensions = models.PositiveSmallIntegerField(default=0)
    client_time_zone = models.CharField(
        max_length=64, default=default_time_zone, validators=[validate_time_zone]
    )
    price_amount = models.PositiveIntegerField(default=0)
    price_currency = models.CharField(max_length=3, default=default_currency)
    policy_snapshot = models.JSONField(
        default=dict, blank=True, help_text="The cancellation terms in force when booked."
    )
    video_link = models.URLField(blank=True)
    # Set by the suitability screening: the practitioner wants a word before the session.
    needs_conversation = models.BooleanField(default=False)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    rescheduled_at = models.DateTimeField(null=True, blank=True)
    times_rescheduled = models.PositiveSmallIntegerField(default=0)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.CharField(max_length=16, choices=CancelledBy.choices, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancellation_reason = models.TextField(blank=True)
    refund_amount = models.PositiveIntegerField(
        null=True, blank=True, help_text="What the cancellation policy refunded."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["-start"]
        indexes = [
            models.Index(
                fields=["practitioner", "blocked_start"], name="booking_practitioner_time"
            ),
            models.Index(fields=["client", "start"], name="booking_client_start"),
            models.Index(fields=["status", "start"], name="booking_status_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="booking_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(blocked_start__lte=models.F("start"), blocked_end__gte=models.F("end")),
                name="booking_blocked_range_covers_session",
            ),
            models.CheckConstraint(
                condition=~Q(status="held") | Q(hold_expires_at__isnull=False),
                name="booking_hold_has_expiry",
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled")
                | Q(cancelled_at__isnull=False, cancelled_by__in=["client", "practitioner"]),
                name="booking_cancellation_recorded",
            ),
            # No double booking, ever: two active bookings of one practitioner cannot share
            # an instant of their blocked ranges. PostgreSQL only (see bookings/constraints.py).
            PostgresExclusionConstraint(
                name="booking_no_overlap",
                expressions=[
                    (
                        TsTzRange("blocked_start", "blocked_end", RangeBoundary()),
                        RangeOperators.OVERLAPS,
                    ),
                    ("practitioner", RangeOperators.EQUAL),
                ],
                condition=Q(status__in=["held", "confirmed"]),
                violation_error_code="slot_taken",
                violation_error_message="This time was just taken.",
            ),
        ]

    def __str__(self):
        return f"{self.reference} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("bookings:booking-detail", kwargs={"reference": self.reference})

    @property
    def client_tz(self) -> ZoneInfo:
        return ZoneInfo(self.client_time_zone)

    @property
    def blocked_interval(self) -> Interval:
        return Interval(self.blocked_start, self.blocked_end)

    @property
    def duration_minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)

    def is_held_at(self, now: datetime) -> bool:
        return self.status == self.Status.HELD and self.hold_expires_at > now
