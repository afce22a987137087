"""Bookings' part of deleting an account: her upcoming sessions, by the one rule of upcoming."""

from datetime import timedelta

import pytest

from bookings.models import Booking
from bookings.privacy import bookings_erase
from tests.bookings.conftest import NOW

pytestmark = pytest.mark.django_db


def test_deleting_cancels_what_is_to_come_and_reports_a_session_under_way_as_kept(
    make_booking, client_user, free_service
):
    to_come = make_booking(client=client_user, service=free_service, start=NOW + timedelta(days=2))
    held = make_booking(
        client=client_user,
        service=free_service,
        start=NOW + timedelta(days=3),
        status="held",
        hold_expires_at=NOW + timedelta(minutes=10),
    )
    under_way = make_booking(
        client=client_user, service=free_service, start=NOW - timedelta(minutes=10)
    )
    over = make_booking(client=client_user, service=free_service, start=NOW - timedelta(days=2))

    paragraph = bookings_erase(user=client_user, now=NOW)

    statuses = dict(Booking.objects.values_list("pk", "status"))
    assert statuses == {
        to_come.pk: "cancelled",
        held.pk: "cancelled",
        under_way.pk: "confirmed",
        over.pk: "confirmed",
    }
    kept = paragraph.split("could not be cancelled")[1]
    assert f"{under_way.start:%H:%M}" in kept
    assert f"{over.start:%A %-d %B}" not in paragraph
