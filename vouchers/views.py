"""Gift vouchers' pages.

- /vouchers/: the buy form, for anyone (prefilled for a signed-in client), then Checkout.
- /vouchers/<order reference>/: the order's own page, found by its unguessable reference (a
  voucher may be bought without an account): being confirmed, or paid and when it goes out.
  Never the code. Checkout returns here (`?session_id=`), which settles the payment at once.
- /bookings/<reference>/voucher/ (and remove/): using a voucher on the client's own held
  booking; another client's booking is a 404. Wrong codes are rate-limited (vouchers/attempts.py).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bookings.access import client_booking_or_404
from bookings.errors import BookingError
from bookings.timezones import client_zone_name, zone_is_known, zone_options
from payments.models import Order, Payment
from payments.order_checkout import order_checkout_start, order_return
from payments.views.pay import redirect_see_other
from practice.money import money
from practice.zones import zone_label
from vouchers import attempts
from vouchers.errors import VoucherRefused, WrongCode
from vouchers.forms import VoucherBuyForm
from vouchers.fulfil import KIND, voucher_page_path
from vouchers.purchase import voucher_buy
from vouchers.redemption import voucher_apply, voucher_remove

NOT_PAID_MESSAGE = "Your payment did not go through, and nothing was charged."
TOO_MANY_CODES = (
    "For your security, no more codes can be tried for a while: too many did not match. "
    "Please try again in an hour."
)


def _buyer_initial(user) -> dict:
    if not user.is_authenticated:
        return {}
    return {"buyer_name": user.get_full_name() or user.first_name, "buyer_email": user.email}


@never_cache
@require_http_methods(["GET", "POST"])
def voucher_buy_page(request):
    now = timezone.now()
    zone = client_zone_name(request)
    form = VoucherBuyForm(
        request.POST if request.method == "POST" else None,
        initial=_buyer_initial(request.user),
        zone=zone,
        now=now,
    )
    if form.is_valid():
        try:
            voucher = voucher_buy(wish=form.wish(), buyer=request.user, now=now)
        except VoucherRefused as error:
            form.add_error(None, error.message)
        else:
            return _to_checkout(request, voucher.order)
    return render(
        request,
        "vouchers/buy.html",
        {
            "form": form,
            "page_title": "Give a gift voucher",
            "page_description": "A gift voucher for online sessions: an amount or a session, "
            "sent by e-mail on the day you choose.",
            "zone": zone,
            "zone_label": zone_label(zone, at=now),
            "zone_known": zone_is_known(request),
            "zone_options": zone_options(zone, at=now),
        },
        status=400 if form.is_bound else 200,
    )


def _to_checkout(request, order: Order):
    """303 to Checkout for `order`, or to its page saying why not (nothing was charged)."""
    try:
        step = order_checkout_start(order=order, now=timezone.now())
    except BookingError as error:
        messages.error(request, error.message)
        return redirect_see_other(voucher_page_path(order))
    return redirect_see_other(step.redirect_to)


def _voucher_order(reference: str) -> Order:
    return get_object_or_404(
        Order.objects.select_related("voucher"), reference=reference[:32], kind=KIND
    )


@never_cache
@require_GET
def voucher_order_page(request, reference):
    order = _voucher_order(reference)
    now = timezone.now()
    confirming = False
    session_id = request.GET.get("session_id", "")[:255]
    if session_id and order.status != Order.Status.PAID:
        # Back from Checkout: settled now, rather than when the webhook comes.
        payment = order_return(order=order, session_id=session_id, now=now)
        order = _voucher_order(reference)
        if payment is not None and payment.status == Payment.Status.OPEN:
            confirming = True
        elif payment is not None and not payment.is_paid:
            messages.error(request, NOT_PAID_MESSAGE)
    voucher = order.voucher
    tz = voucher.buyer_tz
    response = render(
        request,
        "vouchers/order.html",
        {
            "order": order,
            "voucher": voucher,
            "confirming": confirming,
            "just_paid": bool(session_id) and order.status == Order.Status.PAID,
            "amount": money(voucher.initial_amount, voucher.currency),
            "delivered_on": voucher.delivered_at.astimezone(tz).date()
            if voucher.delivered_at
            else None,
            "zone_label": zone_label(voucher.buyer_time_zone, at=voucher.deliver_at),
            "check_again_url": request.get_full_path(),
            "page_title": "Your gift voucher",
            "current": "Your order",
            "noindex": True,
        },
    )
    # The page's address is all it takes to see it: it goes nowhere else.
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_POST
def voucher_order_pay(request, reference):
    """Pay for a voucher not paid yet (back from Checkout without paying, say)."""
    order = _voucher_order(reference)
    if order.status == Order.Status.PAID:
        return redirect_see_other(voucher_page_path(order))
    return _to_checkout(request, order)


@login_required
@require_POST
def booking_voucher_apply(request, reference):
    booking = client_booking_or_404(request, reference)
    code = request.POST.get("code", "")
    if not code.strip():
        messages.error(request, "Please enter the code from your gift voucher e-mail.")
        return redirect_see_other(booking.get_absolute_url())
    if not attempts.code_attempts_left(request):
        return render(
            request,
            "vouchers/too_many_codes.html",
            {"booking": booking, "message": TOO_MANY_CODES, "page_title": "Too many codes"},
            status=429,
        )
    try:
        redemption = voucher_apply(booking=booking, code=code, now=timezone.now())
    except WrongCode as error:
        attempts.code_attempt_wrong(request)
        messages.error(request, error.message)
    except BookingError as error:
        messages.error(request, error.message)
    else:
        paid = money(redemption.amount, booking.price_currency)
        messages.success(request, f"Done: your gift voucher pays {paid} of this session.")
    return redirect_see_other(booking.get_absolute_url())


@login_required
@require_POST
def booking_voucher_remove(request, reference):
    booking = client_booking_or_404(request, reference)
    try:
        voucher_remove(booking=booking, now=timezone.now())
    except BookingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "The gift voucher is removed: its balance is as it was.")
    return redirect_see_other(booking.get_absolute_url())
