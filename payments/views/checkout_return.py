"""Payment pages: the pay step, the return from Checkout, Stripe's webhook, the offline test page.

Thin like every view: parse, call one function of bookings.payments (or webhooks), redirect.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.log import log_response
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bookings import payments, views, webhooks
from bookings.models import Booking, Payment
from bookings.services import BookingError

CONFIRMED_MESSAGE = "Thank you: your payment is received and your booking is confirmed."
REFUNDED_MESSAGE = (
    "Your payment arrived, but we could not confirm this booking (the time is no longer "
    "free), so the whole amount is on its way back to you. We are sorry."
)
NOT_PAID_MESSAGE = "Your payment did not go through, and nothing was charged."
ABANDONED_MESSAGE = "You left the payment without paying: nothing was charged."


def _own_booking(request, reference: str) -> Booking:
    return get_object_or_404(
        Booking.objects.select_related("service", "client"),
        reference=reference,
        client=request.user,
    )


@login_required
@require_POST
def pay(request, reference):
    """Start (or resume) paying for a held booking: 303 to Stripe Checkout."""
    booking = _own_booking(request, reference)
    try:
        step = payments.checkout_start(booking=booking, now=timezone.now())
    except BookingError as error:
        messages.error(request, error.message)
        return redirect(booking)
    return redirect_see_other(step.redirect_to)


def redirect_see_other(url: str) -> HttpResponse:
    # 303: the browser follows a POST's answer with a GET, whatever the target.
    response = HttpResponse(status=303)
    response["Location"] = url
    return response


def _settled_message(request, payment: Payment) -> None:
    booking = payment.booking
    if payment.status == Payment.Status.PAID and booking.status == Booking.Status.CONFIRMED:
        messages.success(request, CONFIRMED_MESSAGE)
    elif payment.is_paid:
        messages.info(request, REFUNDED_MESSAGE)
    elif payment.status in (Payment.Status.FAILED, Payment.Status.EXPIRED):
        messages.error(request, NOT_PAID_MESSAGE)


def _return_url(booking: Booking, session_id: str) -> str:
    return f"{booking.get_absolute_url()}?{urlencode({'session_id': session_id})}"


@login_required
def booking_detail(request, reference):
    """The booking page. Coming back from Checkout (`?session_id=`), the payment is settled first.

    A payment Stripe has not finished yet gets the "being confirmed" page, which checks again by
    itself (static/js/payment-status.js) and has a link to do so by hand.
    """
    session_id = request.GET.get("session_id", "")[:255]
    if not session_id:
        return views.booking_detail(request, reference)
    booking = _own_booking(request, reference)
    payment = payments.checkout_return(booking=booking, session_id=session_id, now=timezone.now())
    if payment is None:
        return redirect(booking)
    if payment.status != Payment.Status.OPEN:
        payment.booking.refresh_from_db()
        _settled_message(request, payment)
        return redirect(booking)
    query = urlencode({"session_id": session_id})
    response = render(
        request,
        "bookings/payments/confirming.html",
        {
            "booking": booking,
            "payment": payment,
            "page_title": "Your payment is being confirmed",
            "noindex": True,
            "check_again_url": _return_url(booking, session_id),
            "status_url": f"{booking.get_absolute_url()}payment-status/?{query}",
        },
    )
    add_never_cache_headers(response)
    return response


@login_required
@never_cache
@require_GET
def payment_status(request, reference):
    """For the "being confirmed" page's script: has the payment been settled yet?"""
    booking = _own_booking(request, reference)
    session_id = request.GET.get("session_id", "")[:255]
    payment = payments.checkout_return(booking=booking, session_id=session_id, now=timezone.now())
    if payment is None:
        raise Http404
    return JsonResponse(
        {
            "settled": payment.status != Payment.Status.OPEN,
            "url": _return_url(booking, session_id),
        }
    )


@csrf_exempt  # Stripe cannot send a CSRF token; the signature proves who sent the request.
@require_POST
def stripe_webhook(request):
    try:
        event = webhooks.event_construct(
            payload=request.body, signature=request.headers.get("Stripe-Signature")
        )
    except webhooks.InvalidEvent:
        return HttpResponseBadRequest("Invalid signature.")
    record = webhooks.event_process(event=event, now=timezone.now())
    if record.processed_at is None:
        # Not 2xx, so Stripe delivers the event again later (with backoff, for three days).
        # A deliberate answer, logged as one: a warning with the reason, never the body (and
        # not Django's "Internal Server Error", which would log it again as an error).
        response = HttpResponse("Not processed yet; please deliver it again.", status=503)
        log_response(
            "Stripe event %s (%s) not processed; Stripe will deliver it again: %s",
            event.id,
            event.type,
            record.error,
            response=response,
            request=request,
            logger=webhooks.logger,
            level="warning",
        )
        return response
    return HttpResponse("OK")


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def test_payment(request, reference):
    """The offline stand-in for Checkout (DEBUG on, no Stripe key): pay, fail or abandon.

    Each button drives the same function Stripe's answer would (payments.offline_outcome).
    """
    if not payments.is_offline():
        raise Http404
    booking = _own_booking(request, reference)
    session_id = (request.POST if request.method == "POST" else request.GET).get("session_id")
    if not session_id:
        raise Http404
    payment = get_object_or_404(Payment, booking=booking, checkout_session_id=session_id[:255])
    if request.method == "POST":
        outcome = request.POST.get("outcome")
        if payment.status != Payment.Status.OPEN or outcome not in payments.OfflineOutcome.CHOICES:
            return redirect(booking)
        payments.offline_outcome(payment=payment, outcome=outcome, now=timezone.now())
        if outcome == payments.OfflineOutcome.PAY:
            # Like Checkout: back to the success URL, which settles (already done) and tells.
            return redirect(_return_url(booking, payment.checkout_session_id))
        messages.info(
            request,
            NOT_PAID_MESSAGE if outcome == payments.OfflineOutcome.FAIL else ABANDONED_MESSAGE,
        )
        return redirect(booking)
    return render(
        request,
        "bookings/payments/test_payment.html",
        {
            "booking": booking,
            "payment": payment,
            "page_title": "Test payment (no money moves)",
            "noindex": True,
            "open": payment.status == Payment.Status.OPEN,
        },
    )
