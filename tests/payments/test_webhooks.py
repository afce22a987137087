"""The webhook: verified, recorded once with its effects, every handled type, any order."""

import json
import random
import time
from datetime import timedelta

import pytest

from tests.email_parts import buttons, look_problems

pytestmark = pytest.mark.django_db(transaction=True)


def state():
    """Everything a webhook could change, to prove a refused one changed nothing."""
    from bookings.models import Booking
    from payments.models import Payment, Refund, StripeEvent

    return (
        list(Booking.objects.values_list("reference", "status", "hold_expires_at")),
        list(Payment.objects.values_list("pk", "status", "amount_refunded")),
        list(Refund.objects.values_list("pk", "status")),
        StripeEvent.objects.count(),
    )


@pytest.fixture
def completed(held, make_attempt, session_json, make_event):
    make_attempt(held)
    return make_event("checkout.session.completed", session_json(held, "complete_paid"))


# Signatures ------------------------------------------------------------------------------


def test_an_event_without_a_signature_is_refused_and_changes_nothing(completed):
    from django.test import Client

    before = state()

    response = Client().post(
        "/stripe/webhook/", data=json.dumps(completed), content_type="application/json"
    )

    assert response.status_code == 400
    assert state() == before


def test_an_empty_signature_is_refused_and_changes_nothing(deliver, completed):
    before = state()

    assert deliver(completed, signature="").status_code == 400
    assert state() == before


def test_an_event_signed_with_another_secret_is_refused_and_changes_nothing(
    deliver, completed, sign
):
    before = state()
    payload = json.dumps(completed).encode()

    response = deliver(completed, signature=sign(payload, secret="whsec_someone_elses_secret"))

    assert response.status_code == 400
    assert state() == before


def test_a_stale_signature_is_refused_and_changes_nothing(deliver, completed, sign):
    before = state()
    payload = json.dumps(completed).encode()

    # Stripe's tolerance: five minutes. A replay of an old delivery is refused.
    response = deliver(completed, signature=sign(payload, at=int(time.time()) - 301))

    assert response.status_code == 400
    assert state() == before


def test_a_tampered_body_is_refused_and_changes_nothing(deliver, completed, sign, held):
    before = state()
    signature = sign(json.dumps(completed).encode())
    completed["data"]["object"]["amount_total"] = 1

    response = deliver(completed, signature=signature)

    assert response.status_code == 400
    assert state() == before


def test_a_signature_from_a_moment_ago_is_accepted(deliver, completed, sign):
    payload = json.dumps(completed).encode()

    assert deliver(completed, signature=sign(payload, at=int(time.time()) - 60)).status_code == 200


def test_the_webhook_only_takes_posts(client):
    assert client.get("/stripe/webhook/").status_code == 405


# Each handled type -----------------------------------------------------------------------


def test_a_paid_completed_session_confirms_the_booking_once(
    deliver, completed, held, run_worker, mailoutbox
):
    from payments.models import Payment, StripeEvent

    assert deliver(completed).status_code == 200
    assert deliver(completed).status_code == 200  # a redelivery

    held.refresh_from_db()
    payment = Payment.objects.get()
    assert held.status == "confirmed"
    assert (payment.status, payment.payment_intent_id) == ("paid", "pi_3Qs8TuLkJh2GfDs1Aq0Wz9Xy")
    event = StripeEvent.objects.get()
    assert (event.event_id, event.type) == (completed["id"], "checkout.session.completed")
    assert event.processed_at is not None
    run_worker()
    assert [mail.to for mail in mailoutbox] == [
        ["maya@example.com"],
        ["anna@quietharbour.example"],
    ]


def test_a_completed_session_not_yet_paid_waits_for_the_async_result(
    deliver, held, make_attempt, session_json, make_event
):
    make_attempt(held)
    session = session_json(held, "complete_paid", payment_status="unpaid")

    assert deliver(make_event("checkout.session.completed", session)).status_code == 200

    held.refresh_from_db()
    assert held.status == "held"


