"""Refunds on cancellation: the policy snapshot's amount, through the Refunds API, once."""

from datetime import timedelta
from html import unescape

import pytest
import requests
from django.urls import reverse

pytestmark = pytest.mark.django_db(transaction=True)

API = "https://api.stripe.com"


def text(response) -> str:
    return unescape(response.content.decode())


def test_a_client_cancelling_in_time_is_refunded_in_full_through_the_refunds_api(
    signed_in, paid_booking, refunds_api, stripe_calls
):
    from bookings.models import Refund

    booking = paid_booking.booking
    response = signed_in.post(f"/bookings/{booking.reference}/cancel/", follow=True)

    booking.refresh_from_db()
    assert booking.status == "cancelled"
    [(_, _, sent, headers)] = stripe_calls("/v1/refunds")
    assert headers["Idempotency-Key"] == f"refund-{booking.reference}-{paid_booking.pk}"
    assert (sent["amount"], sent["payment_intent"]) == ("9500", paid_booking.payment_intent_id)
    refund = Refund.objects.get()
    assert (refund.status, refund.reason, refund.amount) == ("pending", "client_cancelled", 9500)
    assert "Refund of £95: on its way to the card you paid with" in text(response)


def test_the_refund_follows_the_policy_the_booking_was_made_under(
    signed_in, paid_booking, refunds_api, stripe_calls, now
):
    """Booked under "half back for late cancellations"; cancelled 30 hours before."""
    from bookings.models import CancellationPolicy

    booking = paid_booking.booking
    booking.policy_snapshot = {
        "notice_hours": 48,
        "refund_percent_with_notice": 100,
        "refund_percent_late": 50,
    }
    booking.start = now + timedelta(hours=30)
    booking.end = booking.start + timedelta(hours=1)
    booking.blocked_start = booking.start - timedelta(minutes=15)
    booking.blocked_end = booking.end + timedelta(minutes=15)
    booking.save()
    # Today's policy is stingier; it does not apply to this booking.
    CancellationPolicy.objects.update(refund_percent_late=0)

    signed_in.post(f"/bookings/{booking.reference}/cancel/")

    [(_, _, sent, _)] = stripe_calls("/v1/refunds")
    assert sent["amount"] == "4750"


def test_a_late_cancellation_the_policy_does_not_refund_asks_stripe_for_nothing(
    signed_in, paid_booking, stripe_calls, now
):
    from bookings.models import Refund

    booking = paid_booking.booking
    booking.start = now + timedelta(hours=30)
    booking.end = booking.start + timedelta(hours=1)
    booking.blocked_start, booking.blocked_end = booking.start, booking.end
    booking.save()

    signed_in.post(f"/bookings/{booking.reference}/cancel/")

    booking.refresh_from_db()
    assert (booking.status, booking.refund_amount) == ("cancelled", 0)
    assert stripe_calls("/v1/refunds") == []
    assert not Refund.objects.exists()


def test_the_practitioner_cancelling_refunds_in_full_even_at_short_notice(
    paid_booking, refunds_api, stripe_calls, now
):
    from bookings.models import Refund
    from bookings.services import booking_cancel

    booking = paid_booking.booking
    booking.start = now + timedelta(hours=3)
    booking.end = booking.start + timedelta(hours=1)
    booking.blocked_start, booking.blocked_end = booking.start, booking.end
    booking.save()

    # What the admin's cancel action and every other way of cancelling go through.
    booking_cancel(booking=booking, by="practitioner", reason="Unwell", now=now)

    booking.refresh_from_db()
    assert (booking.status, booking.cancelled_by) == ("cancelled", "practitioner")
    [(_, _, sent, _)] = stripe_calls("/v1/refunds")
    assert sent["amount"] == "9500"
    assert Refund.objects.get().reason == "practitioner_cancelled"


def test_stripe_down_never_leaves_a_half_cancelled_booking_and_the_refund_goes_out_later(
    signed_in, paid_booking, stripe_api, refund_json, stripe_calls, now
):
    from bookings.models import Refund
    from bookings.payments import refunds_retry_pending

    booking = paid_booking.booking
    stripe_api.add("POST", f"{API}/v1/refunds", body=requests.ConnectionError("Stripe is down"))

    signed_in.post(f"/bookings/{booking.reference}/cancel/")

    booking.refresh_from_db()
    refund = Refund.objects.get()
    assert booking.status == "cancelled"
    assert (refund.status, refund.stripe_refund_id) == ("pending", "")

    stripe_api.replace("POST", f"{API}/v1/refunds", json=refund_json(paid_booking, "succeeded"))
    assert refunds_retry_pending(now=now + timedelta(minutes=10)) == 1
    assert refunds_retry_pending(now=now + timedelta(minutes=20)) == 0

    refund.refresh_from_db()
    paid_booking.refresh_from_db()
    assert (refund.status, refund.stripe_refund_id) == ("succeeded", "re_3Qs8TuLkJh2GfDs1A5Rf8Kd2")
    assert paid_booking.status == "refunded"
    keys = {headers["Idempotency-Key"] for _, _, _, headers in stripe_calls("/v1/refunds")}
    assert keys == {f"refund-{booking.reference}-{paid_booking.pk}"}


def test_a_refund_stripe_refuses_is_marked_failed_and_the_practitioner_told(
    signed_in, paid_booking, stripe_api, stripe_json, run_worker, mailoutbox
):
    from bookings.models import Refund

    booking = paid_booking.booking
    stripe_api.add(
        "POST",
        f"{API}/v1/refunds",
        status=400,
        json=stripe_json("error_charge_already_refunded"),
    )

    response = signed_in.post(f"/bookings/{booking.reference}/cancel/", follow=True)

    refund = Refund.objects.get()
    assert (refund.status, refund.failure_reason) == ("failed", "charge_already_refunded")
    assert "could not be completed automatically" in text(response)
    run_worker()
    [mail] = [mail for mail in mailoutbox if mail.subject.startswith("A refund needs")]
    assert mail.to == ["anna@quietharbour.example"]


def test_refund_status_is_on_the_clients_booking_list(
    signed_in, paid_booking, stripe_api, refund_json
):
    from bookings.models import Refund

    stripe_api.add("POST", f"{API}/v1/refunds", json=refund_json(paid_booking, "succeeded"))
    booking = paid_booking.booking
    signed_in.post(f"/bookings/{booking.reference}/cancel/")

    page = text(signed_in.get("/my/"))

    assert Refund.objects.count() == 1
    assert "Refund of £95: sent back to the card you paid with" in page


def test_the_practitioner_sees_payments_and_refunds_in_the_admin_read_only(
    client, staff_user, paid_booking, refunds_api, now
):
    from bookings.models import Refund
    from bookings.services import booking_cancel

    booking_cancel(booking=paid_booking.booking, by="practitioner", now=now)
    refund = Refund.objects.get()
    client.force_login(staff_user)

    booking_page = text(
        client.get(reverse("admin:bookings_booking_change", args=[paid_booking.booking.pk]))
    )
    refunds = text(client.get(reverse("admin:bookings_refund_changelist")))
    refund_page = client.get(reverse("admin:bookings_refund_change", args=[refund.pk]))

    assert "Payments" in booking_page
    assert "Cancelled by the practitioner" in refunds
    assert "On its way" in refunds
    assert refund_page.status_code == 200
    assert 'name="_save"' not in text(refund_page)
    for name in ("refund", "payment", "stripeevent"):
        assert client.get(reverse(f"admin:bookings_{name}_add")).status_code == 403
    delete = reverse("admin:bookings_refund_delete", args=[refund.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Refund.objects.count() == 1
