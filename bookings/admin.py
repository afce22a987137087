from django.contrib import admin

from bookings.models import (
    Booking,
    CancellationPolicy,
    ExtraAvailability,
    Practitioner,
    Service,
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


@admin.register(Practitioner)
class PractitionerAdmin(admin.ModelAdmin):
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


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
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

    def has_add_permission(self, request):
        # Bookings are made through the booking flow, which checks the slot is free.
        return False