def test_an_async_payment_that_succeeds_confirms_the_booking(
    deliver, held, make_attempt, session_json, make_event
):
    make_attempt(held)
    session = session_json(held, "complete_paid")

    assert (
        deliver(make_event("checkout.session.async_payment_succeeded", session)).status_code == 200
    )

    held.refresh_from_db()
    assert held.status == "confirmed"


def test_an_async_payment_that_fails_ends_the_attempt_and_keeps_the_hold(
    deliver, held, make_attempt, session_json, make_event
):
    from payments.models import Payment

    make_attempt(held)
    session = session_json(held, "complete_paid", payment_status="unpaid")

    response = deliver(make_event("checkout.session.async_payment_failed", session))

    assert response.status_code == 200
    assert Payment.objects.get().status == "failed"
    held.refresh_from_db()
    assert held.status == "held"


def test_an_expired_session_releases_the_hold(
    deliver, held, make_attempt, session_json, make_event, now
):
    from bookings.selectors import is_taken
    from payments.models import Payment

    make_attempt(held, expires_at=held.hold_expires_at)
    session = session_json(held, "expired", expires_at=int(held.hold_expires_at.timestamp()))

    assert deliver(make_event("checkout.session.expired", session)).status_code == 200

    held.refresh_from_db()
    assert held.status == "expired"
    assert Payment.objects.get().status == "expired"
    assert not is_taken(practitioner=held.practitioner, interval=held.blocked_interval, now=now)


def test_an_expiry_after_the_payment_changes_nothing(
    deliver, completed, held, session_json, make_event
):
    from payments.models import Payment

    deliver(completed)
    expired = session_json(held, "expired", id=completed["data"]["object"]["id"])

    assert deliver(make_event("checkout.session.expired", expired)).status_code == 200

    held.refresh_from_db()
    assert held.status == "confirmed"
    assert Payment.objects.get().status == "paid"


def test_a_refunded_charge_records_its_refund_and_the_payment_as_refunded(
    deliver, paid_payment, stripe_json, make_event, refund_json
):
    from payments.models import Refund

    charge = stripe_json(
        "charge_refunded",
        metadata={"booking_reference": paid_payment.booking.reference},
        refunds={
            "object": "list",
            "data": [refund_json(paid_payment, "succeeded", metadata={})],
            "has_more": False,
            "url": "/v1/charges/ch_3Qs8TuLkJh2GfDs1Aw7Pq2Lm/refunds",
        },
    )

    assert deliver(make_event("charge.refunded", charge)).status_code == 200

    paid_payment.refresh_from_db()
    assert (paid_payment.status, paid_payment.amount_refunded) == ("refunded", 9500)
    refund = Refund.objects.get()
    assert (refund.status, refund.amount, refund.reason) == ("succeeded", 9500, "outside")


def test_a_charges_refunded_total_is_never_taken_as_the_amount_back(
    deliver, paid_payment, stripe_json, make_event, refund_json
):
    """Newer API versions list no refunds on the charge; each refund has its own event."""
    charge = stripe_json(
        "charge_refunded",
        amount_refunded=4750,
        refunded=False,
        metadata={"booking_reference": paid_payment.booking.reference},
    )
    del charge["refunds"]

    assert deliver(make_event("charge.refunded", charge)).status_code == 200

    paid_payment.refresh_from_db()
    assert (paid_payment.status, paid_payment.amount_refunded) == ("paid", 0)

    dashboard = refund_json(
        paid_payment, "succeeded", id="re_3Qs9PartLkJh2GfDs1Dash4750", amount=4750, metadata={}
    )
    assert deliver(make_event("refund.created", dashboard)).status_code == 200

    paid_payment.refresh_from_db()
    assert (paid_payment.status, paid_payment.amount_refunded) == ("partially_refunded", 4750)


