"""manage.py reconcile_payments: Stripe's recent sessions against our payments and bookings."""

import json
from datetime import timedelta
from io import StringIO
from urllib.parse import parse_qsl

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db(transaction=True)

API = "https://api.stripe.com"


def reconcile(*args) -> tuple[str, str | None]:
    out = StringIO()
    try:
        call_command("reconcile_payments", *args, stdout=out)
    except CommandError as error:
        return out.getvalue(), str(error)
    return out.getvalue(), None


@pytest.fixture
def sessions_page(stripe_api):
    """Stripe's session list in pages of two (`has_more`, then `starting_after`)."""

    def serve(sessions: list[dict]):
        def answer(request):
            query = dict(parse_qsl(request.url.split("?", 1)[1]))
            start = 0
            if "starting_after" in query:
                ids = [session["id"] for session in sessions]
                start = ids.index(query["starting_after"]) + 1
            page = sessions[start : start + 2]
            body = {
                "object": "list",
                "data": page,
                "has_more": start + 2 < len(sessions),
                "url": "/v1/checkout/sessions",
            }
            return 200, {}, json.dumps(body)

        stripe_api.add_callback("GET", f"{API}/v1/checkout/sessions", callback=answer)

    return serve


@pytest.fixture
def planted(make_booking, make_attempt, client_user, service, now):
    """Paid at Stripe, but the webhook never came and the client never returned."""
    # Its hold ran out and the periodic job has marked it expired.
    booking = make_booking(
        client=client_user,
        service=service,
        status="expired",
        hold_expires_at=now - timedelta(minutes=10),
    )
    make_attempt(
        booking,
        session_id="cs_test_p1PlantedPaidButUnconfirmed0000000000000000000000000",
        expires_at=now - timedelta(minutes=10),
    )
    return booking


@pytest.fixture
def history(planted, make_booking, make_payment, other_client, service, session_json, now):
    """Five sessions at Stripe: the planted one among settled and unpaid others."""
    others = []
    for day in (8, 9):
        booking = make_booking(
            client=other_client,
            service=service,
            start=(now + timedelta(days=day)).replace(hour=11, minute=0, second=0),
            status="confirmed",
        )
        session = session_json(
            booking,
            id=f"cs_test_s{day}SettledAlready000000000000000000000000000000000",
            payment_intent=f"pi_3Qs{day}SettledAq0Wz9Xy",
        )
        make_payment(
            booking,
            paid_at=now - timedelta(days=1),
            checkout_session_id=session["id"],
            payment_intent_id=session["payment_intent"],
        )
        others.append(session)
    abandoned = session_json(
        planted, "expired", id="cs_test_e1AbandonedEarlier0000000000000000000000000000000000"
    )
    not_ours = session_json(planted, "complete_paid", id="cs_test_x1FromAnotherShop00000000000")
    not_ours["metadata"] = {}
    not_ours["client_reference_id"] = None
    planted_session = session_json(
        planted, "complete_paid", id=planted.payments.get().checkout_session_id
    )
    return [others[0], abandoned, planted_session, not_ours, others[1]]


def test_reconcile_finds_a_paid_but_unconfirmed_booking(sessions_page, history, planted):
    sessions_page(history)

    out, error = reconcile("--days", "2")

    assert "Checked 5 Checkout Sessions" in out
    assert "Paid but not confirmed: 1" in out
    assert f"booking {planted.reference} session {history[2]['id']}: paid, not confirmed" in out
    assert (
        error == "1 finding(s) need attention. Run again with --fix to repair what can be repaired."
    )
    planted.refresh_from_db()
    assert planted.status == "expired"  # without --fix nothing changes


def test_reconcile_fix_confirms_it_and_then_all_is_accounted_for(
    sessions_page, history, planted, stripe_calls, run_worker, mailoutbox
):
    sessions_page(history)

    out, error = reconcile("--fix")

    assert error is None
    assert "fixed: booking confirmed" in out
    planted.refresh_from_db()
    assert planted.status == "confirmed"
    assert planted.payments.get().status == "paid"
    run_worker()
    assert sorted(mail.to[0] for mail in mailoutbox) == [
        "anna@quietharbour.example",
        "maya@example.com",
    ]
    # It listed the sessions created in the window, all pages of them.
    listed = [path for method, path, _, _ in stripe_calls() if method == "GET"]
    assert len(listed) == 3

    out, error = reconcile()
    assert (error, "Everything paid is accounted for." in out) == (None, True)


