"""Orders under concurrency: several paid sessions of one order settled at the same moment tell
its app once and refund the rest; parts refunded at the same moment never add up to more than
was paid.

Runs on whichever database DATABASE_URL names; CI runs it on SQLite and on PostgreSQL (row locks
there, IMMEDIATE transactions on SQLite).
"""

from datetime import timedelta

import pytest
import stripe
from django.db import transaction

from tests.payments.order_shop import intent_id_for, order_new, order_session
from tests.races import race

pytestmark = pytest.mark.django_db(transaction=True)

SESSIONS = 6
PARTS = 10


@pytest.fixture
def attempts(shop, now):
    """A £60 order and `SESSIONS` Checkout attempts of it, each with its session (set-up: the
    rows the pay step leaves)."""
    from payments.models import Payment

    order = order_new(now=now, amount=6000)
    payments = []
    for attempt in range(1, SESSIONS + 1):
        payment = Payment(
            order=order,
            attempt=attempt,
            amount=6000,
            currency="GBP",
            expires_at=now + timedelta(minutes=31),
            idempotency_key=f"checkout-{order.reference}-{attempt}",
        )
        payment.checkout_session_id = f"cs_test_race_{order.reference}_{attempt}"
        payment.save()
        payments.append(payment)
    return order, payments


def test_paid_sessions_of_one_order_settled_at_once_tell_its_app_once(
    attempts, shop, stripe_json, now
):
    from payments.models import Refund
    from payments.orders import order_paid_payment
    from payments.settle import payment_confirm

    order, payments = attempts
    sessions = [
        stripe.checkout.Session.construct_from(order_session(stripe_json, payment), None)
        for payment in payments
    ]

    results = race(
        lambda index: payment_confirm(checkout_session=sessions[index], now=now), SESSIONS
    )

    assert [type(result).__name__ for result in results] == ["Payment"] * SESSIONS, results
    order.refresh_from_db()
    assert order.status == "paid"
    [(reference, paid_by, _)] = shop.told
    assert (reference, order_paid_payment(order).pk) == (order.reference, paid_by)
    refunds = Refund.objects.all()
    assert sorted(refund.payment_id for refund in refunds) == sorted(
        payment.pk for payment in payments if payment.pk != paid_by
    )
    assert {(refund.reason, refund.amount) for refund in refunds} == {("duplicate", 6000)}


def test_parts_refunded_at_once_never_add_up_to_more_than_was_paid(
    attempts, shop, stripe_json, now
):
    from payments.models import Refund
    from payments.orders import order_refund
    from payments.settle import payment_confirm

    order, payments = attempts
    session = order_session(stripe_json, payments[0], payment_intent=intent_id_for(payments[0]))
    payment_confirm(checkout_session=stripe.checkout.Session.construct_from(session, None), now=now)
    order.refresh_from_db()

    def give_back(index):
        with transaction.atomic():
            return order_refund(
                order=order, amount=1000, key=f"part-{index}", reason="package_credits"
            )

    results = race(give_back, PARTS)

    made = [result for result in results if isinstance(result, Refund)]
    assert [result for result in results if not isinstance(result, Refund)] == [None] * (
        PARTS - 6
    ), results
    assert sum(refund.amount for refund in made) == 6000
    assert len({refund.idempotency_key for refund in made}) == 6