def test_a_refund_made_in_stripes_dashboard_gets_its_refund_row(
    deliver, paid_payment, make_event, refund_json
):
    """`refund.created`: the practitioner refunded part of a payment in Stripe's dashboard."""
    from payments.models import Refund

    dashboard = refund_json(
        paid_payment, "pending", id="re_3Qs9DashLkJh2GfDs1Pend3000", amount=3000, metadata={}
    )

    assert deliver(make_event("refund.created", dashboard)).status_code == 200

    refund = Refund.objects.get()
    assert (refund.payment, refund.amount, refund.status, refund.reason) == (
        paid_payment,
        3000,
        "pending",
        "outside",
    )
    assert refund.stripe_refund_id == "re_3Qs9DashLkJh2GfDs1Pend3000"
    deliver(make_event("refund.updated", {**dashboard, "status": "succeeded"}))
    paid_payment.refresh_from_db()
    assert (paid_payment.status, paid_payment.amount_refunded) == ("partially_refunded", 3000)


def test_a_refund_update_completes_our_refund_even_before_stripes_answer_was_stored(
    deliver, paid_payment, make_event, refund_json, now
):
    """The refund request's answer was lost; the webhook finds the row by its key."""
    from bookings.services import booking_cancel
    from payments.models import Refund

    booking_cancel(booking=paid_payment.booking, by="practitioner", now=now)
    refund = Refund.objects.get()
    assert (refund.status, refund.stripe_refund_id) == ("pending", "")

    event = make_event("refund.updated", refund_json(paid_payment, "succeeded"))
    assert deliver(event).status_code == 200

    refund.refresh_from_db()
    paid_payment.refresh_from_db()
    assert (refund.status, refund.stripe_refund_id) == ("succeeded", "re_3Qs8TuLkJh2GfDs1A5Rf8Kd2")
    assert (paid_payment.status, paid_payment.amount_refunded) == ("refunded", 9500)


def test_an_older_refund_status_arriving_late_does_not_undo_a_newer_one(
    deliver, paid_payment, make_event, refund_json
):
    from payments.models import Refund

    deliver(make_event("refund.updated", refund_json(paid_payment, "succeeded")))
    deliver(make_event("refund.updated", refund_json(paid_payment, "pending")))

    assert Refund.objects.get().status == "succeeded"


def test_a_failed_refund_is_recorded_and_the_practitioner_told(
    deliver, paid_payment, make_event, refund_json, run_worker, mailoutbox
):
    from payments.models import Refund

    event = make_event("refund.failed", refund_json(paid_payment, "failed"))

    assert deliver(event).status_code == 200

    refund = Refund.objects.get()
    assert (refund.status, refund.failure_reason) == ("failed", "expired_or_canceled_card")
    run_worker()
    [mail] = [mail for mail in mailoutbox if "refund" in mail.subject]
    assert mail.to == ["anna@quietharbour.example"]
    assert mail.subject.startswith("A refund needs your attention")
    assert "expired_or_canceled_card" in mail.body
    assert look_problems(mail) == []
    (button,) = buttons(mail)
    assert button.attrs["href"].startswith("https://quietharbour.example/admin/")


def test_other_event_types_are_recorded_and_acknowledged(deliver, make_event, stripe_json):
    from payments.models import StripeEvent

    event = make_event("payment_intent.succeeded", stripe_json("payment_intent_succeeded"))

    assert deliver(event).status_code == 200
    assert StripeEvent.objects.get().processed_at is not None


def test_the_stored_event_keeps_no_card_billing_or_customer_details(
    deliver, paid_payment, stripe_json, make_event, secrets_in_play
):
    from payments.models import StripeEvent

    charge = stripe_json(
        "charge_refunded", metadata={"booking_reference": paid_payment.booking.reference}
    )
    deliver(make_event("charge.refunded", charge))

    stored = json.dumps(StripeEvent.objects.get().payload)
    assert secrets_in_play["card"] not in stored
    for word in ("payment_method_details", "billing_details", "maya@example.com", "Quay Street"):
        assert word not in stored
    assert "pi_3Qs8TuLkJh2GfDs1Aq0Wz9Xy" in stored  # what explains the payment stays


# Sessions the site did not ask for ---------------------------------------------------------


