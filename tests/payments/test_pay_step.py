"""The pay step: POST /bookings/<reference>/pay/ makes a Checkout Session and answers 303."""

from datetime import timedelta
from html import unescape

import pytest
import requests

pytestmark = pytest.mark.django_db

API = "https://api.stripe.com"


def text(response) -> str:
    return unescape(response.content.decode())


@pytest.fixture
def checkout_answers(stripe_api, session_json, held):
    """Stripe creates the session it is asked for (the open one, for `held`)."""
    session = session_json(held, "open")
    stripe_api.add("POST", f"{API}/v1/checkout/sessions", json=session)
    return session


def test_pay_creates_a_checkout_session_and_answers_303_to_it(
    signed_in, held, checkout_answers, stripe_calls, now
):
    from payments.client import API_VERSION
    from payments.models import Payment

    response = signed_in.post(f"/bookings/{held.reference}/pay/")

    assert response.status_code == 303
    assert response["Location"] == checkout_answers["url"]
    [(method, path, sent, headers)] = stripe_calls()
    assert (method, path) == ("POST", "/v1/checkout/sessions")
    assert headers["Idempotency-Key"] == f"checkout-{held.reference}-1"
    assert headers["Stripe-Version"] == API_VERSION
    booking_url = f"https://quietharbour.example/bookings/{held.reference}/"
    expires_at = int(sent.pop("expires_at"))
    assert sent == {
        "mode": "payment",
        "line_items[0][quantity]": "1",
        "line_items[0][price_data][currency]": "gbp",
        "line_items[0][price_data][unit_amount]": "9500",
        "line_items[0][price_data][product_data][name]": (
            f"Online session on {held.start.day} {held.start:%B %Y} with Quiet Harbour Therapy"
        ),
        "customer_email": "maya@example.com",
        "client_reference_id": held.reference,
        "metadata[booking_reference]": held.reference,
        "payment_intent_data[metadata][booking_reference]": held.reference,
        "success_url": booking_url + "?session_id={CHECKOUT_SESSION_ID}",
        "cancel_url": booking_url,
    }
    # At least 31 minutes ahead (Stripe's minimum is 30), and the hold lasts as long.
    assert expires_at >= (now + timedelta(minutes=31)).timestamp()
    held.refresh_from_db()
    assert held.hold_expires_at.timestamp() == expires_at
    payment = Payment.objects.get()
    assert (payment.booking, payment.status, payment.amount, payment.currency) == (
        held,
        "open",
        9500,
        "GBP",
    )
    assert payment.checkout_session_id == checkout_answers["id"]


def test_nothing_about_the_service_or_the_client_s_health_goes_to_stripe(
    signed_in, held, checkout_answers, stripe_calls
):
    signed_in.post(f"/bookings/{held.reference}/pay/")

    [(_, _, sent, _)] = stripe_calls()
    text = " ".join(sent.values()).lower()
    assert "hypnotherapy" not in text
    assert [key for key in sent if key.startswith("metadata")] == ["metadata[booking_reference]"]


def test_a_client_who_comes_back_while_the_session_is_open_returns_to_it(
    signed_in, held, checkout_answers, stripe_api, stripe_calls
):
    stripe_api.add(
        "GET", f"{API}/v1/checkout/sessions/{checkout_answers['id']}", json=checkout_answers
    )
    first = signed_in.post(f"/bookings/{held.reference}/pay/")
    again = signed_in.post(f"/bookings/{held.reference}/pay/")

    assert first["Location"] == again["Location"] == checkout_answers["url"]
    assert [(method, path) for method, path, _, _ in stripe_calls()] == [
        ("POST", "/v1/checkout/sessions"),
        ("GET", f"/v1/checkout/sessions/{checkout_answers['id']}"),
    ]


def test_a_retry_after_stripe_could_not_be_reached_asks_again_with_the_same_key(
    signed_in, held, session_json, stripe_api, stripe_calls
):
    from payments.models import Payment

    stripe_api.add(
        "POST", f"{API}/v1/checkout/sessions", body=requests.ConnectionError("network down")
    )
    failed = signed_in.post(f"/bookings/{held.reference}/pay/", follow=True)

    assert "could not reach our payment provider" in text(failed)
    assert Payment.objects.get().checkout_session_id == ""

    stripe_api.replace("POST", f"{API}/v1/checkout/sessions", json=session_json(held, "open"))
    response = signed_in.post(f"/bookings/{held.reference}/pay/")

    assert response.status_code == 303
    sent = stripe_calls()
    keys = {headers["Idempotency-Key"] for _, _, _, headers in sent}
    bodies = {tuple(sorted(form.items())) for _, _, form, _ in sent}
    # The library retried the lost request too; every try asked for one and the same session.
    assert len(sent) >= 2
    assert keys == {f"checkout-{held.reference}-1"}
    assert len(bodies) == 1
    assert Payment.objects.count() == 1


def test_no_checkout_session_before_the_client_accepts_the_current_policies(
    signed_in, held, publish, stripe_calls
):
    publish("terms", at=held.created_at - timedelta(days=1))

    response = signed_in.post(f"/bookings/{held.reference}/pay/", follow=True)

    assert "accept the practice's policies" in text(response)
    assert stripe_calls() == []


def test_no_checkout_session_before_the_screening_a_service_needs(
    signed_in, held, service, stripe_calls
):
    service.needs_screening = True
    service.save()

    response = signed_in.post(f"/bookings/{held.reference}/pay/", follow=True)

    assert "answer the suitability questions" in text(response)
    assert stripe_calls() == []


def test_a_hold_that_ran_out_cannot_be_paid_for(signed_in, held, now, stripe_calls):
    held.hold_expires_at = now - timedelta(minutes=1)
    held.save()

    response = signed_in.post(f"/bookings/{held.reference}/pay/", follow=True)

    assert "hold on this time has ended" in text(response)
    assert stripe_calls() == []


def test_a_free_session_has_nothing_to_pay(signed_in, make_booking, client_user, service):
    service.price_amount = 0
    service.is_free = True
    service.save()
    booking = make_booking(client=client_user, service=service, status="held")

    response = signed_in.post(f"/bookings/{booking.reference}/pay/", follow=True)

    assert "nothing to pay" in text(response)


def test_another_clients_booking_cannot_be_paid_for(client, other_client, held, stripe_calls):
    client.force_login(other_client)

    assert client.post(f"/bookings/{held.reference}/pay/").status_code == 404
    assert stripe_calls() == []


def test_paying_needs_a_post(signed_in, held):
    assert signed_in.get(f"/bookings/{held.reference}/pay/").status_code == 405


def test_a_session_paid_before_the_webhook_arrived_sends_the_client_to_the_return_page(
    signed_in, held, checkout_answers, stripe_api, session_json
):
    from payments.models import Payment

    signed_in.post(f"/bookings/{held.reference}/pay/")
    paid = session_json(held, "complete_paid", id=checkout_answers["id"])
    stripe_api.add("GET", f"{API}/v1/checkout/sessions/{paid['id']}", json=paid)

    response = signed_in.post(f"/bookings/{held.reference}/pay/")

    assert response.status_code == 303
    assert response["Location"] == f"/bookings/{held.reference}/?session_id={paid['id']}"
    held.refresh_from_db()
    assert held.status == "confirmed"
    assert Payment.objects.get().status == "paid"
