"""The offline stand-in for Checkout for an order (a package, a gift voucher): pay, fail or
abandon, through the same functions Stripe's answer would drive (payments.offline).

Found by the order's unguessable reference, as the order's own page is: a gift voucher may be
bought without an account.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from payments.client import is_offline
from payments.models import Order, Payment
from payments.offline import OfflineOutcome, offline_outcome
from payments.order_checkout import order_return_url
from payments.orders import order_kind


@never_cache
@require_http_methods(["GET", "POST"])
def order_test_payment(request, reference):
    if not is_offline():
        raise Http404
    order = get_object_or_404(Order, reference=reference[:32])
    session_id = (request.POST if request.method == "POST" else request.GET).get("session_id")
    if not session_id:
        raise Http404
    payment = get_object_or_404(Payment, order=order, checkout_session_id=session_id[:255])
    page_path = order_kind(order).page_path(order)
    if request.method == "POST":
        outcome = request.POST.get("outcome")
        if payment.status != Payment.Status.OPEN or outcome not in OfflineOutcome.CHOICES:
            return redirect(page_path)
        offline_outcome(payment=payment, outcome=outcome, now=timezone.now())
        if outcome == OfflineOutcome.PAY:
            return redirect(order_return_url(order, payment.checkout_session_id))
        return redirect(page_path)
    return render(
        request,
        "payments/order_test_payment.html",
        {
            "order": order,
            "payment": payment,
            "back_url": page_path,
            "page_title": "Test payment (no money moves)",
            "noindex": True,
            "open": payment.status == Payment.Status.OPEN,
        },
    )
