"""Finding freed times: whatever frees a time that suits someone waiting (a cancellation, a hold
that ran out, time off removed, a busy event gone from her calendar) leads to an offer; times
free already when she joined, or only just come into sight, do not."""

from datetime import timedelta

import pytest

from bookings import services
from bookings.models import BusyTime, ExternalCalendar, TimeOff
from bookings.policy import Actor
from tests.waitlist.conftest import DAY, NOW, day_starts, sent_to
from waitlist.models import Entry, FreedTime, SeenFree
from waitlist.watching import entries_expire

pytestmark = pytest.mark.django_db

MINUTE = timedelta(minutes=1)


def at(hour: int, minute: int = 0):
    return NOW.replace(day=DAY.day, hour=hour, minute=minute)


def test_a_cancelled_booking_frees_its_time(service, full_day, waiting, join, look):
    join(waiting[0])
    assert look(now=NOW + MINUTE) == []
    booking = full_day[sorted(full_day)[3]]

    services.booking_cancel(booking=booking, by=Actor.PRACTITIONER, now=NOW + 2 * MINUTE)
    [offer] = look(now=NOW + 3 * MINUTE)

    assert offer.booking.start == booking.start
    assert offer.entry.client == waiting[0]


def test_a_hold_that_ran_out_frees_its_time(service, full_day, waiting, other_client, join, look):
    start = sorted(full_day)[2]
    services.booking_cancel(booking=full_day[start], by=Actor.CLIENT, now=NOW)
    held = services.booking_hold(
        client=other_client, service=service, start=start, client_tz="Europe/London", now=NOW
    )
    join(waiting[0], now=NOW + MINUTE)
    assert look(now=NOW + 2 * MINUTE) == []

    # Not even marked expired yet: a hold past its expiry frees its time at once.
    [offer] = look(now=held.hold_expires_at)

    assert offer.booking.start == start
    assert offer.entry.client == waiting[0]


def test_time_off_removed_frees_its_times(service, practitioner, waiting, join, look):
    time_off = TimeOff.objects.create(practitioner=practitioner, start=at(12), end=at(17))
    free_before = set(day_starts(service, DAY))
    join(waiting[0])
    join(waiting[1], now=NOW + MINUTE)
    assert look(now=NOW + 2 * MINUTE) == []

    time_off.delete()
    freed = set(day_starts(service, DAY)) - free_before
    offers = look(now=NOW + 3 * MINUTE)

    assert [offer.entry.client for offer in offers] == waiting[:2]
    starts = [offer.booking.start for offer in offers]
    assert starts[0] == min(freed)
    assert set(starts) <= freed


def test_a_busy_event_gone_from_her_calendar_frees_its_time(
    service, practitioner, waiting, join, look
):
    calendar = ExternalCalendar.objects.create(
        practitioner=practitioner, name="Personal", url="https://calendar.example/private.ics"
    )
    busy = BusyTime.objects.create(
        calendar=calendar, practitioner=practitioner, start=at(10), end=at(11)
    )
    free_before = set(day_starts(service, DAY))
    join(waiting[0], parts={"mornings"})
    assert look(now=NOW + MINUTE) == []

    busy.delete()
    [offer] = look(now=NOW + 2 * MINUTE)

    assert offer.booking.start not in free_before
    assert at(9) <= offer.booking.start < at(12)


def test_times_free_when_she_joined_are_not_offered(service, waiting, join, look):
    join(waiting[0])
    free = set(day_starts(service, DAY))

    assert free  # a day with free times: she can book those herself
    assert look(now=NOW + MINUTE) == []
    assert look(now=NOW + 2 * MINUTE) == []
    assert set(SeenFree.objects.values_list("start", flat=True)) == free
    assert sent_to(waiting[0].email) == []


def test_a_time_taken_and_freed_again_counts_as_freed(service, waiting, other_client, join, look):
    join(waiting[0])
    start = day_starts(service, DAY)[0]  # free when she joined
    booking = services.booking_hold(
        client=other_client, service=service, start=start, client_tz="Europe/London", now=NOW
    )
    assert look(now=NOW + MINUTE) == []  # taken: forgotten as free

    services.booking_cancel(booking=booking, by=Actor.CLIENT, now=NOW + 2 * MINUTE)
    [offer] = look(now=NOW + 3 * MINUTE)

    assert offer.booking.start == start


def test_times_just_come_into_sight_are_not_offered(service, waiting, join, look):
    # Her days run past the booking horizon: each day, a day more of them comes into sight.
    join(waiting[0], first_day=DAY, last_day=DAY + timedelta(days=89))
    assert look(now=NOW + MINUTE) == []

    assert look(now=NOW + timedelta(days=1)) == []
    assert look(now=NOW + timedelta(days=2)) == []

    assert FreedTime.objects.count() == 0


def test_a_second_look_offers_nothing_new(service, full_day, waiting, join, look):
    join(waiting[0])
    services.booking_cancel(
        booking=full_day[sorted(full_day)[0]], by=Actor.CLIENT, now=NOW + MINUTE
    )

    assert len(look(now=NOW + 2 * MINUTE)) == 1
    assert look(now=NOW + 2 * MINUTE) == []
    assert look(now=NOW + 3 * MINUTE) == []
    assert FreedTime.objects.count() == 1
    assert len(sent_to(waiting[0].email)) == 1


def test_entries_end_after_their_last_day(service, waiting, join):
    entry = join(waiting[0])
    end_of_day = entry.expires_at

    assert entries_expire(now=end_of_day - MINUTE) == 0
    assert entries_expire(now=end_of_day) == 1

    entry.refresh_from_db()
    assert entry.status == Entry.Status.EXPIRED
    assert entry.ended_at == end_of_day


def test_the_job_watches_the_services_someone_waits_for_while_they_can_be_booked(
    service, make_service, waiting, join
):
    from waitlist.watching import watched_services

    make_service("follow-up")  # nobody waits for it
    join(waiting[0])

    assert watched_services(now=NOW) == [service]
    assert watched_services(now=Entry.objects.get().expires_at) == []
    service.active = False
    service.save()
    assert watched_services(now=NOW) == []
