"""The booking domain's models in the admin. The practitioner's desk on top of them (calendar,
block time, cancelling with a refund, quick actions, CSV, her calendar feed) is the workplace's:
it extends the Booking and Practitioner admins registered here (workplace/admin.py)."""

from django import forms
from django.contrib import admin
from django.db import models
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from bookings import timezones
from bookings.client_admin import ClientUserAdmin
from bookings.models import (
    Booking,
    CancellationPolicy,
    ExtraAvailability,
    Practitioner,
    Service,
    TimeOff,
    WorkingHours,
)
from clients.models import ConsentRecord, User
from practice.admin_helpers import SingletonAdmin
from practice.forms import ZoneChoiceForm
from practice.zones import zone_label


class WorkingHoursInline(admin.TabularInline):
    model = WorkingHours
    extra = 0
    # The browser's own time picker in five-minute steps: no seconds and no "Now" shortcut,
    # which the admin's default time widget adds.
    formfield_overrides = {
        models.TimeField: {
            "widget": forms.TimeInput(attrs={"type": "time", "step": "300"}, format="%H:%M")
        }
    }


class TimeOffInline(admin.TabularInline):
    model = TimeOff
    extra = 0


class ExtraAvailabilityInline(admin.TabularInline):
    model = ExtraAvailability
    extra = 0


@admin.register(Practitioner)
class PractitionerAdmin(admin.ModelAdmin):
    form = ZoneChoiceForm
    list_display = ["display_name", "user", "zone", "active"]
    inlines = [WorkingHoursInline, TimeOffInline, ExtraAvailabilityInline]

    @admin.display(description="time zone", ordering="time_zone")
    def zone(self, obj):
        return zone_label(obj.time_zone, at=timezone.now())


@admin.register(TimeOff)
class TimeOffAdmin(admin.ModelAdmin):
    list_display = ["start", "end", "reason", "practitioner"]
    list_filter = ["practitioner"]
    date_hierarchy = "start"
    list_select_related = ["practitioner"]


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


admin.site.register(CancellationPolicy, SingletonAdmin)


# Inlines that apps above bookings add to a booking's page (payments: its payment attempts).
# A registry rather than an import: bookings knows nothing of them, and every subclass of
# BookingAdmin (the workplace's desk) shows them too.
booking_page_inlines: list[type[admin.options.InlineModelAdmin]] = []


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    def get_inlines(self, request, obj):
        return [*super().get_inlines(request, obj), *booking_page_inlines]

    list_display = [
        "when",
        "client_name",
        "client_email",
        "service",
        "status",
        "screening",
        "price",
    ]
    list_filter = ["status", "service"]
    date_hierarchy = "start"
    search_fields = ["reference", "client__email", "client__first_name", "client__last_name"]
    search_help_text = "Search by the client's name or e-mail address, or the booking reference."
    list_select_related = ["client", "service"]
    fieldsets = [
        (
            "Session",
            {
                "fields": [
                    "reference",
                    "client",
                    "service",
                    "start",
                    "end",
                    "client_time",
                    "status",
                    "needs_conversation",
                ]
            },
        ),
        ("Money", {"fields": ["price", "refund_amount_shown"]}),
        ("Consent", {"fields": ["consents"]}),
        ("Cancellation", {"fields": ["cancelled_by", "cancelled_at", "cancellation_reason"]}),
        (
            "History",
            {
                "classes": ["collapse"],
                "fields": [
                    "created_at",
                    "hold_expires_at",
                    "confirmed_at",
                    "rescheduled_at",
                    "times_rescheduled",
                    "reminder_sent_at",
                    "policy_snapshot",
                    "practitioner",
                    "blocked_start",
                    "blocked_end",
                    "client_time_zone",
                    "price_amount",
                    "price_currency",
                    "refund_amount",
                    "updated_at",
                ],
            },
        ),
    ]
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
        "client_time",
        "price",
        "refund_amount_shown",
        "consents",
    ]

    @admin.display(description="when", ordering="start")
    def when(self, obj):
        return timezones.when_label(obj.start, timezone.get_current_timezone())

    @admin.display(description="client", ordering="client__first_name")
    def client_name(self, obj):
        # What she asked to be called; her e-mail address is the next column.
        return obj.client.get_full_name() or "(no name given)"

    @admin.display(description="e-mail", ordering="client__email")
    def client_email(self, obj):
        return obj.client.email

    @admin.display(description="screening")
    def screening(self, obj):
        return "Needs a conversation" if obj.needs_conversation else ""

    @admin.display(description="price")
    def price(self, obj):
        return obj.price_label

    @admin.display(description="refunded")
    def refund_amount_shown(self, obj):
        return obj.refund_label

    @admin.display(description="in the client's time zone")
    def client_time(self, obj):
        zone = zone_label(obj.client_time_zone, at=obj.start)
        # The admin's own 24-hour clock, in the client's zone.
        return f"{timezones.when_label(obj.start, obj.client_tz)} ({zone})"

    @admin.display(description="consent given")
    def consents(self, obj):
        records = (
            ConsentRecord.objects.filter(booking_reference=obj.reference)
            .select_related("version__document")
            .order_by("accepted_at")
        )
        if not records:
            return "No consent recorded for this booking."
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{} (version {}), accepted {}{}</li>",
                (
                    (
                        record.version.document,
                        record.version.number,
                        timezones.when_label(record.accepted_at, timezone.get_current_timezone()),
                        "; withdrawn since" if record.withdrawn_at else "",
                    )
                    for record in records
                ),
            ),
        )

    # The client's page would be a 404 for her: bookings are only shown to their client.
    view_on_site = False

    def has_add_permission(self, request):
        # Bookings are made through the booking flow, which checks the slot is free.
        return False

    def has_delete_permission(self, request, obj=None):
        # A booking is part of the practice's records (payments, consent): cancel, never delete.
        return False


# A client's page lists her bookings too: clients' user admin, extended here.
admin.site.unregister(User)
admin.site.register(User, ClientUserAdmin)
