"""Her own calendars read into busy times (workplace/calendar_sync.py), from a real local HTTP
server serving Google-, Apple-, Outlook- and Fastmail-shaped files (tests/fixtures/ics/)."""

import logging
import threading
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db import connection

from bookings.models import BusyTime, ExternalCalendar
from practice.models import OutgoingEmail
from tests.workplace.ics_server import big_calendar, ics_fixture, ics_server, make_calendar
from workplace.calendar_reading import CalendarAddressError, address_masked, calendar_address_clean
from workplace.calendar_sync import Outcome, calendar_sync, sync_calendars

__all__ = ["ics_server", "make_calendar"]  # fixtures

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
MARCH = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)  # four weeks before the clocks go forward
OCTOBER = datetime(2026, 10, 1, 12, 0, tzinfo=UTC)  # four weeks before they go back


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def stored(calendar) -> list[tuple[datetime, datetime]]:
    return list(
        BusyTime.objects.filter(calendar=calendar).order_by("start").values_list("start", "end")
    )


def sync(calendar, now, **options):
    return calendar_sync(calendar_id=calendar.pk, now=now, **options)


# What each file says she is busy, in UTC, read from 1 March 2026 (60 days ahead).
GOOGLE_MARCH = [
    # Pilates, Tuesdays 09:00-10:30 London: 09:00 UTC in GMT...
    (utc("2026-03-03T09:00"), utc("2026-03-03T10:30")),
    (utc("2026-03-10T09:00"), utc("2026-03-10T10:30")),
    # The dentist, given in UTC (Z).
    (utc("2026-03-13T15:00"), utc("2026-03-13T16:00")),
    (utc("2026-03-17T09:00"), utc("2026-03-17T10:30")),
    (utc("2026-03-24T09:00"), utc("2026-03-24T10:30")),
    # ...08:00 UTC in BST from 29 March.
    (utc("2026-03-31T08:00"), utc("2026-03-31T09:30")),
    # 7 April is an EXDATE; 14 April was moved (RECURRENCE-ID) to Thursday 16th, 14:00 BST.
    (utc("2026-04-16T13:00"), utc("2026-04-16T14:30")),
    # The wedding, all day Friday 17 and Saturday 18 April: her local days, in BST.
    (utc("2026-04-16T23:00"), utc("2026-04-18T23:00")),
    (utc("2026-04-21T08:00"), utc("2026-04-21T09:30")),
    (utc("2026-04-28T08:00"), utc("2026-04-28T09:30")),
]


@pytest.fixture
def google(ics_server, make_calendar):
    return make_calendar(ics_server.serve("/google.ics", fixture="google.ics", etag='"g1"'))


def test_a_google_calendar_becomes_busy_times_with_its_exceptions_and_all_day_events(google):
    result = sync(google, MARCH)

    assert result.outcome == Outcome.UPDATED
    # Not there: the transparent reminder (11 March) and the cancelled haircut (12 March).
    assert stored(google) == GOOGLE_MARCH


def test_a_weekly_event_keeps_its_wall_clock_across_the_march_change(google):
    sync(google, MARCH)

    tuesdays = [start for start, _ in stored(google) if start.astimezone(LONDON).weekday() == 1]
    assert {start.astimezone(LONDON).strftime("%H:%M") for start in tuesdays} == {"09:00"}
    assert [start.hour for start in tuesdays] == [9, 9, 9, 9, 8, 8, 8]


def test_a_weekly_event_keeps_its_wall_clock_across_the_october_change(google):
    sync(google, OCTOBER)

    tuesdays = [start for start, _ in stored(google) if start.astimezone(LONDON).weekday() == 1]
    assert {start.astimezone(LONDON).strftime("%H:%M") for start in tuesdays} == {"09:00"}
    assert utc("2026-10-20T08:00") in tuesdays  # BST
    assert utc("2026-10-27T09:00") in tuesdays  # GMT, two days after the change
    assert [start.hour for start in tuesdays] == [8, 8, 8, 9, 9, 9, 9, 9, 9]


