from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from bookings.access import client_booking_or_404
from bookings.models import Booking
from bookings.services import BookingError
from payments.checkout import checkout_start


@login_required
@require_POST
def pay(request, reference):
    """Start (or resume) paying for a held booking: 303 to Stripe Checkout."""
    booking = client_booking_or_404(request, reference)
    return checkout_redirect(request, booking)


def checkout_redirect(request, booking: Booking) -> HttpResponse:
    """303 to Checkout for the client's own held `booking` (or back to it, saying why not).

    The pay button's answer, and the "About you" step's once the client's answers are saved
    (client_area/booking_steps.py): the step ends where the pay button would have taken her.
    """
    try:
        step = checkout_start(booking=booking, now=timezone.now())
    except BookingError as error:
        messages.error(request, error.message)
        return redirect(booking)
    return redirect_see_other(step.redirect_to)


def redirect_see_other(url: str) -> HttpResponse:
    # 303: the browser follows a POST's answer with a GET, whatever the target.
    response = HttpResponse(status=303)
    response["Location"] = url
    return response
