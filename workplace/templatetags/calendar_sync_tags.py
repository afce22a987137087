"""Her calendars on the admin's index: `{% calendars_reading as reading %}` in
workplace/_calendar_sync.html (one include in admin/index.html).

Kept apart from the dashboard (workplace/dashboard.py): one query, and only for whoever is signed
in: the practitioner sees her own calendars, a superuser who is not one sees them all. Kept in
the cache per person (workplace/desk_cache.py).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django import template
from django.utils import timezone

from bookings.models import ExternalCalendar
from bookings.timezones import clock, when_label
from workplace.calendar import local_midnight
from workplace.dashboard import calendars_part
from workplace.desk_cache import CALENDARS, kept

register = template.Library()


@dataclass(frozen=True)
class CalendarReading:
    name: str
    pk: int
    error: str
    last_success: str  # "Fri 27 Mar 2026, 09:00" in her zone, or ""


@dataclass(frozen=True)
class CalendarsReading:
    failing: list[CalendarReading]
    working: int
    last_read: str  # the oldest last read of the working ones: "09:05", or a date and time
    any: bool


def _label(moment: datetime | None, *, now: datetime, tz) -> str:
    if moment is None:
        return ""
    if moment.astimezone(tz).date() == now.astimezone(tz).date():
        return clock(moment.astimezone(tz))
    return when_label(moment, tz)


@register.simple_tag(takes_context=True)
def calendars_reading(context) -> CalendarsReading:
    """Kept in the cache under the "calendars" version (a read, a change of a calendar or of
    whoever is signed in) until her next midnight, when a last read of today shows as a date."""
    request = context.get("request")
    user = getattr(request, "user", None)
    now = timezone.now()
    tz = timezone.get_current_timezone()  # the admin's: her own zone
    if user is None:
        return _reading(user, now=now, tz=tz)

    def build():
        tomorrow = now.astimezone(tz).date() + timedelta(days=1)
        return _reading(user, now=now, tz=tz), local_midnight(tomorrow, tz)

    return kept(calendars_part(user=user, zone=tz, now=now), build, namespaces=(CALENDARS,))


def _reading(user, *, now: datetime, tz) -> CalendarsReading:
    calendars = ExternalCalendar.objects.filter(active=True).order_by("name", "pk")
    if user is None or not user.is_superuser:
        calendars = calendars.filter(practitioner__user=user)
    failing, working = [], []
    for calendar in calendars.only("pk", "name", "last_error", "last_success_at"):
        if calendar.last_error:
            failing.append(
                CalendarReading(
                    name=calendar.name,
                    pk=calendar.pk,
                    error=calendar.last_error,
                    last_success=when_label(calendar.last_success_at, tz)
                    if calendar.last_success_at
                    else "",
                )
            )
        else:
            working.append(calendar.last_success_at)
    read = [moment for moment in working if moment is not None]
    return CalendarsReading(
        failing=failing,
        working=len(working),
        last_read=_label(min(read), now=now, tz=tz) if read else "",
        any=bool(failing or working),
    )
