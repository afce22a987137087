"""Buying a gift voucher: a pending order and its voucher, which Checkout then pays for.

Anyone may buy one, signed in or not. The voucher is worth an amount the buyer chose (within
AMOUNT_MIN and AMOUNT_MAX) or a session's current price. It has no code until it is paid
(vouchers/fulfil.py), so an unpaid voucher can never be used.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from bookings.models import Service
from payments.orders import order_create
from practice.money import money
from practice.zones import is_valid_zone
from vouchers.conf import AMOUNT_MAX, AMOUNT_MIN, DELIVERY_AHEAD_MAX, MESSAGE_MAX_LENGTH
from vouchers.delivery import delivery_moment
from vouchers.errors import VoucherRefused
from vouchers.fulfil import KIND
from vouchers.models import Voucher


@dataclass(frozen=True)
class VoucherWish:
    """What the buyer asked for, as the buy form read it (amounts in minor units)."""

    buyer_name: str
    buyer_email: str
    recipient_name: str
    recipient_email: str
    message: str
    deliver_on: date
    zone: str
    amount: int | None = None
    service: Service | None = None


def one_line(text: str) -> str:
    """A name as it goes into a greeting or a subject: one line, single spaces."""
    return " ".join(text.split())


def delivery_days(*, zone: str, now: datetime) -> tuple[date, date]:
    """The first and the last day a delivery may be chosen for, in `zone`: today there, and a
    year on."""
    today = now.astimezone(ZoneInfo(zone)).date()
    return today, today + DELIVERY_AHEAD_MAX


class Worth(NamedTuple):
    kind: str
    amount: int
    currency: str
    service: Service | None = None


def _worth(wish: VoucherWish) -> Worth:
    """What the voucher is worth: the amount asked for, or the session's price now."""
    if wish.service is not None:
        service = Service.objects.active().filter(pk=wish.service.pk, price_amount__gt=0).first()
        if service is None:
            raise VoucherRefused("Please choose one of the sessions offered.")
        return Worth(Voucher.Kind.SERVICE, service.price_amount, service.price_currency, service)
    if wish.amount is None or not AMOUNT_MIN <= wish.amount <= AMOUNT_MAX:
        currency = settings.PRACTICE_CURRENCY
        raise VoucherRefused(
            f"Please choose an amount from {money(AMOUNT_MIN, currency)} "
            f"to {money(AMOUNT_MAX, currency)}."
        )
    return Worth(Voucher.Kind.AMOUNT, wish.amount, settings.PRACTICE_CURRENCY)


def voucher_buy(*, wish: VoucherWish, buyer=None, now: datetime) -> Voucher:
    """A new voucher waiting for its payment, and its order (`order_checkout_start` next)."""
    if not is_valid_zone(wish.zone):
        raise VoucherRefused("Please choose your time zone from the list.")
    first, last = delivery_days(zone=wish.zone, now=now)
    if not first <= wish.deliver_on <= last:
        raise VoucherRefused("Please choose a delivery day from today to a year from now.")
    if len(wish.message.strip()) > MESSAGE_MAX_LENGTH:
        raise VoucherRefused(f"Please keep the message to {MESSAGE_MAX_LENGTH} characters.")
    worth = _worth(wish)
    try:
        return _voucher_create(wish=wish, worth=worth, buyer=buyer, now=now)
    except ValidationError as error:
        # The form checks each field first; this is the last word, never a 500.
        raise VoucherRefused("Please check the names and e-mail addresses.") from error


def _voucher_create(*, wish: VoucherWish, worth: Worth, buyer, now: datetime) -> Voucher:
    with transaction.atomic(durable=True):
        order = order_create(
            kind=KIND,
            amount=worth.amount,
            currency=worth.currency,
            email=wish.buyer_email,
            customer=buyer if buyer is not None and buyer.is_authenticated else None,
            now=now,
        )
        voucher = Voucher(
            order=order,
            kind=worth.kind,
            service=worth.service,
            service_name=worth.service.name if worth.service else "",
            initial_amount=worth.amount,
            balance=worth.amount,
            currency=worth.currency,
            buyer=order.customer,
            buyer_name=one_line(wish.buyer_name),
            buyer_email=wish.buyer_email,
            buyer_time_zone=wish.zone,
            recipient_name=one_line(wish.recipient_name),
            recipient_email=wish.recipient_email,
            message=wish.message.strip(),
            deliver_on=wish.deliver_on,
            deliver_at=delivery_moment(day=wish.deliver_on, zone=wish.zone),
            created_at=now,
        )
        voucher.full_clean()
        voucher.save()
    return voucher