def test_a_checkout_session_the_site_never_made_is_refunded_and_confirms_nothing(
    deliver,
    held,
    make_attempt,
    session_json,
    make_event,
    refunds_api,
    run_worker,
    stripe_calls,
    mailoutbox,
):
    """Correctly signed, naming Maya's booking (client_reference_id only), paid £0.01."""
    from payments.models import Payment, Refund

    make_attempt(held)  # the session the pay step did make, still open
    stray = session_json(
        held,
        id="cs_test_z9NeverMadeByTheSite0000000000000000000000000000000000",
        amount_subtotal=1,
        amount_total=1,
        metadata={},
        payment_intent="pi_3Qs9NeverMadeAq0Wz9Xy",
    )

    assert deliver(make_event("checkout.session.completed", stray)).status_code == 200
    run_worker()

    held.refresh_from_db()
    assert held.status == "held"
    recorded = Payment.objects.get(checkout_session_id=stray["id"])
    assert (recorded.status, recorded.amount, recorded.attempt) == ("paid", 1, 2)
    refund = Refund.objects.get()
    assert (refund.payment, refund.amount, refund.reason) == (recorded, 1, "not_as_asked")
    [(_, _, sent, _)] = stripe_calls("/v1/refunds")
    assert (sent["payment_intent"], sent["amount"]) == ("pi_3Qs9NeverMadeAq0Wz9Xy", "1")
    # Only the practitioner hears of it: the client did not ask for this checkout either.
    [mail] = mailoutbox
    assert mail.to == ["anna@quietharbour.example"]
    assert "did not come from a checkout this site made" in mail.body

    # Maya's own session, paid in full, still confirms her booking.
    assert deliver(make_event("checkout.session.completed", session_json(held))).status_code == 200
    held.refresh_from_db()
    assert held.status == "confirmed"
    assert Refund.objects.count() == 1


@pytest.mark.parametrize(("amount_total", "currency"), [(1, "gbp"), (950, "gbp"), (9500, "usd")])
def test_a_session_of_ours_paid_other_than_asked_is_refunded_and_confirms_nothing(
    amount_total,
    currency,
    deliver,
    held,
    make_attempt,
    session_json,
    make_event,
    refunds_api,
    run_worker,
    stripe_calls,
):
    from payments.models import Payment, Refund

    make_attempt(held)
    session = session_json(
        held, amount_subtotal=amount_total, amount_total=amount_total, currency=currency
    )

    assert deliver(make_event("checkout.session.completed", session)).status_code == 200
    run_worker()

    held.refresh_from_db()
    assert held.status == "held"
    payment = Payment.objects.get()
    assert (payment.status, payment.amount, payment.currency) == (
        "paid",
        amount_total,
        currency.upper(),
    )
    refund = Refund.objects.get()
    assert (refund.amount, refund.currency, refund.reason) == (
        amount_total,
        currency.upper(),
        "not_as_asked",
    )
    [(_, _, sent, _)] = stripe_calls("/v1/refunds")
    assert sent["amount"] == str(amount_total)


# Order and failure -----------------------------------------------------------------------


def test_a_refund_event_for_a_payment_not_recorded_yet_is_retried_later(
    deliver, held, make_attempt, session_json, make_event, stripe_json
):
    from payments.models import Payment, StripeEvent

    make_attempt(held)
    charge = stripe_json("charge_refunded", metadata={"booking_reference": held.reference})
    early = make_event("charge.refunded", charge)

    assert deliver(early).status_code == 503  # Stripe delivers it again later
    assert "Not ready" in StripeEvent.objects.get().error

    deliver(make_event("checkout.session.completed", session_json(held)))
    assert deliver(early).status_code == 200
    assert Payment.objects.get().status == "refunded"


