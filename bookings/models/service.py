"""What can be booked (services) and on which terms (the cancellation policy)."""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from bookings.models.practitioner import Practitioner
from bookings.slots import SlotRules
from practice.markdown import render_markdown
from practice.money import price_label


def default_currency() -> str:
    return settings.PRACTICE_CURRENCY


# A discovery call: free, and no screening questions. It is a conversation, not treatment, so
# it asks only for the notices a conversation needs (bookings.booking_steps).
DISCOVERY_CALL = Q(is_free=True, needs_screening=False)


class ServiceQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def discovery_call(self) -> "Service | None":
        """The free call offered to anyone who would rather talk first: the first active free
        service that asks no screening questions (the site's links to it all come from here)."""
        return self.active().filter(DISCOVERY_CALL).order_by("order", "pk").first()


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
        return price_label(self.price_amount, self.price_currency)

    @property
    def is_discovery_call(self) -> bool:
        """Free and without screening (`DISCOVERY_CALL`): a conversation, not treatment."""
        return self.is_free and not self.needs_screening

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
