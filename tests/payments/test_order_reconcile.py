"""manage.py reconcile_payments with orders: a paid order session whose webhook never came is
reported, and --fix settles it through the same path (its app told once)."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from tests.payments.order_shop import (
    STRIPE_API,
    checkout_sessions_answer,
    order_new,
    order_session,
    refunds_answer,
)

pytestmark = pytest.mark.django_db(transaction=True)


def reconcile(*args) -> tuple[str, str | None]:
    out = StringIO()
    try:
        call_command("reconcile_payments", *args, stdout=out)
    except CommandError as error:
        return out.getvalue(), str(error)
    return out.getvalue(), None


@pytest.fixture
def missed(shop, stripe_api, stripe_json, now):
    """An order paid at Stripe whose webhook never came, nor its buyer back: (order, payment,
    Stripe's list of recent sessions answering with its paid session)."""
    from payments.order_checkout import order_checkout_start

    checkout_sessions_answer(stripe_api, stripe_json)
    order = order_new(now=now)
    payment = order_checkout_start(order=order, now=now).payment
    listing = {
        "object": "list",
        "data": [order_session(stripe_json, payment)],
        "has_more": False,
        "url": "/v1/checkout/sessions",
    }
    stripe_api.add("GET", f"{STRIPE_API}/v1/checkout/sessions", body=json.dumps(listing))
    return order, payment


def test_reconcile_reports_a_paid_order_whose_webhook_was_missed(missed, shop):
    order, payment = missed

    out, error = reconcile("--days", "1")

    assert "Paid but not confirmed: 1" in out
    assert (
        f"order {order.reference} session {payment.checkout_session_id}: paid, not confirmed" in out
    )
    assert error.startswith("1 finding(s) need attention")
    order.refresh_from_db()
    assert (order.status, shop.told) == ("pending", [])  # without --fix nothing changes


def test_reconcile_fix_settles_it_and_then_all_is_accounted_for(missed, shop):
    order, payment = missed

    out, error = reconcile("--fix")

    assert error is None
    assert (
        f"order {order.reference} session {payment.checkout_session_id}: fixed: order paid" in out
    )
    order.refresh_from_db()
    payment.refresh_from_db()
    assert (order.status, payment.status) == ("paid", "paid")
    assert shop.told == [(order.reference, payment.pk, "paid")]

    out, error = reconcile()
    assert (error, "Everything paid is accounted for." in out) == (None, True)
    assert len(shop.told) == 1


def test_reconcile_sends_an_order_refund_that_never_reached_stripe(
    missed, stripe_api, stripe_json, stripe_calls
):
    from payments.models import Refund
    from payments.orders import order_refund

    order, _ = missed
    reconcile("--fix")
    order.refresh_from_db()
    with transaction.atomic():
        part = order_refund(order=order, amount=1000, key="credit-unsent", reason="package_credits")
    # The worker never ran: the refund waits.

    out, error = reconcile()
    assert f"order {order.reference}: refund not sent to Stripe" in out
    assert error.startswith("1 finding(s) need attention")

    refunds_answer(stripe_api, stripe_json, "succeeded")
    out, error = reconcile("--fix")
    assert error is None
    part.refresh_from_db()
    assert (part.status, part.stripe_refund_id != "") == ("succeeded", True)
    assert Refund.objects.count() == 1
    [(_, _, sent, _)] = stripe_calls("/v1/refunds")
    assert sent["metadata[order_reference]"] == order.reference
