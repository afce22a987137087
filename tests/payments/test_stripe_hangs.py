"""Stripe accepts the connection and never answers: the client still gets an answer in seconds.

gunicorn ends a worker that takes 30 seconds, so a request that waits on Stripe longer gives
the client a 500. Here Stripe's API base points to a real TCP server on 127.0.0.1 that accepts
connections and never sends a byte.
"""

import socket
import threading
import time
from html import unescape

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

API = "https://api.stripe.com"
# Well under gunicorn's 30-second worker timeout, and what a client can reasonably wait.
FEW_SECONDS = 10


def text(response) -> str:
    return unescape(response.content.decode())


@pytest.fixture
def silent_stripe(settings, stripe_api):
    """The connections a silent Stripe accepted (and never answered)."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.05)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            accepted.append(connection)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.getsockname()[1]}"
    settings.STRIPE_API_BASE = base
    stripe_api.add_passthru(base)  # a real request to the real (silent) server
    yield accepted
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    server.close()


def test_in_production_a_request_waits_on_stripe_well_under_gunicorns_limit():
    # The tests wait 1 second (settings_test.STRIPE_REQUEST_TIMEOUT); production its own.
    from payments.client import REQUEST_TIMEOUT

    assert 0 < REQUEST_TIMEOUT < FEW_SECONDS


def test_paying_while_stripe_hangs_answers_in_seconds_and_charges_nothing(
    signed_in, held, silent_stripe
):
    from payments.models import Payment

    started = time.monotonic()
    response = signed_in.post(f"/bookings/{held.reference}/pay/", follow=True)
    waited = time.monotonic() - started

    assert waited < FEW_SECONDS
    assert response.status_code == 200
    assert "could not reach our payment provider just now. Nothing was charged." in text(response)
    assert len(silent_stripe) == 1  # one try: no retries inside the request
    # The attempt stays, so trying again asks Stripe for the same session (same key).
    payment = Payment.objects.get()
    assert (payment.status, payment.checkout_session_id) == ("open", "")


def test_cancelling_while_stripe_hangs_answers_at_once_and_the_worker_sends_the_refund(
    signed_in, paid_payment, silent_stripe, settings, stripe_api, refund_json, run_worker
):
    from django_tasks_db.models import DBTaskResult

    from payments.models import Refund

    booking = paid_payment.booking
    started = time.monotonic()
    response = signed_in.post(f"/bookings/{booking.reference}/cancel/", follow=True)
    waited = time.monotonic() - started

    assert waited < FEW_SECONDS
    assert silent_stripe == []  # the request never waited on Stripe
    booking.refresh_from_db()
    assert booking.status == "cancelled"
    assert "Refund of £95: on its way to the card you paid with" in text(response)
    refund = Refund.objects.get()
    assert (refund.status, refund.stripe_refund_id, refund.amount) == ("pending", "", 9500)
    queued = DBTaskResult.objects.filter(status="READY").values_list("task_path", flat=True)
    assert "payments.refunds.send_refund" in list(queued)

    # Stripe answers again; the task worker sends the refund it was left.
    settings.STRIPE_API_BASE = None
    stripe_api.add("POST", f"{API}/v1/refunds", json=refund_json(paid_payment, "succeeded"))
    run_worker()

    refund.refresh_from_db()
    assert (refund.status, refund.stripe_refund_id) == ("succeeded", "re_3Qs8TuLkJh2GfDs1A5Rf8Kd2")
