"""Orders (a package, a gift voucher): paid through the same Checkout, webhook and refunds as a
booking, and the app that sells them told exactly once (payments/orders.py,
payments/order_checkout.py).

The app here is tests/payments/order_shop.py's, registered as a real one registers; Stripe is
faked at its HTTP layer and its webhooks signed as Stripe signs them.
"""

import json
import socket
import threading
import time
from datetime import timedelta
from functools import partial

import pytest
import requests

from tests.payments.order_shop import (
    PRODUCT_NAME,
    SITE_URL,
    SOLD_OUT,
    STRIPE_API,
    checkout_sessions_answer,
    gift_name,
    gifts_given,
    intent_id_for,
    order_new,
    order_session,
    refunds_answer,
)

pytestmark = pytest.mark.django_db(transaction=True)

SESSIONS = f"{STRIPE_API}/v1/checkout/sessions"


@pytest.fixture
def new_order(shop, now):
    """A pending order of the shop's kind: new_order(amount=..., email=...)."""
    return partial(order_new, now=now)


@pytest.fixture
def checkout(stripe_api, stripe_json):
    """Stripe makes the Checkout Session each request asks for."""
    checkout_sessions_answer(stripe_api, stripe_json)


@pytest.fixture
def started(new_order, checkout, now):
    """An order whose buyer was sent to Checkout: (order, its open payment)."""
    from payments.order_checkout import order_checkout_start

    order = new_order()
    step = order_checkout_start(order=order, now=now)
    return order, step.payment


def state():
    """Everything settling an order could change."""
    from payments.models import Order, Payment, Refund

    return (
        list(Order.objects.values_list("reference", "status", "paid_at")),
        list(Payment.objects.values_list("pk", "status", "amount_refunded", "payment_intent_id")),
        list(Refund.objects.values_list("pk", "status", "amount")),
        gifts_given(),
    )


# Checkout ---------------------------------------------------------------------------------


def test_checkout_asks_stripe_for_the_order_under_a_neutral_name(
    new_order, checkout, stripe_calls, now
):
    from payments.checkout import whole_second
    from payments.client import API_VERSION
    from payments.models import Payment
    from payments.order_checkout import order_checkout_start

    order = new_order(amount=4000)

    step = order_checkout_start(order=order, now=now)

    [(method, path, sent, headers)] = stripe_calls()
    assert (method, path) == ("POST", "/v1/checkout/sessions")
    assert headers["Idempotency-Key"] == f"checkout-{order.reference}-1"
    assert headers["Stripe-Version"] == API_VERSION
    page = f"{SITE_URL}/gifts/{order.reference}/"
    assert sent == {
        "mode": "payment",
        "line_items[0][quantity]": "1",
        "line_items[0][price_data][currency]": "gbp",
        "line_items[0][price_data][unit_amount]": "4000",
        "line_items[0][price_data][product_data][name]": PRODUCT_NAME,
        "customer_email": "maya@example.com",
        "client_reference_id": order.reference,
        "metadata[order_reference]": order.reference,
        "payment_intent_data[metadata][order_reference]": order.reference,
        "expires_at": str(int(whole_second(now + timedelta(minutes=31)).timestamp())),
        "success_url": page + "?session_id={CHECKOUT_SESSION_ID}",
        "cancel_url": page,
    }
    payment = Payment.objects.get()
    assert (payment.order, payment.booking, payment.status, payment.amount) == (
        order,
        None,
        "open",
        4000,
    )
    assert step.redirect_to == f"https://checkout.stripe.com/c/pay/{payment.checkout_session_id}"
    order.refresh_from_db()
    assert order.status == "pending"


def test_an_order_without_an_email_address_sends_none_to_checkout(
    new_order, checkout, stripe_calls, now
):
    from payments.order_checkout import order_checkout_start

    order_checkout_start(order=new_order(email=""), now=now)

    [(_, _, sent, _)] = stripe_calls()
    assert "customer_email" not in sent
    assert [key for key in sent if "metadata" in key] == [
        "metadata[order_reference]",
        "payment_intent_data[metadata][order_reference]",
    ]


