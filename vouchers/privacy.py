"""Gift vouchers' part of the client's data rights (clients.privacy runs every app's part),
registered from vouchers/registrations.py.

- Export: the vouchers she bought (signed in, or with her address before she had an account),
  field by field but for the code, which is the recipient's alone; and what vouchers paid of
  her own bookings.
- Erasure: the vouchers she bought lose her name and address, the recipients' names and
  addresses and her message; their amounts, balances and what they paid stay for the accounts,
  and their codes keep working for whoever was given them. One still to be sent is sent now,
  as she wrote it, so that erasing her account takes no gift back.
"""

from datetime import datetime

from django.db.models import Q

from clients.models import User
from clients.privacy import erasure_step, export_section, iso
from payments.models import Order
from vouchers.delivery import voucher_deliver
from vouchers.models import Redemption, Voucher

ERASED_NOTE = (
    "\nThe gift vouchers you bought no longer carry your name, your e-mail address, your "
    "messages or the names and addresses of the people you gave them to. Any still to be sent "
    "were sent first. Their codes still work, and their amounts are kept for the accounts.\n"
)
PERSONAL_FIELDS = ("buyer_name", "buyer_email", "recipient_name", "recipient_email", "message")


def bought_by(user: User) -> Q:
    """The vouchers `user` bought: signed in, or with her (verified) address before."""
    return Q(buyer=user) | Q(buyer__isnull=True, buyer_email__iexact=user.email)


@export_section("gift_vouchers")
def vouchers_export(user: User) -> dict:
    bought = Voucher.objects.filter(bought_by(user)).select_related("order").order_by("pk")
    used = (
        Redemption.objects.filter(booking__client=user)
        .select_related("booking")
        .order_by("created_at", "pk")
    )
    return {
        "bought": [_voucher(voucher) for voucher in bought],
        "used_for_your_bookings": [
            {
                "booking": redemption.booking.reference,
                "amount": redemption.amount,
                "given_back": redemption.returned,
                "state": redemption.state,
                "at": iso(redemption.created_at),
            }
            for redemption in used
        ],
    }


def _voucher(voucher: Voucher) -> dict:
    return {
        "order": voucher.order.reference,
        "kind": voucher.kind,
        "session": voucher.service_name or None,
        "amount": voucher.initial_amount,
        "balance": voucher.balance,
        "currency": voucher.currency,
        "your_name": voucher.buyer_name,
        "your_email": voucher.buyer_email,
        "time_zone": voucher.buyer_time_zone,
        "recipient_name": voucher.recipient_name,
        "recipient_email": voucher.recipient_email,
        "message": voucher.message,
        "deliver_on": voucher.deliver_on.isoformat(),
        "bought_at": iso(voucher.created_at),
        "paid_at": iso(voucher.paid_at),
        "valid_until": voucher.valid_until.isoformat() if voucher.valid_until else None,
        "delivered_at": iso(voucher.delivered_at),
        "code": "sent to the recipient only" if voucher.code else None,
    }


@erasure_step
def vouchers_erase(*, user: User, now: datetime) -> str:
    """Clear the personal details of the vouchers she bought (after sending any still due)."""
    bought = Voucher.objects.filter(bought_by(user))
    if not bought.exists():
        return ""
    for voucher_id in bought.filter(paid_at__isnull=False, delivered_at__isnull=True).values_list(
        "pk", flat=True
    ):
        voucher_deliver(voucher_id=voucher_id, now=now)
    Order.objects.filter(voucher__in=bought).update(email="")
    bought.update(**dict.fromkeys(PERSONAL_FIELDS, ""), erased_at=now)
    return ERASED_NOTE
