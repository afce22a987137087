"""The calendar: a week (default) or a month, `?view=month&date=2026-03-27`."""

from datetime import datetime, time
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from practice.http import query_day
from practice.zones import zone_label
from workplace import calendar
from workplace.calendar import DASH
from workplace.dashboard import calendar_data
from workplace.views.common import admin_context, calendar_url, chosen_practitioner


def calendar_view(request, model_admin):
    """Week (default) or month, `?view=month&date=2026-03-27`, in the practitioner's zone."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    now = timezone.now()
    practitioners, practitioner = chosen_practitioner(request)
    # Her week on her clocks (her weekly hours are hers); with nobody to show, the admin's.
    tz = practitioner.tz if practitioner else timezone.get_current_timezone()
    today = now.astimezone(tz).date()
    view = "month" if request.GET.get("view") == "month" else "week"
    day = query_day(request.GET.get("date")) or today
    show_cancelled = request.GET.get("cancelled") == "shown"
    keep = {
        "practitioner": practitioner.pk if practitioner and len(practitioners) > 1 else None,
        "cancelled": "shown" if show_cancelled else None,
    }
    context = admin_context(
        request,
        model_admin,
        title="Calendar",
        view=view,
        day=day,
        # Named with the offset of the days shown, which may be in the other half of the year.
        zone=zone_label(tz.key, at=datetime.combine(day, time(12), tzinfo=tz)),
        practitioner=practitioner,
        practitioners=practitioners if len(practitioners) > 1 else [],
        show_cancelled=show_cancelled,
        **_links(view=view, day=day, keep=keep),
    )
    if practitioner is not None:
        data = calendar_data(
            practitioner=practitioner,
            window=(calendar.month_window if view == "month" else calendar.week_window)(day, tz),
            now=now,
            show_cancelled=show_cancelled,
        )
        grid = {
            "day": day,
            "tz": tz,
            "hours": data.hours,
            "extra": data.extra,
            "time_off": data.time_off,
            "bookings": data.bookings,
            "today": today,
        }
        context.update(_month(grid, keep) if view == "month" else _week(grid, keep))
    return TemplateResponse(request, "workplace/calendar.html", context)


def _links(*, view: str, day, keep: dict) -> dict:
    """The addresses the calendar's buttons go to, keeping whose calendar and what it shows."""
    return {
        "week_url": calendar_url(date=day.isoformat(), **keep),
        "month_url": calendar_url(view="month", date=day.isoformat(), **keep),
        "today_url": calendar_url(view=view if view == "month" else None, **keep),
        "cancelled_toggle_url": calendar_url(
            view=view if view == "month" else None,
            date=day.isoformat(),
            practitioner=keep["practitioner"],
            cancelled=None if keep["cancelled"] else "shown",
        ),
        # The form starts on the day she is looking at.
        "block_url": reverse("admin:bookings_booking_block_time")
        + "?"
        + urlencode({"date": day.isoformat(), "practitioner": keep["practitioner"] or ""}),
    }


def _month(grid: dict, keep: dict) -> dict:
    month = calendar.build_month(**grid)
    return {
        "month": month,
        "period": f"{month.first_day:%B %Y}",
        "previous_url": calendar_url(view="month", date=month.previous.isoformat(), **keep),
        "next_url": calendar_url(view="month", date=month.next.isoformat(), **keep),
    }


def _week(grid: dict, keep: dict) -> dict:
    week = calendar.build_week(**grid)
    return {
        "week": week,
        "period": _week_label(week),
        "previous_url": calendar_url(date=week.previous.isoformat(), **keep),
        "next_url": calendar_url(date=week.next.isoformat(), **keep),
    }


def _week_label(week: calendar.Week) -> str:
    first, last = week.first_day, week.last_day
    if first.month == last.month:
        return f"{first.day}{DASH}{last.day} {last:%B %Y}"
    if first.year == last.year:
        return f"{first.day} {first:%B} {DASH} {last.day} {last:%B %Y}"
    return f"{first.day} {first:%B %Y} {DASH} {last.day} {last:%B %Y}"