def test_coming_back_to_checkout_while_the_session_is_open_returns_to_it(
    started, stripe_calls, now
):
    from payments.order_checkout import order_checkout_start

    order, payment = started

    again = order_checkout_start(order=order, now=now + timedelta(minutes=10))

    assert again.payment == payment
    assert again.redirect_to == payment.checkout_url
    assert len(stripe_calls()) == 1


@pytest.mark.parametrize(
    "failure",
    [
        {"status": 500, "json": {"error": {"type": "api_error", "message": "Try again"}}},
        {"body": requests.ReadTimeout("Stripe took too long")},
        {"body": requests.ConnectionError("network down")},
    ],
    ids=["server-error", "timeout", "connection"],
)
def test_a_retry_after_stripe_failed_asks_again_with_the_same_key_and_charged_nothing(
    failure, new_order, stripe_api, stripe_json, stripe_calls, now
):
    from payments.checkout import PaymentUnavailable
    from payments.models import Payment
    from payments.order_checkout import order_checkout_start

    order = new_order()
    stripe_api.add("POST", SESSIONS, **failure)

    with pytest.raises(PaymentUnavailable):
        order_checkout_start(order=order, now=now)

    payment = Payment.objects.get()
    assert (payment.status, payment.checkout_session_id, payment.paid_at) == ("open", "", None)
    order.refresh_from_db()
    assert order.status == "pending"

    stripe_api.remove("POST", SESSIONS)
    checkout_sessions_answer(stripe_api, stripe_json)
    step = order_checkout_start(order=order, now=now + timedelta(seconds=20))

    sent = stripe_calls()
    assert len(sent) == 2  # one try each inside a request: no retries there
    assert {headers["Idempotency-Key"] for _, _, _, headers in sent} == {
        f"checkout-{order.reference}-1"
    }
    assert len({tuple(sorted(form.items())) for _, _, form, _ in sent}) == 1
    assert Payment.objects.get() == step.payment
    assert step.payment.checkout_session_id


def test_a_retry_too_late_for_the_first_sessions_expiry_asks_for_a_new_session(
    new_order, stripe_api, stripe_json, stripe_calls, now
):
    """Stripe refuses a session that expires in under 30 minutes: asking again, a while after
    the failure, for the first attempt's session (same key, same expiry) could never work."""
    from payments.checkout import PaymentUnavailable
    from payments.models import Payment
    from payments.order_checkout import order_checkout_start

    order = new_order()
    stripe_api.add("POST", SESSIONS, status=500, json={"error": {"type": "api_error"}})
    with pytest.raises(PaymentUnavailable):
        order_checkout_start(order=order, now=now)
    stripe_api.remove("POST", SESSIONS)
    checkout_sessions_answer(stripe_api, stripe_json)
    later = now + timedelta(minutes=3)

    step = order_checkout_start(order=order, now=later)

    _, (_, _, sent, headers) = stripe_calls()
    assert headers["Idempotency-Key"] == f"checkout-{order.reference}-2"
    assert int(sent["expires_at"]) >= (later + timedelta(minutes=31)).timestamp()
    assert step.payment.attempt == 2
    first = Payment.objects.get(attempt=1)
    assert (first.status, first.checkout_session_id) == ("failed", "")


