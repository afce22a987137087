"""The minute's list of free times is kept in the process (bookings.selectors.offered_times):
every slot page in that minute shares it without reading it from the cache again, and a booking
or a new minute gives a new one."""

import pytest
from django.utils import timezone

from bookings.selectors import offered_times
from tests.cache_reads import count_reads

pytestmark = pytest.mark.django_db


@pytest.fixture
def list_reads(monkeypatch):
    """The minutes' lists the shared cache is asked for."""
    return count_reads(monkeypatch, "get", lambda key: key.startswith("slots:v2:"))


def test_the_minutes_list_is_read_from_the_cache_once_in_the_process(service, list_reads):
    now = timezone.now().replace(second=5)
    first = offered_times(service=service, now=now)

    later = offered_times(service=service, now=now.replace(second=50))

    assert len(list_reads) == 1
    assert later.starts == [
        s for s in first.starts if s >= now.replace(second=50) + service.rules.min_notice
    ]


def test_a_booking_or_the_next_minute_gives_a_new_list(
    service, make_booking, client_user, list_reads
):
    now = timezone.now().replace(second=5)
    first = offered_times(service=service, now=now)
    taken = first.starts[0]

    make_booking(client=client_user, service=service, start=taken, status="confirmed")
    after = offered_times(service=service, now=now)
    next_minute = offered_times(service=service, now=now + timezone.timedelta(minutes=1))

    assert taken not in after.starts
    assert after.fingerprint != first.fingerprint
    assert len(list_reads) == 3
    assert len(set(list_reads)) == 3
    assert next_minute.starts
