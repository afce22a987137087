"""Offline development (`make run`): /orders/<reference>/test-payment/ stands in for Checkout for
an order, through the same functions Stripe's answers drive."""

from html import unescape

import pytest

from tests.payments.order_shop import order_new, page_path

pytestmark = pytest.mark.django_db(transaction=True)


def text(response) -> str:
    return unescape(response.content.decode())


@pytest.fixture
def on_test_page(offline, shop, now):
    """The buyer was sent to pay: (order, its payment, the test page's address)."""
    from payments.order_checkout import order_checkout_start

    order = order_new(now=now, amount=4000)
    step = order_checkout_start(order=order, now=now)
    return order, step.payment, step.redirect_to


def test_paying_for_an_order_offline_goes_to_a_labelled_local_page(
    client, on_test_page, stripe_calls
):
    order, payment, address = on_test_page

    assert address == (
        f"/orders/{order.reference}/test-payment/?session_id={payment.checkout_session_id}"
    )
    page = text(client.get(address))
    assert "Test payment — no money moves" in page
    assert "Pay £40 (test)" in page
    assert order.reference in page
    assert stripe_calls() == []


def test_pay_on_the_test_page_pays_the_order_and_returns_to_its_page(
    client, on_test_page, shop, stripe_calls
):
    from payments.order_checkout import order_return

    order, payment, address = on_test_page

    response = client.post(address, {"session_id": payment.checkout_session_id, "outcome": "pay"})

    assert response.status_code == 302
    assert response["Location"] == (f"{page_path(order)}?session_id={payment.checkout_session_id}")
    order.refresh_from_db()
    payment.refresh_from_db()
    assert order.status == "paid"
    assert (payment.status, payment.payment_intent_id[:16]) == ("paid", "pi_test_offline_")
    assert shop.told == [(order.reference, payment.pk, "paid")]
    # Back on its page the order is settled already: the return changes nothing.
    assert order_return(order=order, session_id=payment.checkout_session_id, now=order.paid_at)
    assert len(shop.told) == 1
    # The page is over once paid.
    assert "This test session is over." in text(client.get(address))
    assert stripe_calls() == []


def test_fail_on_the_test_page_ends_the_attempt_and_another_pays(client, on_test_page, shop, now):
    from payments.models import Payment
    from payments.order_checkout import order_checkout_start

    order, payment, address = on_test_page

    response = client.post(address, {"session_id": payment.checkout_session_id, "outcome": "fail"})

    assert response["Location"] == page_path(order)
    payment.refresh_from_db()
    order.refresh_from_db()
    assert (payment.status, order.status, shop.told) == ("failed", "pending", [])
    again = order_checkout_start(order=order, now=now)
    assert again.payment.attempt == 2
    client.post(
        again.redirect_to, {"session_id": again.payment.checkout_session_id, "outcome": "pay"}
    )
    order.refresh_from_db()
    assert order.status == "paid"
    assert Payment.objects.filter(order=order).count() == 2


def test_abandon_on_the_test_page_expires_the_session_and_the_order_waits(
    client, on_test_page, shop
):
    order, payment, address = on_test_page

    response = client.post(
        address, {"session_id": payment.checkout_session_id, "outcome": "abandon"}
    )

    assert response["Location"] == page_path(order)
    payment.refresh_from_db()
    order.refresh_from_db()
    assert (payment.status, order.status, shop.told) == ("expired", "pending", [])


def test_an_order_refund_offline_is_made_without_stripe(
    client, on_test_page, run_worker, stripe_calls
):
    from django.db import transaction

    from payments.orders import order_refund

    order, payment, address = on_test_page
    client.post(address, {"session_id": payment.checkout_session_id, "outcome": "pay"})
    order.refresh_from_db()

    with transaction.atomic():
        part = order_refund(order=order, amount=1000, key="offline-part", reason="package_credits")
    run_worker()  # as `make run` does beside the web server

    part.refresh_from_db()
    assert (part.status, part.stripe_refund_id[:16]) == ("succeeded", "re_test_offline_")
    payment.refresh_from_db()
    assert (payment.status, payment.amount_refunded) == ("partially_refunded", 1000)
    assert stripe_calls() == []


@pytest.mark.parametrize(
    "query",
    ["", "?session_id=cs_test_offline_not_this_orders", "?session_id="],
    ids=["no-session", "another-session", "empty"],
)
def test_the_test_page_answers_404_for_a_session_not_this_orders(client, on_test_page, query):
    order, _, _ = on_test_page

    assert client.get(f"/orders/{order.reference}/test-payment/{query}").status_code == 404


def test_the_test_page_answers_404_for_an_unknown_order(client, on_test_page):
    _, payment, _ = on_test_page

    response = client.get(
        f"/orders/NOSUCHORDER0000/test-payment/?session_id={payment.checkout_session_id}"
    )

    assert response.status_code == 404


def test_another_orders_session_is_not_paid_through_this_orders_page(
    client, on_test_page, shop, now
):
    from payments.order_checkout import order_checkout_start

    order, payment, _ = on_test_page
    other = order_new(now=now)
    order_checkout_start(order=other, now=now)

    response = client.post(
        f"/orders/{other.reference}/test-payment/",
        {"session_id": payment.checkout_session_id, "outcome": "pay"},
    )

    assert response.status_code == 404
    order.refresh_from_db()
    assert (order.status, shop.told) == ("pending", [])


def test_an_unknown_outcome_changes_nothing(client, on_test_page, shop):
    order, payment, address = on_test_page

    response = client.post(
        address, {"session_id": payment.checkout_session_id, "outcome": "refund-me"}
    )

    assert response["Location"] == page_path(order)
    payment.refresh_from_db()
    assert (payment.status, shop.told) == ("open", [])


def test_the_test_page_does_not_exist_when_stripe_is_configured(
    client, on_test_page, stripe_settings
):
    _, _, address = on_test_page
    stripe_settings.STRIPE_OFFLINE = False

    assert client.get(address).status_code == 404
