"""A database made before the payments app (the models in bookings) moves forward intact.

The database is taken back to where the code before the move left it (bookings at
0006_payment_faults, no payments migrations), rows are written there through the models as
they were then (`bookings.Payment` and the rest), and it is migrated forward again: every row
is there, readable and writable through payments.models, its links intact, and a permission
given on the old model is the same permission on the new one.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import booking_times

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_THE_MOVE = [("bookings", "0006_payment_faults"), ("payments", None)]


def migrate(targets):
    """Migrate to `targets`; returns the apps (historical models) of the state reached."""
    return MigrationExecutor(connection).migrate(targets).apps


def migrate_to_the_end():
    executor = MigrationExecutor(connection)
    return executor.migrate(executor.loader.graph.leaf_nodes()).apps


@pytest.fixture
def before_the_move():
    """The database as the code before the move left it, migrated forward again afterwards."""
    try:
        yield migrate(BEFORE_THE_MOVE)
    finally:
        migrate_to_the_end()


def write_the_old_way(old, *, client, practitioner, service, now):
    """A paid booking, cancelled with a refund, and the webhook event that paid it."""
    booking = old.get_model("bookings", "Booking").objects.create(
        client_id=client.pk,
        practitioner_id=practitioner.pk,
        service_id=service.pk,
        **booking_times(service, now + timedelta(days=7)),
        status="cancelled",
        client_time_zone="Europe/London",
        price_amount=9500,
        price_currency="GBP",
        policy_snapshot={"notice_hours": 48},
        confirmed_at=now - timedelta(days=2),
        cancelled_by="client",
        cancelled_at=now - timedelta(days=1),
        refund_amount=9500,
    )
    payment = old.get_model("bookings", "Payment").objects.create(
        booking=booking,
        checkout_session_id="cs_test_a1MovedAcrossAppsKeepsItsRows",
        payment_intent_id="pi_3QsMovedAcrossApps",
        amount=9500,
        currency="GBP",
        status="refunded",
        amount_refunded=9500,
        expires_at=now - timedelta(days=2),
        paid_at=now - timedelta(days=2),
        idempotency_key=f"checkout-{booking.reference}-1",
    )
    refund = old.get_model("bookings", "Refund").objects.create(
        payment=payment,
        stripe_refund_id="re_3QsMovedAcrossApps",
        amount=9500,
        currency="GBP",
        status="succeeded",
        reason="client_cancelled",
        idempotency_key=f"refund-{booking.reference}-{payment.pk}",
    )
    event = old.get_model("bookings", "StripeEvent").objects.create(
        event_id="evt_1QtMovedAcrossApps",
        type="checkout.session.completed",
        payload={"data": {"object": {"id": payment.checkout_session_id}}},
        received_at=now - timedelta(days=2),
        processed_at=now - timedelta(days=2),
        attempts=1,
        last_attempt_at=now - timedelta(days=2),
    )
    return booking, payment, refund, event


def test_payments_refunds_and_events_survive_the_move_to_the_payments_app(
    # The practice is written before going back: today's models have fields the old tables
    # lack and none they need (the practitioner's video link, gone since, had a default).
    client_user,
    practitioner,
    service,
    before_the_move,
    make_user,
    now,
):
    old = before_the_move
    assert not old.is_installed("payments")  # really the state before the move
    booking, payment, refund, event = write_the_old_way(
        old, client=client_user, practitioner=practitioner, service=service, now=now
    )
    bookkeeper = make_user("bookkeeper@example.com", is_staff=True)
    can_view_refunds = old.get_model("auth", "Permission").objects.get(
        content_type__app_label="bookings", codename="view_refund"
    )
    bookkeeper.user_permissions.add(can_view_refunds.pk)

    migrate_to_the_end()

    from bookings.models import Booking
    from payments.models import Payment, Refund, StripeEvent

    moved = Payment.objects.get()
    assert (moved.pk, moved.checkout_session_id, moved.payment_intent_id) == (
        payment.pk,
        "cs_test_a1MovedAcrossAppsKeepsItsRows",
        "pi_3QsMovedAcrossApps",
    )
    assert (moved.amount, moved.amount_refunded, moved.status) == (9500, 9500, "refunded")
    assert moved.booking == Booking.objects.get(pk=booking.pk)
    assert list(Booking.objects.get(pk=booking.pk).payments.all()) == [moved]
    [moved_refund] = moved.refunds.all()
    assert (moved_refund.pk, moved_refund.stripe_refund_id, moved_refund.status) == (
        refund.pk,
        "re_3QsMovedAcrossApps",
        Refund.Status.SUCCEEDED,
    )
    assert moved_refund.idempotency_key == f"refund-{booking.reference}-{payment.pk}"
    moved_event = StripeEvent.objects.get()
    assert (moved_event.pk, moved_event.event_id, moved_event.attempts) == (
        event.pk,
        "evt_1QtMovedAcrossApps",
        1,
    )
    assert moved_event.payload == {"data": {"object": {"id": payment.checkout_session_id}}}
    # The same tables, still linked: a new attempt of the moved booking is written beside them.
    Payment.objects.create(
        booking=moved.booking,
        attempt=2,
        amount=9500,
        currency="GBP",
        expires_at=now,
        idempotency_key=f"checkout-{booking.reference}-2",
    )
    assert Payment._meta.db_table == "bookings_payment"
    assert moved.booking.payments.count() == 2
    # The permission followed its model.
    bookkeeper.refresh_from_db()
    assert bookkeeper.has_perm("payments.view_refund")
