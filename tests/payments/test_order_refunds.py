"""Refunds of an order's payment: given back in parts (`order_refund`, one key per part), sent to
Stripe by the task worker, kept up to date by Stripe's refund webhooks, and a refund Stripe
refuses put before the practitioner."""

import pytest
from django.db import transaction

from practice.zones import zone_label
from tests.email_parts import buttons, look_problems
from tests.payments.order_shop import (
    PRODUCT_NAME,
    STRIPE_API,
    checkout_sessions_answer,
    intent_id_for,
    order_new,
    order_session,
    refunds_answer,
)

pytestmark = pytest.mark.django_db(transaction=True)

REFUNDS = f"{STRIPE_API}/v1/refunds"


@pytest.fixture
def started(shop, stripe_api, stripe_json, now):
    """A £60 order whose buyer was sent to Checkout: (order, its open payment)."""
    from payments.order_checkout import order_checkout_start

    checkout_sessions_answer(stripe_api, stripe_json)
    order = order_new(now=now, amount=6000)
    return order, order_checkout_start(order=order, now=now).payment


@pytest.fixture
def paid(started, deliver, make_event, stripe_json):
    """The order, paid through the signed webhook: (order, its payment)."""
    order, payment = started
    deliver(make_event("checkout.session.completed", order_session(stripe_json, payment)))
    order.refresh_from_db()
    payment.refresh_from_db()
    assert order.status == "paid"
    return order, payment


def refund(order, *, amount: int, key: str, reason: str = "package_credits"):
    """What an app does to give back a part (in its own transaction)."""
    from payments.orders import order_refund

    with transaction.atomic():
        return order_refund(order=order, amount=amount, key=key, reason=reason)


def stripe_refund(stripe_json, payment, refund, state: str = "succeeded", **overrides) -> dict:
    """Stripe's Refund object for our `refund` of an order's `payment`."""
    values = {
        "id": refund.stripe_refund_id or "re_3OrderPartLkJh2GfDs1Aa0000",
        "amount": refund.amount,
        "payment_intent": payment.payment_intent_id,
        "metadata": {
            "order_reference": payment.order.reference,
            "refund_key": refund.idempotency_key,
        },
    }
    values.update(overrides)
    return stripe_json(f"refund_{state}", **values)


# Parts and keys ---------------------------------------------------------------------------


def test_an_order_is_refunded_in_parts_each_with_its_own_key(
    paid, stripe_api, stripe_json, stripe_calls, run_worker
):
    order, payment = paid
    refunds_answer(stripe_api, stripe_json, "succeeded")

    first = refund(order, amount=2000, key=f"credits-{order.reference}-1")
    second = refund(order, amount=1500, key=f"credits-{order.reference}-2")
    assert stripe_calls("/v1/refunds") == []  # the worker sends them, after the commit
    run_worker()

    sent = stripe_calls("/v1/refunds")
    assert [(form["amount"], headers["Idempotency-Key"]) for _, _, form, headers in sent] == [
        ("2000", f"credits-{order.reference}-1"),
        ("1500", f"credits-{order.reference}-2"),
    ]
    for _, _, form, headers in sent:
        assert form["payment_intent"] == payment.payment_intent_id
        assert form["metadata[order_reference]"] == order.reference
        assert form["metadata[refund_key]"] == headers["Idempotency-Key"]
        assert form["reason"] == "requested_by_customer"
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("succeeded", "succeeded")
    assert first.stripe_refund_id != second.stripe_refund_id
    payment.refresh_from_db()
    assert (payment.status, payment.amount_refunded) == ("partially_refunded", 3500)


def test_parts_asked_for_before_stripe_answered_never_add_up_to_more_than_was_paid(
    paid, stripe_api, stripe_json, stripe_calls, run_worker
):
    from payments.models import Refund

    order, payment = paid

    first = refund(order, amount=4000, key="part-1")
    second = refund(order, amount=4000, key="part-2")
    third = refund(order, amount=1, key="part-3")

    assert (first.amount, second.amount, third) == (4000, 2000, None)
    refunds_answer(stripe_api, stripe_json, "succeeded")
    run_worker()
    assert sum(int(form["amount"]) for _, _, form, _ in stripe_calls("/v1/refunds")) == 6000
    payment.refresh_from_db()
    assert (payment.status, payment.amount_refunded) == ("refunded", 6000)
    assert Refund.objects.count() == 2


