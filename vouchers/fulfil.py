"""A gift voucher's order, paid: what payments is told (payments/orders.py `OrderKind`).

`voucher_order_paid` runs once, inside the transaction that records the order's payment (the
webhook, the return from Checkout, reconcile or the offline page: whichever comes first). It
gives the voucher its code and its expiry, queues the buyer's receipt, and delivers the voucher
at once when its day and hour have passed already. Checkout hears only a neutral name.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.urls import reverse

from bookings.slots import wall_clock_to_utc
from payments.models import Order, Payment
from practice.dates import add_months
from practice.models import PracticeDetails
from vouchers.codes import code_new
from vouchers.conf import valid_months
from vouchers.delivery import voucher_deliver
from vouchers.emails import voucher_receipt_queue
from vouchers.models import Voucher

KIND = "voucher"


def voucher_product_name(order: Order) -> str:
    """What Checkout and the card statement's receipt call it: nothing about what it is for."""
    return f"Gift voucher from {PracticeDetails.load().name}"


def voucher_page_path(order: Order) -> str:
    return reverse("vouchers:order", kwargs={"reference": order.reference})


def voucher_expiry(*, paid_at: datetime, zone: str) -> datetime:
    """The end of the day `valid_months()` after it was bought, in the buyer's zone: never
    less than 12 months (the last day shown on the voucher is the day before this instant)."""
    tz = ZoneInfo(zone)
    last_day = add_months(paid_at.astimezone(tz).date(), valid_months())
    return wall_clock_to_utc(last_day + timedelta(days=1), time(0), tz)


def _unused_code() -> str:
    while True:
        code = code_new()
        if not Voucher.objects.filter(code=code).exists():
            return code


def voucher_order_paid(*, order: Order, payment: Payment, now: datetime) -> None:
    """The voucher of `order` is paid: its code, expiry and receipt; delivered if due."""
    voucher = Voucher.objects.select_for_update().select_related("order").get(order=order)
    if voucher.is_paid:
        return
    voucher.code = _unused_code()
    voucher.paid_at = now
    voucher.expires_at = voucher_expiry(paid_at=now, zone=voucher.buyer_time_zone)
    voucher.save(update_fields=["code", "paid_at", "expires_at"])
    if voucher.deliver_at <= now:
        voucher_deliver(voucher_id=voucher.pk, now=now)
        voucher.refresh_from_db(fields=["delivered_at"])
    voucher_receipt_queue(voucher)