def test_a_late_charge_refunded_does_not_undo_a_failed_refund(
    deliver, paid_payment, refunds_api, run_worker, make_event, refund_json, stripe_json, now
):
    """Cancelled, refund sent, refund failed; then the charge.refunded sent when it was made."""
    from bookings.services import booking_cancel
    from payments.models import Refund

    booking = paid_payment.booking
    booking_cancel(booking=booking, by="client", now=now)
    run_worker()  # the refund goes to Stripe, which answers "pending"
    stale_charge = stripe_json(
        "charge_refunded",
        metadata={"booking_reference": booking.reference},
        refunds={
            "object": "list",
            "data": [refund_json(paid_payment, "pending")],
            "has_more": False,
            "url": "/v1/charges/ch_3Qs8TuLkJh2GfDs1Aw7Pq2Lm/refunds",
        },
    )

    assert (
        deliver(make_event("refund.failed", refund_json(paid_payment, "failed"))).status_code == 200
    )
    assert deliver(make_event("charge.refunded", stale_charge)).status_code == 200

    refund = Refund.objects.get()
    assert (refund.status, refund.failure_reason) == ("failed", "expired_or_canceled_card")
    paid_payment.refresh_from_db()
    assert (paid_payment.status, paid_payment.amount_refunded) == ("paid", 0)


def test_the_retry_later_answer_is_logged_as_a_warning_with_its_reason_not_an_error(
    deliver, held, make_attempt, make_event, stripe_json, caplog
):
    import logging

    make_attempt(held)
    charge = stripe_json("charge_refunded", metadata={"booking_reference": held.reference})
    early = make_event("charge.refunded", charge)

    with caplog.at_level(logging.INFO):
        response = deliver(early)

    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
    [warning] = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert early["id"] in warning
    assert "charge.refunded" in warning
    assert "no paid payment recorded for pi_3Qs8TuLkJh2GfDs1Aq0Wz9Xy yet" in warning
    logged = " ".join(r.getMessage() for r in caplog.records)
    for body_part in ("Quay Street", "maya@example.com", "payment_method_details"):
        assert body_part not in logged
    assert response.status_code == 503  # not 2xx: Stripe delivers it again


def test_each_attempt_at_an_event_is_counted_with_its_last_error(
    deliver, held, make_attempt, session_json, make_event, stripe_json
):
    from payments.models import StripeEvent

    make_attempt(held)
    charge = stripe_json("charge_refunded", metadata={"booking_reference": held.reference})
    early = make_event("charge.refunded", charge)

    for _ in range(2):
        deliver(early)
    record = StripeEvent.objects.get(event_id=early["id"])
    assert (record.attempts, record.processed_at) == (2, None)
    assert record.error.startswith("Not ready, waiting for redelivery")
    first_tries_at = record.last_attempt_at
    assert first_tries_at is not None

    deliver(make_event("checkout.session.completed", session_json(held)))
    assert deliver(early).status_code == 200

    record.refresh_from_db()
    assert record.attempts == 3
    assert record.processed_at is not None
    assert record.last_attempt_at >= first_tries_at
    # The last error stays on the record, to explain why it took three tries.
    assert record.error.startswith("Not ready, waiting for redelivery")


