"""Her waitlist in her data export, and gone with her account: a time held for her then goes to
the next in line."""

from datetime import timedelta

import pytest

from bookings import services
from bookings.models import Booking
from bookings.policy import Actor
from clients.privacy import account_erase, client_data_export
from tests.waitlist.conftest import NOW
from waitlist.models import Entry, Offer

pytestmark = pytest.mark.django_db

MINUTE = timedelta(minutes=1)


@pytest.fixture
def ada_offered(service, full_day, waiting, join, look):
    """Ada first in line, Bea second; a time freed and held for Ada."""
    join(waiting[0], parts={"mornings", "afternoons"})
    join(waiting[1], now=NOW + MINUTE)
    services.booking_cancel(
        booking=full_day[sorted(full_day)[0]], by=Actor.CLIENT, now=NOW + 2 * MINUTE
    )
    [offer] = look(now=NOW + 3 * MINUTE)
    return offer


def test_her_export_holds_her_entries_and_their_offers(ada_offered, waiting):
    data = client_data_export(user=waiting[0], now=NOW + 4 * MINUTE)

    [entry] = data["waitlist"]
    assert entry["service"] == "Hypnotherapy session"
    assert entry["first_day"] == entry["last_day"] == "2026-03-04"
    assert entry["times_of_day"] == ["afternoons", "mornings"]
    assert entry["time_zone"] == "Europe/London"
    assert entry["status"] == "waiting"
    [offer] = entry["offers"]
    assert offer["booking"] == ada_offered.booking.reference
    assert offer["status"] == "pending"
    assert client_data_export(user=waiting[2], now=NOW)["waitlist"] == []


def test_erasing_her_account_removes_her_entries_and_passes_her_offer_on(
    ada_offered, waiting, look
):
    account_erase(user=waiting[0], now=NOW + 4 * MINUTE)

    assert not Entry.objects.filter(client=waiting[0]).exists()
    assert Booking.objects.get(pk=ada_offered.booking_id).status == Booking.Status.CANCELLED
    [following] = look(now=NOW + 5 * MINUTE)
    assert following.entry.client == waiting[1]
    assert following.booking.start == ada_offered.booking.start
    assert Offer.objects.count() == 1
