"""A client's orders in her data export, and forgotten (their receipt address) when she deletes
her account: the orders and their amounts stay for the accounts."""

import json

import pytest

from tests.payments.order_shop import (
    checkout_sessions_answer,
    order_new,
    order_session,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def bought(shop, client_user, stripe_api, stripe_json, deliver, make_event, now):
    """Maya's order, paid through Checkout and the signed webhook: (order, payment)."""
    from payments.order_checkout import order_checkout_start

    checkout_sessions_answer(stripe_api, stripe_json)
    order = order_new(now=now, amount=4000, email=client_user.email, customer=client_user)
    payment = order_checkout_start(order=order, now=now).payment
    deliver(make_event("checkout.session.completed", order_session(stripe_json, payment)))
    order.refresh_from_db()
    payment.refresh_from_db()
    return order, payment


def test_the_clients_export_lists_her_orders_and_their_payments(bought, client_user, now):
    from clients.privacy import client_data_export

    order, _ = bought

    export = client_data_export(user=client_user, now=now)

    [exported] = export["orders"]
    assert (exported["reference"], exported["kind"], exported["status"]) == (
        order.reference,
        "test-gift",
        "paid",
    )
    assert (exported["amount"], exported["currency"], exported["email"]) == (
        4000,
        "GBP",
        "maya@example.com",
    )
    assert exported["paid_at"] == order.paid_at.isoformat()
    [exported_payment] = export["payments"]
    assert exported_payment["order"] == order.reference
    assert (exported_payment["amount"], exported_payment["status"]) == (4000, "paid")
    json.dumps(export)  # the download is JSON


def test_another_clients_orders_are_not_in_her_export(bought, other_client, now):
    from clients.privacy import client_data_export

    export = client_data_export(user=other_client, now=now)

    assert (export["orders"], export["payments"]) == ([], [])


def test_deleting_her_account_forgets_her_orders_address_and_keeps_the_accounts(
    bought, shop, client_user, other_client, now
):
    from clients.privacy import account_erase
    from payments.models import Order

    order, payment = bought
    as_guest = order_new(now=now, amount=2500, email="MAYA@example.com")  # not signed in
    someone_elses = order_new(now=now, amount=1500, email=other_client.email, customer=other_client)

    account_erase(user=client_user, now=now)

    order.refresh_from_db()
    payment.refresh_from_db()
    assert (order.email, order.amount, order.status, order.customer_id) == (
        "",
        4000,
        "paid",
        client_user.pk,
    )
    assert (payment.amount, payment.status) == (4000, "paid")
    assert Order.objects.get(pk=as_guest.pk).email == ""
    assert Order.objects.get(pk=someone_elses.pk).email == other_client.email