def test_events_in_another_zone_floating_times_and_durations_are_read(ics_server, make_calendar):
    apple = make_calendar(ics_server.serve("/apple.ics", fixture="apple.ics"), name="Family")

    sync(apple, MARCH)

    assert stored(apple) == [
        # 11:00 in New York, which changed its clocks on 8 March: 15:00 UTC, not 16:00.
        (utc("2026-03-17T15:00"), utc("2026-03-17T16:00")),
        # 08:00 New York for 45 minutes (DURATION, no DTEND).
        (utc("2026-03-19T12:00"), utc("2026-03-19T12:45")),
        # A floating 10:00 (no zone) is 10:00 on her clocks: 09:00 UTC in BST.
        (utc("2026-04-15T09:00"), utc("2026-04-15T10:00")),
    ]


def test_an_outlook_calendar_with_a_windows_zone_name_is_read(ics_server, make_calendar):
    outlook = make_calendar(ics_server.serve("/outlook.ics", fixture="outlook.ics"), name="Work")

    sync(outlook, MARCH)

    # "GMT Standard Time" (its own VTIMEZONE), weekly three times; the "Free" day blocks nothing.
    assert stored(outlook) == [
        (utc("2026-03-19T14:00"), utc("2026-03-19T15:00")),
        (utc("2026-03-26T14:00"), utc("2026-03-26T15:00")),
        (utc("2026-04-02T13:00"), utc("2026-04-02T14:00")),
    ]


def test_overlapping_events_are_kept_as_one_interval(ics_server, make_calendar):
    body = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Tests//EN\r\n"
        b"BEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20260101T000000Z\r\n"
        b"DTSTART:20260310T090000Z\r\nDTEND:20260310T100000Z\r\nEND:VEVENT\r\n"
        b"BEGIN:VEVENT\r\nUID:b\r\nDTSTAMP:20260101T000000Z\r\n"
        b"DTSTART:20260310T093000Z\r\nDTEND:20260310T110000Z\r\nEND:VEVENT\r\n"
        b"BEGIN:VEVENT\r\nUID:c\r\nDTSTAMP:20260101T000000Z\r\n"
        b"DTSTART:20260310T110000Z\r\nDTEND:20260310T113000Z\r\nEND:VEVENT\r\n"
        b"END:VCALENDAR\r\n"
    )
    calendar = make_calendar(ics_server.serve("/overlaps.ics", body))

    sync(calendar, MARCH)

    assert stored(calendar) == [(utc("2026-03-10T09:00"), utc("2026-03-10T11:30"))]


def test_a_rule_repeating_every_minute_forever_is_refused_quickly(google, ics_server):
    def every_minute():
        ics_server.serve(
            "/google.ics",
            b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Tests//EN\r\n"
            b"BEGIN:VEVENT\r\nUID:m\r\nDTSTAMP:20260101T000000Z\r\n"
            b"DTSTART:20260101T000000Z\r\nDURATION:PT1M\r\nRRULE:FREQ=MINUTELY\r\n"
            b"END:VEVENT\r\nEND:VCALENDAR\r\n",
        )

    _failing_read_keeps_the_rows(google, change=every_minute, expect="more than 10,000 events")


def test_busy_times_are_kept_only_for_the_booking_horizon(google, make_service):
    make_service("long-ahead", horizon_days=30)

    sync(google, MARCH)

    # Her longest horizon is 30 days from 1 March, plus a day: nothing in late April.
    last_start = stored(google)[-1][0]
    assert last_start == utc("2026-03-31T08:00")


