"""Gift vouchers and what they paid for.

- A `Voucher` is bought through an order (payments.Order, kind "voucher"): for an amount, or
  for a session (the service's price then). It has no code until it is paid; paid, it gets
  its code, its expiry and its delivery (vouchers/fulfil.py). Its `balance` is what is left
  to spend: the database keeps it between 0 and what was bought, so it can never go negative.
- A `Redemption` is a voucher paying for a part (or all) of one booking's price: reserved
  while the booking is held, spent when it is confirmed, given back whole when the hold ends
  unconfirmed or the voucher is removed, and in the policy's share when a confirmed booking is
  cancelled (`returned`). At any moment a voucher's balance plus what its redemptions keep
  (amount less returned) is what was bought.

Nothing about anyone's health is kept here: a session voucher names the service (shown in the
voucher's page and e-mail, never in a subject), nothing more.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from bookings.models import Booking, Service
from bookings.models.service import default_currency
from payments.models import Order
from practice.zones import default_time_zone, validate_time_zone
from vouchers.codes import code_display
from vouchers.conf import MESSAGE_MAX_LENGTH, NAME_MAX_LENGTH


class Voucher(models.Model):
    class Kind(models.TextChoices):
        AMOUNT = "amount", "An amount"
        SERVICE = "service", "A session"

    order = models.OneToOneField(Order, on_delete=models.PROTECT, related_name="voucher")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.AMOUNT)
    # A session voucher's service, and its name when bought (the service may be renamed or
    # retired since): shown on the voucher, never in an e-mail's subject.
    service = models.ForeignKey(
        Service, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    service_name = models.CharField(max_length=200, blank=True)
    # Given when paid (vouchers/codes.py); stored without its hyphens.
    code = models.CharField(max_length=16, unique=True, null=True, blank=True, editable=False)
    initial_amount = models.PositiveIntegerField(help_text="In the currency's smallest unit.")
    balance = models.PositiveIntegerField(help_text="What is left, in the smallest unit.")
    currency = models.CharField(max_length=3, default=default_currency)
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="vouchers_bought",
        help_text="The signed-in buyer (a voucher may be bought without an account).",
    )
    buyer_name = models.CharField(max_length=NAME_MAX_LENGTH, blank=True)
    buyer_email = models.EmailField(blank=True)
    # The zone the buyer chose the delivery day in: it is that day there.
    buyer_time_zone = models.CharField(
        max_length=64, default=default_time_zone, validators=[validate_time_zone]
    )
    recipient_name = models.CharField(max_length=NAME_MAX_LENGTH, blank=True)
    recipient_email = models.EmailField(blank=True)
    message = models.TextField(max_length=MESSAGE_MAX_LENGTH, blank=True)
    deliver_on = models.DateField(help_text="The day the recipient gets it, in the buyer's zone.")
    deliver_at = models.DateTimeField(help_text="When it goes out (that morning, her zone).")
    created_at = models.DateTimeField()
    paid_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    # Personal details cleared when the buyer erased her account (the amounts stay).
    erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(initial_amount__gt=0), name="voucher_positive_amount"
            ),
            # The balance can never go below nothing or above what was bought.
            models.CheckConstraint(
                condition=Q(balance__gte=0, balance__lte=F("initial_amount")),
                name="voucher_balance_within_amount",
            ),
            models.CheckConstraint(
                condition=Q(paid_at__isnull=True) | Q(code__isnull=False, expires_at__isnull=False),
                name="voucher_paid_has_code_and_expiry",
            ),
            models.CheckConstraint(
                condition=Q(kind="amount") | ~Q(service_name=""),
                name="voucher_session_names_its_service",
            ),
        ]
        indexes = [
            models.Index(
                fields=["deliver_at"],
                condition=Q(delivered_at__isnull=True, paid_at__isnull=False),
                name="voucher_to_deliver",
            ),
        ]

    def __str__(self):
        return self.code_shown or f"Voucher of order {self.order.reference}"

    @property
    def code_shown(self) -> str:
        return code_display(self.code) if self.code else ""

    @property
    def is_paid(self) -> bool:
        return self.paid_at is not None

    def is_usable_at(self, now: datetime) -> bool:
        return self.is_paid and self.expires_at > now

    @property
    def buyer_tz(self) -> ZoneInfo:
        return ZoneInfo(self.buyer_time_zone)

    @property
    def valid_until(self):
        """The last day it can be used, in the buyer's zone (it runs to that day's end)."""
        if self.expires_at is None:
            return None
        return (self.expires_at - timedelta(microseconds=1)).astimezone(self.buyer_tz).date()


class RedemptionQuerySet(models.QuerySet):
    def live(self):
        """Redemptions that keep paying for their booking (all but those given back whole)."""
        return self.exclude(state=Redemption.State.RELEASED)


class Redemption(models.Model):
    class State(models.TextChoices):
        RESERVED = "reserved", "Reserved (booking held)"
        SPENT = "spent", "Spent"
        RELEASED = "released", "Given back (not booked)"
        CANCELLED = "cancelled", "Booking cancelled"

    LIVE_STATES = (State.RESERVED, State.SPENT, State.CANCELLED)

    voucher = models.ForeignKey(Voucher, on_delete=models.PROTECT, related_name="redemptions")
    booking = models.ForeignKey(
        Booking, on_delete=models.PROTECT, related_name="voucher_redemptions"
    )
    amount = models.PositiveIntegerField(help_text="What it paid of the booking's price.")
    returned = models.PositiveIntegerField(
        default=0, help_text="What went back to the voucher's balance since."
    )
    state = models.CharField(max_length=16, choices=State.choices, default=State.RESERVED)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    objects = RedemptionQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="redemption_positive_amount"),
            models.CheckConstraint(
                condition=Q(returned__gte=0, returned__lte=F("amount")),
                name="redemption_returned_within_amount",
            ),
            # Given back whole exactly when released; nothing back while it is reserved.
            models.CheckConstraint(
                condition=~Q(state="released") | Q(returned=F("amount")),
                name="redemption_released_gives_all_back",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=["reserved", "spent"]) | Q(returned=0),
                name="redemption_kept_returns_nothing",
            ),
            # One voucher per booking.
            models.UniqueConstraint(
                fields=["booking"],
                condition=Q(state__in=["reserved", "spent", "cancelled"]),
                name="redemption_one_voucher_per_booking",
            ),
        ]

    def __str__(self):
        return f"{self.voucher} for {self.booking.reference} ({self.get_state_display()})"

    @property
    def currency(self) -> str:
        return self.voucher.currency

    @property
    def kept(self) -> int:
        """What this redemption keeps of the voucher's balance."""
        return self.amount - self.returned
