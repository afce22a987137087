"""Refunds on cancellation: the policy snapshot's amount, through the Refunds API, once.

The web request only writes the refund; the task worker (`run_worker`) sends it to Stripe.
"""

from datetime import timedelta
from html import unescape

import pytest
import requests
from django.urls import reverse

from tests.factories import booking_move

pytestmark = pytest.mark.django_db(transaction=True)

API = "https://api.stripe.com"


def text(response) -> str:
    return unescape(response.content.decode())


def test_a_client_cancelling_in_time_is_refunded_in_full_through_the_refunds_api(
    signed_in, paid_payment, refunds_api, stripe_calls, run_worker
):
    from payments.models import Refund

    booking = paid_payment.booking
    response = signed_in.post(f"/bookings/{booking.reference}/cancel/", follow=True)
    run_worker()

    booking.refresh_from_db()
    assert booking.status == "cancelled"
    [(_, _, sent, headers)] = stripe_calls("/v1/refunds")
    assert headers["Idempotency-Key"] == f"refund-{booking.reference}-{paid_payment.pk}"
    assert (sent["amount"], sent["payment_intent"]) == ("9500", paid_payment.payment_intent_id)
    refund = Refund.objects.get()
    assert (refund.status, refund.reason, refund.amount) == ("pending", "client_cancelled", 9500)
    assert "Refund of £95: on its way to the card you paid with" in text(response)


def test_the_refund_follows_the_policy_the_booking_was_made_under(
    signed_in, paid_payment, refunds_api, stripe_calls, run_worker, now
):
    """Booked under "half back for late cancellations"; cancelled 30 hours before."""
    from bookings.models import CancellationPolicy

    booking = paid_payment.booking
    booking.policy_snapshot = {
        "notice_hours": 48,
        "refund_percent_with_notice": 100,
        "refund_percent_late": 50,
    }
    booking_move(booking, now + timedelta(hours=30)).save()
    # Today's policy is stingier; it does not apply to this booking.
    CancellationPolicy.objects.update(refund_percent_late=0)

    signed_in.post(f"/bookings/{booking.reference}/cancel/")
    run_worker()

    [(_, _, sent, _)] = stripe_calls("/v1/refunds")
    assert sent["amount"] == "4750"


def test_a_late_cancellation_the_policy_does_not_refund_asks_stripe_for_nothing(
    signed_in, paid_payment, stripe_calls, run_worker, now
):
    from payments.models import Refund

    booking = paid_payment.booking
    booking_move(booking, now + timedelta(hours=30)).save()

    signed_in.post(f"/bookings/{booking.reference}/cancel/")
    run_worker()

    booking.refresh_from_db()
    assert (booking.status, booking.refund_amount) == ("cancelled", 0)
    assert stripe_calls("/v1/refunds") == []
    assert not Refund.objects.exists()


def test_the_practitioner_cancelling_refunds_in_full_even_at_short_notice(
    paid_payment, refunds_api, stripe_calls, run_worker, now
):
    from bookings.services import booking_cancel
    from payments.models import Refund

    booking = paid_payment.booking
    booking_move(booking, now + timedelta(hours=3)).save()

    # What the admin's cancel action and every other way of cancelling go through.
    booking_cancel(booking=booking, by="practitioner", reason="Unwell", now=now)
    run_worker()

    booking.refresh_from_db()
    assert (booking.status, booking.cancelled_by) == ("cancelled", "practitioner")
    [(_, _, sent, _)] = stripe_calls("/v1/refunds")
    assert sent["amount"] == "9500"
    assert Refund.objects.get().reason == "practitioner_cancelled"


def test_cancelling_refunds_the_card_payment_while_a_duplicates_refund_is_on_its_way(
    signed_in,
    held,
    make_attempt,
    session_json,
    deliver,
    make_event,
    refunds_api,
    stripe_calls,
    run_worker,
    now,
):
    """Maya paid by bank debit; still processing when her hold ran out, so she paid again by
    card. The bank debit succeeded later and is going back as a duplicate. She cancels with
    notice: she paid £190 and both payments must come back, each under its own key."""
    from payments.models import Payment, Refund

    bank = session_json(
        held,
        id="cs_test_b1BankDebitPaidLate0000000000000000000000000000000000",
        payment_intent="pi_3Qs9BankDebitAq0Wz9Xy",
    )
    card = session_json(
        held,
        id="cs_test_c1CardPaidAgain000000000000000000000000000000000000000",
        payment_intent="pi_3Qs9CardAgainAq0Wz9Xy",
    )
    make_attempt(held, session_id=bank["id"], attempt=1, expires_at=now - timedelta(minutes=5))
    make_attempt(held, session_id=card["id"], attempt=2)
    deliver(make_event("checkout.session.completed", {**bank, "payment_status": "unpaid"}))
    deliver(make_event("checkout.session.completed", card))
    deliver(make_event("checkout.session.async_payment_succeeded", bank))
    run_worker()
    held.refresh_from_db()
    assert held.status == "confirmed"
    [duplicate] = Refund.objects.all()
    assert (duplicate.payment.attempt, duplicate.reason, duplicate.status) == (
        1,
        "duplicate",
        "pending",
    )

    response = signed_in.post(f"/bookings/{held.reference}/cancel/", follow=True)
    run_worker()

    by_payment = {payment.attempt: payment.pk for payment in Payment.objects.all()}
    sent = sorted(
        (fields["payment_intent"], fields["amount"], headers["Idempotency-Key"])
        for _, _, fields, headers in stripe_calls("/v1/refunds")
    )
    assert sent == [
        ("pi_3Qs9BankDebitAq0Wz9Xy", "9500", f"refund-{held.reference}-{by_payment[1]}"),
        ("pi_3Qs9CardAgainAq0Wz9Xy", "9500", f"refund-{held.reference}-{by_payment[2]}"),
    ]
    refunds = sorted((r.payment.attempt, r.amount, r.reason) for r in Refund.objects.all())
    assert refunds == [(1, 9500, "duplicate"), (2, 9500, "client_cancelled")]
    assert text(response).count("Refund of £95: on its way") == 2


