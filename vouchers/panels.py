"""The booking page's "Have a gift voucher?" part, under its pay button
(bookings.hooks.pay_step_panels).

On the client's own live hold of a session with a price: the voucher paying for it, with a
button to remove it, or a form to enter a code while something is left to pay. Nothing on any
other booking (a confirmed one's receipt says what was paid).
"""

from django.template.loader import render_to_string

from bookings.lifecycle import amount_due
from bookings.models import Booking
from practice.money import money
from vouchers.forms import VoucherCodeForm
from vouchers.models import Redemption
from vouchers.redemption import booking_redemption


def voucher_panel(*, request, booking: Booking, now) -> str:
    if not booking.client_id or not booking.price_amount or not booking.is_held_at(now):
        return ""
    redemption = booking_redemption(booking)
    if redemption is None and not amount_due(booking):
        return ""  # paid for whole some other way (a package's credit)
    context = {"booking": booking, "redemption": redemption}
    if redemption is not None and redemption.state == Redemption.State.RESERVED:
        voucher = redemption.voucher
        context["pays"] = money(redemption.amount, booking.price_currency)
        context["left"] = money(voucher.balance, voucher.currency)
        context["has_left"] = voucher.balance > 0
    else:
        context["form"] = VoucherCodeForm()
    return render_to_string("vouchers/_booking_panel.html", context, request=request)
