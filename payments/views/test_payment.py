from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from bookings.access import client_booking_or_404
from payments.checkout import return_url
from payments.client import is_offline
from payments.models import Payment
from payments.offline import OfflineOutcome, offline_outcome
from payments.views.checkout_return import ABANDONED_MESSAGE, NOT_PAID_MESSAGE


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def test_payment(request, reference):
    """The offline stand-in for Checkout (DEBUG on, no Stripe key): pay, fail or abandon.

    Each button drives the same function Stripe's answer would (payments.offline.offline_outcome).
    """
    if not is_offline():
        raise Http404
    booking = client_booking_or_404(request, reference)
    session_id = (request.POST if request.method == "POST" else request.GET).get("session_id")
    if not session_id:
        raise Http404
    payment = get_object_or_404(Payment, booking=booking, checkout_session_id=session_id[:255])
    if request.method == "POST":
        outcome = request.POST.get("outcome")
        if payment.status != Payment.Status.OPEN or outcome not in OfflineOutcome.CHOICES:
            return redirect(booking)
        offline_outcome(payment=payment, outcome=outcome, now=timezone.now())
        if outcome == OfflineOutcome.PAY:
            # Like Checkout: back to the success URL, which settles (already done) and tells.
            return redirect(return_url(booking, payment.checkout_session_id))
        messages.info(
            request,
            NOT_PAID_MESSAGE if outcome == OfflineOutcome.FAIL else ABANDONED_MESSAGE,
        )
        return redirect(booking)
    return render(
        request,
        "payments/test_payment.html",
        {
            "booking": booking,
            "payment": payment,
            "page_title": "Test payment (no money moves)",
            "noindex": True,
            "open": payment.status == Payment.Status.OPEN,
        },
    )