def test_nothing_but_intervals_is_stored(ics_server, make_calendar):
    calendars = [
        make_calendar(ics_server.serve(f"/{name}.ics", fixture=f"{name}.ics"), name=name)
        for name in ("google", "apple", "outlook")
    ]
    for calendar in calendars:
        assert sync(calendar, MARCH).outcome == Outcome.UPDATED

    busy_fields = {field.name for field in BusyTime._meta.get_fields()}
    assert busy_fields == {"id", "start", "end", "calendar", "practitioner"}
    every_row = call_command_output("dumpdata")
    for text in (
        "Pilates",
        "Bring socks",
        "Harbour Studio",
        "Dentist",
        "Harbour Dental",
        "wedding",
        "Aunt Ruth",
        "Physio",
        "School assembly",
        "Call mum",
        "Haircut",
        "google.com",  # event UIDs
        "6F1C8A2E",
        "VEVENT",
    ):
        assert text not in every_row


def call_command_output(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_an_unchanged_calendar_answers_304_and_its_rows_stay(google, ics_server):
    ics_server.files["/google.ics"].last_modified = "Sun, 01 Mar 2026 11:59:00 GMT"
    sync(google, MARCH)
    rows = list(BusyTime.objects.filter(calendar=google).values_list("pk", flat=True))

    result = sync(google, MARCH + timedelta(minutes=5))

    sent = ics_server.requests_for("/google.ics")[-1]
    assert sent["If-None-Match"] == '"g1"'
    assert sent["If-Modified-Since"] == "Sun, 01 Mar 2026 11:59:00 GMT"
    assert result.outcome == Outcome.UNCHANGED
    assert list(BusyTime.objects.filter(calendar=google).values_list("pk", flat=True)) == rows
    google.refresh_from_db()
    assert google.last_success_at == MARCH + timedelta(minutes=5)


def test_on_a_new_day_the_whole_calendar_is_read_again_for_the_moved_window(google, ics_server):
    sync(google, MARCH)

    result = sync(google, MARCH + timedelta(days=4))

    # A 304 would keep the old window's busy times: no ETag is sent on a new day.
    assert "If-None-Match" not in ics_server.requests_for("/google.ics")[-1]
    assert result.outcome == Outcome.UPDATED
    assert stored(google)[0] == (utc("2026-03-10T09:00"), utc("2026-03-10T10:30"))
    assert stored(google)[-1] == (utc("2026-05-05T08:00"), utc("2026-05-05T09:30"))


def test_a_changed_calendar_replaces_its_busy_times(google, ics_server):
    sync(google, MARCH)
    ics_server.serve("/google.ics", fixture="outlook.ics", etag='"g2"')

    result = sync(google, MARCH + timedelta(minutes=5))

    assert result.outcome == Outcome.UPDATED
    assert stored(google)[0] == (utc("2026-03-19T14:00"), utc("2026-03-19T15:00"))
    assert len(stored(google)) == 3


def _failing_read_keeps_the_rows(calendar, *, change, expect: str):
    """Read `calendar` well on 1 March, `change()` what its server sends, read it a day later:
    the read fails with `expect` in its message and the busy times of 1 March stay."""
    later = MARCH + timedelta(days=1)
    sync(calendar, MARCH)
    change()

    result = sync(calendar, later)

    calendar.refresh_from_db()
    assert result.outcome == Outcome.FAILED
    assert stored(calendar) == GOOGLE_MARCH
    assert expect in calendar.last_error
    assert calendar.failing_since == later
    assert calendar.last_success_at == MARCH
    assert calendar.url not in calendar.last_error
    return calendar


def test_a_server_slower_than_the_timeout_keeps_the_last_good_busy_times(google, ics_server):
    def slow():
        ics_server.files["/google.ics"].delay = settings.CALENDAR_READ_TIMEOUT + 2

    _failing_read_keeps_the_rows(google, change=slow, expect="took too long")


@pytest.mark.parametrize("announced", [True, False], ids=["content-length", "streamed"])
def test_a_10_mb_file_is_refused_and_the_last_good_busy_times_stay(google, ics_server, announced):
    def huge():
        ics_server.serve("/google.ics", big_calendar(10 * 1024 * 1024), content_length=announced)

    _failing_read_keeps_the_rows(google, change=huge, expect="larger than 5 MB")


def test_a_broken_file_is_refused_and_the_last_good_busy_times_stay(google, ics_server):
    def broken():
        ics_server.serve("/google.ics", fixture="broken.ics")

    _failing_read_keeps_the_rows(google, change=broken, expect="not a calendar")


def test_a_sign_in_page_instead_of_a_calendar_is_refused(google, ics_server):
    def sign_in_page():
        ics_server.serve("/google.ics", b"<!doctype html><title>Sign in</title><p>Sign in</p>")

    _failing_read_keeps_the_rows(google, change=sign_in_page, expect="not a calendar")


def test_an_address_that_is_gone_says_to_paste_a_new_one(google, ics_server):
    def gone():
        del ics_server.files["/google.ics"]

    _failing_read_keeps_the_rows(google, change=gone, expect="error 404")


def test_a_server_error_is_told_plainly(google, ics_server):
    def error():
        ics_server.serve("/google.ics", b"oops", status=503)

    _failing_read_keeps_the_rows(google, change=error, expect="error 503")


def test_a_server_that_cannot_be_reached_is_told_plainly(make_calendar):
    with socket_closed_port() as port:
        calendar = make_calendar(f"http://127.0.0.1:{port}/cal.ics")
        result = sync(calendar, MARCH)

    assert result.outcome == Outcome.FAILED
    assert "could not be reached" in result.error


class socket_closed_port:
    """A port on 127.0.0.1 that nothing listens on."""

    def __enter__(self):
        import socket

        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        return self.socket.getsockname()[1]  # bound, not listening: connections are refused

    def __exit__(self, *exc):
        self.socket.close()


def test_neither_the_address_nor_event_content_is_logged(google, ics_server, caplog):
    caplog.set_level(logging.DEBUG)
    sync(google, MARCH)
    ics_server.serve("/google.ics", fixture="broken.ics")
    sync(google, MARCH + timedelta(days=1))
    del ics_server.files["/google.ics"]
    sync(google, MARCH + timedelta(days=2))

    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "calendar" in logged.lower()  # the failures were logged...
    assert "/google.ics" not in logged  # ...without the secret address
    assert "127.0.0.1" not in logged
    assert "Pilates" not in logged
    assert "2026-03-10 09:00" not in logged


@pytest.mark.django_db(transaction=True)  # the task worker needs real commits
def test_failing_for_an_hour_e_mails_her_once(google, ics_server, practitioner, run_worker):
    sync(google, MARCH)
    del ics_server.files["/google.ics"]
    first_failure = MARCH + timedelta(minutes=5)

    for minutes in (0, 30, 55):
        sync(google, first_failure + timedelta(minutes=minutes))
    assert not OutgoingEmail.objects.exists()

    for minutes in (60, 65, 120, 600):
        sync(google, first_failure + timedelta(minutes=minutes))

    run_worker()
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [practitioner.user.email]
    assert "“Personal (Google)” cannot be read" in email.subject
    assert "error 404" in email.body
    assert "Sun 1 Mar 2026, 12:05" in email.body  # failing since, on her clocks
    assert "/admin/bookings/externalcalendar/" in email.body
    assert "google.ics" not in email.body
    google.refresh_from_db()
    assert google.failure_notified_at == first_failure + timedelta(minutes=60)


def test_a_success_resets_the_failure_and_a_new_spell_gets_its_own_e_mail(google, ics_server):
    sync(google, MARCH)
    del ics_server.files["/google.ics"]
    sync(google, MARCH + timedelta(minutes=5))
    sync(google, MARCH + timedelta(minutes=65))
    assert OutgoingEmail.objects.count() == 1

    ics_server.serve("/google.ics", fixture="google.ics")
    assert sync(google, MARCH + timedelta(minutes=70)).outcome in (
        Outcome.UPDATED,
        Outcome.UNCHANGED,
    )
    google.refresh_from_db()
    assert (google.last_error, google.failing_since, google.failure_notified_at) == ("", None, None)

    del ics_server.files["/google.ics"]
    sync(google, MARCH + timedelta(minutes=75))
    sync(google, MARCH + timedelta(minutes=120))
    assert OutgoingEmail.objects.count() == 1
    sync(google, MARCH + timedelta(minutes=135))
    assert OutgoingEmail.objects.count() == 2


@pytest.mark.django_db(transaction=True)  # the task worker needs real commits
def test_the_periodic_job_reads_every_active_calendar_and_one_failing_stops_no_other(
    ics_server, make_calendar, run_worker
):
    broken = make_calendar(ics_server.url("/gone.ics"), name="Old")
    good = make_calendar(ics_server.serve("/ok.ics", fixture="tuesday_mornings.ics"), name="Work")
    paused = make_calendar(ics_server.serve("/off.ics", fixture="apple.ics"), active=False)

    sync_calendars.enqueue()
    run_worker()

    broken.refresh_from_db()
    good.refresh_from_db()
    assert "error 404" in broken.last_error
    assert good.last_success_at is not None
    assert BusyTime.objects.filter(calendar=good).exists()
    assert ics_server.requests_for("/off.ics") == []
    assert not BusyTime.objects.filter(calendar=paused).exists()


def test_the_job_runs_every_five_minutes():
    assert ("workplace.calendar_sync.sync_calendars", 300) in settings.PERIODIC_TASKS


def test_a_calendar_read_moments_ago_is_left_to_that_reader(google, ics_server):
    sync(google, MARCH)

    result = sync(google, MARCH + timedelta(seconds=30))

    assert result.outcome == Outcome.BUSY
    assert len(ics_server.requests_for("/google.ics")) == 1
    assert sync(google, MARCH + timedelta(seconds=30), force=True).outcome == Outcome.UNCHANGED


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_read_a_calendar_once(google, ics_server):
    ics_server.serve("/google.ics", fixture="google.ics", delay=0.5)
    outcomes = []

    def worker():
        try:
            outcomes.append(sync(google, MARCH).outcome)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == sorted([Outcome.UPDATED, Outcome.BUSY])
    assert len(ics_server.requests_for("/google.ics")) == 1
    assert stored(google) == GOOGLE_MARCH


def test_a_deleted_calendar_takes_its_busy_times_with_it(google):
    sync(google, MARCH)

    ExternalCalendar.objects.filter(pk=google.pk).delete()

    assert not BusyTime.objects.exists()


@pytest.mark.parametrize(
    ("given", "read"),
    [
        (
            "webcal://p12-caldav.icloud.com/published/2/abc",
            "https://p12-caldav.icloud.com/published/2/abc",
        ),
        ("  https://calendar.google.com/x/basic.ics ", "https://calendar.google.com/x/basic.ics"),
        ("http://127.0.0.1:8001/c.ics", "http://127.0.0.1:8001/c.ics"),
    ],
)
def test_webcal_addresses_are_read_over_https(given, read):
    assert calendar_address_clean(given) == read


@pytest.mark.parametrize(
    "given", ["ftp://example.com/c.ics", "file:///etc/passwd", "calendar.ics", "https://", ""]
)
def test_addresses_other_than_http_https_and_webcal_are_refused(given):
    with pytest.raises(CalendarAddressError):
        calendar_address_clean(given)


def test_a_masked_address_shows_only_its_host():
    masked = address_masked("https://calendar.google.com/calendar/ical/secret123/basic.ics")

    assert masked == "calendar.google.com/… (hidden)"


def test_the_fixtures_are_real_world_shaped():
    # Guard the fixtures themselves: each names the software that wrote it.
    assert b"Google Calendar" in ics_fixture("google.ics")
    assert b"Apple Inc." in ics_fixture("apple.ics")
    assert b"Microsoft Exchange" in ics_fixture("outlook.ics")
    assert b"Fastmail" in ics_fixture("tuesday_mornings.ics")
