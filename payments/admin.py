"""Payments in the admin: written only by Stripe's answers and the booking flow, so read-only.

Refunds are made by cancelling a booking (the booking list's action), never by editing a row.
"""

from django.contrib import admin

from bookings.admin import booking_page_inlines
from payments.models import Order, Payment, Refund, StripeEvent
from practice.admin_helpers import ReadOnlyAdmin, ReadOnlyInline, money_column


class MoneyColumns:
    """Amounts as she reads them (£95), not in pence as they are stored."""

    amount_shown = money_column("amount", "currency", description="amount")
    refunded_shown = money_column("amount_refunded", "currency", description="refunded")


class PaymentInline(MoneyColumns, ReadOnlyInline):
    """The booking's payment attempts and what became of them."""

    model = Payment
    fields = [
        "attempt",
        "status",
        "amount_shown",
        "refunded_shown",
        "paid_at",
        "received_outside",
        "note",
    ]


class RefundInline(MoneyColumns, ReadOnlyInline):
    model = Refund
    fields = ["amount_shown", "status", "reason", "failure_reason", "created_at"]


@admin.register(Payment)
class PaymentAdmin(MoneyColumns, ReadOnlyAdmin):
    list_display = [
        *("created_at", "booking", "order", "attempt", "status", "amount_shown", "refunded_shown")
    ]
    list_filter = ["status"]
    search_fields = [
        *("booking__reference", "order__reference", "checkout_session_id", "payment_intent_id")
    ]
    list_select_related = ["booking", "order"]
    date_hierarchy = "created_at"
    inlines = [RefundInline]


@admin.register(Refund)
class RefundAdmin(MoneyColumns, ReadOnlyAdmin):
    list_display = ["created_at", "payment", "amount_shown", "status", "reason"]
    list_filter = ["status", "reason"]
    search_fields = ["payment__booking__reference", "payment__order__reference", "stripe_refund_id"]
    list_select_related = ["payment__booking", "payment__order"]
    date_hierarchy = "created_at"


class OrderPaymentInline(PaymentInline):
    """An order's payment attempts."""

    fk_name = "order"


@admin.register(Order)
class OrderAdmin(ReadOnlyAdmin):
    """Packages and gift vouchers bought through Checkout (each app shows what was bought)."""

    list_display = ["created_at", "reference", "kind", "status", "amount_shown", "paid_at"]
    list_filter = ["kind", "status"]
    search_fields = ["reference"]
    date_hierarchy = "created_at"
    # Its page as its list: the amount in pounds, not in pence as it is stored.
    fields = [
        *("reference", "kind", "status", "amount_shown", "customer", "email"),
        *("created_at", "paid_at"),
    ]
    readonly_fields = fields
    inlines = [OrderPaymentInline]
    amount_shown = money_column("amount", "currency", description="amount")


@admin.register(StripeEvent)
class StripeEventAdmin(ReadOnlyAdmin):
    list_display = ["received_at", "event_id", "type", "processed_at", "attempts", "livemode"]
    list_filter = ["type", "livemode"]
    search_fields = ["event_id"]
    date_hierarchy = "received_at"


# A booking's page lists its payment attempts (bookings' admin knows nothing of payments).
booking_page_inlines.append(PaymentInline)
