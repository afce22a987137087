"""A client's data export includes their payments and refunds (clients.privacy's registry)."""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

DAY = timedelta(days=1)

pytestmark = pytest.mark.django_db


def test_the_clients_data_export_lists_payments_and_refunds(paid_payment, client_user, now):
    from clients.privacy import client_data_export
    from tests.factories import RefundFactory

    RefundFactory(payment=paid_payment, idempotency_key="refund-export-1")

    export = client_data_export(user=client_user, now=now)

    [payment] = export["payments"]
    assert payment["booking"] == paid_payment.booking.reference
    assert (payment["amount"], payment["currency"], payment["status"]) == (9500, "GBP", "paid")
    assert [(r["amount"], r["status"]) for r in payment["refunds"]] == [(9500, "pending")]
    json.dumps(export)  # the download is JSON


def test_another_clients_payments_are_not_in_the_export(paid_payment, other_client, now):
    from clients.privacy import client_data_export

    assert client_data_export(user=other_client, now=now)["payments"] == []


def _paid_bookings(client, count: int, *, service, practitioner, now) -> None:
    from tests.factories import BookingFactory, PaymentFactory, RefundFactory

    for day in range(count):
        booking = BookingFactory(
            client=client,
            service=service,
            practitioner=practitioner,
            now=now,
            start=now - (day + 2) * DAY,
        )
        payment = PaymentFactory(booking=booking, status="paid", now=now)
        RefundFactory(payment=payment, idempotency_key=f"refund-{booking.reference}")


def test_the_export_of_payments_runs_the_same_queries_for_one_or_five(
    client_user, service, practitioner, now, django_assert_num_queries
):
    """Each payment's refunds come with one query for all of them, not one per payment."""
    from payments.privacy import payments_export

    _paid_bookings(client_user, 1, service=service, practitioner=practitioner, now=now)
    with CaptureQueriesContext(connection) as one:
        assert len(payments_export(client_user)) == 1
    _paid_bookings(client_user, 4, service=service, practitioner=practitioner, now=now - 10 * DAY)
    with django_assert_num_queries(len(one.captured_queries)):
        exported = payments_export(client_user)
    assert len(exported) == 5
    assert all(len(payment["refunds"]) == 1 for payment in exported)
    # Newest first, as before.
    assert [p["created_at"] for p in exported] == sorted(
        (p["created_at"] for p in exported), reverse=True
    )
