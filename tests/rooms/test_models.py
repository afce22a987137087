"""A room's name: unguessable (at least 128 bits), plain, and never shared by two bookings."""

import math
import re
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction

from rooms.models import ROOM_NAME_ALPHABET, ROOM_NAME_LENGTH, Room, new_room_name


def test_a_room_name_carries_at_least_128_bits_of_randomness():
    bits = ROOM_NAME_LENGTH * math.log2(len(set(ROOM_NAME_ALPHABET)))

    assert len(set(ROOM_NAME_ALPHABET)) == len(ROOM_NAME_ALPHABET) == 36
    assert bits >= 128


def test_room_names_are_lower_case_letters_and_digits_and_never_repeat():
    names = [new_room_name() for _ in range(2000)]

    # Jitsi folds room names to lower case: an upper-case letter would carry no randomness.
    assert all(re.fullmatch(r"[a-z0-9]{28}", name) for name in names)
    assert len(set(names)) == len(names)
    # Every character of the alphabet turns up: the names use all of it.
    assert set("".join(names)) == set(ROOM_NAME_ALPHABET)


@pytest.mark.django_db
def test_no_two_bookings_can_share_a_room(make_booking, client_user, other_client, service, now):
    maya = make_booking(client=client_user, service=service)
    sam = make_booking(client=other_client, service=service, start=maya.start + timedelta(hours=2))

    assert maya.room.name != sam.room.name
    with pytest.raises(IntegrityError), transaction.atomic():
        Room.objects.filter(pk=sam.room.pk).update(name=maya.room.name)


@pytest.mark.django_db
def test_a_booking_has_one_room_at_most(make_booking, client_user, service, now):
    booking = make_booking(client=client_user, service=service)

    with pytest.raises(IntegrityError), transaction.atomic():
        Room.objects.create(booking=booking, created_at=now)
