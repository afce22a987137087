"""seed_demo's rooms: each confirmed demo booking still to come has its room, made by the
confirmation's own function; seeding again changes nothing."""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings

from bookings.models import Booking
from rooms.models import Room, RoomSettings

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=True)
def test_the_demos_confirmed_booking_has_its_room_and_seeding_again_keeps_it():
    call_command("seed_demo", stdout=io.StringIO())
    first = dict(Room.objects.values_list("booking__reference", "name"))
    call_command("seed_demo", stdout=io.StringIO())

    confirmed = Booking.objects.get(status=Booking.Status.CONFIRMED)
    assert set(first) == {confirmed.reference}
    assert dict(Room.objects.values_list("booking__reference", "name")) == first
    assert Room.objects.get(booking=confirmed).created_at == confirmed.confirmed_at
    assert RoomSettings.load().provider == RoomSettings.Provider.JITSI
    assert RoomSettings.objects.count() == 1