@pytest.fixture
def silent_stripe(settings, stripe_api):
    """Stripe's API at a server on 127.0.0.1 that accepts connections and never answers: the
    connections it accepted (tests/payments/test_stripe_hangs.py)."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.05)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            accepted.append(connection)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.getsockname()[1]}"
    settings.STRIPE_API_BASE = base
    stripe_api.add_passthru(base)
    yield accepted
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    server.close()


def test_paying_for_an_order_while_stripe_hangs_gives_up_in_seconds(new_order, silent_stripe, now):
    from payments.checkout import PaymentUnavailable
    from payments.models import Payment
    from payments.order_checkout import order_checkout_start

    order = new_order()
    started_at = time.monotonic()

    with pytest.raises(PaymentUnavailable):
        order_checkout_start(order=order, now=now)

    assert time.monotonic() - started_at < 10  # well under gunicorn's 30-second limit
    assert len(silent_stripe) == 1
    assert Payment.objects.get().checkout_session_id == ""


def test_a_paid_order_is_not_paid_for_again(started, deliver, make_event, stripe_json, now):
    from bookings.errors import InvalidState
    from payments.order_checkout import order_checkout_start

    order, payment = started
    deliver(make_event("checkout.session.completed", order_session(stripe_json, payment)))

    with pytest.raises(InvalidState):
        order_checkout_start(order=order, now=now)


# The webhook ------------------------------------------------------------------------------


def test_a_paid_session_marks_the_order_paid_and_tells_its_app_once(
    started, shop, deliver, make_event, stripe_json, now
):
    from payments.models import StripeEvent

    order, payment = started
    completed = make_event("checkout.session.completed", order_session(stripe_json, payment))

    assert deliver(completed).status_code == 200

    order.refresh_from_db()
    payment.refresh_from_db()
    assert order.status == "paid"
    assert order.paid_at is not None
    assert (payment.status, payment.payment_intent_id) == ("paid", intent_id_for(payment))
    assert shop.told == [(order.reference, payment.pk, "paid")]
    assert gifts_given() == [gift_name(order)]
    assert StripeEvent.objects.get().processed_at is not None

    # The same event again, and the same session in another event: nothing more.
    before = state()
    assert deliver(completed).status_code == 200
    succeeded = make_event(
        "checkout.session.async_payment_succeeded", order_session(stripe_json, payment)
    )
    assert deliver(succeeded).status_code == 200
    assert state() == before
    assert len(shop.told) == 1


def test_a_second_paid_session_for_a_paid_order_is_refunded_in_full_by_the_worker(
    started,
    shop,
    deliver,
    make_event,
    stripe_api,
    stripe_json,
    stripe_calls,
    run_worker,
    now,
):
    """She opened Checkout twice (the first session nearly over) and paid in both."""
    from payments.models import Refund
    from payments.order_checkout import order_checkout_start
    from payments.orders import order_paid_payment

    order, first = started
    second = order_checkout_start(order=order, now=now + timedelta(minutes=27)).payment
    assert second.attempt == 2
    refunds_answer(stripe_api, stripe_json)

    deliver(make_event("checkout.session.completed", order_session(stripe_json, second)))
    deliver(make_event("checkout.session.completed", order_session(stripe_json, first)))
    assert stripe_calls("/v1/refunds") == []  # never inside the webhook's request
    run_worker()

    assert shop.told == [(order.reference, second.pk, "paid")]
    refund = Refund.objects.get()
    assert (refund.payment_id, refund.amount, refund.reason, refund.status) == (
        first.pk,
        4000,
        "duplicate",
        "succeeded",
    )
    [(_, _, sent, headers)] = stripe_calls("/v1/refunds")
    assert sent == {
        "payment_intent": intent_id_for(first),
        "amount": "4000",
        "reason": "duplicate",
        "metadata[order_reference]": order.reference,
        "metadata[refund_key]": refund.idempotency_key,
    }
    assert headers["Idempotency-Key"] == refund.idempotency_key
    first.refresh_from_db()
    assert (first.status, first.amount_refunded) == ("refunded", 4000)
    assert order_paid_payment(order) == second


@pytest.mark.parametrize(
    ("amount_total", "currency"), [(1, "gbp"), (3999, "gbp"), (4000, "eur")], ids=str
)
def test_a_session_paid_in_another_amount_is_refunded_and_the_order_stays_pending(
    amount_total,
    currency,
    started,
    shop,
    deliver,
    make_event,
    stripe_api,
    stripe_json,
    stripe_calls,
    run_worker,
    now,
):
    from payments.models import Refund
    from payments.order_checkout import order_checkout_start
    from payments.orders import order_paid_payment

    order, payment = started
    refunds_answer(stripe_api, stripe_json)
    session = order_session(
        stripe_json,
        payment,
        amount_subtotal=amount_total,
        amount_total=amount_total,
        currency=currency,
    )

    assert deliver(make_event("checkout.session.completed", session)).status_code == 200
    run_worker()

    order.refresh_from_db()
    assert (order.status, order.paid_at) == ("pending", None)
    assert shop.told == []
    assert gifts_given() == []
    refund = Refund.objects.get()
    assert (refund.amount, refund.currency, refund.reason) == (
        amount_total,
        currency.upper(),
        "not_as_asked",
    )
    [(_, _, sent, _)] = stripe_calls("/v1/refunds")
    assert sent["amount"] == str(amount_total)
    assert order_paid_payment(order) is None

    # She pays again, as asked: the order is paid, by that payment.
    retry = order_checkout_start(order=order, now=now + timedelta(minutes=1)).payment
    deliver(make_event("checkout.session.completed", order_session(stripe_json, retry)))
    order.refresh_from_db()
    assert order.status == "paid"
    assert order_paid_payment(order) == retry


def test_a_session_the_site_never_made_naming_an_order_is_refunded_and_pays_nothing(
    started, shop, deliver, make_event, stripe_api, stripe_json, stripe_calls, run_worker
):
    """Correctly signed and naming the order (client_reference_id only), but no attempt of
    ours made it: recorded as the order's, refunded in full, and the order still waits."""
    from payments.models import Payment, Refund

    order, payment = started
    refunds_answer(stripe_api, stripe_json)
    stray = order_session(
        stripe_json,
        payment,
        id="cs_test_z9NeverMadeForThisOrder000000000000000000000000000000",
        metadata={},
        payment_intent="pi_3OrderNeverMadeAq0Wz9Xy",
    )

    assert deliver(make_event("checkout.session.completed", stray)).status_code == 200
    run_worker()

    order.refresh_from_db()
    assert (order.status, shop.told) == ("pending", [])
    recorded = Payment.objects.get(checkout_session_id=stray["id"])
    assert (recorded.order, recorded.status, recorded.attempt) == (order, "refunded", 2)
    refund = Refund.objects.get()
    assert (refund.payment, refund.amount, refund.reason) == (recorded, 4000, "not_as_asked")
    [(_, _, sent, _)] = stripe_calls("/v1/refunds")
    assert sent["payment_intent"] == "pi_3OrderNeverMadeAq0Wz9Xy"

    # Her own session still pays the order.
    deliver(make_event("checkout.session.completed", order_session(stripe_json, payment)))
    order.refresh_from_db()
    assert order.status == "paid"
    assert shop.told == [(order.reference, payment.pk, "paid")]


