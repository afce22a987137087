"""Time off and extra hours, changed from the calendar: each entry on the week, the month and the
agenda links to its own page here, with a delete step that asks first.

Times are typed on her clocks and read by workplace/calendar_forms.py (a time the clocks skip is
refused). Changing time off over sessions asks what to do with them first, as Block time does.
"""

from datetime import datetime, time

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from bookings.models import ExtraAvailability, TimeOff
from bookings.timezones import when_label
from practice.http import query_day
from practice.zones import zone_label
from workplace.calendar_forms import ExtraHoursForm, TimeOffForm
from workplace.dashboard import overlapping_bookings, practitioners_for
from workplace.extra_hours import extra_hours_add, extra_hours_change, extra_hours_delete
from workplace.time_off import time_off_change, time_off_delete
from workplace.views.block_time import (
    overlap_choice,
    overlap_context,
    report_blocked,
    time_off_asked,
)
from workplace.views.common import admin_context, calendar_url, chosen_practitioner

EXTRA_FROM, EXTRA_UNTIL = time(18), time(20)  # an evening: what a new extra-hours form offers


def calendar_urls(wrap) -> list:
    """The admin URL patterns of this part; `wrap(view)` makes a view staff-only (see admin.py)."""
    return [
        path(
            "calendar/time-off/<int:pk>/",
            wrap(time_off_edit_view),
            name="bookings_booking_time_off_edit",
        ),
        path(
            "calendar/time-off/<int:pk>/delete/",
            wrap(time_off_delete_view),
            name="bookings_booking_time_off_delete",
        ),
        path("calendar/extra/add/", wrap(extra_add_view), name="bookings_booking_extra_add"),
        path("calendar/extra/<int:pk>/", wrap(extra_edit_view), name="bookings_booking_extra_edit"),
        path(
            "calendar/extra/<int:pk>/delete/",
            wrap(extra_delete_view),
            name="bookings_booking_extra_delete",
        ),
    ]


def _require(request, permission: str) -> None:
    if not request.user.has_perm(f"bookings.{permission}"):
        raise PermissionDenied


def _entry(request, model, pk):
    """The row, if it belongs to a practitioner whose calendar this user sees; and where her
    calendar is (its day, and whose it is when there are several)."""
    practitioners, _ = practitioners_for(request.user)
    row = get_object_or_404(
        model.objects.select_related("practitioner"), pk=pk, practitioner__in=practitioners
    )
    return row, len(practitioners) > 1


def _back(row, several: bool) -> str:
    """The calendar on the day `row` starts, as her clocks show it."""
    practitioner = row.practitioner
    day = row.start.astimezone(practitioner.tz).date()
    return calendar_url(date=day.isoformat(), practitioner=practitioner.pk if several else None)


def _range_text(row) -> str:
    tz = row.practitioner.tz
    return f"{when_label(row.start, tz)} to {when_label(row.end, tz)}"


def _form_page(request, model_admin, *, template="workplace/calendar/entry_form.html", **context):
    return TemplateResponse(request, template, admin_context(request, model_admin, **context))


def _save_error(form, error: ValidationError, row) -> None:
    # The model's own checks (full_clean): shown on the form, nothing written. The refused
    # change may have set the row's fields: read it again, for the page shows it as stored.
    if row is not None:
        row.refresh_from_db()
    for message in error.messages:
        form.add_error(None, message)


def _edit_page(
    request, model_admin, row, several: bool, *, delete_view: str, delete_perm: str, **context
):
    """The page that changes `row`, on her clock, with a link to its delete step (`delete_view`,
    an admin URL name) for those who have `delete_perm`."""
    may_delete = request.user.has_perm(f"bookings.{delete_perm}")
    return _form_page(
        request,
        model_admin,
        row=row,
        zone=zone_label(row.practitioner.tz.key, at=row.start),
        calendar_url=_back(row, several),
        delete_url=reverse(delete_view, args=[row.pk]) if may_delete else "",
        save_label="Save the change",
        **context,
    )


def _deleted(request, row, several: bool, *, delete, said: str) -> HttpResponseRedirect:
    """Deletes `row` (`delete()`), says so (`said`, with its times as `{when}`) and goes back to
    the calendar on its day."""
    back, when = _back(row, several), _range_text(row)
    delete()
    messages.success(request, said.format(when=when))
    return HttpResponseRedirect(back)


def _delete_page(request, model_admin, row, several: bool, **context):
    """The step that asks first: the entry's times, what deleting it does, and the way back."""
    return _form_page(
        request,
        model_admin,
        template="workplace/calendar/entry_delete.html",
        row=row,
        when=_range_text(row),
        calendar_url=_back(row, several),
        **context,
    )


# Time off -------------------------------------------------------------------------------------


def time_off_edit_view(request, model_admin, pk):
    """Change time off's times and note; sessions it would newly cover are decided on first."""
    _require(request, "change_timeoff")
    time_off, several = _entry(request, TimeOff, pk)
    tz = time_off.practitioner.tz
    now = timezone.now()
    changed = None
    if request.method == "POST":
        form = TimeOffForm(request.POST, tz=tz, original=time_off.as_interval())
        overlap = overlap_choice(request)
        if form.is_valid():
            try:
                changed = time_off_change(
                    time_off=time_off, **time_off_asked(request, form, overlap, now=now)
                )
            except ValidationError as error:
                _save_error(form, error, time_off)
            else:
                if changed.time_off is not None:
                    report_blocked(request, changed, tz, done="changed")
                    return HttpResponseRedirect(_back(time_off, several))
    else:
        form = TimeOffForm(
            tz=tz, original=time_off.as_interval(), initial={"reason": time_off.reason}
        )
    return _edit_page(
        request,
        model_admin,
        time_off,
        several,
        delete_view="admin:bookings_booking_time_off_delete",
        delete_perm="delete_timeoff",
        title="Change time off",
        this_kind="this time off",
        intro="Clients can't book time off.",
        form=form,
        **overlap_context(changed.overlapping if changed else [], tz),
    )


