from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.db import models
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from bookings import admin_views, services, timezones
from bookings.feeds import calendar_feed_url, calendar_token_renew
from bookings.models import (
    Booking,
    CancellationPolicy,
    ExtraAvailability,
    Practitioner,
    Service,
    TimeOff,
    WorkingHours,
)
from practice.forms import ZoneChoiceForm
from practice.templatetags.practice_tags import money
from practice.zones import zone_label


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
class PractitionerAdmin(admin_views.PractitionerZoneMixin, admin.ModelAdmin):
    form = ZoneChoiceForm
    formfield_overrides = HTTPS_URLS
    list_display = ["display_name", "user", "zone", "active"]
    inlines = [WorkingHoursInline, TimeOffInline, ExtraAvailabilityInline]
    readonly_fields = ["calendar_feed"]
    actions = ["new_calendar_address"]

    @admin.display(description="time zone", ordering="time_zone")
    def zone(self, obj):
        return zone_label(obj.time_zone, at=timezone.now())

    @admin.display(description="calendar feed")
    def calendar_feed(self, obj):
        if obj is None or obj.pk is None:
            return "Your private calendar address appears here once you have saved."
        return format_html(
            '<code class="qh-feed-url">{}</code><br>Your confirmed sessions, for your own '
            "calendar app: in Google Calendar choose 'From URL', in Apple Calendar "
            "'New Calendar Subscription', in Outlook 'Subscribe from web', "
            "and paste this address. Keep it private. "
            '<a href="{}">Make a new address</a> if someone else may have it.',
            calendar_feed_url(obj),
            reverse("admin:bookings_practitioner_renew_calendar", args=[obj.pk]),
        )

    @admin.action(description="Make a new calendar address (the old one stops working)")
    def new_calendar_address(self, request, queryset):
        for practitioner in queryset:
            calendar_token_renew(practitioner=practitioner)
        self.message_user(
            request,
            "New calendar address made. Subscribe to it again in your calendar app; "
            "the old address no longer works.",
            messages.SUCCESS,
        )

    def get_urls(self):
        return [
            path(
                "<path:object_id>/new-calendar-address/",
                self.admin_site.admin_view(self.renew_calendar_view),
                name="bookings_practitioner_renew_calendar",
            ),
            *super().get_urls(),
        ]

    def renew_calendar_view(self, request, object_id):
        return admin_views.calendar_token_renew_view(request, self, object_id)


@admin.register(TimeOff)
class TimeOffAdmin(admin_views.PractitionerZoneMixin, admin.ModelAdmin):
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


@admin.register(CancellationPolicy)
class CancellationPolicyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return not CancellationPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Booking)
class BookingAdmin(admin_views.PractitionerZoneMixin, admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["when", "client", "service", "status", "screening", "price"]
    list_filter = ["status", "service", admin_views.WhenFilter, admin_views.FlaggedFilter]
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
                    "video_link",
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

    actions = [
        "cancel_with_full_refund",
        "mark_completed",
        "mark_no_show",
        "resend_confirmation",
    ]

    @admin.display(description="when", ordering="start")
    def when(self, obj):
        return admin_views.when_label(obj.start, timezone.get_current_timezone())

    @admin.display(description="screening")
    def screening(self, obj):
        return "Needs a conversation" if obj.needs_conversation else ""

    @admin.display(description="price")
    def price(self, obj):
        return money(obj.price_amount, obj.price_currency) if obj.price_amount else "Free"

    @admin.display(description="refunded")
    def refund_amount_shown(self, obj):
        if obj.refund_amount is None:
            return "Nothing"
        return money(obj.refund_amount, obj.price_currency)

    @admin.display(description="in the client's time zone")
    def client_time(self, obj):
        zone = zone_label(obj.client_time_zone, at=obj.start)
        return f"{timezones.when(obj.start, obj.client_tz)} ({zone})"

    @admin.display(description="consent given")
    def consents(self, obj):
        records = obj.consent_records.select_related("version__document").order_by("accepted_at")
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
                        admin_views.when_label(record.accepted_at, timezone.get_current_timezone()),
                        "; withdrawn since" if record.withdrawn_at else "",
                    )
                    for record in records
                ),
            ),
        )

    def get_urls(self):
        def wrap(view):
            # Staff only, and in her zone (the CSV's date filters read her days, as the list does).
            def in_her_zone(request, *args, **kwargs):
                return self._in_practitioner_zone(request, view, self, *args, **kwargs)

            return self.admin_site.admin_view(in_her_zone)

        return [
            path("calendar/", wrap(admin_views.calendar_view), name="bookings_booking_calendar"),
            path(
                "calendar/block/",
                wrap(admin_views.block_time_view),
                name="bookings_booking_block_time",
            ),
            path("cancel/", wrap(admin_views.booking_cancel_view), name="bookings_booking_cancel"),
            path("export.csv", wrap(self.export_view), name="bookings_booking_export"),
            path(
                "<path:object_id>/do/",
                wrap(admin_views.booking_quick_action_view),
                name="bookings_booking_quick_action",
            ),
            *super().get_urls(),
        ]

    def export_view(self, request, model_admin):
        try:
            return admin_views.booking_export_view(request, model_admin)
        except IncorrectLookupParameters:
            messages.error(request, "That list could not be downloaded: its filters are not valid.")
            return HttpResponseRedirect(reverse("admin:bookings_booking_changelist"))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        booking = self.get_object(request, object_id)
        if booking is not None:
            extra_context = {**(extra_context or {}), **admin_views.booking_tools(booking)}
        return super().change_view(request, object_id, form_url, extra_context)

    # The client's page would be a 404 for her: bookings are only shown to their client.
    view_on_site = False

    def has_add_permission(self, request):
        # Bookings are made through the booking flow, which checks the slot is free.
        return False

    def has_delete_permission(self, request, obj=None):
        # A booking is part of the practice's records (payments, consent): cancel, never delete.
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

    @admin.action(description="Cancel with a full refund and tell the client…")
    def cancel_with_full_refund(self, request, queryset):
        # The next page says what will happen and asks for a reason; nothing changes before.
        ids = queryset.order_by("start").values_list("pk", flat=True)
        return HttpResponseRedirect(admin_views.cancel_url(ids, next_url=request.get_full_path()))

    @admin.action(description="Send the confirmation e-mail to the client again")
    def resend_confirmation(self, request, queryset):
        def resend(*, booking, now):
            admin_views.confirmation_resend(booking=booking)

        self._apply(request, queryset, resend, "sent their confirmation again")
