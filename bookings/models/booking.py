"""Bookings, and the rules that say which of them hold their time.

All instants are aware UTC datetimes. The rules about a booking's state each have one home,
here: the ORM forms in `BookingQuerySet` (for queries) and their Python forms on `Booking`
(for a row already loaded); tests/bookings/test_booking_rules.py holds the two to agreeing.

- a *live hold*: held, and its hold not yet run out. A hold past its expiry frees its time at
  once, before any job marks it expired (a *stale hold*);
- *active*: confirmed, or a live hold: it holds its time (and may not overlap another);
- *upcoming*: active and not over yet (a session under way is still the client's to join).

A time is held the moment it is picked, signed in or not. A visitor's hold has no client yet,
only her browser's `visitor_key` (bookings/visitors.py); signing up or in claims it for her
account. Only a hold can be without a client: the database refuses any other such booking.
"""

import secrets
import string
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.postgres.fields import DateTimeRangeField, RangeBoundary, RangeOperators
from django.db import models
from django.db.models import Func, Q
from django.urls import reverse

from bookings.constraints import PostgresExclusionConstraint
from bookings.models.practitioner import Practitioner
from bookings.models.ranges import InstantRangeQuerySet, ends_after_start, overlap
from bookings.models.service import Service, default_currency
from bookings.policy import Actor
from bookings.slots import Interval
from practice.models import Timestamped
from practice.money import money, price_label
from practice.page_cache import soonest
from practice.zones import default_time_zone, validate_time_zone

REFERENCE_ALPHABET = string.ascii_letters + string.digits
REFERENCE_LENGTH = 16
# What a booking's refund is called when there was none, wherever it is shown.
NO_REFUND = "None"


def new_reference() -> str:
    """16 letters and digits, about 95 bits: unguessable, and safe wherever it is written.

    Only letters and digits, so a reference read aloud, typed or opened in a spreadsheet never
    starts with "-" or "=" (which spreadsheets take for a formula).
    """
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def held_by(*, client=None, visitor_key: str = "") -> Q:
    """A client's bookings, or the holds of a visitor not signed in yet (her `visitor_key`)."""
    if client is not None:
        return Q(client=client)
    if visitor_key:
        return Q(client__isnull=True, visitor_key=visitor_key)
    return Q(pk__in=[])


class TsTzRange(Func):
    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


def _live_hold(now: datetime) -> Q:
    return Q(status=Booking.Status.HELD, hold_expires_at__gt=now)


def _stale_hold(now: datetime) -> Q:
    return Q(status=Booking.Status.HELD, hold_expires_at__lte=now)


class BookingQuerySet(InstantRangeQuerySet):
    def overlapping(self, interval: Interval, *, buffers: bool = False):
        """Bookings whose session meets `interval`; with `buffers`, whose blocked range does
        (the session plus the service's buffers: what two active bookings may not share)."""
        if buffers:
            return self.filter(overlap(interval, start="blocked_start", end="blocked_end"))
        return super().overlapping(interval)

    def live_holds(self, *, now: datetime):
        """Holds not yet past their expiry."""
        return self.filter(_live_hold(now))

    def stale_holds(self, *, now: datetime):
        """Holds past their expiry that are still marked held (their time is free already)."""
        return self.filter(_stale_hold(now))

    def without_stale_holds(self, *, now: datetime):
        return self.exclude(_stale_hold(now))

    def active(self, *, now: datetime):
        """Bookings that hold their time: confirmed ones, and live holds."""
        return self.filter(Q(status=Booking.Status.CONFIRMED) | _live_hold(now))

    def upcoming(self, *, now: datetime):
        """Active bookings not over yet, a session under way included."""
        return self.active(now=now).filter(end__gt=now)

    def next_hold_expiry(self, now: datetime) -> datetime | None:
        """When the next live hold runs out (and frees its time without any save)."""
        return soonest(self.live_holds(now=now), "hold_expires_at")


