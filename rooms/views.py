"""/bookings/<reference>/join/: on to the booking's room, for whoever may be there, when.

- its own client, signed in, while the booking is confirmed, from 10 minutes before the start
  until the end; before or after that, back to her booking page with when it opens (in the
  zone her booking page shows);
- the practitioner (staff who may see bookings), for any confirmed booking, at any time;
- anyone else, and any booking not confirmed: 404 (the same answer as an unknown reference).

The room's address is only ever in this redirect: pages and e-mails link here.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from bookings.models import Booking
from bookings.timezones import client_zone_name
from rooms.joining import OVER_MESSAGE, JoinState, join_state, not_yet_message, room_url
from rooms.services import room_ensure


def is_practitioner(user) -> bool:
    return user.is_staff and user.has_perm("bookings.view_booking")


@login_required
@never_cache
@require_GET
def join(request, reference):
    confirmed = Booking.objects.select_related("service").filter(status=Booking.Status.CONFIRMED)
    now = timezone.now()
    if is_practitioner(request.user):
        booking = get_object_or_404(confirmed, reference=reference)
    else:
        booking = get_object_or_404(confirmed, reference=reference, client=request.user)
        state = join_state(booking, now=now)
        if state == JoinState.NOT_YET:
            zone = client_zone_name(request, fallback=booking.client_time_zone)
            messages.info(request, not_yet_message(booking, zone=zone, now=now))
            return redirect(booking)
        if state == JoinState.OVER:
            messages.info(request, OVER_MESSAGE)
            return redirect(booking)
    room = room_ensure(booking=booking, now=now)
    response = HttpResponseRedirect(room_url(room))
    # The provider learns nothing of our addresses (the booking's reference) from the visit.
    response["Referrer-Policy"] = "no-referrer"
    return response
