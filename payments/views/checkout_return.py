"""The client back from Stripe Checkout: the booking page settles the payment first.

Checkout sends her to her booking's own page with `?session_id=`; bookings' page asks its
booking page hooks first (bookings/hooks.py), and `checkout_return_page` is payments' hook.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from bookings.access import client_booking_or_404
from bookings.models import Booking
from payments.checkout import return_url
from payments.models import Payment
from payments.settle import checkout_return

CONFIRMED_MESSAGE = "Thank you: your payment is received and your booking is confirmed."
REFUNDED_MESSAGE = (
    "Your payment arrived, but we could not confirm this booking (the time is no longer "
    "free), so the whole amount is on its way back to you. We are sorry."
)
NOT_PAID_MESSAGE = "Your payment did not go through, and nothing was charged."
ABANDONED_MESSAGE = "You left the payment without paying: nothing was charged."


def _settled_message(request, payment: Payment) -> None:
    booking = payment.booking
    if payment.status == Payment.Status.PAID and booking.status == Booking.Status.CONFIRMED:
        messages.success(request, CONFIRMED_MESSAGE)
    elif payment.is_paid:
        messages.info(request, REFUNDED_MESSAGE)
    elif payment.status in (Payment.Status.FAILED, Payment.Status.EXPIRED):
        messages.error(request, NOT_PAID_MESSAGE)


def checkout_return_page(*, request, booking: Booking):
    """Coming back from Checkout (`?session_id=`), the payment is settled first; else None.

    A payment Stripe has not finished yet gets the "being confirmed" page, which checks again by
    itself (static/js/payment-status.js) and has a link to do so by hand.
    """
    session_id = request.GET.get("session_id", "")[:255]
    if not session_id:
        return None
    payment = checkout_return(booking=booking, session_id=session_id, now=timezone.now())
    if payment is None:
        return redirect(booking)
    if payment.status != Payment.Status.OPEN:
        payment.booking.refresh_from_db()
        _settled_message(request, payment)
        return redirect(booking)
    query = urlencode({"session_id": session_id})
    response = render(
        request,
        "payments/confirming.html",
        {
            "booking": booking,
            "payment": payment,
            "page_title": "Your payment is being confirmed",
            "noindex": True,
            "check_again_url": return_url(booking, session_id),
            "status_url": f"{reverse('payments:payment-status', args=[booking.reference])}?{query}",
        },
    )
    add_never_cache_headers(response)
    return response


@login_required
@never_cache
@require_GET
def payment_status(request, reference):
    """For the "being confirmed" page's script: has the payment been settled yet?"""
    booking = client_booking_or_404(request, reference)
    session_id = request.GET.get("session_id", "")[:255]
    payment = checkout_return(booking=booking, session_id=session_id, now=timezone.now())
    if payment is None:
        raise Http404
    return JsonResponse(
        {
            "settled": payment.status != Payment.Status.OPEN,
            "url": return_url(booking, session_id),
        }
    )
