"""Times in a given zone: {{ booking.start|in_zone:zone }} -> "Tuesday 3 March at 9:30 am"."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django import template

from bookings import timezones

register = template.Library()


@register.filter
def in_zone(moment: datetime | None, zone: str) -> str:
    if moment is None:
        return ""
    return timezones.when(moment, ZoneInfo(zone))


@register.filter
def clock_in_zone(moment: datetime | None, zone: str) -> str:
    if moment is None:
        return ""
    return timezones.clock_time(moment.astimezone(ZoneInfo(zone)))
