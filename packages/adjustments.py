"""Changing what a purchase holds after it was paid: credits the practitioner adds, credits
given back with a refund of their share of the price (by the client within her refund window,
or by the practitioner at any time).

A refund is written with the credits it takes away, in one transaction (`order_refund`: the
task worker sends it to Stripe once that commits), so credits are never removed without their
money, nor money sent for credits still there. Each refund's key names the purchase and its
number, so a repeated request never refunds twice.
"""

from datetime import datetime

from django.db import transaction
from django.db.models import F, Sum

from bookings.errors import InvalidState
from bookings.models import Service
from packages import emails
from packages.models import Credit, CreditChange, PackagePurchase
from payments.models import Refund
from payments.orders import order_paid_payment, order_refund
from practice.fragments import forget_user_fragments
from practice.money import money

# Refunds that still count against what may be given back (not those that failed).
_COUNTING = (Refund.Status.PENDING, Refund.Status.SUCCEEDED)


def refund_value(*, price: int, items: list[dict], counts: dict[int, int]) -> int:
    """The share of `price` that `counts` credits ({service id: how many}) of a purchase with
    `items` stand for, rounded down.

    Each credit stands for its service's share of the price, weighed by what the service cost
    on its own when the package was bought (an RTT session more than a follow-up); when none of
    them had a price, every credit weighs the same. Rounded down, so the refunds of a purchase
    never add up to more than it cost, however they are split.
    """
    weights = {item["service"]: item.get("value") or 0 for item in items}
    if not any(weights.values()):
        weights = dict.fromkeys(weights, 1)
    whole = sum(weights[item["service"]] * item["quantity"] for item in items)
    part = sum(weights.get(service, 0) * count for service, count in counts.items())
    return price * part // whole if whole else 0


def refundable(purchase: PackagePurchase) -> int:
    """What may still be refunded of the purchase: what was paid, less refunds asked for."""
    payment = order_paid_payment(purchase.order)
    if payment is None:
        return 0
    refunded = (
        payment.refunds.filter(status__in=_COUNTING).aggregate(total=Sum("amount"))["total"] or 0
    )
    return max(0, payment.amount - refunded)


def _lock_paid(purchase: PackagePurchase) -> PackagePurchase:
    purchase = (
        PackagePurchase.objects.select_for_update(of=("self",))
        .select_related("order", "client")
        .get(pk=purchase.pk)
    )
    if not purchase.is_paid:
        raise InvalidState("This package has not been paid for.")
    return purchase


def _forget_her_fragments(credit: Credit) -> None:
    """Her cached pages show her credits left: the bulk updates here send no signal."""
    forget_user_fragments(
        PackagePurchase.objects.filter(pk=credit.purchase_id)
        .values_list("client_id", flat=True)
        .first()
    )


def _take_back(credit: Credit, count: int) -> int:
    """Remove `count` unused credits from a (locked) credit row; how many of them were paid
    for (credits she was given as a gift come back last, and carry no money)."""
    paid = min(count, credit.bought - credit.paid_back)
    taken = Credit.objects.filter(pk=credit.pk, total__gte=F("used") + count).update(
        total=F("total") - count, paid_back=F("paid_back") + paid
    )
    if not taken:
        raise InvalidState("Those credits are no longer unused: please look again.")
    _forget_her_fragments(credit)
    return paid


def _refund_write(
    purchase: PackagePurchase,
    *,
    credits: list[dict],
    amount: int,
    by: str,
    note: str,
    now: datetime,
) -> CreditChange:
    refund = None
    if amount > 0:
        purchase.refunds_made += 1
        purchase.save(update_fields=["refunds_made"])
        refund = order_refund(
            order=purchase.order,
            amount=amount,
            key=f"package-{purchase.order.reference}-refund-{purchase.refunds_made}",
            reason=Refund.Reason.PACKAGE_CREDITS,
        )
    change = CreditChange.objects.create(
        purchase=purchase,
        credits=credits,
        amount_refunded=refund.amount if refund else 0,
        refund=refund,
        by=by,
        note=note,
        at=now,
    )
    if refund is not None:
        emails.credits_refunded_email(change)
    return change