def test_a_part_that_failed_can_be_asked_for_again_under_a_new_key(
    paid, stripe_api, stripe_json, run_worker
):
    order, _ = paid
    stripe_api.add("POST", REFUNDS, status=400, json=stripe_json("error_charge_already_refunded"))
    failed = refund(order, amount=6000, key="whole-1")
    run_worker()
    failed.refresh_from_db()
    assert failed.status == "failed"

    again = refund(order, amount=6000, key="whole-2")

    assert again.amount == 6000  # a failed refund gave nothing back


def test_asking_again_with_a_key_returns_the_same_refund(
    paid, stripe_api, stripe_json, stripe_calls, run_worker
):
    order, _ = paid
    refunds_answer(stripe_api, stripe_json, "pending")

    first = refund(order, amount=2000, key="credit-7")
    again = refund(order, amount=3000, key="credit-7")
    run_worker()
    after_sending = refund(order, amount=3000, key="credit-7")

    assert first.pk == again.pk == after_sending.pk
    assert after_sending.amount == 2000
    assert len(stripe_calls("/v1/refunds")) == 1


def test_an_order_not_paid_has_nothing_to_refund(started, stripe_calls):
    from payments.models import Refund

    order, _ = started

    assert refund(order, amount=100, key="nothing-1") is None
    assert Refund.objects.count() == 0


# Stripe's refund webhooks -----------------------------------------------------------------


def test_a_refund_update_completes_an_order_refund_even_before_stripes_answer_was_stored(
    paid, deliver, make_event, stripe_json
):
    """The worker's request was lost; the webhook finds the row by the key in its metadata."""
    order, payment = paid
    part = refund(order, amount=2500, key="credit-lost-answer")

    event = make_event("refund.updated", stripe_refund(stripe_json, payment, part))
    assert deliver(event).status_code == 200

    part.refresh_from_db()
    payment.refresh_from_db()
    assert (part.status, part.stripe_refund_id) == ("succeeded", "re_3OrderPartLkJh2GfDs1Aa0000")
    assert (payment.status, payment.amount_refunded) == ("partially_refunded", 2500)


def test_refunds_made_in_stripes_dashboard_for_an_order_are_recorded(
    paid, deliver, make_event, stripe_json
):
    from payments.models import Refund

    order, payment = paid
    dashboard = stripe_json(
        "refund_pending",
        id="re_3OrderDashLkJh2GfDs1Pend1000",
        amount=1000,
        payment_intent=payment.payment_intent_id,
        metadata={},
    )

    assert deliver(make_event("refund.created", dashboard)).status_code == 200
    charge = stripe_json(
        "charge_refunded",
        payment_intent=payment.payment_intent_id,
        amount=6000,
        amount_captured=6000,
        amount_refunded=1000,
        refunded=False,
        metadata={"order_reference": order.reference},
        refunds={
            "object": "list",
            "data": [{**dashboard, "status": "succeeded"}],
            "has_more": False,
            "url": "/v1/charges/ch_3Qs8TuLkJh2GfDs1Aw7Pq2Lm/refunds",
        },
    )
    assert deliver(make_event("charge.refunded", charge)).status_code == 200

    recorded = Refund.objects.get()
    assert (recorded.payment, recorded.amount, recorded.reason, recorded.status) == (
        payment,
        1000,
        "outside",
        "succeeded",
    )
    payment.refresh_from_db()
    assert (payment.status, payment.amount_refunded) == ("partially_refunded", 1000)


