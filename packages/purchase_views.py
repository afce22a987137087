"""Her purchase's own page under /my/packages/<order reference>/: where Checkout brings her
back (it settles the payment first), its credits and terms, paying for it if she has not yet,
and giving back unused credits within the refund window.

Each page looks the purchase up with its owner: another client's reference is a 404.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bookings.errors import BookingError
from packages.adjustments import credits_give_back, credits_give_back_preview
from packages.emails import client_zone
from packages.models import Credit, PackagePurchase
from packages.panels import purchase_summary
from packages.purchases import purchase_checkout
from payments.models import Payment
from payments.order_checkout import order_return, order_return_url
from payments.orders import order_paid_payment
from payments.views.pay import redirect_see_other
from practice.models import PracticeDetails
from practice.money import money

PAID_MESSAGE = "Thank you: your package is paid for and its credits are ready to use."
DUPLICATE_MESSAGE = (
    "This package had already been paid for, so this second payment is being refunded to "
    "you in full."
)
NOT_PAID_MESSAGE = "Your payment did not go through, and nothing was charged."


def own_purchase(request, reference: str) -> PackagePurchase:
    """The signed-in client's own purchase; anyone else's, or an unknown reference, is a 404."""
    return get_object_or_404(
        PackagePurchase.objects.select_related("order", "package").prefetch_related(
            Prefetch("credits", queryset=Credit.objects.select_related("service").order_by("pk"))
        ),
        order__reference=reference[:32],
        client=request.user,
    )


def _settled_message(request, purchase: PackagePurchase, payment: Payment) -> None:
    if payment.is_paid and order_paid_payment(purchase.order) == payment:
        messages.success(request, PAID_MESSAGE)
    elif payment.is_paid:
        messages.info(request, DUPLICATE_MESSAGE)
    elif payment.status in (Payment.Status.FAILED, Payment.Status.EXPIRED):
        messages.error(request, NOT_PAID_MESSAGE)


@login_required
@never_cache
@require_GET
def purchase_page(request, reference):
    """Her package: back from Checkout (`?session_id=`), the payment is settled first."""
    purchase = own_purchase(request, reference)
    now = timezone.now()
    session_id = request.GET.get("session_id", "")[:255]
    if session_id:
        payment = order_return(order=purchase.order, session_id=session_id, now=now)
        if payment is None:
            return redirect(purchase)
        if payment.status == Payment.Status.OPEN:
            return _confirming(request, purchase, payment, session_id)
        _settled_message(request, own_purchase(request, reference), payment)
        return redirect(purchase)
    tz = client_zone(request.user)
    return render(
        request,
        "packages/purchase.html",
        {
            "purchase": purchase,
            "summary": purchase_summary(purchase, now=now, tz=tz) if purchase.is_paid else None,
            "changes": purchase.changes.all(),
            "contact_email": PracticeDetails.load().contact_email,
            "page_title": purchase.name,
            "parent_url": reverse("clients:my-account"),
            "parent_label": "My account",
        },
    )


def _confirming(request, purchase: PackagePurchase, payment: Payment, session_id: str):
    query = urlencode({"session_id": session_id})
    response = render(
        request,
        "packages/confirming.html",
        {
            "purchase": purchase,
            "payment": payment,
            "page_title": "Your payment is being confirmed",
            "check_again_url": order_return_url(purchase.order, session_id),
            "status_url": reverse("packages:purchase-status", args=[purchase.reference])
            + f"?{query}",
        },
    )
    add_never_cache_headers(response)
    return response


@login_required
@never_cache
@require_GET
def purchase_status(request, reference):
    """For the "being confirmed" page's script (static/js/payment-status.js): settled yet?"""
    purchase = own_purchase(request, reference)
    session_id = request.GET.get("session_id", "")[:255]
    payment = order_return(order=purchase.order, session_id=session_id, now=timezone.now())
    if payment is None:
        raise Http404
    return JsonResponse(
        {
            "settled": payment.status != Payment.Status.OPEN,
            "url": order_return_url(purchase.order, session_id),
        }
    )


@login_required
@require_POST
def purchase_pay(request, reference):
    """Pay for her purchase that is still waiting for its payment: 303 to Checkout."""
    purchase = own_purchase(request, reference)
    try:
        step = purchase_checkout(purchase=purchase, now=timezone.now())
    except BookingError as error:
        messages.error(request, error.message)
        return redirect(purchase)
    return redirect_see_other(step.redirect_to)


def _given_back_message(change) -> str:
    if not change.amount_refunded:
        return "Your unused credits are given back."
    amount = money(change.amount_refunded, change.purchase.order.currency)
    return (
        f"Your unused credits are given back, and {amount} is on its way to your card: it "
        "usually appears within 5 to 10 working days."
    )


@login_required
@require_http_methods(["GET", "POST"])
def purchase_give_back(request, reference):
    """Give back her unused credits within the refund window: what she would get back, then
    (POST) the refund."""
    purchase = own_purchase(request, reference)
    now = timezone.now()
    if not purchase.is_paid:
        raise Http404
    if request.method == "POST":
        try:
            change = credits_give_back(purchase=purchase, client=request.user, now=now)
        except BookingError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _given_back_message(change))
        return redirect(purchase)
    return render(
        request,
        "packages/give_back.html",
        {
            "purchase": purchase,
            "preview": credits_give_back_preview(purchase=purchase, now=now),
            "contact_email": PracticeDetails.load().contact_email,
            "page_title": "Give back unused credits",
            "parent_url": purchase.get_absolute_url(),
            "parent_label": purchase.name,
        },
    )
