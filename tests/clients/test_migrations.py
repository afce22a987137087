"""A database migrated by the code before clients stopped depending on bookings migrates forward
(and back) with every consent record still naming the booking it was given for."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)  # migrations run outside a test transaction

FOREIGN_KEY = "0002_profile_policies_consent_screening_access_log"  # ConsentRecord.booking
REFERENCE = "0003_consent_record_booking_reference"  # ConsentRecord.booking_reference


def _migrate_clients(to: str):
    """Move clients to migration `to` (the other apps stay at their latest) and return the
    models as they were at that point."""
    executor = MigrationExecutor(connection)
    executor.migrate([("clients", to)])
    executor.loader.build_graph()
    nodes = [node for node in executor.loader.graph.leaf_nodes() if node[0] != "clients"]
    return executor.loader.project_state([*nodes, ("clients", to)]).apps


@pytest.fixture
def at_the_foreign_key():
    """clients as today's main has it; put back to the latest migration afterwards."""
    yield _migrate_clients(FOREIGN_KEY)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_consent_records_keep_their_booking_across_the_move_to_a_reference(
    at_the_foreign_key, client_user, other_client, publish, free_service, make_booking, now
):
    mine = make_booking(client=client_user, service=free_service, status="held")
    theirs = make_booking(client=other_client, service=free_service, start=mine.end, status="held")
    version = publish("terms")
    OldRecord = at_the_foreign_key.get_model("clients", "ConsentRecord")
    fields = {"version_id": version.pk, "content_hash": version.content_hash, "accepted_at": now}
    for user, booking in ((client_user, mine), (other_client, theirs), (client_user, None)):
        OldRecord.objects.create(user_id=user.pk, booking_id=booking and booking.pk, **fields)

    NewRecord = _migrate_clients(REFERENCE).get_model("clients", "ConsentRecord")
    moved = list(NewRecord.objects.order_by("pk").values_list("user_id", "booking_reference"))
    OldRecord = _migrate_clients(FOREIGN_KEY).get_model("clients", "ConsentRecord")
    back = list(OldRecord.objects.order_by("pk").values_list("user_id", "booking_id"))

    assert moved == [
        (client_user.pk, mine.reference),
        (other_client.pk, theirs.reference),
        (client_user.pk, ""),
    ]
    assert back == [(client_user.pk, mine.pk), (other_client.pk, theirs.pk), (client_user.pk, None)]