def test_a_refund_event_for_an_order_payment_not_recorded_yet_is_retried_later(
    started, deliver, make_event, stripe_json
):
    from payments.models import Payment, StripeEvent

    order, payment = started
    charge = stripe_json(
        "charge_refunded",
        payment_intent=intent_id_for(payment),
        amount=6000,
        amount_captured=6000,
        amount_refunded=6000,
        metadata={"order_reference": order.reference},
    )
    del charge["refunds"]
    early = make_event("charge.refunded", charge)

    assert deliver(early).status_code == 503  # Stripe delivers it again later
    assert "Not ready" in StripeEvent.objects.get().error

    deliver(make_event("checkout.session.completed", order_session(stripe_json, payment)))
    assert deliver(early).status_code == 200
    assert StripeEvent.objects.get(event_id=early["id"]).processed_at is not None
    assert Payment.objects.get().status == "paid"  # the charge's own total is never taken


def test_a_dashboard_refund_of_an_order_payment_not_recorded_yet_is_retried_later(
    started, deliver, make_event, stripe_json
):
    from payments.models import Refund

    order, payment = started
    dashboard = stripe_json(
        "refund_succeeded",
        id="re_3OrderEarlyLkJh2GfDs1Succ600",
        amount=600,
        payment_intent=intent_id_for(payment),
        metadata={"order_reference": order.reference},
    )
    event = make_event("refund.created", dashboard)

    assert deliver(event).status_code == 503

    deliver(make_event("checkout.session.completed", order_session(stripe_json, payment)))
    assert deliver(event).status_code == 200
    assert Refund.objects.get().amount == 600


# A refund that fails ----------------------------------------------------------------------


@pytest.fixture
def her(practitioner, practice_details):
    """Anna, who runs the practice (and receives what needs her attention)."""
    return practitioner


def test_a_refund_stripe_refuses_tells_the_practitioner_once_naming_only_the_order(
    her, paid, stripe_api, stripe_json, deliver, make_event, run_worker, mailoutbox
):
    order, payment = paid
    stripe_api.add("POST", REFUNDS, status=400, json=stripe_json("error_charge_already_refunded"))
    part = refund(order, amount=2000, key="credit-refused", reason="order_cancelled")

    run_worker()  # the refund, refused
    run_worker()  # the e-mail it queued

    part.refresh_from_db()
    assert (part.status, part.failure_reason) == ("failed", "charge_already_refunded")
    [mail] = mailoutbox
    assert mail.to == [her.user.email]
    assert mail.subject == f"A refund needs your attention: order {order.reference}"
    assert PRODUCT_NAME not in mail.subject
    for fact in (order.reference, "£20", "Purchase cancelled", "charge_already_refunded"):
        assert fact in mail.body
    assert "maya@example.com" in mail.body  # who to pay back, in the body only
    assert zone_label(her.time_zone, at=payment.paid_at) in mail.body  # the time's zone
    assert look_problems(mail) == []
    (button,) = buttons(mail)
    assert button.attrs["href"] == (
        f"https://quietharbour.example/admin/payments/refund/{part.pk}/change/"
    )

    # Stripe's refund.failed for the same refund tells her nothing new.
    stripe_api.add("POST", REFUNDS, status=400, json=stripe_json("error_charge_already_refunded"))
    failed = stripe_refund(stripe_json, payment, part, "failed", id="re_3OrderFailLkJh2GfDs1F000")
    assert deliver(make_event("refund.failed", failed)).status_code == 200
    run_worker()
    assert len(mailoutbox) == 1


def test_a_refund_that_fails_later_at_stripe_tells_the_practitioner(
    her, paid, stripe_api, stripe_json, deliver, make_event, run_worker, mailoutbox
):
    order, payment = paid
    refunds_answer(stripe_api, stripe_json, "pending")
    part = refund(order, amount=6000, key="whole-later-failed", reason="order_cancelled")
    run_worker()
    part.refresh_from_db()
    assert part.status == "pending"

    failed = stripe_refund(stripe_json, payment, part, "failed")
    assert deliver(make_event("refund.failed", failed)).status_code == 200
    run_worker()

    [mail] = mailoutbox
    assert mail.subject == f"A refund needs your attention: order {order.reference}"
    assert "expired_or_canceled_card" in mail.body
    payment.refresh_from_db()
    assert (payment.status, payment.amount_refunded) == ("paid", 0)
