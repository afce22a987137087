"""Delivering gift vouchers: the recipient's e-mail, with its code, on the buyer's chosen day.

The day is the buyer's, in her zone: the voucher goes out at DELIVERY_TIME (08:00) there, so
a DST change that day moves the instant, not the hour. The worker (`vouchers_deliver_due`,
every minute) claims each due voucher with a conditional UPDATE of `delivered_at` before it
queues the e-mail, in one transaction: two workers never both claim it, and the outbox's key
makes the e-mail go out once even so. A voucher paid after its moment goes out at once, from
the transaction that records the payment (vouchers/fulfil.py).
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db import transaction

from bookings.slots import wall_clock_to_utc
from vouchers.conf import DELIVERY_TIME
from vouchers.emails import voucher_delivery_queue
from vouchers.models import Voucher

# How many vouchers one run claims at most (the next run takes the rest).
BATCH = 200


def delivery_moment(*, day: date, zone: str) -> datetime:
    """When a voucher for `day` goes out: DELIVERY_TIME that day in `zone`, as a UTC instant."""
    return wall_clock_to_utc(day, DELIVERY_TIME, ZoneInfo(zone))


def voucher_deliver(*, voucher_id: int, now: datetime) -> bool:
    """Claim a paid, undelivered voucher and queue its e-mail, in the caller's transaction.

    False when it was delivered already (by another worker a moment ago) or is not paid.
    """
    claimed = Voucher.objects.filter(
        pk=voucher_id, paid_at__isnull=False, delivered_at__isnull=True
    ).update(delivered_at=now)
    if not claimed:
        return False
    voucher_delivery_queue(Voucher.objects.select_related("order").get(pk=voucher_id))
    return True


def vouchers_deliver_due(*, now: datetime) -> int:
    """Deliver every paid voucher whose moment has come; returns how many this run sent."""
    due = (
        Voucher.objects.filter(
            paid_at__isnull=False, delivered_at__isnull=True, deliver_at__lte=now
        )
        .order_by("deliver_at", "pk")
        .values_list("pk", flat=True)[:BATCH]
    )
    sent = 0
    for voucher_id in list(due):
        with transaction.atomic(durable=True):
            sent += voucher_deliver(voucher_id=voucher_id, now=now)
    return sent


def voucher_delivery_resend(*, voucher: Voucher, now: datetime) -> bool:
    """The recipient's e-mail once more, with the balance as it is now (the practitioner asks,
    when it went astray). A voucher not delivered yet is delivered now instead."""
    with transaction.atomic(durable=True):
        voucher = Voucher.objects.select_for_update().select_related("order").get(pk=voucher.pk)
        if not voucher.is_paid:
            return False
        if voucher.delivered_at is None:
            return voucher_deliver(voucher_id=voucher.pk, now=now)
        return voucher_delivery_queue(voucher, again=True)
