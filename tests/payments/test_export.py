"""A client's data export includes their payments and refunds (clients.privacy's registry)."""

import json

import pytest

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
