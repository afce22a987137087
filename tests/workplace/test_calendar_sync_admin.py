"""Her calendars in the admin (workplace/calendar_admin.py) and on the dashboard: adding one reads
it at once, the private address is never shown again, "Check now", and a failing calendar's
error and last read on the admin's index."""

import re
from datetime import timedelta

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse

from bookings.models import BusyTime, ExternalCalendar
from tests.workplace.ics_server import ics_fixture, ics_server, make_calendar
from workplace.calendar_sync import calendar_sync

__all__ = ["ics_server", "make_calendar"]  # fixtures

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:bookings_externalcalendar_changelist"
SECRET = "/calendar/ical/anna%40example.com/private-5f3c9d0e1a/basic.ics"


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def served(ics_server):
    """Her Fastmail calendar's private address on the local server."""
    return ics_server.serve(SECRET, fixture="tuesday_mornings.ics")


def test_adding_a_calendar_reads_it_at_once_and_says_so(desk, served, practitioner):
    response = desk.post(
        reverse("admin:bookings_externalcalendar_add"),
        {"name": "Personal", "url": served, "active": "on"},
        follow=True,
    )

    calendar = ExternalCalendar.objects.get()
    assert calendar.practitioner == practitioner  # hers, without asking
    assert calendar.last_success_at is not None
    count = BusyTime.objects.filter(calendar=calendar).count()
    assert count > 0
    assert messages_of(response) == [
        'Your calendar “<a href="{}">Personal</a>” was added successfully.'.format(
            reverse("admin:bookings_externalcalendar_change", args=[calendar.pk])
        ),
        f"“Personal” was read just now: {count} busy times in the coming weeks block your hours.",
    ]


def test_a_webcal_address_is_kept_as_https(desk):
    # Not switched on, so not read (the address is not on the local server).
    response = desk.post(
        reverse("admin:bookings_externalcalendar_add"),
        {"name": "Family", "url": "webcal://p12-caldav.icloud.com/published/2/MTIz"},
    )

    assert response.status_code == 302
    assert ExternalCalendar.objects.get().url == "https://p12-caldav.icloud.com/published/2/MTIz"


@pytest.mark.parametrize("address", ["ftp://example.com/cal.ics", "my calendar", "file:///etc"])
def test_an_address_that_is_not_a_web_address_is_refused_clearly(desk, address):
    response = desk.post(
        reverse("admin:bookings_externalcalendar_add"), {"name": "Personal", "url": address}
    )

    assert response.status_code == 200
    assert "starts with https://, http:// or webcal://" in response.content.decode()
    assert not ExternalCalendar.objects.exists()


def test_a_calendar_that_cannot_be_read_is_added_and_the_reason_told(desk, ics_server):
    response = desk.post(
        reverse("admin:bookings_externalcalendar_add"),
        {"name": "Old", "url": ics_server.url("/nothing-here.ics"), "active": "on"},
        follow=True,
    )

    message = messages_of(response)[-1]
    assert message.startswith("“Old” could not be read: Its server no longer recognises")
    assert "Nothing from it blocks your hours yet." in message
    assert "/nothing-here.ics" not in response.content.decode()


def test_the_list_shows_state_and_busy_times_ahead_but_never_the_address(
    desk, served, make_calendar, now
):
    calendar = make_calendar(served)
    calendar_sync(calendar_id=calendar.pk, now=now)
    count = BusyTime.objects.filter(calendar=calendar, end__gt=now).count()

    page = desk.get(reverse(CHANGELIST)).content.decode()

    assert "127.0.0.1/… (hidden)" in page
    assert "private-5f3c9d0e1a" not in page
    assert "Read at " in page
    assert f'<td class="field-busy_ahead">{count}</td>' in page


def test_the_edit_page_never_prints_the_address_and_an_empty_field_keeps_it(
    desk, served, make_calendar, ics_server
):
    calendar = make_calendar(served)
    change = reverse("admin:bookings_externalcalendar_change", args=[calendar.pk])

    page = desk.get(change).content.decode()
    assert "private-5f3c9d0e1a" not in page
    assert "Now: 127.0.0.1/… (hidden)" in page
    assert "Google Calendar" in page  # where to find the address
    response = desk.post(change, {"name": "Personal (Fastmail)", "url": "", "active": "on"})

    assert response.status_code == 302
    assert ics_server.requests_for(SECRET) == []  # the same address: not read again here
    calendar.refresh_from_db()
    assert calendar.url == served
    assert calendar.name == "Personal (Fastmail)"


def test_check_now_reads_the_calendar_and_reports(desk, served, make_calendar, ics_server):
    calendar = make_calendar(served)
    check = reverse("admin:bookings_externalcalendar_check", args=[calendar.pk])

    response = desk.post(check, follow=True)

    assert len(ics_server.requests_for(SECRET)) == 1
    assert "was read just now" in messages_of(response)[0]
    assert response.redirect_chain[-1][0] == reverse(
        "admin:bookings_externalcalendar_change", args=[calendar.pk]
    )
    assert f'action="{check}"' in response.content.decode()  # the button


