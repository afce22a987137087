"""Joining the waitlist: one waiting entry per client and service (joining again changes it),
the times free already are told, not offered; an entry that ended makes way for a new one."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction

from bookings.errors import InvalidState
from tests.waitlist.conftest import ALL_DAY, DAY, NOW, day_starts
from waitlist.joining import entry_join, entry_leave
from waitlist.models import Entry

pytestmark = pytest.mark.django_db


def join_now(client, service, *, now=NOW, **changes):
    fields = {
        "first_day": DAY,
        "last_day": DAY,
        "parts": set(ALL_DAY),
        "zone": "Europe/London",
    } | changes
    return entry_join(client=client, service=service, now=now, **fields)


def test_joining_tells_her_the_times_that_suit_her_and_are_free_already(service, client_user):
    joined = join_now(client_user, service, parts={"mornings"})

    assert joined.created
    assert joined.free_now == [start for start in day_starts(service, DAY) if start.hour < 12]


def test_a_full_day_has_nothing_free_to_tell(service, full_day, client_user):
    assert join_now(client_user, service).free_now == []


def test_the_database_keeps_one_waiting_entry_per_client_and_service(service, client_user):
    entry = join_now(client_user, service).entry

    with pytest.raises(IntegrityError), transaction.atomic():
        Entry.objects.create(
            client=client_user,
            service=service,
            first_day=DAY,
            last_day=DAY,
            evenings=True,
            time_zone="Europe/London",
            joined_at=NOW,
            expires_at=entry.expires_at,
        )


def test_joining_again_after_her_last_day_starts_a_new_place_in_line(service, client_user):
    first = join_now(client_user, service).entry
    later = first.expires_at + timedelta(hours=1)
    next_day = DAY + timedelta(days=3)

    again = join_now(client_user, service, now=later, first_day=next_day, last_day=next_day)

    assert again.entry.pk == first.pk
    assert again.entry.joined_at == later


def test_after_leaving_she_may_join_again_as_new(service, client_user):
    first = join_now(client_user, service).entry
    entry_leave(entry=first, now=NOW + timedelta(minutes=1))

    again = join_now(client_user, service, now=NOW + timedelta(minutes=2))

    assert again.created
    assert again.entry.pk != first.pk
    with pytest.raises(InvalidState):
        entry_leave(entry=first, now=NOW + timedelta(minutes=3))
