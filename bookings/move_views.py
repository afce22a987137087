"""Moving a confirmed booking: the picker of times she may move to, the confirm step showing
the old and the new time with what the policy says, then the move itself (a POST)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from bookings import services, slot_picker
from bookings.access import client_booking_or_404
from bookings.models import Booking
from bookings.policy import Actor
from bookings.selectors import reschedule_starts
from bookings.views import client_zone, current_time, pick_time, zone_context

MOVE_PICKER = "bookings/booking_reschedule.html"


@login_required
@require_http_methods(["GET", "POST"])
def booking_reschedule(request, reference):
    """Move a confirmed booking: choosing a time (GET `?start=`) shows it to confirm; POST moves."""
    booking = client_booking_or_404(request, reference)
    now = current_time()
    zone = client_zone(request, fallback=booking.client_time_zone)
    path = reverse("bookings:booking-reschedule", kwargs={"reference": booking.reference})
    outcome = services.reschedule_preview(booking=booking, by=Actor.CLIENT, now=now)
    context = {
        "booking": booking,
        "page_title": "Move your booking",
        "noindex": True,
        "now": now,
        "outcome": outcome,
        "form_action": path,
        "is_confirmed": booking.status == Booking.Status.CONFIRMED,
        "confirm_first": True,
    }
    if booking.status != Booking.Status.CONFIRMED or not outcome.allowed:
        if request.method == "POST":
            messages.error(request, "This booking can no longer be moved.")
            return redirect(booking)
        context.update(zone_context(request, zone))
        return render(request, MOVE_PICKER, context)

    starts = reschedule_starts(booking=booking, now=now)
    if request.method == "POST":
        return _move(request, booking, context, starts, zone=zone, now=now)
    if request.GET.get("start") is not None:
        return _confirm_move(request, booking, context, starts, zone=zone)
    return pick_time(request, context, starts, zone=zone, template=MOVE_PICKER)


def _confirm_move(request, booking: Booking, context: dict, starts: list, *, zone: str):
    """The chosen time under the current one, to confirm; a time gone gives the picker again."""
    start = slot_picker.parse_start(request.GET.get("start"))
    path = context["form_action"]
    if start not in starts:
        error = "Sorry — that time is no longer available. Please choose another one."
        refused = {"error": error, "start": start or booking.start}
        return pick_time(request, context, starts, zone=zone, template=MOVE_PICKER, **refused)
    context.update(zone_context(request, zone, keep={"start": slot_picker.iso(start)}))
    context.update(
        page_title="Move your session to this time?",
        new_start=start,
        choose_again_url=slot_picker.day_url(path, slot_picker.local_day(start, zone), zone),
    )
    return render(request, "bookings/booking_move_confirm.html", context)


def _move(request, booking: Booking, context: dict, starts: list, *, zone: str, now):
    start = slot_picker.parse_start(request.POST.get("start"))
    refused = {"error": "Please choose one of the times below.", "start": booking.start}
    try:
        if start is not None and start != booking.start:
            services.booking_reschedule(booking=booking, new_start=start, now=now)
            messages.success(
                request, "Your booking has moved. An e-mail with the new time is on its way."
            )
            return redirect(booking)
    except services.BookingError as error:
        refused = {"error": error.message, "start": start, "status": 409}
    return pick_time(request, context, starts, zone=zone, template=MOVE_PICKER, **refused)
