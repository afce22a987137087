"""No double spend under concurrency: 50 bookings of several clients, each a hold of its own,
apply one voucher at the same moment. The balance never goes below nothing and what was
reserved is exactly what left the balance.

Runs on whichever database DATABASE_URL names; CI runs it on SQLite and on PostgreSQL. On
PostgreSQL the booking's and the voucher's row locks settle the race (and the balance's check
constraint stands behind them); on SQLite the IMMEDIATE transactions do.
"""

from datetime import UTC, datetime, timedelta

import pytest

from tests.races import race

ATTEMPTS = 50
CLIENTS = 10
NOW = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("amount", [100_000, 123_456])
def test_fifty_bookings_using_one_voucher_at_once_never_spend_more_than_it_holds(
    make_user, make_booking, make_voucher, service, amount
):
    from vouchers.errors import VoucherRefused
    from vouchers.models import Redemption, Voucher
    from vouchers.redemption import voucher_apply

    clients = [make_user() for _ in range(CLIENTS)]
    holds = [
        make_booking(
            client=clients[index % CLIENTS],
            service=service,
            status="held",
            start=NOW + timedelta(days=7, hours=2 * index),
            now=NOW,
        )
        for index in range(ATTEMPTS)
    ]
    voucher = make_voucher(amount=amount, paid_at=NOW - timedelta(days=1))

    results = race(
        lambda index: voucher_apply(booking=holds[index], code=voucher.code, now=NOW), ATTEMPTS
    )

    unexpected = [r for r in results if not isinstance(r, (Redemption, VoucherRefused))]
    assert unexpected == []
    voucher = Voucher.objects.get(pk=voucher.pk)
    redeemed = [r.amount for r in Redemption.objects.filter(voucher=voucher, state="reserved")]
    assert voucher.balance >= 0
    assert sum(redeemed) == amount - voucher.balance
    # £95 each: every booking is paid whole until the balance runs short, one takes the rest,
    # and the others are told it is used up.
    whole, rest = divmod(amount, 9500)
    assert sorted(redeemed, reverse=True) == [9500] * whole + ([rest] if rest else [])
    assert voucher.balance == 0
    refused = [r for r in results if isinstance(r, VoucherRefused)]
    assert len(refused) == ATTEMPTS - len(redeemed)
    assert all("used up" in error.message for error in refused)
