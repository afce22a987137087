"""Packages of sessions, what a client bought of them, and the credits that pay for sessions.

- `Package`, `PackageItem`: what the practitioner offers (which services, how many of each,
  the price, how long the credits last, the refund window and the terms).
- `PackagePurchase`: one client's purchase, through an `payments.Order`; it keeps a copy of
  what she was shown (name, contents, terms), so a later change of the package never alters
  what she bought.
- `Credit`: per purchase and service, how many sessions it pays for (`total`) and how many are
  taken (`used`). The database holds `0 <= used <= total`: a credit can never go negative.
- `CreditUse`: one per booking a credit paid for (unique booking: never spent twice), with its
  state; `Credit.used` counts those reserved, spent or forfeited.
- `CreditChange`: credits the practitioner added, or given back with the money refunded for
  them: the purchase's history.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from bookings.models import Booking, Service
from bookings.models.service import default_currency
from payments.models import Order, Refund
from practice.money import money

DEFAULT_VALIDITY_MONTHS = 6
DEFAULT_REFUND_WINDOW_DAYS = 14
DEFAULT_TERMS = (
    "Your credits can be used for sessions up to the date shown with your package.\n\n"
    "Changed your mind? Within 14 days of buying, you can give back the credits you have not "
    "used from your account page, and the part of the price they stand for is refunded to "
    "your card. After 14 days, please write to me: refunds are then at my discretion.\n\n"
    "A session booked with a credit follows the cancellation policy, as any session does: "
    "cancel or move it in good time and the credit comes back to your package; a late "
    "cancellation uses the credit up."
)


class Package(models.Model):
    """A set of sessions sold together at one price (an RTT session and its follow-up)."""

    name = models.CharField(max_length=100, help_text="Shown to clients, e.g. “RTT journey”.")
    slug = models.SlugField(max_length=100, unique=True, help_text="Its address: /packages/…/")
    description = models.CharField(
        "short description",
        max_length=300,
        help_text="One or two calm sentences for the packages page. Nothing about anyone's health.",
    )
    price_amount = models.PositiveIntegerField(
        "price (in pence or cents)", help_text="In the currency's smallest unit: 30000 is £300."
    )
    price_currency = models.CharField("currency", max_length=3, default=default_currency)
    validity_months = models.PositiveSmallIntegerField(
        "credits last (months)",
        default=DEFAULT_VALIDITY_MONTHS,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
        help_text="From the day she pays: sessions up to then can be booked with its credits.",
    )
    refund_window_days = models.PositiveSmallIntegerField(
        "refund window (days)",
        default=DEFAULT_REFUND_WINDOW_DAYS,
        validators=[MaxValueValidator(365)],
        help_text="For this many days after buying, she can give back unused credits herself "
        "for a refund of their share of the price. 0: only you can refund.",
    )
    terms = models.TextField(
        default=DEFAULT_TERMS,
        help_text="Shown on the package's page; each purchase keeps the terms she agreed to.",
    )
    active = models.BooleanField(default=True, help_text="On sale on the site.")
    order = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(price_amount__gt=0), name="package_has_a_price"),
            models.CheckConstraint(
                condition=Q(validity_months__gt=0), name="package_credits_last_a_while"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("packages:package", kwargs={"slug": self.slug})

    @property
    def price_label(self) -> str:
        return money(self.price_amount, self.price_currency)


class PackageItem(models.Model):
    """How many sessions of one service a package holds."""

    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="items")
    service = models.ForeignKey(
        Service,
        on_delete=models.PROTECT,
        related_name="package_items",
        limit_choices_to={"is_free": False},
    )
    quantity = models.PositiveSmallIntegerField(
        "how many", default=1, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )

    class Meta:
        ordering = ["package", "service__order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["package", "service"], name="package_item_once"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="package_item_quantity"),
        ]

    def __str__(self):
        return f"{self.quantity}\u00d7 {self.service.name}"


class PackagePurchaseQuerySet(models.QuerySet):
    def paid(self):
        return self.filter(paid_at__isnull=False)


class PackagePurchase(models.Model):
    """A client's purchase of a package, paid through its order (payments.Order).

    `name`, `items`, `terms`, `validity_months` and `refund_window_days` are what she was shown
    when she chose to buy; `expires_at` and `refund_until` follow from the time she paid.
    """

    order = models.OneToOneField(Order, on_delete=models.PROTECT, related_name="package_purchase")
    package = models.ForeignKey(Package, on_delete=models.PROTECT, related_name="purchases")
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="package_purchases"
    )
    name = models.CharField(max_length=100)
    # [{"service": id, "name": ..., "quantity": n, "value": the service's price then}]: what
    # the credits are, and what share of the price each stands for (a pro-rata refund).
    items = models.JSONField(default=list)
    terms = models.TextField(blank=True)
    validity_months = models.PositiveSmallIntegerField()
    refund_window_days = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField()
    paid_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    refund_until = models.DateTimeField(null=True, blank=True)
    # How many refunds were made for it: names each refund's idempotency key.
    refunds_made = models.PositiveIntegerField(default=0)

    objects = PackagePurchaseQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    paid_at__isnull=True, expires_at__isnull=True, refund_until__isnull=True
                )
                | Q(paid_at__isnull=False, expires_at__isnull=False, refund_until__isnull=False),
                name="package_purchase_paid_has_dates",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.order.reference})"

    def get_absolute_url(self):
        return reverse("packages:purchase", kwargs={"reference": self.order.reference})

    @property
    def reference(self) -> str:
        return self.order.reference

    @property
    def is_paid(self) -> bool:
        return self.paid_at is not None

    def is_valid_at(self, now) -> bool:
        """Paid, and its credits not expired."""
        return self.is_paid and now < self.expires_at

    def can_give_back_at(self, now) -> bool:
        """Within the days she may give back unused credits herself (and not expired)."""
        return self.is_valid_at(now) and now < self.refund_until

    @property
    def price_label(self) -> str:
        return money(self.order.amount, self.order.currency)


class Credit(models.Model):
    """The sessions of one service a purchase pays for: `total` of them, `used` taken.

    `used` counts the uses reserved, spent or forfeited; the constraint keeps it within the
    total, so no session is ever paid with a credit that is not there. `bought` is how many came
    with the purchase, `paid_back` how many of those were refunded with money (credits she added
    as a gift have no money to give back).
    """

    purchase = models.ForeignKey(PackagePurchase, on_delete=models.PROTECT, related_name="credits")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="package_credits")
    bought = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    used = models.PositiveIntegerField(default=0)
    paid_back = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["purchase", "service__order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["purchase", "service"], name="credit_one_per_service"),
            models.CheckConstraint(
                condition=Q(used__gte=0) & Q(used__lte=F("total")),
                name="credit_used_within_total",
            ),
            models.CheckConstraint(
                condition=Q(paid_back__gte=0) & Q(paid_back__lte=F("bought")),
                name="credit_paid_back_within_bought",
            ),
        ]

    def __str__(self):
        return f"{self.service.name}: {self.left} of {self.total} left"

    @property
    def left(self) -> int:
        return self.total - self.used


class CreditUse(models.Model):
    """A credit paying for one booking: reserved by its hold, spent when it is confirmed;
    returned (a cancellation inside the policy) or forfeited (a late one); released when the
    hold ended without a booking. One per booking, ever."""

    class State(models.TextChoices):
        RESERVED = "reserved", "Reserved by a hold"
        SPENT = "spent", "Spent"
        RETURNED = "returned", "Returned (cancelled in time)"
        FORFEITED = "forfeited", "Used up (cancelled late)"
        RELEASED = "released", "Released (the hold ended)"

    # The states that take one of the credit's sessions (`Credit.used`).
    TAKING = (State.RESERVED, State.SPENT, State.FORFEITED)

    credit = models.ForeignKey(Credit, on_delete=models.PROTECT, related_name="uses")
    booking = models.OneToOneField(Booking, on_delete=models.PROTECT, related_name="credit_use")
    state = models.CharField(max_length=16, choices=State.choices, default=State.RESERVED)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.booking.reference}: {self.get_state_display()}"

    @property
    def covers(self) -> bool:
        """Whether it paid (or pays) for its booking: all but a released reservation."""
        return self.state != self.State.RELEASED


class CreditChange(models.Model):
    """Credits added to a purchase or given back, and the money refunded with them: one row
    per time the practitioner or the client did so (the purchase's history)."""

    class By(models.TextChoices):
        CLIENT = "client", "The client"
        PRACTITIONER = "practitioner", "The practitioner"

    purchase = models.ForeignKey(PackagePurchase, on_delete=models.PROTECT, related_name="changes")
    # [{"service": id, "name": ..., "change": +n or -n}]
    credits = models.JSONField(default=list, blank=True)
    amount_refunded = models.PositiveIntegerField(default=0)
    refund = models.ForeignKey(
        Refund, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    by = models.CharField(max_length=16, choices=By.choices)
    note = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return self.summary

    @property
    def summary(self) -> str:
        """ "1 RTT session credit added", "2 Follow-up session credits given back; £95
        refunded"."""
        parts = [
            f"{abs(line['change'])} {line['name']} credit{'s' if abs(line['change']) != 1 else ''}"
            f" {'added' if line['change'] > 0 else 'given back'}"
            for line in self.credits
        ]
        if self.amount_refunded:
            parts.append(f"{money(self.amount_refunded, self.purchase.order.currency)} refunded")
        return "; ".join(parts) or "No change"