def test_an_order_its_app_cannot_fulfil_is_refunded_and_nothing_of_it_is_kept(
    shop, new_order, checkout, deliver, make_event, stripe_api, stripe_json, run_worker, now
):
    from payments.models import Payment, Refund, StripeEvent
    from payments.order_checkout import order_checkout_start
    from payments.orders import order_paid_payment

    order = new_order(email=SOLD_OUT)
    payment = order_checkout_start(order=order, now=now).payment
    refunds_answer(stripe_api, stripe_json)

    event = make_event("checkout.session.completed", order_session(stripe_json, payment))
    assert deliver(event).status_code == 200
    run_worker()

    assert StripeEvent.objects.get().processed_at is not None  # settled: Stripe stops sending
    order.refresh_from_db()
    assert (order.status, order.paid_at) == ("pending", None)
    assert len(shop.told) == 1  # it was asked, and refused
    assert gifts_given() == []  # what it wrote before refusing was undone
    payment = Payment.objects.get()
    assert (payment.status, payment.amount_refunded) == ("refunded", 4000)
    refund = Refund.objects.get()
    assert (refund.amount, refund.reason, refund.status) == (4000, "not_confirmable", "succeeded")
    assert order_paid_payment(order) is None


def test_an_expired_session_leaves_the_order_pending_and_a_new_attempt_pays_it(
    started, shop, deliver, make_event, stripe_json, stripe_calls, now
):
    from payments.order_checkout import order_checkout_start

    order, payment = started

    expired = make_event("checkout.session.expired", order_session(stripe_json, payment, "expired"))
    assert deliver(expired).status_code == 200

    payment.refresh_from_db()
    order.refresh_from_db()
    assert (payment.status, order.status) == ("expired", "pending")
    again = order_checkout_start(order=order, now=now + timedelta(minutes=32)).payment
    assert again.attempt == 2
    assert stripe_calls()[-1][3]["Idempotency-Key"] == f"checkout-{order.reference}-2"
    deliver(make_event("checkout.session.completed", order_session(stripe_json, again)))
    order.refresh_from_db()
    assert order.status == "paid"
    assert shop.told == [(order.reference, again.pk, "paid")]


