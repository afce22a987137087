"""Payments, their refunds and Stripe's webhook events.

Written only by this app's domain modules (checkout, settle, refunds, webhooks); read-only in
the admin. The tables keep the names they had when these models lived in `bookings`
(`bookings_payment`, ...): moving them here changed no data (migrations/0001_initial.py).
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q

from bookings.models import Booking
from bookings.models.service import default_currency
from payments.client import OFFLINE_PREFIX

# Letters and digits that cannot be misread for one another (no 0/O, 1/I/L, 5/S, 2/Z, 8/B).
ORDER_REFERENCE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"


def new_order_reference() -> str:
    """16 characters, about 74 bits: unguessable, and read out or typed without doubt."""
    return "".join(secrets.choice(ORDER_REFERENCE_ALPHABET) for _ in range(16))


class Order(models.Model):
    """Something bought that is not a booking: a package of sessions, a gift voucher.

    payments takes its money through Checkout like a booking's (payments/orders.py); what the
    order buys lives in the app that sells it (packages, vouchers), which registers its kind
    and is told, once, in the transaction that records the payment, that it was paid.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for payment"
        PAID = "paid", "Paid"

    reference = models.CharField(
        max_length=32, unique=True, default=new_order_reference, editable=False
    )
    kind = models.CharField(max_length=20, help_text="The app that sells it: package, voucher.")
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="orders",
        help_text="The signed-in buyer (a gift voucher may be bought without an account).",
    )
    email = models.EmailField(blank=True, help_text="Where the receipt goes.")
    amount = models.PositiveIntegerField(help_text="In the currency's smallest unit.")
    currency = models.CharField(max_length=3, default=default_currency)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField()
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="order_positive_amount"),
            models.CheckConstraint(
                condition=~Q(status="paid") | Q(paid_at__isnull=False), name="order_paid_has_time"
            ),
        ]

    def __str__(self):
        return f"{self.reference} ({self.kind}, {self.get_status_display()})"


class Payment(models.Model):
    """One attempt to pay for a booking, or for an order (a package, a gift voucher): a Stripe
    Checkout Session and what became of it.

    The row is written before Stripe is asked for the session, so the attempt's idempotency key
    and parameters survive a failed request and a retry asks for the very same session.
    """

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        PAID = "paid", "Paid"
        FAILED = "failed", "Failed"
        EXPIRED = "expired", "Expired"
        REFUNDED = "refunded", "Refunded"
        PARTIALLY_REFUNDED = "partially_refunded", "Partly refunded"

    # Money was taken (some or all of it may have gone back since).
    PAID_STATUSES = (Status.PAID, Status.PARTIALLY_REFUNDED, Status.REFUNDED)

    # Exactly one of the two: what the payment pays for.
    booking = models.ForeignKey(
        Booking, on_delete=models.PROTECT, related_name="payments", null=True, blank=True
    )
    order = models.ForeignKey(
        Order, on_delete=models.PROTECT, related_name="payments", null=True, blank=True
    )
    attempt = models.PositiveSmallIntegerField(default=1)
    checkout_session_id = models.CharField(max_length=255, blank=True)
    # Where the client pays: Stripe's hosted page (or the offline test page, a local path).
    checkout_url = models.CharField(max_length=2048, blank=True)
    payment_intent_id = models.CharField(max_length=255, blank=True)
    amount = models.PositiveIntegerField(help_text="In the currency's smallest unit.")
    currency = models.CharField(max_length=3)
    amount_refunded = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    # A payment the practitioner received herself (bank transfer, cash, card machine) and
    # recorded at her desk (payments/outside.py): no Checkout Session, nothing Stripe could
    # refund. Its `expires_at` is when it was recorded: it was never open.
    received_outside = models.BooleanField("received outside the site", default=False)
    note = models.CharField(
        max_length=300, blank=True, help_text="How it was paid, in her words (outside the site)."
    )
    expires_at = models.DateTimeField(help_text="When the Checkout Session expires.")
    paid_at = models.DateTimeField(null=True, blank=True)
    idempotency_key = models.CharField(max_length=100, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "bookings_payment"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["payment_intent_id"], name="payment_intent"),
            # The dashboard's takings this month and its twelve months' chart: a range of
            # paid_at, whatever the size of the payment history.
            models.Index(fields=["paid_at"], name="payment_paid_at"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["checkout_session_id"],
                condition=~Q(checkout_session_id=""),
                name="payment_unique_checkout_session",
            ),
            models.UniqueConstraint(fields=["booking", "attempt"], name="payment_one_per_attempt"),
            models.UniqueConstraint(
                fields=["order", "attempt"], name="payment_one_per_order_attempt"
            ),
            models.CheckConstraint(
                condition=Q(booking__isnull=False, order__isnull=True)
                | Q(booking__isnull=True, order__isnull=False),
                name="payment_for_a_booking_or_an_order",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_positive_amount"),
            models.CheckConstraint(
                condition=Q(amount_refunded__lte=models.F("amount")),
                name="payment_refund_within_amount",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["paid", "partially_refunded", "refunded"])
                | Q(paid_at__isnull=False),
                name="payment_paid_has_time",
            ),
            models.CheckConstraint(
                condition=Q(received_outside=False)
                | Q(checkout_session_id="", payment_intent_id=""),
                name="payment_outside_has_no_stripe_ids",
            ),
        ]

    def __str__(self):
        return f"{self.reference} #{self.attempt} ({self.get_status_display()})"

    @property
    def reference(self) -> str:
        """Its booking's reference, or its order's."""
        return self.booking.reference if self.booking_id else self.order.reference

    @property
    def is_paid(self) -> bool:
        return self.status in self.PAID_STATUSES

    @property
    def made_offline(self) -> bool:
        """Paid on the offline test page (its ids made up locally): no money moved at Stripe."""
        return self.payment_intent_id.startswith(f"pi_{OFFLINE_PREFIX}")


