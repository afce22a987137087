"""Orders: paying for what is not a booking (a package of sessions, a gift voucher).

The app that sells something registers its kind once (`order_kind_register`, from its
`AppConfig.ready()`), makes an `Order` in its own transaction (`order_create`) and sends the
buyer to `order_checkout_start`'s page. The money then follows the booking's path exactly:
one Payment per attempt written before Stripe is asked, the same verified webhook and
`payments.settle.payment_confirm` (idempotent, any order, duplicates refunded), the same
refunds through the task worker. The selling app hears of the payment once, inside the
transaction that records it (`OrderKind.on_paid`): a rolled-back confirmation sells nothing.

Checkout hears nothing of what was bought but a neutral name (`OrderKind.product_name`).
Paying is in payments/order_checkout.py.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from bookings.errors import BookingError
from payments.models import Order, Payment, Refund
from payments.refunds import refund_issue

logger = logging.getLogger(__name__)


class OrderNotFulfillable(BookingError):
    """Raised by an `on_paid` that cannot give what was paid for: the payment is refunded."""

    message = "Sorry, this can no longer be bought. Any payment is refunded in full."


@dataclass(frozen=True)
class OrderKind:
    """What payments needs to know of a kind of order, from the app that sells it."""

    kind: str
    # The name Checkout and the receipt show: neutral, nothing about a service or anyone's
    # health ("Gift voucher from Quiet Harbour").
    product_name: Callable[[Order], str]
    # The path of the order's own page: where Checkout returns the buyer to (with
    # `?session_id=`), and where she goes back to if she leaves Checkout.
    page_path: Callable[[Order], str]
    # Called once, with `order=`, `payment=` and `now=`, inside the transaction that records
    # the order's first payment as paid. May raise `OrderNotFulfillable` (refunded in full).
    on_paid: Callable[..., object]


_kinds: dict[str, OrderKind] = {}


def order_kind_register(kind: OrderKind) -> None:
    _kinds[kind.kind] = kind


def order_kind(order: Order) -> OrderKind:
    return _kinds[order.kind]


def order_create(
    *, kind: str, amount: int, currency: str, email: str, customer=None, now: datetime
) -> Order:
    """A new order waiting for its payment (in the caller's transaction)."""
    if kind not in _kinds:
        raise ValueError(f"No order kind {kind!r} is registered.")
    order = Order(
        kind=kind,
        amount=amount,
        currency=currency,
        email=email,
        customer=customer,
        created_at=now,
    )
    order.full_clean()
    order.save()
    return order


def order_paid_payment(order: Order) -> Payment | None:
    """The payment that paid for `order` (the first taken), or None."""
    return order.payments.filter(status__in=Payment.PAID_STATUSES).order_by("paid_at", "pk").first()


def order_payment_settle(payment: Payment, *, as_asked: bool, now: datetime) -> None:
    """A paid payment of an order, recorded as paid and locked (payments.settle): the order is
    paid and its app told, once; a second payment of a paid order goes back in full, as does
    one the app cannot fulfil. Inside `payment_confirm`'s transaction."""
    order = Order.objects.select_for_update().get(pk=payment.order_id)
    payment.order = order
    if not as_asked:
        logger.warning("Order %s was paid in another amount than asked: refunding.", order.pk)
        refund_issue(payment=payment, amount=payment.amount, reason=Refund.Reason.NOT_AS_ASKED)
        return
    if order.status == Order.Status.PAID:
        refund_issue(payment=payment, amount=payment.amount, reason=Refund.Reason.DUPLICATE)
        return
    try:
        with transaction.atomic():
            order.status = Order.Status.PAID
            order.paid_at = now
            order.save(update_fields=["status", "paid_at"])
            order_kind(order).on_paid(order=order, payment=payment, now=now)
    except OrderNotFulfillable:
        logger.info("Order %s could not be fulfilled: refunding in full.", order.pk)
        refund_issue(payment=payment, amount=payment.amount, reason=Refund.Reason.NOT_CONFIRMABLE)


def order_refund(*, order: Order, amount: int, key: str, reason: str) -> Refund | None:
    """Give back `amount` of what `order` was paid, in the caller's transaction; the task worker
    sends it to Stripe once it commits. `key` names this refund (one per key, ever: a retried
    request never refunds twice). None when nothing was paid or is left to give back."""
    payment = order_paid_payment(order)
    if payment is None:
        return None
    payment = (
        Payment.objects.select_for_update(of=("self",)).select_related("order").get(pk=payment.pk)
    )
    return refund_issue(payment=payment, amount=amount, reason=reason, key=key)
