"""The booking list's filters: date ranges on the practitioner's clock, and the screening flag."""

from django.contrib import admin
from django.utils import timezone

from practice.dates import add_months, month_end, month_start
from workplace import calendar


class WhenFilter(admin.SimpleListFilter):
    """Date ranges in the admin's active zone (practice.middleware.AdminTimeZoneMiddleware)."""

    title = "date"
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [
            ("today", "Today"),
            ("next_7_days", "Today and the next 7 days"),
            ("upcoming", "From now on"),
            ("this_month", "This month"),
            ("last_month", "Last month"),
            ("past", "Before now"),
        ]

    def queryset(self, request, queryset):
        tz = timezone.get_current_timezone()
        now = timezone.now()
        today = now.astimezone(tz).date()
        last_month = add_months(month_start(today), -1)
        ranges = {
            "today": calendar.days_window(today, today, tz),
            "next_7_days": calendar.days_window(today, today + 7 * calendar.ONE_DAY, tz),
            "this_month": calendar.days_window(month_start(today), month_end(today), tz),
            "last_month": calendar.days_window(last_month, month_end(last_month), tz),
        }
        value = self.value()
        if value in ranges:
            return queryset.filter(start__gte=ranges[value].start, start__lt=ranges[value].end)
        if value == "upcoming":
            return queryset.filter(end__gt=now)
        if value == "past":
            return queryset.filter(end__lte=now)
        return queryset


class FlaggedFilter(admin.SimpleListFilter):
    title = "screening"
    parameter_name = "flagged"

    def lookups(self, request, model_admin):
        return [("yes", "Needs a conversation"), ("no", "Nothing flagged")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(needs_conversation=True)
        if self.value() == "no":
            return queryset.filter(needs_conversation=False)
        return queryset