class Booking(Timestamped):
    class Status(models.TextChoices):
        HELD = "held", "Held"
        CONFIRMED = "confirmed", "Confirmed"
        EXPIRED = "expired", "Hold ended"
        CANCELLED = "cancelled", "Cancelled"
        COMPLETED = "completed", "Completed"
        NO_SHOW = "no_show", "Missed"

    ACTIVE_STATUSES = (Status.HELD, Status.CONFIRMED)

    reference = models.CharField(max_length=32, unique=True, default=new_reference, editable=False)
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="bookings",
        null=True,
        blank=True,
    )
    # A hold picked before signing in: a keyed hash of the visitor's random session token and
    # of her address (the per-address limit). The address is forgotten when the hold is claimed.
    visitor_key = models.CharField(max_length=64, blank=True, editable=False)
    visitor_address = models.CharField(max_length=64, blank=True, editable=False)
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
    # Set by the suitability screening: the practitioner wants a word before the session.
    needs_conversation = models.BooleanField(default=False)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    rescheduled_at = models.DateTimeField(null=True, blank=True)
    times_rescheduled = models.PositiveSmallIntegerField(default=0)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.CharField(max_length=16, choices=Actor.choices, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancellation_reason = models.TextField(blank=True)
    refund_amount = models.PositiveIntegerField(
        null=True, blank=True, help_text="What the cancellation policy refunded."
    )
    # Who made the booking: the client online (through the consent and screening gate), or
    # the practitioner at her desk for a client who phoned or wrote (bookings/desk.py): then
    # the client accepts the policies, and answers the screening, from her booking page.
    booked_by = models.CharField(
        max_length=16, choices=Actor.choices, default=Actor.CLIENT, editable=False
    )

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["-start"]
        indexes = [
            models.Index(
                fields=["practitioner", "blocked_start"], name="booking_practitioner_time"
            ),
            models.Index(fields=["client", "start"], name="booking_client_start"),
            models.Index(fields=["status", "start"], name="booking_status_start"),
            # The practitioner's week (dashboard, calendar): bookings overlapping it end after
            # it starts. Only those that take her time: cancelled sessions and run-out holds
            # in the months ahead would otherwise fill the index past any week.
            models.Index(
                fields=["practitioner", "end"],
                condition=Q(status__in=["held", "confirmed", "completed", "no_show"]),
                name="booking_practitioner_time_end",
            ),
            # Live holds (a client's own hold on the slot page; when the next one runs out, for
            # the page cache): a handful of rows, however many bookings there are.
            models.Index(
                fields=["hold_expires_at"], condition=Q(status="held"), name="booking_live_hold"
            ),
            models.Index(
                fields=["visitor_key"], condition=~Q(visitor_key=""), name="booking_visitor"
            ),
            # Only unclaimed visitor holds have an address, and only until they end: a small
            # index for the per-address limit and for forgetting the address.
            models.Index(
                fields=["visitor_address"],
                condition=~Q(visitor_address=""),
                name="booking_visitor_address",
            ),
        ]
        # The model's Status is not in scope here: its values are spelled out.
        constraints = [
            ends_after_start("booking_end_after_start"),
            models.CheckConstraint(
                condition=Q(blocked_start__lte=models.F("start"), blocked_end__gte=models.F("end")),
                name="booking_blocked_range_covers_session",
            ),
            models.CheckConstraint(
                condition=~Q(status="held") | Q(hold_expires_at__isnull=False),
                name="booking_hold_has_expiry",
            ),
            models.CheckConstraint(
                condition=Q(client__isnull=False)
                | (Q(status__in=["held", "expired"]) & ~Q(visitor_key="")),
                name="booking_without_client_is_a_visitors_hold",
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

    @property
    def holder(self) -> Q:
        """Its client's bookings, or (a visitor's hold) that visitor's holds."""
        if self.client_id is not None:
            return held_by(client=self.client_id)
        return held_by(visitor_key=self.visitor_key)

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

    @property
    def price_label(self) -> str:
        """What the session costs, as the site says it everywhere: "Free" or "£95"."""
        return price_label(self.price_amount, self.price_currency)

    @property
    def refund_label(self) -> str:
        """What its cancellation refunded, as the site says it everywhere: "£95" or "None"."""
        return money(self.refund_amount, self.price_currency) if self.refund_amount else NO_REFUND

    @property
    def amount_paid(self) -> int:
        """What the client has paid: only a confirmed booking has been paid for (a hold has
        not, or not yet); what the cancellation policy refunds a part of."""
        return self.price_amount if self.status == Booking.Status.CONFIRMED else 0

    def is_held_at(self, now: datetime) -> bool:
        """A live hold (`BookingQuerySet.live_holds`)."""
        return self.status == Booking.Status.HELD and self.hold_expires_at > now

    def is_active_at(self, now: datetime) -> bool:
        """Holds its time (`BookingQuerySet.active`)."""
        return self.status == Booking.Status.CONFIRMED or self.is_held_at(now)

    def is_upcoming_at(self, now: datetime) -> bool:
        """Active and not over yet (`BookingQuerySet.upcoming`)."""
        return self.is_active_at(now) and self.end > now