def test_reconcile_fix_refunds_a_paid_booking_whose_time_is_gone(
    sessions_page, history, planted, make_booking, other_client, service, stripe_api, stripe_json
):
    from payments.models import Refund

    # Sam holds the time now (a confirmed booking without a payment would be a finding too).
    make_booking(client=other_client, service=service, start=planted.start, status="held")
    stripe_api.add("POST", f"{API}/v1/refunds", json=stripe_json("refund_pending"))
    sessions_page(history)

    out, error = reconcile("--fix")

    assert error is None
    assert "fixed: refunded in full" in out
    assert Refund.objects.get().reason == "slot_taken"
    planted.refresh_from_db()
    assert planted.status != "confirmed"


def test_reconcile_reports_a_confirmed_booking_nobody_paid_for(
    sessions_page, make_booking, client_user, service
):
    unpaid = make_booking(client=client_user, service=service, status="confirmed")
    sessions_page([])

    out, error = reconcile("--fix")

    assert f"booking {unpaid.reference}: confirmed, no payment received" in out
    assert error.startswith("1 finding(s) need attention")


@pytest.fixture
def make_paid(make_payment, now):
    """A payment the webhook recorded as paid: make_paid(booking, attempt, refunded=...)."""
    from tests.factories import RefundFactory

    def make(booking, attempt: int = 1, *, refunds: tuple = ()):
        payment = make_payment(
            booking,
            attempt=attempt,
            paid_at=now - timedelta(days=2),
            checkout_session_id=f"cs_test_r{attempt}{booking.reference}",
            payment_intent_id=f"pi_3Qs{attempt}{booking.reference}",
        )
        for amount, reason, status in refunds:
            RefundFactory(
                payment=payment,
                amount=amount,
                reason=reason,
                status=status,
                stripe_refund_id=f"re_3Qs{attempt}{booking.reference}",
                idempotency_key=f"refund-{booking.reference}-{payment.pk}",
            )
        return payment

    return make


def test_reconcile_reports_a_cancelled_bookings_payment_nobody_refunded(
    sessions_page, make_booking, make_paid, client_user, service, now
):
    """What cancelling used to leave: the duplicate on its way back, the card payment kept."""
    booking = make_booking(
        client=client_user,
        service=service,
        status="cancelled",
        cancelled_by="client",
        cancelled_at=now - timedelta(days=1),
        confirmed_at=now - timedelta(days=2),
        refund_amount=9500,
    )
    make_paid(booking, 1, refunds=[(9500, "duplicate", "pending")])
    card = make_paid(booking, 2)
    sessions_page([])

    out, error = reconcile()

    assert "Refunds that don't add up: 1" in out
    assert (
        f"booking {booking.reference}: payment {card.payment_intent_id}: "
        "£0 refunded of £95 owed back"
    ) in out
    assert error.startswith("1 finding(s) need attention")


@pytest.mark.parametrize(
    ("status", "refund_amount", "refunds"),
    [
        ("confirmed", None, []),
        ("cancelled", 0, []),  # late: kept per the policy
        ("cancelled", 4750, [(4750, "client_cancelled", "pending")]),
        ("cancelled", 9500, [(9500, "practitioner_cancelled", "succeeded")]),
    ],
)
def test_reconcile_finds_nothing_when_every_payment_is_kept_or_refunded_as_owed(
    status,
    refund_amount,
    refunds,
    sessions_page,
    make_booking,
    make_paid,
    client_user,
    service,
    now,
):
    cancelled = {"cancelled_by": "client", "cancelled_at": now - timedelta(days=1)}
    booking = make_booking(
        client=client_user,
        service=service,
        status=status,
        confirmed_at=now - timedelta(days=2),
        refund_amount=refund_amount,
        **(cancelled if status == "cancelled" else {}),
    )
    make_paid(booking, refunds=refunds)
    sessions_page([])

    out, error = reconcile()

    assert (error, "Refunds that don't add up: 0" in out) == (None, True)


