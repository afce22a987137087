"""A client's page in the admin lists her bookings: bookings extends clients' user admin, which
knows nothing of bookings (bookings/admin.py registers it in its place)."""

from django.contrib import admin

from bookings.models import Booking
from bookings.timezones import when
from clients.admin import ClientConsentInline, ProfileInline, UserAdmin
from practice.admin_helpers import ReadOnlyInline
from practice.templatetags.practice_tags import money


class ClientBookingInline(ReadOnlyInline):
    """The client's bookings, newest first; each opens the booking's own page."""

    model = Booking
    fk_name = "client"
    fields = ["session", "service", "status", "paid", "refunded"]
    ordering = ["-start"]
    verbose_name_plural = "bookings"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("service", "practitioner")

    @admin.display(description="when (the practitioner's time)")
    def session(self, obj):
        return when(obj.start, obj.practitioner.tz)

    @admin.display(description="price")
    def paid(self, obj):
        return money(obj.price_amount, obj.price_currency) if obj.price_amount else "Free"

    @admin.display(description="refunded")
    def refunded(self, obj):
        return money(obj.refund_amount, obj.price_currency) if obj.refund_amount else ""


class ClientUserAdmin(UserAdmin):
    inlines = [ProfileInline, ClientBookingInline, ClientConsentInline]
