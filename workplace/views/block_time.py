"""Block time: time off from the calendar; bookings it would cover are listed and decided on
first (workplace/time_off.py)."""

from datetime import datetime, time

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from bookings.models import Booking
from bookings.timezones import when_label
from practice.http import query_day
from practice.zones import zone_label
from workplace.calendar_forms import TimeOffForm
from workplace.time_off import Overlap, time_off_block
from workplace.views.common import admin_context, calendar_url, chosen_practitioner


def block_time_view(request, model_admin):
    """Time off from the calendar; bookings it would cover are listed and decided on first."""
    if not request.user.has_perm("bookings.add_timeoff"):
        raise PermissionDenied
    practitioners, practitioner = chosen_practitioner(request)
    if practitioner is None:
        messages.warning(request, "Add a practitioner first: time off belongs to one.")
        return HttpResponseRedirect(reverse("admin:bookings_practitioner_add"))
    tz = practitioner.tz
    now = timezone.now()
    blocked = None
    if request.method == "POST":
        form = TimeOffForm(request.POST, tz=tz)
        overlap = overlap_choice(request)
        if form.is_valid():
            blocked = time_off_block(
                practitioner=practitioner, **time_off_asked(request, form, overlap, now=now)
            )
            if blocked.time_off is not None:
                report_blocked(request, blocked, tz)
                local_day = blocked.time_off.start.astimezone(tz).date()
                keep = practitioner.pk if len(practitioners) > 1 else None
                return HttpResponseRedirect(
                    calendar_url(date=local_day.isoformat(), practitioner=keep)
                )
    else:
        day = query_day(request.GET.get("date")) or now.astimezone(tz).date()
        form = TimeOffForm(
            tz=tz,
            initial={
                "start": datetime.combine(day, time(9)),
                "end": datetime.combine(day, time(17)),
            },
        )
    context = admin_context(
        request,
        model_admin,
        title="Block time",
        form=form,
        zone=zone_label(tz.key, at=now),
        practitioner=practitioner,
        practitioners=practitioners if len(practitioners) > 1 else [],
        calendar_url=calendar_url(),
        **overlap_context(blocked.overlapping if blocked else [], tz),
    )
    return TemplateResponse(request, "workplace/block_time.html", context)


def overlap_choice(request) -> str | None:
    """What she chose for the sessions time off covers; cancelling them needs the right to
    change bookings (refused before anything is read from the form)."""
    overlap = request.POST.get("overlap")
    if overlap == Overlap.CANCEL and not request.user.has_perm("bookings.change_booking"):
        raise PermissionDenied
    return overlap


def time_off_asked(request, form, overlap: str | None, *, now) -> dict:
    """The time off form's answers, as time_off_block and time_off_change take them: the times,
    the reason, her choice about covered sessions and the ones she was shown."""
    return {
        "start": form.cleaned_data["start_at"],
        "end": form.cleaned_data["end_at"],
        "reason": form.cleaned_data["reason"],
        "overlap": overlap,
        "seen": set(request.POST.getlist("seen")),
        "now": now,
    }


def overlap_context(overlapping: list[Booking], tz) -> dict:
    """The sessions time off would cover, each with its time on her clock, for the warning."""
    for booking in overlapping:
        booking.when = when_label(booking.start, tz)
    return {
        "overlapping": overlapping,
        "paid_overlapping": any(
            b.status == Booking.Status.CONFIRMED and b.price_amount for b in overlapping
        ),
    }


def report_blocked(request, blocked, tz, *, done: str = "added") -> None:
    """What happened, in the messages on the next page: the time off, and its sessions."""
    time_off = blocked.time_off
    messages.success(
        request,
        f"Time off {done}: {when_label(time_off.start, tz)} to {when_label(time_off.end, tz)}. "
        "Clients can no longer book this time.",
    )
    if blocked.cancelled:
        count = len(blocked.cancelled)
        messages.success(
            request,
            f"{count} session{'s' if count != 1 else ''} cancelled. Each client has been e-mailed, "
            "and anything they paid is being refunded in full.",
        )
    elif blocked.overlapping:
        count = len(blocked.overlapping)
        messages.info(
            request,
            f"You kept {count} session{'s' if count != 1 else ''} inside this time: "
            "they still take place.",
        )
