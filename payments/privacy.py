"""Payments' part of the client's data rights (clients.privacy runs every app's part), registered
by PaymentsConfig.ready(): her orders and her payments in her data export; on erasure, the
address her orders' receipts went to. Payments and orders keep their rows and amounts for the
accounts: the user they point to is anonymised by clients."""

from datetime import datetime

from django.db.models import Q

from clients.models import User
from clients.privacy import erasure_step, export_section, plain_fields
from payments.models import Order, Payment


@export_section("orders")
def orders_export(user: User) -> list[dict]:
    """What she bought that is not a booking (a package, a gift voucher), field by field; each
    app that sells one exports what it gave her."""
    return [plain_fields(order) for order in Order.objects.filter(customer=user)]


@export_section("payments")
def payments_export(user: User) -> list[dict]:
    """The client's payments field by field, each with its refunds."""
    # Her bookings' payments and her orders' payments apart, not with one OR across two joins:
    # that reads every payment of the practice. Her orders are looked up first, so that their
    # payments are found by the payments' own index on their order.
    orders = Order.objects.filter(customer=user).values_list("pk", flat=True)
    payments = sorted(
        [
            *Payment.objects.filter(booking__client=user)
            .select_related("booking")
            .prefetch_related("refunds"),
            *Payment.objects.filter(order__in=list(orders))
            .select_related("order")
            .prefetch_related("refunds"),
        ],
        key=lambda payment: (payment.created_at, payment.pk),
        reverse=True,
    )
    exported = []
    for payment in payments:
        row = plain_fields(payment)
        row["booking" if payment.booking_id else "order"] = payment.reference
        row["refunds"] = [plain_fields(refund) for refund in payment.refunds.all()]
        exported.append(row)
    return exported


@erasure_step
def orders_erase(*, user: User, now: datetime) -> str:
    """Forget the address her orders' receipts went to (those she placed signed in, and any
    placed with her address without signing in); the orders stay for the accounts."""
    Order.objects.filter(Q(customer=user) | Q(email__iexact=user.email)).exclude(email="").update(
        email=""
    )
    return ""
