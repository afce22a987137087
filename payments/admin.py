"""Payments in the admin: written only by Stripe's answers and the booking flow, so read-only.

Refunds are made by cancelling a booking (the booking list's action), never by editing a row.
"""

from django.contrib import admin

from bookings.admin import booking_page_inlines
from payments.models import Payment, Refund, StripeEvent
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
    list_display = ["created_at", "booking", "attempt", "status", "amount_shown", "refunded_shown"]
    list_filter = ["status"]
    search_fields = ["booking__reference", "checkout_session_id", "payment_intent_id"]
    list_select_related = ["booking"]
    date_hierarchy = "created_at"
    inlines = [RefundInline]


@admin.register(Refund)
class RefundAdmin(MoneyColumns, ReadOnlyAdmin):
    list_display = ["created_at", "payment", "amount_shown", "status", "reason"]
    list_filter = ["status", "reason"]
    search_fields = ["payment__booking__reference", "stripe_refund_id"]
    list_select_related = ["payment__booking"]
    date_hierarchy = "created_at"


@admin.register(StripeEvent)
class StripeEventAdmin(ReadOnlyAdmin):
    list_display = ["received_at", "event_id", "type", "processed_at", "attempts", "livemode"]
    list_filter = ["type", "livemode"]
    search_fields = ["event_id"]
    date_hierarchy = "received_at"


# A booking's page lists its payment attempts (bookings' admin knows nothing of payments).
booking_page_inlines.append(PaymentInline)
