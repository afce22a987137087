"""A payment that arrives after its hold ran out: confirmed if the time is free, else refunded."""

from datetime import timedelta

import pytest

from tests.email_parts import buttons, look_problems

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def late(make_booking, make_attempt, client_user, service, now):
    """Maya's booking whose hold ran out five minutes ago, before her payment arrived."""
    booking = make_booking(
        client=client_user,
        service=service,
        status="expired",
        hold_expires_at=now - timedelta(minutes=5),
    )
    # The pay step had held the time as long as the Checkout Session lasted.
    make_attempt(booking, expires_at=booking.hold_expires_at)
    return booking


def test_a_late_payment_confirms_the_booking_when_its_time_is_still_free(
    deliver, late, session_json, make_event, stripe_calls, run_worker, mailoutbox
):
    from payments.models import Payment, Refund

    assert deliver(make_event("checkout.session.completed", session_json(late))).status_code == 200

    late.refresh_from_db()
    assert late.status == "confirmed"
    assert Payment.objects.get().status == "paid"
    assert not Refund.objects.exists()
    assert stripe_calls("/v1/refunds") == []
    run_worker()
    assert sorted(mail.to[0] for mail in mailoutbox) == [
        "anna@quietharbour.example",
        "maya@example.com",
    ]


def test_a_late_payment_for_a_time_taken_since_is_refunded_in_full_and_both_are_told(
    deliver,
    late,
    make_booking,
    other_client,
    service,
    session_json,
    make_event,
    refunds_api,
    stripe_calls,
    run_worker,
    mailoutbox,
):
    from payments.models import Payment, Refund

    make_booking(client=other_client, service=service, start=late.start, status="confirmed")

    assert deliver(make_event("checkout.session.completed", session_json(late))).status_code == 200

    late.refresh_from_db()
    assert late.status == "expired"
    payment = Payment.objects.get(booking=late)
    run_worker()  # the task worker sends the refund, never the webhook's request
    [(_, _, sent, headers)] = stripe_calls("/v1/refunds")
    assert headers["Idempotency-Key"] == f"refund-{late.reference}-{payment.pk}"
    assert sent == {
        "payment_intent": "pi_3Qs8TuLkJh2GfDs1Aq0Wz9Xy",
        "amount": "9500",
        "reason": "requested_by_customer",
        "metadata[booking_reference]": late.reference,
        "metadata[refund_key]": f"refund-{late.reference}-{payment.pk}",
    }
    refund = Refund.objects.get()
    assert (refund.amount, refund.reason, refund.status) == (9500, "slot_taken", "pending")
    assert refund.stripe_refund_id == "re_3Qs8TuLkJh2GfDs1A5Rf8Kd2"

    by_recipient = {mail.to[0]: mail for mail in mailoutbox}
    assert sorted(by_recipient) == ["anna@quietharbour.example", "maya@example.com"]
    client_mail = by_recipient["maya@example.com"]
    assert client_mail.subject.startswith("Your payment for ")
    assert "The whole amount, £95, is being refunded" in client_mail.body
    assert "someone else had booked it" in client_mail.body
    assert by_recipient["anna@quietharbour.example"].subject.startswith(
        "Payment refunded automatically"
    )
    # Neutral subjects: nothing says what the appointment is about.
    for mail in mailoutbox:
        assert "hypnotherapy" not in mail.subject.lower()
        assert "confirmed" not in mail.subject.lower()
        assert look_problems(mail) == []  # the site's look, and a text part
    (choose_again,) = buttons(client_mail)
    assert choose_again.attrs["href"] == "https://quietharbour.example/book/"


def test_after_a_late_payment_is_refunded_the_page_does_not_offer_the_taken_time_again(
    deliver,
    late,
    make_booking,
    other_client,
    service,
    session_json,
    make_event,
    refunds_api,
    signed_in,
):
    make_booking(client=other_client, service=service, start=late.start, status="confirmed")
    deliver(make_event("checkout.session.completed", session_json(late)))

    page = " ".join(signed_in.get(late.get_absolute_url()).content.decode().split())

    assert "Hold this time again" not in page
    assert "someone else has booked it since your hold ended" in page
    assert "Refund of £95: on its way to the card you paid with" in page
    assert f'href="{service.booking_url}">Choose another time' in page


def test_a_payment_for_a_booking_the_client_released_meanwhile_is_refunded(
    deliver, held, make_attempt, session_json, make_event, refunds_api, now, run_worker, mailoutbox
):
    from bookings.services import booking_cancel
    from payments.models import Refund

    make_attempt(held)
    booking_cancel(booking=held, by="client", now=now)

    deliver(make_event("checkout.session.completed", session_json(held)))

    held.refresh_from_db()
    assert held.status == "cancelled"
    refund = Refund.objects.get()
    assert (refund.amount, refund.reason) == (9500, "not_confirmable")
    run_worker()
    assert len([mail for mail in mailoutbox if "refunded" in mail.subject]) == 2


def test_a_second_payment_for_a_booking_already_paid_is_refunded(
    deliver, paid_payment, make_attempt, session_json, make_event, refunds_api
):
    from payments.models import Refund

    booking = paid_payment.booking
    second = session_json(
        booking,
        id="cs_test_c1SecondTab00000000000000000000000000000000000000000",
        payment_intent="pi_3Qs9SecondTabAq0Wz9Xy",
    )
    make_attempt(booking, session_id=second["id"], attempt=2)

    deliver(make_event("checkout.session.completed", second))

    booking.refresh_from_db()
    assert booking.status == "confirmed"
    refund = Refund.objects.get()
    assert (refund.payment.payment_intent_id, refund.reason) == (
        "pi_3Qs9SecondTabAq0Wz9Xy",
        "duplicate",
    )


def test_a_late_payment_of_a_deleted_account_is_refunded_telling_only_the_practitioner(
    deliver,
    late,
    make_booking,
    other_client,
    service,
    session_json,
    make_event,
    refunds_api,
    now,
    run_worker,
    mailoutbox,
):
    from clients.privacy import account_erase
    from payments.models import Refund

    make_booking(client=other_client, service=service, start=late.start, status="confirmed")
    account_erase(user=late.client, now=now)
    run_worker()
    mailoutbox.clear()

    deliver(make_event("checkout.session.completed", session_json(late)))
    run_worker()

    assert Refund.objects.get().reason == "slot_taken"
    # Nothing goes to the erased account's placeholder address.
    assert [mail.to for mail in mailoutbox] == [["anna@quietharbour.example"]]