def time_off_delete_view(request, model_admin, pk):
    """Asks first (GET); deleting (POST) opens the time to clients again, within her hours."""
    _require(request, "delete_timeoff")
    time_off, several = _entry(request, TimeOff, pk)
    if request.method == "POST":
        return _deleted(
            request,
            time_off,
            several,
            delete=lambda: time_off_delete(time_off=time_off),
            said="Time off deleted: {when}. Clients can book this time again, within your hours.",
        )
    return _delete_page(
        request,
        model_admin,
        time_off,
        several,
        title="Delete time off",
        this_kind="this time off",
        note=time_off.reason,
        consequence="Clients will be able to book this time again, within your weekly hours.",
        edit_url=reverse("admin:bookings_booking_time_off_edit", args=[time_off.pk]),
    )


# Extra hours ----------------------------------------------------------------------------------


def extra_add_view(request, model_admin):
    """Open extra time for booking (an evening, a Saturday), from the day she was looking at."""
    _require(request, "add_extraavailability")
    practitioners, practitioner = chosen_practitioner(request)
    if practitioner is None:
        messages.warning(request, "Add a practitioner first: extra hours belong to one.")
        return HttpResponseRedirect(reverse("admin:bookings_practitioner_add"))
    tz = practitioner.tz
    now = timezone.now()
    keep = practitioner.pk if len(practitioners) > 1 else None
    if request.method == "POST":
        form = ExtraHoursForm(request.POST, tz=tz)
        if form.is_valid():
            try:
                extra = extra_hours_add(
                    practitioner=practitioner,
                    start=form.cleaned_data["start_at"],
                    end=form.cleaned_data["end_at"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                _save_error(form, error, None)
            else:
                messages.success(
                    request,
                    f"Extra hours added: {_range_text(extra)}. Clients can book this time.",
                )
                return HttpResponseRedirect(_back(extra, len(practitioners) > 1))
        start = form.cleaned_data.get("start") if hasattr(form, "cleaned_data") else None
        day = start.date() if start else now.astimezone(tz).date()
    else:
        day = query_day(request.GET.get("date")) or now.astimezone(tz).date()
        form = ExtraHoursForm(
            tz=tz,
            initial={
                "start": datetime.combine(day, EXTRA_FROM),
                "end": datetime.combine(day, EXTRA_UNTIL),
            },
        )
    return _form_page(
        request,
        model_admin,
        title="Add extra hours",
        this_kind="these extra hours",
        intro="Extra hours are working time outside your weekly hours, for example an evening "
        "or a Saturday: clients can book them like any other working time.",
        form=form,
        # Named with the offset of the day it starts on, which may be in the other half of the year.
        zone=zone_label(tz.key, at=datetime.combine(day, time(12), tzinfo=tz)),
        practitioner=practitioner,
        practitioners=practitioners if len(practitioners) > 1 else [],
        calendar_url=calendar_url(date=day.isoformat(), practitioner=keep),
        save_label="Add these hours",
    )


def extra_edit_view(request, model_admin, pk):
    """Change extra hours' times and note. Sessions booked in them stay booked."""
    _require(request, "change_extraavailability")
    extra, several = _entry(request, ExtraAvailability, pk)
    tz = extra.practitioner.tz
    if request.method == "POST":
        form = ExtraHoursForm(request.POST, tz=tz, original=extra.as_interval())
        if form.is_valid():
            try:
                extra_hours_change(
                    extra=extra,
                    start=form.cleaned_data["start_at"],
                    end=form.cleaned_data["end_at"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                _save_error(form, error, extra)
            else:
                messages.success(
                    request,
                    f"Extra hours changed: {_range_text(extra)}. Clients can book this time.",
                )
                return HttpResponseRedirect(_back(extra, several))
    else:
        form = ExtraHoursForm(tz=tz, original=extra.as_interval(), initial={"note": extra.note})
    return _edit_page(
        request,
        model_admin,
        extra,
        several,
        delete_view="admin:bookings_booking_extra_delete",
        delete_perm="delete_extraavailability",
        title="Change extra hours",
        this_kind="these extra hours",
        intro="Clients can book extra hours like any other working time. Sessions already "
        "booked in them stay booked if you change or delete them.",
        form=form,
    )


def extra_delete_view(request, model_admin, pk):
    """Asks first (GET), naming sessions booked inside; deleting (POST) keeps those sessions."""
    _require(request, "delete_extraavailability")
    extra, several = _entry(request, ExtraAvailability, pk)
    if request.method == "POST":
        return _deleted(
            request,
            extra,
            several,
            delete=lambda: extra_hours_delete(extra=extra),
            said="Extra hours deleted: {when}. Clients can no longer book this time.",
        )
    inside = overlapping_bookings(
        practitioner=extra.practitioner, interval=extra.as_interval(), now=timezone.now()
    )
    return _delete_page(
        request,
        model_admin,
        extra,
        several,
        title="Delete extra hours",
        this_kind="these extra hours",
        note=extra.note,
        consequence="Clients will no longer be able to book this time.",
        **overlap_context(inside, extra.practitioner.tz),
        kept_note="These sessions are already booked in these hours: they stay booked.",
        edit_url=reverse("admin:bookings_booking_extra_edit", args=[extra.pk]),
    )
