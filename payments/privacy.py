"""Payments' part of the client's data export (clients.privacy runs every app's part), registered
by PaymentsConfig.ready(). On erasure payments keep their rows for the accounts: the user they
point to through the booking is anonymised by clients."""

from django.db.models import Q

from clients.models import User
from clients.privacy import export_section, plain_fields
from payments.models import Payment


@export_section("payments")
def payments_export(user: User) -> list[dict]:
    """The client's payments field by field, each with its refunds."""
    payments = Payment.objects.filter(
        Q(booking__client=user) | Q(order__customer=user)
    ).select_related("booking", "order")
    exported = []
    for payment in payments:
        row = plain_fields(payment)
        row["booking" if payment.booking_id else "order"] = payment.reference
        row["refunds"] = [plain_fields(refund) for refund in payment.refunds.all()]
        exported.append(row)
    return exported
