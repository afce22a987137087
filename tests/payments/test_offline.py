"""Offline development: the test-payment page stands in for Checkout, through the same code."""

from html import unescape

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def text(response) -> str:
    return unescape(response.content.decode())


@pytest.fixture
def on_test_page(offline, signed_in, held):
    """Maya pressed "Continue to payment": she is on the test page of a new session."""
    response = signed_in.post(f"/bookings/{held.reference}/pay/")
    assert response.status_code == 303
    return response["Location"]


def test_paying_offline_goes_to_a_clearly_labelled_local_test_page(
    signed_in, held, on_test_page, stripe_calls
):
    from payments.models import Payment

    payment = Payment.objects.get()
    assert on_test_page == (
        f"/bookings/{held.reference}/test-payment/?session_id={payment.checkout_session_id}"
    )
    page = text(signed_in.get(on_test_page))
    assert "Test payment — no money moves" in page
    assert "Pay £95 (test)" in page
    assert stripe_calls() == []


def test_pay_on_the_test_page_confirms_the_booking_with_its_email(
    signed_in, held, on_test_page, run_worker, mailoutbox
):
    from payments.models import Payment

    payment = Payment.objects.get()
    response = signed_in.post(
        on_test_page,
        {"session_id": payment.checkout_session_id, "outcome": "pay"},
        follow=True,
    )

    held.refresh_from_db()
    payment.refresh_from_db()
    assert held.status == "confirmed"
    assert (payment.status, payment.payment_intent_id[:16]) == ("paid", "pi_test_offline_")
    assert "your booking is confirmed" in text(response)
    run_worker()
    assert sorted(mail.to[0] for mail in mailoutbox) == [
        "anna@quietharbour.example",
        "maya@example.com",
    ]


def test_fail_on_the_test_page_ends_the_attempt_and_keeps_the_hold(signed_in, held, on_test_page):
    from payments.models import Payment

    payment = Payment.objects.get()
    response = signed_in.post(
        on_test_page, {"session_id": payment.checkout_session_id, "outcome": "fail"}, follow=True
    )

    payment.refresh_from_db()
    held.refresh_from_db()
    assert (payment.status, held.status) == ("failed", "held")
    assert "did not go through" in text(response)
    # Another go makes a new attempt.
    again = signed_in.post(f"/bookings/{held.reference}/pay/")
    assert again["Location"] != on_test_page
    assert Payment.objects.count() == 2


def test_abandon_on_the_test_page_expires_the_session_and_frees_the_time(
    signed_in, held, on_test_page, now
):
    from bookings.selectors import is_taken
    from payments.models import Payment

    payment = Payment.objects.get()
    signed_in.post(on_test_page, {"session_id": payment.checkout_session_id, "outcome": "abandon"})

    payment.refresh_from_db()
    held.refresh_from_db()
    assert (payment.status, held.status) == ("expired", "expired")
    assert not is_taken(practitioner=held.practitioner, interval=held.blocked_interval, now=now)


def test_a_cancellation_offline_is_refunded_without_stripe(
    signed_in, held, on_test_page, stripe_calls, run_worker
):
    from payments.models import Payment, Refund

    payment = Payment.objects.get()
    signed_in.post(on_test_page, {"session_id": payment.checkout_session_id, "outcome": "pay"})

    signed_in.post(f"/bookings/{held.reference}/cancel/")
    run_worker()  # as `make run` does beside the web server

    response = signed_in.get(f"/bookings/{held.reference}/")
    refund = Refund.objects.get()
    assert (refund.status, refund.stripe_refund_id[:16]) == ("succeeded", "re_test_offline_")
    assert "Refund of £95: sent back" in text(response)
    assert stripe_calls() == []


def test_the_test_page_does_not_exist_when_stripe_is_configured(
    signed_in, held, make_attempt, settings
):
    from datetime import timedelta

    payment = make_attempt(
        held,
        session_id="cs_test_offline_leftover",
        expires_at=held.hold_expires_at + timedelta(minutes=1),
    )
    url = f"/bookings/{held.reference}/test-payment/?session_id={payment.checkout_session_id}"

    assert settings.STRIPE_OFFLINE is False
    assert signed_in.get(url).status_code == 404
    data = {"session_id": payment.checkout_session_id, "outcome": "pay"}
    assert signed_in.post(url, data).status_code == 404
    held.refresh_from_db()
    assert held.status == "held"


def test_another_clients_test_page_is_404(client, other_client, held, on_test_page):
    client.force_login(other_client)

    assert client.get(on_test_page).status_code == 404