def test_a_failed_async_payment_ends_the_attempt_and_the_order_waits(
    started, shop, deliver, make_event, stripe_json
):
    order, payment = started
    session = order_session(stripe_json, payment, payment_status="unpaid")

    assert deliver(make_event("checkout.session.async_payment_failed", session)).status_code == 200

    payment.refresh_from_db()
    order.refresh_from_db()
    assert (payment.status, order.status, shop.told) == ("failed", "pending", [])


# Back from Checkout -----------------------------------------------------------------------


def test_the_return_page_settles_before_the_webhook_which_then_changes_nothing(
    started, shop, deliver, make_event, stripe_api, stripe_json, now
):
    from payments.order_checkout import order_return

    order, payment = started
    paid = order_session(stripe_json, payment)
    stripe_api.add("GET", f"{SESSIONS}/{payment.checkout_session_id}", json=paid)

    returned = order_return(order=order, session_id=payment.checkout_session_id, now=now)

    order.refresh_from_db()
    assert returned == payment
    assert returned.status == "paid"
    assert order.status == "paid"
    assert shop.told == [(order.reference, payment.pk, "paid")]
    before = state()
    assert deliver(make_event("checkout.session.completed", paid)).status_code == 200
    assert state() == before
    assert len(shop.told) == 1


def test_the_return_page_looks_up_only_the_orders_own_sessions(
    started, new_order, stripe_calls, now
):
    from payments.order_checkout import order_return

    order, payment = started
    other = new_order()

    assert order_return(order=other, session_id=payment.checkout_session_id, now=now) is None
    assert order_return(order=order, session_id="", now=now) is None
    assert [path for _, path, _, _ in stripe_calls()] == ["/v1/checkout/sessions"]


def test_the_return_page_waits_for_the_webhook_when_stripe_cannot_be_reached(
    started, shop, stripe_api, now
):
    from payments.order_checkout import order_return

    order, payment = started
    stripe_api.add(
        "GET",
        f"{SESSIONS}/{payment.checkout_session_id}",
        body=requests.ConnectionError("network down"),
    )

    returned = order_return(order=order, session_id=payment.checkout_session_id, now=now)

    assert returned.status == "open"
    order.refresh_from_db()
    assert (order.status, shop.told) == ("pending", [])


def test_nothing_personal_but_the_receipt_address_goes_to_stripe(started, stripe_calls):
    [(_, _, sent, _)] = stripe_calls()

    assert {key: value for key, value in sent.items() if "@" in value} == {
        "customer_email": "maya@example.com"
    }
    assert PRODUCT_NAME in json.dumps(sent)  # the app's neutral name, and nothing else of it
