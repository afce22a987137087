"""The calendar: a week (default), a month or an agenda, `?view=month&date=2026-03-27`.

On a narrow screen (her phone) the week and the month show as an agenda instead, from the day
she is looking at: both are in the page and static/css/admin-calendar.css shows the one that
fits. `?view=agenda` shows only the agenda, at any width.
"""

from datetime import datetime, time
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from bookings.slots import Interval
from practice.http import query_day
from practice.zones import zone_label
from workplace import calendar
from workplace.agenda import AGENDA_DAYS, Agenda, agenda_window, build_agenda
from workplace.calendar import DASH
from workplace.calendar_data import calendar_data
from workplace.views.common import admin_context, calendar_url, chosen_practitioner

VIEWS = ("week", "month", "agenda")


def calendar_view(request, model_admin):
    """Week (default), month or agenda, `?view=month&date=2026-03-27`, in the practitioner's
    zone."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    now = timezone.now()
    practitioners, practitioner = chosen_practitioner(request)
    # Her week on her clocks (her weekly hours are hers); with nobody to show, the admin's.
    tz = practitioner.tz if practitioner else timezone.get_current_timezone()
    today = now.astimezone(tz).date()
    view = request.GET.get("view") if request.GET.get("view") in VIEWS else "week"
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
        # One read for the grid and the agenda shown instead of it on a narrow screen.
        listed = agenda_window(day, tz)
        window = listed
        if view != "agenda":
            grid = (calendar.month_window if view == "month" else calendar.week_window)(day, tz)
            window = Interval(min(grid.start, listed.start), max(grid.end, listed.end))
        shown = calendar_data(
            practitioner=practitioner, window=window, now=now, show_cancelled=show_cancelled
        )
        context.update({"week": _week, "month": _month, "agenda": _agenda}[view](day, shown, keep))
        if view != "agenda":
            agenda = build_agenda(day, shown)
            context.update(agenda=agenda, agenda_period=_days_label(agenda))
    return TemplateResponse(request, "workplace/calendar.html", context)


def _links(*, view: str, day, keep: dict) -> dict:
    """The addresses the calendar's buttons go to, keeping whose calendar and what it shows."""
    shown_view = view if view != "week" else None
    at_day = urlencode({"date": day.isoformat(), "practitioner": keep["practitioner"] or ""})
    return {
        "week_url": calendar_url(date=day.isoformat(), **keep),
        "month_url": calendar_url(view="month", date=day.isoformat(), **keep),
        "agenda_url": calendar_url(view="agenda", date=day.isoformat(), **keep),
        "today_url": calendar_url(view=shown_view, **keep),
        "cancelled_toggle_url": calendar_url(
            view=shown_view,
            date=day.isoformat(),
            practitioner=keep["practitioner"],
            cancelled=None if keep["cancelled"] else "shown",
        ),
        # The forms start on the day she is looking at.
        "block_url": reverse("admin:bookings_booking_block_time") + "?" + at_day,
        "extra_url": reverse("admin:bookings_booking_extra_add") + "?" + at_day,
    }


def _month(day, shown: calendar.Shown, keep: dict) -> dict:
    month = calendar.build_month(day, shown)
    return {
        "month": month,
        "period": f"{month.first_day:%B %Y}",
        "period_noun": "month",
        "previous_url": calendar_url(view="month", date=month.previous.isoformat(), **keep),
        "next_url": calendar_url(view="month", date=month.next.isoformat(), **keep),
    }


def _week(day, shown: calendar.Shown, keep: dict) -> dict:
    week = calendar.build_week(day, shown)
    return {
        "week": week,
        "period": _range_label(week.first_day, week.last_day),
        "period_noun": "week",
        "previous_url": calendar_url(date=week.previous.isoformat(), **keep),
        "next_url": calendar_url(date=week.next.isoformat(), **keep),
    }


def _agenda(day, shown: calendar.Shown, keep: dict) -> dict:
    agenda = build_agenda(day, shown)
    return {
        "agenda": agenda,
        "period": _days_label(agenda),
        "agenda_period": _days_label(agenda),
        "period_noun": f"{AGENDA_DAYS} days",
        "previous_url": calendar_url(view="agenda", date=agenda.previous.isoformat(), **keep),
        "next_url": calendar_url(view="agenda", date=agenda.next.isoformat(), **keep),
    }


def _days_label(agenda: Agenda) -> str:
    return _range_label(agenda.first_day, agenda.last_day)


def _range_label(first, last) -> str:
    if first.month == last.month and first.year == last.year:
        return f"{first.day}{DASH}{last.day} {last:%B %Y}"
    if first.year == last.year:
        return f"{first.day} {first:%B} {DASH} {last.day} {last:%B %Y}"
    return f"{first.day} {first:%B %Y} {DASH} {last.day} {last:%B %Y}"
