"""Busy times from her calendars in the slot engine: a time she is busy is not offered, not held
and not moved to, and comes back when the event leaves her calendar. Read from the real local
server (tests/workplace/ics_server.py), with the real clock."""

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bookings import services
from bookings.errors import SlotUnavailable
from bookings.models import BusyTime
from bookings.selectors import offered_slots, reschedule_starts
from tests.workplace.ics_server import ics_server, make_calendar
from workplace.calendar_sync import Outcome, calendar_sync

__all__ = ["ics_server", "make_calendar"]  # fixtures

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def next_tuesday(now: datetime) -> date:
    """A Tuesday at least two days ahead (past the service's 24 hours' notice)."""
    day = now.astimezone(LONDON).date() + timedelta(days=2)
    return day + timedelta(days=(1 - day.weekday()) % 7)


def at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=LONDON).astimezone(UTC)


def page_starts(client, service, day: date) -> list[str]:
    page = client.get(f"/book/{service.slug}/?day={day.isoformat()}&tz=Europe/London")
    assert page.status_code == 200
    return re.findall(r'name="start" value="([^"]+)"', page.content.decode())


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture
def volunteering(ics_server, make_calendar):
    """Her Fastmail calendar: volunteering every Tuesday, 09:00-12:00 London."""
    return make_calendar(
        ics_server.serve("/anna.ics", fixture="tuesday_mornings.ics", etag='"v1"'),
        name="Personal (Fastmail)",
    )


def test_a_time_she_is_busy_leaves_the_slot_page_and_comes_back_when_the_event_is_removed(
    client, service, practice_details, volunteering, ics_server, now
):
    tuesday = next_tuesday(now)
    ten, two = iso(at(tuesday, 10)), iso(at(tuesday, 14))
    assert ten in page_starts(client, service, tuesday)

    assert calendar_sync(calendar_id=volunteering.pk, now=now).outcome == Outcome.UPDATED

    # The cached page is forgotten at once; nothing says why the morning is missing.
    starts = page_starts(client, service, tuesday)
    assert ten not in starts
    assert two in starts

    ics_server.serve("/anna.ics", fixture="tuesday_mornings_removed.ics", etag='"v2"')
    later = now + timedelta(minutes=5)
    assert calendar_sync(calendar_id=volunteering.pk, now=later).outcome == Outcome.UPDATED

    assert not BusyTime.objects.exists()
    assert ten in page_starts(client, service, tuesday)


def test_offered_slots_leave_out_busy_times_with_the_sessions_buffers(service, volunteering, now):
    tuesday = next_tuesday(now)
    calendar_sync(calendar_id=volunteering.pk, now=now)

    offered = offered_slots(service=service, now=now)

    # Busy 09:00-12:00; the session keeps 15 minutes free before and after it.
    assert at(tuesday, 9) not in offered
    assert at(tuesday, 11) not in offered
    assert at(tuesday, 12) not in offered  # its 15 minutes before fall in the busy time
    assert at(tuesday, 12) + timedelta(minutes=30) in offered
    assert at(tuesday, 8) not in offered  # before her hours anyway
    assert at(tuesday + timedelta(days=1), 10) in offered  # Wednesday is free


def test_a_switched_off_calendar_blocks_nothing(service, volunteering, now):
    tuesday = next_tuesday(now)
    calendar_sync(calendar_id=volunteering.pk, now=now)
    volunteering.active = False
    volunteering.save()

    assert at(tuesday, 10) in offered_slots(service=service, now=now)


def test_a_hold_at_a_busy_time_is_refused(service, client_user, volunteering, now):
    tuesday = next_tuesday(now)
    calendar_sync(calendar_id=volunteering.pk, now=now)

    with pytest.raises(SlotUnavailable):
        services.booking_hold(
            client=client_user,
            service=service,
            start=at(tuesday, 10),
            client_tz="Europe/London",
            now=now,
        )


def test_a_booking_cannot_be_moved_into_a_busy_time(
    service, client_user, make_booking, volunteering, now
):
    tuesday = next_tuesday(now)
    booking = make_booking(client=client_user, service=service, start=at(tuesday, 15))
    calendar_sync(calendar_id=volunteering.pk, now=now)

    targets = reschedule_starts(booking=booking, now=now)

    assert at(tuesday, 10) not in targets
    assert at(tuesday, 14) in targets


def test_the_slot_page_runs_as_many_queries_with_many_busy_times(
    client, service, practice_details, volunteering, now
):
    tuesday = next_tuesday(now)
    calendar_sync(calendar_id=volunteering.pk, now=now)
    path = f"/book/{service.slug}/?day={tuesday.isoformat()}&tz=Europe/London"

    def queries() -> int:
        from django.core.cache import cache

        cache.clear()  # measure the uncached page
        with CaptureQueriesContext(connection) as context:
            assert client.get(path).status_code == 200
        return len(context.captured_queries)

    few = queries()
    BusyTime.objects.bulk_create(
        BusyTime(
            calendar=volunteering,
            practitioner=volunteering.practitioner,
            start=at(tuesday, 7) + timedelta(days=day, minutes=minute),
            end=at(tuesday, 7) + timedelta(days=day, minutes=minute + 10),
        )
        for day in range(1, 40)
        for minute in (0, 20, 40)
    )

    assert queries() == few
