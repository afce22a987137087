"""The calendar: a week (default), a month or an agenda, `?view=month&date=2026-03-27`.

On a narrow screen (her phone) the week and the month show as an agenda instead, from the day
she is looking at: both are in the page and static/css/admin-calendar.css shows the one that
fits. `?view=agenda` shows only the agenda, at any width.
"""

from datetime import datetime, time
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from bookings.slots import Interval
from practice.dates import add_months, month_start
from practice.fragments import page_changes_at
from practice.http import query_day
from practice.page_cache import AVAILABILITY, pages_versions
from practice.version_tokens import read_ahead
from practice.zones import zone_label
from workplace import calendar
from workplace.admin_menu import MENU, menu_keys, page_markup_key
from workplace.agenda import AGENDA_DAYS, agenda_window, build_agenda
from workplace.calendar import DASH
from workplace.calendar_data import calendar_data
from workplace.dashboard import PRACTITIONERS
from workplace.desk_cache import DESK, earliest, kept, kept_desk_page, part_key
from workplace.views.common import admin_context, calendar_url, chosen_practitioner

VIEWS = ("week", "month", "agenda")


@kept_desk_page(namespaces=(AVAILABILITY, DESK))
def calendar_view(request, model_admin):
    """Week (default), month or agenda, `?view=month&date=2026-03-27`, in the practitioner's
    zone."""
    # Read in three round trips to the cache: the versions the page's parts are kept under;
    # her permissions, list of apps and the practitioners; the calendar's body and the menu's
    # markup.
    pages_versions(MENU, AVAILABILITY, DESK)
    read_ahead([*menu_keys(request, model_admin.admin_site), part_key(PRACTITIONERS)])
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    now = timezone.now()
    practitioners, practitioner = chosen_practitioner(request)
    # Her week on her clocks (her weekly hours are hers); with nobody to show, the admin's.
    tz = practitioner.tz if practitioner else timezone.get_current_timezone()
    today = now.astimezone(tz).date()
    # Without a day asked for, the page is today's until her midnight.
    page_changes_at(calendar.local_midnight(today + calendar.ONE_DAY, tz))
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
        context.update(_period(view, day, keep))
        name = (
            f"calendar:{practitioner.pk}:{tz.key}:{view}:{day.isoformat()}:"
            f"{int(show_cancelled)}:{int(bool(context['practitioners']))}"
        )
        sidebar = page_markup_key(request, context["available_apps"], show_changelinks=False)
        read_ahead([part_key(name), *([sidebar] if sidebar else [])])
        context["body"] = kept(
            name, lambda: _body(context, view=view, day=day, practitioner=practitioner, now=now)
        )
    return TemplateResponse(request, "workplace/calendar.html", context)


def _body(context: dict, *, view: str, day, practitioner, now) -> tuple[str, datetime | None]:
    """The grid and the agenda beside it (or the agenda alone) as HTML, and when they next
    change with no save: her next midnight (today's marks, today's "Join"), a hold shown
    running out, a free hour passing (its "Book" link goes)."""
    tz = practitioner.tz
    # One read for the grid and the agenda shown instead of it on a narrow screen.
    listed = agenda_window(day, tz)
    window = listed
    if view != "agenda":
        grid = (calendar.month_window if view == "month" else calendar.week_window)(day, tz)
        window = Interval(min(grid.start, listed.start), max(grid.end, listed.end))
    shown = calendar_data(
        practitioner=practitioner, window=window, now=now, show_cancelled=context["show_cancelled"]
    )
    parts = {"agenda": build_agenda(day, shown)}
    if view == "week":
        parts["week"] = calendar.build_week(day, shown)
    elif view == "month":
        parts["month"] = calendar.build_month(day, shown)
    agenda_period = _range_label(parts["agenda"].first_day, parts["agenda"].last_day)
    html = render_to_string(
        "workplace/_calendar_body.html", {**context, **parts, "agenda_period": agenda_period}
    )
    book_at = (
        [cell.book_at for row in parts["week"].rows for cell in row.cells if cell.book_at]
        if view == "week"
        else []
    )
    changes = earliest(
        calendar.local_midnight(shown.today + calendar.ONE_DAY, tz), shown.holds_end, *book_at
    )
    return html, changes


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


def _period(view: str, day, keep: dict) -> dict:
    """The period shown (its title) and the periods before and after it, from `day` alone."""
    if view == "month":
        first = month_start(day)
        return {
            "period_start": first,
            "period": f"{first:%B %Y}",
            "period_noun": "month",
            "previous_url": calendar_url(
                view="month", date=add_months(first, -1).isoformat(), **keep
            ),
            "next_url": calendar_url(view="month", date=add_months(first, 1).isoformat(), **keep),
        }
    if view == "week":
        first, length, noun, shown_view = calendar.week_start(day), 7, "week", None
    else:
        first, length, noun, shown_view = day, AGENDA_DAYS, f"{AGENDA_DAYS} days", "agenda"
    step = length * calendar.ONE_DAY
    last = first + step - calendar.ONE_DAY
    return {
        "period_start": first,
        "period": _range_label(first, last),
        "period_noun": noun,
        "previous_url": calendar_url(view=shown_view, date=(first - step).isoformat(), **keep),
        "next_url": calendar_url(view=shown_view, date=(first + step).isoformat(), **keep),
    }


def _range_label(first, last) -> str:
    if first.month == last.month and first.year == last.year:
        return f"{first.day}{DASH}{last.day} {last:%B %Y}"
    if first.year == last.year:
        return f"{first.day} {first:%B} {DASH} {last.day} {last:%B %Y}"
    return f"{first.day} {first:%B %Y} {DASH} {last.day} {last:%B %Y}"
