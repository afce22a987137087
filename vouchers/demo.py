"""Demo data for `manage.py seed_demo`: a gift voucher the demo client was given, paid and
delivered, so that its code can be tried at the pay step of a demo booking (and the
practitioner finds it in the admin). Idempotent: the demo client is given it once.
"""

from datetime import datetime

from payments.models import Order
from practice.demo import CLIENT_EMAIL
from practice.money import money
from vouchers.codes import code_new
from vouchers.delivery import delivery_moment
from vouchers.fulfil import KIND, voucher_expiry
from vouchers.models import Voucher

AMOUNT = 60_00


def seed(*, now: datetime, stdout) -> None:
    voucher = Voucher.objects.filter(recipient_email=CLIENT_EMAIL).first()
    if voucher is None:
        order = Order.objects.create(
            kind=KIND,
            amount=AMOUNT,
            email="ruth.demo@example.com",
            status=Order.Status.PAID,
            created_at=now,
            paid_at=now,
        )
        voucher = Voucher.objects.create(
            order=order,
            initial_amount=AMOUNT,
            balance=AMOUNT,
            code=code_new(),
            buyer_name="Ruth",
            buyer_email="ruth.demo@example.com",
            buyer_time_zone="Europe/London",
            recipient_name="Demo client",
            recipient_email=CLIENT_EMAIL,
            message="A little time for yourself, from someone who is glad you exist.",
            deliver_on=now.date(),
            deliver_at=delivery_moment(day=now.date(), zone="Europe/London"),
            created_at=now,
            paid_at=now,
            expires_at=voucher_expiry(paid_at=now, zone="Europe/London"),
            delivered_at=now,
        )
    stdout.write(
        f"Vouchers: the demo client's gift voucher {voucher.code_shown} "
        f"({money(voucher.balance, voucher.currency)} left) is ready to use at the pay step."
    )
