"""Buying a package: a pending order and the purchase that says what it buys, then Checkout;
once paid (payments calls `purchase_paid`, once, inside the transaction that records the
payment) the purchase's credits.

Every function takes keyword-only arguments and the current time as `now`.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.urls import reverse

from bookings.errors import InvalidState
from packages import emails
from packages.models import Credit, Package, PackagePurchase
from payments.checkout import CheckoutStep
from payments.models import Order, Payment
from payments.order_checkout import order_checkout_start
from payments.orders import order_create
from practice.dates import add_months
from practice.models import PracticeDetails

ORDER_KIND = "package"


def purchase_page_path(order: Order) -> str:
    """The purchase's own page, where Checkout brings her back (`OrderKind.page_path`)."""
    return reverse("packages:purchase", kwargs={"reference": order.reference})


def purchase_product_name(order: Order) -> str:
    """What Checkout and her card statement show: neutral, never a service's name."""
    return f"Package of sessions with {PracticeDetails.load().name}"


def _items_snapshot(package: Package) -> list[dict]:
    return [
        {
            "service": item.service_id,
            "name": item.service.name,
            "quantity": item.quantity,
            "value": item.service.price_amount,
        }
        for item in package.items.select_related("service").order_by("service__order", "pk")
    ]


def purchase_start(*, client, package: Package, now: datetime) -> PackagePurchase:
    """The client's purchase of `package`, waiting for its payment: her unpaid one of the same
    package at today's price and contents if she has one (pressing "Buy" twice makes one order),
    else a new order (payments.orders) and purchase, with a copy of what she was shown.

    Raises `InvalidState` when the package is not on sale or holds no sessions.
    """
    with transaction.atomic(durable=True):
        package = Package.objects.select_for_update().filter(pk=package.pk, active=True).first()
        if package is None:
            raise InvalidState("Sorry, this package is no longer on sale.")
        items = _items_snapshot(package)
        if not items:
            raise InvalidState("Sorry, this package cannot be bought at the moment.")
        pending = (
            PackagePurchase.objects.select_related("order")
            .filter(
                client=client,
                package=package,
                paid_at__isnull=True,
                order__status=Order.Status.PENDING,
                order__amount=package.price_amount,
                order__currency=package.price_currency,
                name=package.name,
                terms=package.terms,
                validity_months=package.validity_months,
                refund_window_days=package.refund_window_days,
            )
            .order_by("-created_at", "-pk")
        )
        for purchase in pending:
            if purchase.items == items:
                return purchase
        order = order_create(
            kind=ORDER_KIND,
            amount=package.price_amount,
            currency=package.price_currency,
            email=client.email,
            customer=client,
            now=now,
        )
        purchase = PackagePurchase(
            order=order,
            package=package,
            client=client,
            name=package.name,
            items=items,
            terms=package.terms,
            validity_months=package.validity_months,
            refund_window_days=package.refund_window_days,
            created_at=now,
        )
        purchase.full_clean()
        purchase.save()
    return purchase


def purchase_checkout(*, purchase: PackagePurchase, now: datetime) -> CheckoutStep:
    """Pay for `purchase` on Checkout (its open session, or a new one). Raises `InvalidState`
    when it is paid already, `payments.checkout.PaymentUnavailable` when Stripe cannot be
    reached."""
    return order_checkout_start(order=purchase.order, now=now)


def purchase_paid(*, order: Order, payment: Payment, now: datetime) -> PackagePurchase:
    """The order of a purchase is paid (`OrderKind.on_paid`, once, in payments' transaction):
    its credits, valid for its months from now, and the e-mails."""
    purchase = PackagePurchase.objects.select_for_update().get(order=order)
    if purchase.is_paid:
        return purchase
    purchase.paid_at = now
    purchase.expires_at = add_months(now, purchase.validity_months)
    purchase.refund_until = now + timedelta(days=purchase.refund_window_days)
    purchase.full_clean()
    purchase.save()
    for item in purchase.items:
        Credit.objects.create(
            purchase=purchase,
            service_id=item["service"],
            bought=item["quantity"],
            total=item["quantity"],
        )
    emails.purchase_paid_emails(purchase)
    return purchase
