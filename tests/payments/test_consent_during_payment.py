"""Consent is checked when payment starts; a policy published while the client pays is not
held against a payment already made (it is asked for at their next booking)."""

from datetime import timedelta

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def consented(publish, client_user, now):
    from clients.consent import consent_record_create
    from clients.models import PolicyKind

    versions = [publish(kind, at=now - timedelta(days=30)) for kind in PolicyKind.values]
    consent_record_create(
        user=client_user, versions=versions, ip="192.0.2.1", user_agent="test", now=now
    )


def open_payment(booking, session, started):
    from payments.models import Payment
    from tests.factories import PaymentFactory

    payment = PaymentFactory(booking=booking, checkout_session_id=session["id"], now=started)
    Payment.objects.filter(pk=payment.pk).update(created_at=started)
    return payment


def confirm(session, now):
    import stripe

    from payments.settle import payment_confirm

    return payment_confirm(
        checkout_session=stripe.checkout.Session.construct_from(session, None), now=now
    )


def test_a_policy_published_while_paying_does_not_undo_the_payment(
    consented, publish, held, session_json, now, stripe_calls
):
    from payments.models import Refund

    session = session_json(held)
    open_payment(held, session, started=now - timedelta(minutes=10))
    publish("privacy", at=now - timedelta(minutes=5))  # while she was on Stripe's page

    payment = confirm(session, now)

    held.refresh_from_db()
    assert (held.status, payment.status) == ("confirmed", "paid")
    assert not Refund.objects.exists()
    assert stripe_calls("/v1/refunds") == []


def test_without_consent_when_payment_started_the_payment_is_refunded(
    publish, held, session_json, now, stripe_api, stripe_json
):
    import json

    from clients.models import PolicyKind
    from payments.models import Refund

    for kind in PolicyKind.values:
        publish(kind, at=now - timedelta(days=30))  # published, never accepted
    stripe_api.add(
        "POST",
        "https://api.stripe.com/v1/refunds",
        body=json.dumps(stripe_json("refund_pending", amount=held.price_amount)),
    )
    session = session_json(held)
    open_payment(held, session, started=now - timedelta(minutes=10))

    confirm(session, now)

    held.refresh_from_db()
    assert held.status != "confirmed"
    assert Refund.objects.get().amount == held.price_amount
