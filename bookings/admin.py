from django.contrib import admin, messages
from django.db import models
from django.utils import timezone

from bookings import services
from bookings.models import (
    Booking,
    CancellationPolicy,
    ExtraAvailability,
    Payment,
    Practitioner,
    Refund,
    Service,
    StripeEvent,
    TimeOff,
    WorkingHours,
)


class WorkingHoursInline(admin.TabularInline):
    model = WorkingHours
    extra = 0


class TimeOffInline(admin.TabularInline):
    model = TimeOff
    extra = 0


class ExtraAvailabilityInline(admin.TabularInline):
    model = ExtraAvailability
    extra = 0


# Video links are https (and Django 6 assumes so too).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Practitioner)
class PractitionerAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["display_name", "user", "time_zone", "active"]
    inlines = [WorkingHoursInline, TimeOffInline, ExtraAvailabilityInline]


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "duration_minutes", "is_free", "price_amount", "active", "order"]
    list_editable = ["active", "order"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["practitioners"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "summary", "description", "active", "order"]}),
        ("Price", {"fields": ["is_free", "price_amount", "price_currency"]}),
        (
            "Time",
            {
                "fields": [
                    "duration_minutes",
                    "buffer_before_minutes",
                    "buffer_after_minutes",
                    "min_notice_hours",
                    "horizon_days",
                    "step_minutes",
                ]
            },
        ),
        ("Who and how", {"fields": ["practitioners", "needs_screening"]}),
    ]


@admin.register(CancellationPolicy)
class CancellationPolicyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return not CancellationPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


class PaymentInline(admin.TabularInline):
    """The booking's payment attempts and what became of them (read-only)."""

    model = Payment
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ["attempt", "status", "amount", "amount_refunded", "currency", "paid_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["start", "client", "service", "status", "needs_conversation"]
    list_filter = ["status", "service", "needs_conversation"]
    date_hierarchy = "start"
    search_fields = ["reference", "client__email", "client__first_name", "client__last_name"]
    list_select_related = ["client", "service"]
    readonly_fields = [
        "reference",
        "client",
        "practitioner",
        "service",
        "start",
        "end",
        "blocked_start",
        "blocked_end",
        "status",
        "hold_expires_at",
        "client_time_zone",
        "price_amount",
        "price_currency",
        "policy_snapshot",
        "confirmed_at",
        "rescheduled_at",
        "times_rescheduled",
        "reminder_sent_at",
        "cancelled_by",
        "cancelled_at",
        "cancellation_reason",
        "refund_amount",
        "created_at",
        "updated_at",
    ]

    actions = ["mark_completed", "mark_no_show", "cancel_with_full_refund"]
    inlines = [PaymentInline]

    def has_add_permission(self, request):
        # Bookings are made through the booking flow, which checks the slot is free.
        return False

    def _apply(self, request, queryset, change, done: str):
        now = timezone.now()
        succeeded = 0
        for booking in queryset:
            try:
                change(booking=booking, now=now)
            except services.BookingError as error:
                self.message_user(request, f"{booking.reference}: {error.message}", messages.ERROR)
            else:
                succeeded += 1
        if succeeded:
            self.message_user(request, f"{succeeded} booking(s) {done}.", messages.SUCCESS)

    @admin.action(description="Mark as completed (the session took place)")
    def mark_completed(self, request, queryset):
        self._apply(request, queryset, services.booking_mark_completed, "marked as completed")

    @admin.action(description="Mark as missed (the client did not join)")
    def mark_no_show(self, request, queryset):
        self._apply(request, queryset, services.booking_mark_no_show, "marked as missed")

    @admin.action(description="Cancel, with a full refund, and tell the client")
    def cancel_with_full_refund(self, request, queryset):
        def cancel(*, booking, now):
            services.booking_cancel(booking=booking, by="practitioner", now=now)

        self._apply(request, queryset, cancel, "cancelled")


# Payments: written only by Stripe's answers and the booking flow, so they are read-only here.
# Refunds are made by cancelling a booking (the action above), never by editing a row.


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RefundInline(admin.TabularInline):
    model = Refund
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ["amount", "currency", "status", "reason", "failure_reason", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "booking", "attempt", "status", "amount", "amount_refunded"]
    list_filter = ["status"]
    search_fields = ["booking__reference", "checkout_session_id", "payment_intent_id"]
    list_select_related = ["booking"]
    date_hierarchy = "created_at"
    inlines = [RefundInline]


@admin.register(Refund)
class RefundAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "payment", "amount", "currency", "status", "reason"]
    list_filter = ["status", "reason"]
    search_fields = ["payment__booking__reference", "stripe_refund_id"]
    list_select_related = ["payment__booking"]
    date_hierarchy = "created_at"


@admin.register(StripeEvent)
class StripeEventAdmin(ReadOnlyAdmin):
    list_display = ["received_at", "event_id", "type", "processed_at", "livemode"]
    list_filter = ["type", "livemode"]
    search_fields = ["event_id"]
    date_hierarchy = "received_at"
