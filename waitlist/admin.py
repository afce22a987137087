"""The waitlist in the admin, for the practitioner to read: who waits for which service, in line
order (filter by service to see one line), and each freed time with its offers.

Read-only: clients join and leave from the site, and the worker makes the offers; what she
reads here is what happened.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from bookings.timezones import day_label, when_label
from practice.admin_helpers import ReadOnlyAdmin, ReadOnlyInline
from practice.zones import zone_label
from waitlist.models import Entry, FreedTime, Offer


def _client(user) -> str:
    name = user.get_full_name()
    return f"{name} ({user.email})" if name else user.email


def _when(moment) -> str:
    """On her own clock (the admin's zone), named."""
    zone = timezone.get_current_timezone()
    return f"{when_label(moment, zone)} ({zone_label(str(zone), at=moment)})"


class OfferInline(ReadOnlyInline):
    model = Offer
    show_change_link = False  # an offer has no page of its own: its booking has
    verbose_name_plural = "offers, first in line first"

    @admin.display(description="booking")
    def booking_link(self, obj):
        url = reverse("admin:bookings_booking_change", args=[obj.booking_id])
        return format_html('<a href="{}">{}</a>', url, obj.booking.reference)

    @admin.display(description="time")
    def time(self, obj):
        return _when(obj.freed_time.start)

    @admin.display(description="client")
    def client(self, obj):
        return _client(obj.entry.client)

    @admin.display(description="offered")
    def offered(self, obj):
        return _when(obj.offered_at)

    @admin.display(description="held for her until")
    def held_until(self, obj):
        return _when(obj.until)


class EntryOfferInline(OfferInline):
    fields = ["time", "status", "offered", "held_until", "booking_link"]


class FreedTimeOfferInline(OfferInline):
    fields = ["client", "status", "offered", "held_until", "booking_link"]


@admin.register(Entry)
class EntryAdmin(ReadOnlyAdmin):
    list_display = ["client_name", "service", "days", "times_of_day", "status", "joined"]
    list_filter = ["service", "status"]
    list_select_related = ["client", "service"]
    search_fields = ["client__email", "client__first_name", "client__last_name"]
    # Service by service, first in line first: filtered by one service, this is its line.
    ordering = ["service", "joined_at", "pk"]
    fields = ["client_name", "service", "days", "times_of_day", "zone", "status", "joined"]
    readonly_fields = fields
    inlines = [EntryOfferInline]

    @admin.display(description="client", ordering="client__email")
    def client_name(self, obj):
        return _client(obj.client)

    @admin.display(description="days")
    def days(self, obj):
        first, last = obj.first_day, obj.last_day
        return f"{day_label(first)} {first.year} to {day_label(last)} {last.year}"

    @admin.display(description="times of day")
    def times_of_day(self, obj):
        return obj.window.parts_label

    @admin.display(description="her time zone")
    def zone(self, obj):
        return zone_label(obj.time_zone, at=obj.joined_at)

    @admin.display(description="joined", ordering="joined_at")
    def joined(self, obj):
        return _when(obj.joined_at)


@admin.register(FreedTime)
class FreedTimeAdmin(ReadOnlyAdmin):
    list_display = ["time", "service", "status", "freed"]
    list_filter = ["service", "status"]
    list_select_related = ["service"]
    fields = ["time", "service", "status", "freed", "closed"]
    readonly_fields = fields
    inlines = [FreedTimeOfferInline]

    @admin.display(description="time", ordering="start")
    def time(self, obj):
        return _when(obj.start)

    @admin.display(description="freed", ordering="freed_at")
    def freed(self, obj):
        return _when(obj.freed_at)

    @admin.display(description="closed")
    def closed(self, obj):
        return _when(obj.closed_at) if obj.closed_at else "Still being offered"