def credits_give_back(*, purchase: PackagePurchase, client, now: datetime) -> CreditChange:
    """The client gives back all her unused credits of `purchase`, within its refund window:
    their share of the price is refunded to her card (`refund_value`).

    Raises `InvalidState` (its message for her) outside the window or with nothing unused.
    """
    with transaction.atomic(durable=True):
        if purchase.client_id != client.pk:
            raise InvalidState("This package is not yours.")
        purchase = _lock_paid(purchase)
        if not purchase.can_give_back_at(now):
            raise InvalidState(
                "The days for giving back credits yourself have passed. Please write to me "
                "if you would like a refund: I will gladly look at it with you."
            )
        credits = list(purchase.credits.select_for_update(of=("self",)).select_related("service"))
        unused = [(credit, credit.left) for credit in credits if credit.left > 0]
        if not unused:
            raise InvalidState("There are no unused credits left to give back.")
        paid = {credit.service_id: _take_back(credit, count) for credit, count in unused}
        amount = min(
            refund_value(price=purchase.order.amount, items=purchase.items, counts=paid),
            refundable(purchase),
        )
        lines = [
            {"service": credit.service_id, "name": credit.service.name, "change": -count}
            for credit, count in unused
        ]
        return _refund_write(
            purchase,
            credits=lines,
            amount=amount,
            by=CreditChange.By.CLIENT,
            note="Unused credits given back within the refund window.",
            now=now,
        )


def credits_give_back_preview(*, purchase: PackagePurchase, now: datetime) -> dict:
    """What giving back her unused credits would refund, to show before she confirms."""
    credits = [credit for credit in purchase.credits.select_related("service") if credit.left]
    counts = {
        credit.service_id: min(credit.left, credit.bought - credit.paid_back) for credit in credits
    }
    amount = min(
        refund_value(price=purchase.order.amount, items=purchase.items, counts=counts),
        refundable(purchase),
    )
    return {"credits": credits, "amount": amount, "allowed": purchase.can_give_back_at(now)}


def credits_refund(
    *,
    purchase: PackagePurchase,
    service: Service | None,
    count: int,
    amount: int | None = None,
    note: str = "",
    now: datetime,
) -> CreditChange:
    """The practitioner takes back `count` unused credits of `service` and refunds their share
    of the price (`amount=None`), or the `amount` she chose (with or without credits: a
    goodwill refund). Never more than was paid less what was refunded already.

    Raises `InvalidState` with a message for her when that cannot be done.
    """
    if count < 0 or (amount is not None and amount < 0):
        raise InvalidState("Please enter numbers of 0 or more.")
    with transaction.atomic(durable=True):
        purchase = _lock_paid(purchase)
        lines, paid = [], {}
        if count:
            credit = (
                purchase.credits.select_for_update(of=("self",))
                .select_related("service")
                .filter(service=service)
                .first()
            )
            if credit is None or credit.left < count:
                left = credit.left if credit else 0
                raise InvalidState(
                    f"This package has {left} unused credit{'s' if left != 1 else ''} for "
                    f"{service.name if service else 'that session'}: please take back at most "
                    f"{left}."
                )
            paid[credit.service_id] = _take_back(credit, count)
            lines.append(
                {"service": credit.service_id, "name": credit.service.name, "change": -count}
            )
        left_to_refund = refundable(purchase)
        if amount is None:
            amount = min(
                refund_value(price=purchase.order.amount, items=purchase.items, counts=paid),
                left_to_refund,
            )
        elif amount > left_to_refund:
            raise InvalidState(
                f"At most {money(left_to_refund, purchase.order.currency)} can be refunded: "
                "what was paid, less what has been refunded already."
            )
        if not lines and not amount:
            raise InvalidState("Nothing to do: choose credits to take back, or an amount.")
        return _refund_write(
            purchase,
            credits=lines,
            amount=amount,
            by=CreditChange.By.PRACTITIONER,
            note=note,
            now=now,
        )


def credits_add(
    *, purchase: PackagePurchase, service: Service, count: int, note: str = "", now: datetime
) -> CreditChange:
    """The practitioner adds `count` credits of `service` to a paid purchase (a gift, a
    session made up for): they last as long as the purchase's other credits."""
    if count < 1:
        raise InvalidState("Add at least one credit.")
    if service.is_free:
        raise InvalidState("A free session needs no credit.")
    with transaction.atomic(durable=True):
        purchase = _lock_paid(purchase)
        credit, _ = Credit.objects.get_or_create(purchase=purchase, service=service)
        Credit.objects.filter(pk=credit.pk).update(total=F("total") + count)
        _forget_her_fragments(credit)
        return CreditChange.objects.create(
            purchase=purchase,
            credits=[{"service": service.pk, "name": service.name, "change": count}],
            by=CreditChange.By.PRACTITIONER,
            note=note,
            at=now,
        )