class Refund(models.Model):
    """Money sent back for a payment, through Stripe's Refunds API (or seen there)."""

    class Status(models.TextChoices):
        PENDING = "pending", "On its way"
        SUCCEEDED = "succeeded", "Refunded"
        FAILED = "failed", "Failed"
        CANCELED = "canceled", "Cancelled"

    class Reason(models.TextChoices):
        CLIENT_CANCELLED = "client_cancelled", "Cancelled by the client"
        PRACTITIONER_CANCELLED = "practitioner_cancelled", "Cancelled by the practitioner"
        SLOT_TAKEN = "slot_taken", "Paid after the time was taken"
        NOT_CONFIRMABLE = "not_confirmable", "Paid for a booking that could not be confirmed"
        DUPLICATE = "duplicate", "Paid twice for one booking"
        # A Checkout Session the site never made, or one paid in another amount or currency
        # than it asked for: never confirms a booking, always goes back.
        NOT_AS_ASKED = "not_as_asked", "Not the payment the site asked for"
        OUTSIDE = "outside", "Made in Stripe's dashboard"
        # An order's (payments/orders.py): a package's unused credits, a purchase cancelled.
        PACKAGE_CREDITS = "package_credits", "Package credits given back"
        ORDER_CANCELLED = "order_cancelled", "Purchase cancelled"

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    stripe_refund_id = models.CharField(max_length=255, blank=True)
    amount = models.PositiveIntegerField(help_text="In the currency's smallest unit.")
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    reason = models.CharField(max_length=32, choices=Reason.choices)
    # Sent with the Refunds API request: a retried request can never refund twice.
    idempotency_key = models.CharField(max_length=100, blank=True, editable=False)
    failure_reason = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "bookings_refund"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["stripe_refund_id"],
                condition=~Q(stripe_refund_id=""),
                name="refund_unique_stripe_id",
            ),
            models.UniqueConstraint(
                fields=["idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="refund_unique_idempotency_key",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="refund_positive_amount"),
        ]

    def __str__(self):
        return f"{self.stripe_refund_id or 'refund'} ({self.get_status_display()})"


class StripeEvent(models.Model):
    """Every webhook event received, by Stripe's unique id, written with its effects.

    The payload is kept without card or billing details (see payments/webhooks.py). Each
    delivery that tried to apply it counts an attempt; a redelivery of a processed event
    changes nothing, not even this row.
    """

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    livemode = models.BooleanField(default=False)
    payload = models.JSONField(default=dict)
    received_at = models.DateTimeField()
    processed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(
        default=0, help_text="Deliveries that tried to apply the event."
    )
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(
        "last error",
        blank=True,
        help_text="Why the last failed attempt failed (kept once a later one succeeds).",
    )

    class Meta:
        db_table = "bookings_stripeevent"
        ordering = ["-received_at", "-pk"]
        verbose_name = "Stripe event"

    def __str__(self):
        return f"{self.event_id} {self.type}"
