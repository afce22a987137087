"""rooms' migration: every confirmed booking still to come, or under way, gets its own room;
bookings that are over, cancelled or only held get none. The practitioner's one video link, and
each booking's copy of it, are gone (bookings 0010)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import booking_times

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_ROOMS = [("bookings", "0009_visitor_address_index"), ("rooms", None)]


def migrate(targets):
    return MigrationExecutor(connection).migrate(targets).apps


def migrate_to_the_end():
    executor = MigrationExecutor(connection)
    return executor.migrate(executor.loader.graph.leaf_nodes()).apps


@pytest.fixture
def before_rooms():
    """The database as it was with one video link for everyone, migrated forward afterwards."""
    try:
        yield migrate(BEFORE_ROOMS)
    finally:
        migrate_to_the_end()


def test_confirmed_bookings_still_to_come_get_a_room_each(
    client_user, practitioner, service, now, before_rooms
):
    old = before_rooms
    Booking = old.get_model("bookings", "Booking")
    shared = "https://meet.example/quiet-harbour"
    old.get_model("bookings", "Practitioner").objects.filter(pk=practitioner.pk).update(
        video_link=shared
    )

    def write(start, status, **fields):
        return Booking.objects.create(
            client_id=client_user.pk,
            practitioner_id=practitioner.pk,
            service_id=service.pk,
            **booking_times(service, start),
            status=status,
            client_time_zone="Europe/London",
            policy_snapshot={"notice_hours": 48},
            video_link=shared,
            **fields,
        ).pk

    confirmed_at = {"confirmed_at": now - timedelta(days=2)}
    next_week = write(now + timedelta(days=7), "confirmed", **confirmed_at)
    tomorrow = write(now + timedelta(days=1), "confirmed", **confirmed_at)
    under_way = write(now - timedelta(minutes=30), "confirmed", **confirmed_at)
    over = write(now - timedelta(days=3), "confirmed", **confirmed_at)
    completed = write(now - timedelta(days=5), "completed", **confirmed_at)
    held = write(now + timedelta(days=3), "held", hold_expires_at=now + timedelta(minutes=20))
    cancelled = write(
        now + timedelta(days=4),
        "cancelled",
        cancelled_at=now - timedelta(days=1),
        cancelled_by="client",
    )

    new = migrate_to_the_end()

    Room = new.get_model("rooms", "Room")
    rooms = dict(Room.objects.values_list("booking_id", "name"))
    assert set(rooms) == {next_week, tomorrow, under_way}
    assert len(set(rooms.values())) == 3
    assert all(len(name) == 28 and name.isalnum() and name.islower() for name in rooms.values())
    assert not {over, completed, held, cancelled} & set(rooms)
    fields = {field.name for field in new.get_model("bookings", "Booking")._meta.get_fields()}
    assert "video_link" not in fields
    practitioner_fields = new.get_model("bookings", "Practitioner")._meta.get_fields()
    assert "video_link" not in {field.name for field in practitioner_fields}