def test_stripe_down_never_leaves_a_half_cancelled_booking_and_the_refund_goes_out_later(
    signed_in, paid_payment, stripe_api, refund_json, stripe_calls, run_worker, now
):
    from payments.models import Refund
    from payments.refunds import refunds_retry_pending

    booking = paid_payment.booking
    stripe_api.add("POST", f"{API}/v1/refunds", body=requests.ConnectionError("Stripe is down"))

    signed_in.post(f"/bookings/{booking.reference}/cancel/")
    run_worker()  # its try (and the library's retries) cannot reach Stripe

    booking.refresh_from_db()
    refund = Refund.objects.get()
    assert booking.status == "cancelled"
    assert (refund.status, refund.stripe_refund_id) == ("pending", "")

    stripe_api.replace("POST", f"{API}/v1/refunds", json=refund_json(paid_payment, "succeeded"))
    assert refunds_retry_pending(now=now + timedelta(minutes=10)) == 1
    assert refunds_retry_pending(now=now + timedelta(minutes=20)) == 0

    refund.refresh_from_db()
    paid_payment.refresh_from_db()
    assert (refund.status, refund.stripe_refund_id) == ("succeeded", "re_3Qs8TuLkJh2GfDs1A5Rf8Kd2")
    assert paid_payment.status == "refunded"
    keys = {headers["Idempotency-Key"] for _, _, _, headers in stripe_calls("/v1/refunds")}
    assert keys == {f"refund-{booking.reference}-{paid_payment.pk}"}


def test_a_refund_stripe_refuses_is_marked_failed_and_the_practitioner_told(
    signed_in, paid_payment, stripe_api, stripe_json, run_worker, mailoutbox
):
    from payments.models import Refund

    booking = paid_payment.booking
    stripe_api.add(
        "POST",
        f"{API}/v1/refunds",
        status=400,
        json=stripe_json("error_charge_already_refunded"),
    )

    signed_in.post(f"/bookings/{booking.reference}/cancel/")
    run_worker()

    refund = Refund.objects.get()
    assert (refund.status, refund.failure_reason) == ("failed", "charge_already_refunded")
    page = text(signed_in.get(f"/bookings/{booking.reference}/"))
    assert "could not be completed automatically" in page
    run_worker()  # the e-mail the failure queued
    [mail] = [mail for mail in mailoutbox if mail.subject.startswith("A refund needs")]
    assert mail.to == ["anna@quietharbour.example"]


def test_refund_status_is_on_the_clients_booking_list(
    signed_in, paid_payment, stripe_api, refund_json, run_worker
):
    from payments.models import Refund

    stripe_api.add("POST", f"{API}/v1/refunds", json=refund_json(paid_payment, "succeeded"))
    booking = paid_payment.booking
    signed_in.post(f"/bookings/{booking.reference}/cancel/")
    run_worker()

    page = text(signed_in.get("/my/"))

    assert Refund.objects.count() == 1
    assert "Refund of £95: sent back to the card you paid with" in page


def test_the_practitioner_sees_payments_and_refunds_in_the_admin_read_only(
    client, staff_user, paid_payment, refunds_api, now
):
    from bookings.services import booking_cancel
    from payments.models import Refund

    booking_cancel(booking=paid_payment.booking, by="practitioner", now=now)
    refund = Refund.objects.get()
    client.force_login(staff_user)

    booking_page = text(
        client.get(reverse("admin:bookings_booking_change", args=[paid_payment.booking.pk]))
    )
    refunds = text(client.get(reverse("admin:payments_refund_changelist")))
    refund_page = client.get(reverse("admin:payments_refund_change", args=[refund.pk]))

    assert "Payments" in booking_page
    assert "Cancelled by the practitioner" in refunds
    assert "On its way" in refunds
    assert refund_page.status_code == 200
    assert 'name="_save"' not in text(refund_page)
    for name in ("refund", "payment", "stripeevent"):
        assert client.get(reverse(f"admin:payments_{name}_add")).status_code == 403
    delete = reverse("admin:payments_refund_delete", args=[refund.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Refund.objects.count() == 1