def test_a_redelivered_processed_event_does_nothing_at_all(
    deliver, completed, held, run_worker, stripe_calls
):
    """No handler runs again: no write (not even to the event's record), no Stripe call."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django_tasks_db.models import DBTaskResult

    from payments.models import StripeEvent

    assert deliver(completed).status_code == 200
    run_worker()
    record = StripeEvent.objects.values().get()
    tasks, calls = DBTaskResult.objects.count(), len(stripe_calls())

    with CaptureQueriesContext(connection) as queries:
        assert deliver(completed).status_code == 200

    writes = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    assert StripeEvent.objects.values().get() == record
    assert (DBTaskResult.objects.count(), len(stripe_calls())) == (tasks, calls)


def test_a_malformed_event_is_kept_with_its_error_and_its_effects_undone(
    deliver, held, session_json, make_event
):
    from payments.models import StripeEvent

    session = session_json(held)
    del session["payment_status"]

    response = deliver(make_event("checkout.session.async_payment_succeeded", session))

    assert response.status_code == 503
    event = StripeEvent.objects.get()
    assert (event.processed_at, "AttributeError" in event.error) == (None, True)
    held.refresh_from_db()
    assert held.status == "held"


@pytest.mark.parametrize("seed", range(10))
def test_a_bookings_events_twice_in_any_order_leave_one_booking_one_email_one_refund(
    seed,
    deliver,
    make_booking,
    make_attempt,
    client_user,
    other_client,
    service,
    session_json,
    make_event,
    stripe_json,
    refunds_api,
    stripe_calls,
    run_worker,
    mailoutbox,
    now,
):
    """Two bookings' whole event streams, each event twice, shuffled, retried like Stripe.

    Maya's first session expired unpaid, her second was paid: one confirmed booking and one
    confirmation. Sam paid after his hold ran out, when Maya held the time: exactly one refund
    (one request to the Refunds API) and no confirmation.
    """
    from bookings.models import Booking
    from payments.models import Payment, Refund

    maya = make_booking(client=client_user, service=service, status="held")
    sam = make_booking(
        client=other_client,
        service=service,
        start=maya.start,
        status="expired",
        hold_expires_at=now - timedelta(minutes=5),
    )
    maya_expired = session_json(
        maya,
        "expired",
        id="cs_test_a1MayaFirstAttempt0000000000000000000000000000000000",
        expires_at=int((now - timedelta(minutes=40)).timestamp()),
    )
    maya_paid = session_json(maya, "complete_paid")
    sam_paid = session_json(
        sam,
        "complete_paid",
        id="cs_test_b1SamPaidLate000000000000000000000000000000000000000",
        payment_intent="pi_3Qs9SamPaidLateAq0Wz9Xy",
    )
    # The attempts as the pay step left them: one row per Checkout Session, still open.
    for booking, session, attempt in (
        (maya, maya_expired, 1),
        (maya, maya_paid, 2),
        (sam, sam_paid, 1),
    ):
        make_attempt(
            booking,
            session_id=session["id"],
            attempt=attempt,
            expires_at=now + timedelta(minutes=31 - 40 * (session is maya_expired)),
        )
    sam_payment = Payment.objects.get(booking=sam)
    sam_refund = stripe_json(
        "refund_succeeded",
        payment_intent="pi_3Qs9SamPaidLateAq0Wz9Xy",
        metadata={
            "booking_reference": sam.reference,
            "refund_key": f"refund-{sam.reference}-{sam_payment.pk}",
        },
    )
    sam_charge = stripe_json(
        "charge_refunded",
        payment_intent="pi_3Qs9SamPaidLateAq0Wz9Xy",
        metadata={"booking_reference": sam.reference},
        refunds={"object": "list", "data": [sam_refund], "has_more": False, "url": "/"},
    )
    events = [
        make_event("checkout.session.expired", maya_expired),
        make_event("checkout.session.completed", maya_paid),
        make_event("checkout.session.completed", sam_paid),
        make_event("charge.refunded", sam_charge),
        make_event("refund.updated", sam_refund),
    ]
    deliveries = events * 2
    random.Random(seed).shuffle(deliveries)

    # Stripe delivers again whatever was not answered 2xx, until it is; the task worker runs
    # beside the web server and sends the refund a delivery asked for.
    for _ in range(len(deliveries)):
        waiting = []
        for event in deliveries:
            if deliver(event).status_code != 200:
                waiting.append(event)
            run_worker()
        deliveries = waiting
        if not deliveries:
            break
    assert deliveries == []

    maya.refresh_from_db()
    sam.refresh_from_db()
    assert (maya.status, sam.status) == ("confirmed", "expired")
    assert Booking.objects.filter(status="confirmed").count() == 1
    assert [(r.payment.booking, r.amount, r.reason, r.status) for r in Refund.objects.all()] == [
        (sam, 9500, "slot_taken", "succeeded")
    ]
    assert len(stripe_calls("/v1/refunds")) == 1
    sam_payment.refresh_from_db()
    assert (sam_payment.status, sam_payment.amount_refunded) == ("refunded", 9500)
    run_worker()
    confirmations = [m for m in mailoutbox if m.subject.startswith("Your appointment on")]
    assert [m.to for m in confirmations] == [["maya@example.com"]]
    refund_notices = [m.to for m in mailoutbox if "refunded" in m.subject]
    assert sorted(refund_notices) == [["anna@quietharbour.example"], ["someone.else@example.com"]]