def test_reconcile_expects_no_payment_for_a_free_booking(
    sessions_page, make_booking, client_user, free_service, now
):
    make_booking(
        client=client_user,
        service=free_service,
        status="confirmed",
        confirmed_at=now - timedelta(hours=1),
    )
    sessions_page([])

    out, error = reconcile()

    assert (error, "Confirmed but not paid: 0" in out) == (None, True)


def test_reconcile_reports_a_refund_that_failed(
    sessions_page, make_booking, make_paid, client_user, service, now
):
    booking = make_booking(
        client=client_user,
        service=service,
        status="cancelled",
        cancelled_by="practitioner",
        cancelled_at=now - timedelta(days=1),
        confirmed_at=now - timedelta(days=2),
        refund_amount=9500,
    )
    payment = make_paid(booking, refunds=[(9500, "practitioner_cancelled", "failed")])
    sessions_page([])

    out, error = reconcile()

    assert (
        f"booking {booking.reference}: payment {payment.payment_intent_id}: "
        "£0 refunded of £95 owed back (a refund failed)"
    ) in out
    assert error.startswith("1 finding(s)")


def test_reconcile_on_the_demo_data_finds_everything_accounted_for(sessions_page, settings):
    """`manage.py seed_demo`'s bookings: a free call done, a paid session confirmed."""
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    settings.DEBUG = False
    sessions_page([])

    out, error = reconcile()

    assert error is None
    assert "Everything paid is accounted for." in out


def test_reconcile_with_stripe_down_reports_it_clearly_and_still_checks_our_records(
    stripe_api, make_booking, make_paid, client_user, service, now
):
    import requests

    stripe_api.add(
        "GET", f"{API}/v1/checkout/sessions", body=requests.ConnectionError("Stripe is down")
    )
    booking = make_booking(
        client=client_user, service=service, status="expired", hold_expires_at=now
    )
    make_paid(booking)  # paid, never confirmed, never refunded

    out = StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("reconcile_payments", stdout=out)

    assert "Could not reach Stripe (APIConnectionError)" in out.getvalue()
    assert f"booking {booking.reference}: payment pi_3Qs1{booking.reference}" in out.getvalue()
    assert (failed.value.returncode, str(failed.value)) == (
        1,
        "1 finding(s) need attention. Run again with --fix to repair what can be repaired.",
    )


def test_reconcile_with_stripe_down_and_nothing_else_exits_2_not_with_a_traceback(stripe_api):
    import requests

    stripe_api.add(
        "GET", f"{API}/v1/checkout/sessions", body=requests.ConnectionError("Stripe is down")
    )

    out = StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("reconcile_payments", stdout=out)

    assert failed.value.returncode == 2
    assert "Stripe could not be reached: run again later" in str(failed.value)
    assert "Could not reach Stripe (APIConnectionError)" in out.getvalue()


def test_reconcile_sends_refunds_that_never_reached_stripe(
    sessions_page, paid_payment, stripe_api, refund_json, now
):
    from tests.factories import RefundFactory

    refund = RefundFactory(
        payment=paid_payment,
        idempotency_key=f"refund-{paid_payment.booking.reference}-{paid_payment.pk}",
    )
    stripe_api.add("POST", f"{API}/v1/refunds", json=refund_json(paid_payment, "succeeded"))
    sessions_page([])

    out, _ = reconcile("--fix")

    refund.refresh_from_db()
    assert refund.status == "succeeded"
    assert "Refunds not sent to Stripe: 0" in out


def test_reconcile_refuses_to_run_offline(settings):
    settings.STRIPE_OFFLINE = True

    with pytest.raises(CommandError, match="offline"):
        call_command("reconcile_payments")


def test_the_hourly_check_settles_a_paid_session_whose_webhook_never_came(
    sessions_page, history, planted
):
    from payments.tasks import reconcile_recent

    sessions_page(history)

    assert reconcile_recent.call() == 1

    planted.refresh_from_db()
    assert planted.status == "confirmed"
