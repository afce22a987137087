"""No Stripe secret and no card data in the logs, the e-mails or the database, after a full flow."""

import json
import logging
from urllib.parse import parse_qsl

import pytest
from django.apps import apps
from django.db import models

pytestmark = pytest.mark.django_db(transaction=True)

API = "https://api.stripe.com"
BILLING_ADDRESS = "12 Quay Street"  # in the fixtures' billing and customer details


def every_text_in_the_database() -> str:
    """Every text and JSON column of every table, as one string."""
    chunks = []
    for model in apps.get_models():
        fields = [
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField | models.JSONField)
        ]
        if not fields:
            continue
        for row in model._base_manager.values_list(*fields):
            chunks.extend(
                json.dumps(value) if not isinstance(value, str) else value for value in row
            )
    return "\n".join(chunks)


@pytest.fixture
def full_flow(
    signed_in,
    held,
    stripe_api,
    session_json,
    stripe_json,
    refund_json,
    make_event,
    deliver,
    run_worker,
):
    """Pay, confirm by webhook, cancel, refund, and every event Stripe would send about it."""
    from payments.models import Payment

    opened = session_json(held, "open")
    stripe_api.add("POST", f"{API}/v1/checkout/sessions", json=opened)
    assert signed_in.post(f"/bookings/{held.reference}/pay/").status_code == 303

    paid = session_json(held, "complete_paid")
    stripe_api.add("GET", f"{API}/v1/checkout/sessions/{paid['id']}", json=paid)
    signed_in.get(f"/bookings/{held.reference}/?session_id={paid['id']}")
    assert deliver(make_event("checkout.session.completed", paid)).status_code == 200
    deliver(make_event("payment_intent.succeeded", stripe_json("payment_intent_succeeded")))

    payment = Payment.objects.get()

    def refund_answer(request):
        sent = dict(parse_qsl(request.body))
        assert sent["payment_intent"] == payment.payment_intent_id
        return 200, {}, json.dumps(refund_json(payment, "pending"))

    stripe_api.add_callback("POST", f"{API}/v1/refunds", callback=refund_answer)
    signed_in.post(f"/bookings/{held.reference}/cancel/")
    charge = stripe_json(
        "charge_refunded",
        metadata={"booking_reference": held.reference},
        refunds={
            "object": "list",
            "data": [refund_json(payment, "succeeded")],
            "has_more": False,
            "url": "/",
        },
    )
    assert deliver(make_event("charge.refunded", charge)).status_code == 200
    assert (
        deliver(make_event("refund.updated", refund_json(payment, "succeeded"))).status_code == 200
    )
    signed_in.get(f"/bookings/{held.reference}/")
    signed_in.get("/my/")
    run_worker()
    payment.refresh_from_db()
    assert payment.status == "refunded"
    return payment


@pytest.fixture
def every_log_record(caplog):
    """Everything logged at DEBUG and above, Stripe's library included."""
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="stripe")
    return caplog


def test_no_secret_or_card_data_in_the_logs(every_log_record, full_flow, secrets_in_play):
    # The flow ran while the fixtures were set up.
    records = every_log_record.get_records("setup") + every_log_record.get_records("call")
    assert any(record.name == "stripe" for record in records)  # the library did log
    logged = "\n".join(
        f"{record.getMessage()} {record.exc_text or ''} {record.args!r}" for record in records
    )
    for what, secret in secrets_in_play.items():
        assert secret not in logged, what
    # Nor the client's details, which Stripe's own debug logging would print.
    assert "maya@example.com" not in logged
    assert BILLING_ADDRESS not in logged


def test_no_secret_or_card_data_in_the_emails(full_flow, mailoutbox, secrets_in_play):
    assert len(mailoutbox) >= 4  # confirmation and cancellation, to both sides
    for mail in mailoutbox:
        content = " ".join([mail.subject, mail.body, *(str(body) for body, _ in mail.alternatives)])
        for what, secret in secrets_in_play.items():
            assert secret not in content, (what, mail.subject)
        assert BILLING_ADDRESS not in content


def test_no_secret_or_card_data_in_the_database(full_flow, secrets_in_play):
    from payments.models import StripeEvent

    stored = every_text_in_the_database()

    assert StripeEvent.objects.count() == 4
    assert full_flow.checkout_session_id in stored  # the dump does see the payment tables
    for what, secret in secrets_in_play.items():
        assert secret not in stored, what
    assert BILLING_ADDRESS not in stored
    assert "payment_method_details" not in stored
