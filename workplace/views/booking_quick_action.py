"""The buttons on a booking's admin page: completed, missed, resend the confirmation, a new
session room; moving it (workplace/views/desk_booking.py) and joining the session."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from bookings import services
from bookings.models import Booking
from rooms.joining import join_path, own_link
from workplace.actions import QUICK_ACTIONS
from workplace.views.booking_cancel import cancel_url
from workplace.views.common import calendar_url


def booking_tools(booking: Booking) -> dict:
    """The buttons a booking's admin page offers, for its template."""
    tz = booking.practitioner.tz
    now = timezone.now()
    change_url = reverse("admin:bookings_booking_change", args=[booking.pk])
    finished = (Booking.Status.CONFIRMED, Booking.Status.COMPLETED, Booking.Status.NO_SHOW)
    confirmed = booking.status == Booking.Status.CONFIRMED
    return {
        "calendar_url": calendar_url(date=booking.start.astimezone(tz).date().isoformat()),
        "cancel_url": cancel_url([booking.pk], next_url=change_url)
        if booking.status in Booking.ACTIVE_STATUSES
        else "",
        "quick_action_url": reverse("admin:bookings_booking_quick_action", args=[booking.pk]),
        # Held or confirmed and not started: she may move it to another free time.
        "move_url": reverse("admin:bookings_booking_move", args=[booking.pk])
        if booking.is_active_at(now) and booking.start > now
        else "",
        "can_mark": booking.status in finished and booking.start <= now,
        "can_resend": confirmed,
        "join_url": join_path(booking) if confirmed else "",
        # Not when its clients join her own link for the service: that is hers to change.
        "can_renew_room": confirmed and own_link(booking.service_id) is None,
    }


def booking_quick_action_view(request, model_admin, object_id):
    """The buttons on a booking's page: completed, missed, resend the confirmation, a new
    session room (POST)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not model_admin.has_change_permission(request):
        raise PermissionDenied
    booking = get_object_or_404(Booking, pk=object_id)
    change, done = QUICK_ACTIONS.get(request.POST.get("do"), (None, ""))
    if change is None:
        messages.error(request, "That action is not known.")
    else:
        try:
            change(booking=booking, now=timezone.now())
        except services.BookingError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, done)
    return HttpResponseRedirect(reverse("admin:bookings_booking_change", args=[booking.pk]))