@pytest.mark.django_db(transaction=True)  # the task worker needs real commits
def test_a_large_calendar_is_left_to_the_worker_and_she_is_told(
    desk, make_calendar, ics_server, run_worker
):
    # Her weekly Tuesdays after years of past events: over the admin's 512 KB.
    weekly = ics_fixture("tuesday_mornings.ics")
    past = b"".join(
        b"BEGIN:VEVENT\r\nUID:%d@x\r\nDTSTAMP:20200101T000000Z\r\n"
        b"DTSTART:20200101T090000Z\r\nDTEND:20200101T100000Z\r\nSUMMARY:%s\r\n"
        b"END:VEVENT\r\n" % (number, b"x" * 70)
        for number in range(3500)
    )
    big = weekly.replace(b"END:VCALENDAR", past + b"END:VCALENDAR")
    assert len(big) > 512 * 1024
    calendar = make_calendar(ics_server.serve("/big.ics", big))

    response = desk.post(
        reverse("admin:bookings_externalcalendar_check", args=[calendar.pk]), follow=True
    )

    assert "is being read in the background" in messages_of(response)[0]
    assert not BusyTime.objects.exists()
    run_worker()
    calendar.refresh_from_db()
    assert calendar.last_success_at is not None
    assert BusyTime.objects.filter(calendar=calendar).exists()


def test_check_now_only_by_post(desk, served, make_calendar, ics_server):
    calendar = make_calendar(served)

    response = desk.get(reverse("admin:bookings_externalcalendar_check", args=[calendar.pk]))

    assert response.status_code == 405
    assert ics_server.requests_for(SECRET) == []


def test_check_now_as_a_list_action(desk, served, make_calendar, ics_server):
    first = make_calendar(served, name="One")
    second = make_calendar(ics_server.url("/gone.ics"), name="Two")

    response = desk.post(
        reverse(CHANGELIST),
        {"action": "check_now", "_selected_action": [first.pk, second.pk]},
        follow=True,
    )

    said = messages_of(response)
    assert said[0].startswith("“One” was read just now")
    assert said[1].startswith("“Two” could not be read")


def test_check_now_needs_staff(client, served, make_calendar, ics_server):
    calendar = make_calendar(served)

    response = client.post(reverse("admin:bookings_externalcalendar_check", args=[calendar.pk]))

    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert ics_server.requests_for(SECRET) == []


def test_busy_times_cannot_be_edited_in_the_admin():
    assert BusyTime not in admin.site._registry
    with pytest.raises(NoReverseMatch):
        reverse("admin:bookings_busytime_changelist")


def test_the_dashboard_shows_a_failing_calendar_with_its_error_and_last_read(
    desk, served, make_calendar, ics_server, now
):
    calendar = make_calendar(served, name="Personal (Fastmail)")
    calendar_sync(calendar_id=calendar.pk, now=now - timedelta(hours=2))
    del ics_server.files[SECRET]
    calendar_sync(calendar_id=calendar.pk, now=now - timedelta(hours=1))
    calendar.refresh_from_db()

    page = desk.get(reverse("admin:index")).content.decode()

    assert "A calendar that cannot be read" in page
    assert "Personal (Fastmail)</a>: Its server no longer recognises this address" in page
    assert "Last read " in page
    assert "private-5f3c9d0e1a" not in page


def test_the_dashboard_says_quietly_when_the_calendars_were_read(desk, served, make_calendar, now):
    calendar = make_calendar(served)
    calendar_sync(calendar_id=calendar.pk, now=now)

    page = desk.get(reverse("admin:index")).content.decode()

    assert "cannot be read" not in page
    local = now.astimezone(calendar.practitioner.tz)
    assert f"Your calendar synced at {local:%H:%M}." in page


def test_the_dashboard_says_nothing_about_calendars_she_has_not_added(desk):
    page = desk.get(reverse("admin:index")).content.decode()

    assert "synced at" not in page
    assert "cannot be read" not in page


def test_each_read_of_a_calendar_shows_on_the_desk_from_its_cache_at_once(
    desk, served, make_calendar, ics_server, now, django_assert_num_queries
):
    """The calendars' line is kept in the cache; a successful read is a bulk update (no
    signal), which forgets it as a save would: failing, working again, the new time."""

    def desk_page():
        return desk.get(reverse("admin:index")).content.decode()

    calendar = make_calendar(served, name="Personal (Fastmail)")
    tz = calendar.practitioner.tz
    calendar_sync(calendar_id=calendar.pk, now=now - timedelta(minutes=20))
    earlier = (now - timedelta(minutes=20)).astimezone(tz)
    # Its day is named when that was yesterday (in the 20 minutes after her midnight).
    day = "" if earlier.date() == now.astimezone(tz).date() else f"{earlier:%a} {earlier.day} "
    assert re.search(rf"synced at ({day}\w+ \d{{4}}, )?{earlier:%H:%M}\.", desk_page())
    body = ics_server.files.pop(SECRET)
    calendar_sync(calendar_id=calendar.pk, now=now - timedelta(minutes=10))
    assert "cannot be read" in desk_page()
    ics_server.files[SECRET] = body

    calendar_sync(calendar_id=calendar.pk, now=now)

    page = desk_page()
    assert "cannot be read" not in page
    assert f"Your calendar synced at {now.astimezone(tz):%H:%M}." in page
    # From the cache: her session's user and her practitioner row only.
    with django_assert_num_queries(2):
        assert f"synced at {now.astimezone(tz):%H:%M}." in desk_page()
