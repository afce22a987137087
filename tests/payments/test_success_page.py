"""Back from Checkout: /bookings/<reference>/?session_id= settles through the same function."""

from html import unescape

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

API = "https://api.stripe.com"


def text(response) -> str:
    return unescape(response.content.decode())


@pytest.fixture
def attempt(held, make_attempt):
    """The open attempt the pay step left for Maya's booking."""
    return make_attempt(held)


def test_returning_paid_confirms_the_booking_before_the_webhook_and_only_once(
    signed_in,
    held,
    attempt,
    session_json,
    stripe_api,
    deliver,
    make_event,
    run_worker,
    mailoutbox,
):
    paid = session_json(held, "complete_paid", id=attempt.checkout_session_id)
    stripe_api.add("GET", f"{API}/v1/checkout/sessions/{paid['id']}", json=paid)

    response = signed_in.get(f"/bookings/{held.reference}/?session_id={paid['id']}", follow=True)

    held.refresh_from_db()
    assert held.status == "confirmed"
    assert response.redirect_chain == [(f"/bookings/{held.reference}/", 302)]
    assert "your payment is received and your booking is confirmed" in text(response)

    # The webhook arrives afterwards: nothing happens twice.
    assert deliver(make_event("checkout.session.completed", paid)).status_code == 200
    run_worker()
    assert sorted(mail.to[0] for mail in mailoutbox) == [
        "anna@quietharbour.example",
        "maya@example.com",
    ]


def test_returning_before_stripe_has_finished_says_the_payment_is_being_confirmed(
    signed_in, held, attempt, session_json, stripe_api
):
    processing = session_json(
        held, "complete_paid", id=attempt.checkout_session_id, payment_status="unpaid"
    )
    stripe_api.add("GET", f"{API}/v1/checkout/sessions/{processing['id']}", json=processing)
    url = f"/bookings/{held.reference}/?session_id={processing['id']}"

    response = signed_in.get(url)

    page = text(response)
    assert response.status_code == 200
    assert "Your payment is being confirmed" in page
    assert f'href="{url}"' in page  # "Check again", for anyone without the script
    assert "js/payment-status.js" in page
    assert "no-cache" in response["Cache-Control"]
    held.refresh_from_db()
    assert held.status == "held"


def test_the_status_the_page_polls_turns_settled_once_the_webhook_confirms(
    signed_in, held, attempt, session_json, stripe_api, deliver, make_event
):
    processing = session_json(
        held, "complete_paid", id=attempt.checkout_session_id, payment_status="unpaid"
    )
    stripe_api.add("GET", f"{API}/v1/checkout/sessions/{processing['id']}", json=processing)
    status_url = f"/bookings/{held.reference}/payment-status/?session_id={processing['id']}"

    assert signed_in.get(status_url).json()["settled"] is False

    paid = session_json(held, "complete_paid", id=attempt.checkout_session_id)
    deliver(make_event("checkout.session.async_payment_succeeded", paid))

    answer = signed_in.get(status_url).json()
    assert answer == {
        "settled": True,
        "url": f"/bookings/{held.reference}/?session_id={processing['id']}",
    }


def test_when_stripe_cannot_be_reached_the_page_waits_instead_of_failing(
    signed_in, held, attempt, stripe_api
):
    import requests

    stripe_api.add(
        "GET",
        f"{API}/v1/checkout/sessions/{attempt.checkout_session_id}",
        body=requests.ConnectionError("down"),
    )

    response = signed_in.get(
        f"/bookings/{held.reference}/?session_id={attempt.checkout_session_id}"
    )

    assert response.status_code == 200
    assert "Your payment is being confirmed" in text(response)


def test_a_session_id_that_is_not_this_bookings_is_ignored_without_asking_stripe(
    signed_in, held, attempt, stripe_calls
):
    response = signed_in.get(f"/bookings/{held.reference}/?session_id=cs_test_someone_else")

    assert response.status_code == 302
    assert response["Location"] == f"/bookings/{held.reference}/"
    assert stripe_calls() == []


def test_another_clients_return_page_is_404(client, other_client, held, attempt, stripe_calls):
    client.force_login(other_client)

    url = f"/bookings/{held.reference}/?session_id={attempt.checkout_session_id}"
    assert client.get(url).status_code == 404
    status = f"/bookings/{held.reference}/payment-status/?session_id={attempt.checkout_session_id}"
    assert client.get(status).status_code == 404
    assert stripe_calls() == []


def test_the_booking_page_without_a_session_is_the_ordinary_page(signed_in, held, stripe_calls):
    response = signed_in.get(f"/bookings/{held.reference}/")

    assert response.status_code == 200
    assert "Continue to payment" in text(response)
    assert stripe_calls() == []
