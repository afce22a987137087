"""Time off and extra hours, added, changed and deleted from the calendar: on her clocks, across
DST, refusing bad input without writing anything, and what clients can book follows at once."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from bookings.models import Booking, BusyTime, ExternalCalendar, ExtraAvailability, TimeOff
from bookings.selectors import offered_slots
from workplace.calendar import DASH

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
CALENDAR = "/admin/bookings/booking/calendar/"
EXTRA_ADD = "/admin/bookings/booking/calendar/extra/add/"


def local(moment: datetime) -> str:
    """A UTC instant as the form's datetime-local value in London."""
    return moment.astimezone(LONDON).strftime("%Y-%m-%dT%H:%M")


def time_off_edit(time_off) -> str:
    return reverse("admin:bookings_booking_time_off_edit", args=[time_off.pk])


def extra_edit(extra) -> str:
    return reverse("admin:bookings_booking_extra_edit", args=[extra.pk])


@pytest.fixture
def day(now):
    """A day ten days ahead (inside the booking horizon, past the notice), in London."""
    return (now + timedelta(days=10)).astimezone(LONDON).date()


def offered_between(service, now, start, end) -> list[datetime]:
    return [s for s in offered_slots(service=service, now=now) if start <= s < end]


# The URLs are the calendar's contract ----------------------------------------------------------


def test_the_entry_pages_have_their_admin_names():
    assert reverse("admin:bookings_booking_time_off_edit", args=[7]) == (
        "/admin/bookings/booking/calendar/time-off/7/"
    )
    assert reverse("admin:bookings_booking_time_off_delete", args=[7]) == (
        "/admin/bookings/booking/calendar/time-off/7/delete/"
    )
    assert reverse("admin:bookings_booking_extra_add") == EXTRA_ADD
    assert reverse("admin:bookings_booking_extra_edit", args=[7]) == (
        "/admin/bookings/booking/calendar/extra/7/"
    )
    assert reverse("admin:bookings_booking_extra_delete", args=[7]) == (
        "/admin/bookings/booking/calendar/extra/7/delete/"
    )


# Extra hours -----------------------------------------------------------------------------------


def test_extra_hours_added_from_the_calendar_open_an_evening_to_clients(
    desk, practitioner, service, london, now, day
):
    evening = (london(day.isoformat(), 18), london(day.isoformat(), 21))
    assert offered_between(service, now, *evening) == []

    response = desk.post(
        EXTRA_ADD, {"start": f"{day}T18:00", "end": f"{day}T21:00", "note": "Clients abroad"}
    )

    extra = ExtraAvailability.objects.get()
    assert (extra.start, extra.end) == evening
    assert (extra.practitioner, extra.note) == (practitioner, "Clients abroad")
    assert response.status_code == 302
    assert response["Location"] == f"{CALENDAR}?date={day.isoformat()}"
    assert offered_between(service, now, *evening) != []


def test_the_extra_hours_form_starts_on_the_evening_of_the_day_she_was_looking_at(desk):
    calendar = desk.get(CALENDAR, {"date": "2026-07-04"})
    response = desk.get(calendar.context["extra_url"])

    text = response.content.decode()
    assert 'value="2026-07-04T18:00"' in text
    assert 'value="2026-07-04T20:00"' in text
    assert "London (United Kingdom, UTC+1)" in text  # the offset of that day, not today's


def test_moving_extra_hours_moves_what_clients_can_book(
    desk, practitioner, service, london, now, day
):
    tuesday, wednesday = day, day + timedelta(days=1)
    extra = ExtraAvailability.objects.create(
        practitioner=practitioner,
        start=london(tuesday.isoformat(), 18),
        end=london(tuesday.isoformat(), 21),
    )
    old = (extra.start, extra.end)
    new = (london(wednesday.isoformat(), 18), london(wednesday.isoformat(), 21))
    assert offered_between(service, now, *old) != []

    response = desk.post(
        extra_edit(extra), {"start": f"{wednesday}T18:00", "end": f"{wednesday}T21:00"}
    )

    assert response.status_code == 302
    extra.refresh_from_db()
    assert (extra.start, extra.end) == new
    assert offered_between(service, now, *old) == []
    assert offered_between(service, now, *new) != []


def test_deleting_extra_hours_asks_first_then_closes_them_and_keeps_sessions_booked(
    desk, practitioner, service, make_booking, client_user, london, now, day
):
    extra = ExtraAvailability.objects.create(
        practitioner=practitioner,
        start=london(day.isoformat(), 18),
        end=london(day.isoformat(), 21),
    )
    session = make_booking(
        client=client_user, service=service, start=london(day.isoformat(), 18, 30)
    )
    delete = reverse("admin:bookings_booking_extra_delete", args=[extra.pk])

    asked = desk.get(delete)

    assert asked.status_code == 200
    text = asked.content.decode()
    assert "Clients will no longer be able to book this time." in text
    assert "they stay booked" in text
    assert "Maya Jones" in text
    assert ExtraAvailability.objects.count() == 1

    response = desk.post(delete)

    assert response.status_code == 302
    assert response["Location"] == f"{CALENDAR}?date={day.isoformat()}"
    assert ExtraAvailability.objects.count() == 0
    assert Booking.objects.get(pk=session.pk).status == Booking.Status.CONFIRMED
    assert offered_between(service, now, extra.start, extra.end) == []


# Time off --------------------------------------------------------------------------------------


def test_changing_time_off_from_the_calendar_frees_the_old_time_and_blocks_the_new(
    desk, practitioner, service, london, now, day
):
    time_off = TimeOff.objects.create(
        practitioner=practitioner,
        start=london(day.isoformat(), 9),
        end=london(day.isoformat(), 13),
        reason="Dentist",
    )
    morning = (time_off.start, time_off.end)
    afternoon = (london(day.isoformat(), 13), london(day.isoformat(), 17))
    assert offered_between(service, now, *morning) == []
    assert offered_between(service, now, *afternoon) != []

    page = desk.get(time_off_edit(time_off)).content.decode()
    assert f'value="{day}T09:00"' in page
    assert 'value="Dentist"' in page

    response = desk.post(
        time_off_edit(time_off),
        {"start": f"{day}T13:00", "end": f"{day}T17:00", "reason": "Dentist, moved"},
        follow=True,
    )

    time_off.refresh_from_db()
    assert (time_off.start, time_off.end, time_off.reason) == (*afternoon, "Dentist, moved")
    assert offered_between(service, now, *morning) != []
    assert offered_between(service, now, *afternoon) == []
    messages = [str(m) for m in response.context["messages"]]
    assert any(m.startswith("Time off changed:") for m in messages)


def test_changing_time_off_over_a_confirmed_session_warns_and_changes_nothing(
    desk, practitioner, paid_booking, refund_requests
):
    time_off = TimeOff.objects.create(
        practitioner=practitioner,
        start=paid_booking.end + timedelta(hours=1),
        end=paid_booking.end + timedelta(hours=3),
    )
    before = (time_off.start, time_off.end)

    response = desk.post(
        time_off_edit(time_off),
        {"start": local(paid_booking.start), "end": local(time_off.end), "reason": "Away"},
    )

    assert response.status_code == 200
    text = response.content.decode()
    assert "1 session already booked in this time" in text
    assert f'data-booking="{paid_booking.reference}"' in text
    assert "Maya Jones" in text
    assert "Save the change, cancel this session and tell the client" in text
    assert "Save the change but keep this session" in text
    time_off.refresh_from_db()
    assert ((time_off.start, time_off.end), time_off.reason) == (before, "")
    paid_booking.refresh_from_db()
    assert paid_booking.status == Booking.Status.CONFIRMED
    assert refund_requests() == []


def test_keeping_the_session_saves_the_change_and_the_session_stays(
    desk, practitioner, paid_booking, refund_requests
):
    time_off = TimeOff.objects.create(
        practitioner=practitioner,
        start=paid_booking.end + timedelta(hours=1),
        end=paid_booking.end + timedelta(hours=3),
    )

    desk.post(
        time_off_edit(time_off),
        {
            "start": local(paid_booking.start),
            "end": local(time_off.end),
            "overlap": "keep",
            "seen": [paid_booking.reference],
        },
    )

    time_off.refresh_from_db()
    assert time_off.start == paid_booking.start
    paid_booking.refresh_from_db()
    assert paid_booking.status == Booking.Status.CONFIRMED
    assert refund_requests() == []


def test_a_session_kept_inside_time_off_is_not_asked_about_again(desk, practitioner, paid_booking):
    time_off = TimeOff.objects.create(
        practitioner=practitioner,
        start=paid_booking.start - timedelta(hours=1),
        end=paid_booking.end + timedelta(hours=1),
    )

    response = desk.post(
        time_off_edit(time_off),
        {"start": local(time_off.start), "end": local(time_off.end), "reason": "Course"},
    )

    assert response.status_code == 302
    time_off.refresh_from_db()
    assert time_off.reason == "Course"


def test_deleting_time_off_asks_first_then_opens_the_time_to_clients_again(
    desk, practitioner, service, london, now, day
):
    time_off = TimeOff.objects.create(
        practitioner=practitioner, start=london(day.isoformat(), 9), end=london(day.isoformat(), 17)
    )
    delete = reverse("admin:bookings_booking_time_off_delete", args=[time_off.pk])
    assert offered_between(service, now, time_off.start, time_off.end) == []

    asked = desk.get(delete)

    assert asked.status_code == 200
    assert "Yes, delete this time off" in asked.content.decode()
    assert TimeOff.objects.count() == 1

    response = desk.post(delete)

    assert response.status_code == 302
    assert TimeOff.objects.count() == 0
    assert offered_between(service, now, time_off.start, time_off.end) != []


# Her clocks across DST ------------------------------------------------------------------------


def test_time_off_in_the_repeated_hour_keeps_its_instant_when_only_the_note_changes(
    desk, practitioner
):
    # 25 October 2026: London's clocks show 01:00-02:00 twice. This time off starts at the
    # second 01:30 (GMT, 01:30 UTC); the form shows "01:30", which read afresh would be the
    # first pass, an hour earlier.
    time_off = TimeOff.objects.create(
        practitioner=practitioner,
        start=datetime(2026, 10, 25, 1, 30, tzinfo=UTC),
        end=datetime(2026, 10, 25, 4, 0, tzinfo=UTC),
    )
    page = desk.get(time_off_edit(time_off)).content.decode()
    assert 'value="2026-10-25T01:30"' in page

    desk.post(
        time_off_edit(time_off),
        {"start": "2026-10-25T01:30", "end": "2026-10-25T04:00", "reason": "Night off"},
    )

    time_off.refresh_from_db()
    assert time_off.start == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    assert time_off.reason == "Night off"


def test_extra_hours_in_summer_are_read_on_her_clock_not_utc(desk, practitioner):
    desk.post(EXTRA_ADD, {"start": "2026-07-04T10:00", "end": "2026-07-04T13:00"})

    extra = ExtraAvailability.objects.get()
    assert (extra.start, extra.end) == (
        datetime(2026, 7, 4, 9, 0, tzinfo=UTC),
        datetime(2026, 7, 4, 12, 0, tzinfo=UTC),
    )


# Bad input changes nothing ---------------------------------------------------------------------

BAD = [
    ("2026-07-01T10:00", "2026-07-01T09:00", "The end must come after the start."),
    ("2026-03-29T01:30", "2026-03-29T03:00", "The clocks go forward at that time"),
    ("tomorrow", "2026-07-01T09:00", "Enter a valid date/time."),
    ("0001-01-01T00:00", "2026-07-01T09:00", "Enter a valid date/time."),
    ("", "2026-07-01T09:00", "This field is required."),
]


@pytest.mark.parametrize(("start", "end", "error"), BAD)
def test_bad_times_for_new_extra_hours_are_explained_and_nothing_is_written(
    desk, practitioner, start, end, error
):
    response = desk.post(EXTRA_ADD, {"start": start, "end": end})

    assert response.status_code == 200
    assert error in response.content.decode()
    assert ExtraAvailability.objects.count() == 0


@pytest.mark.parametrize(("start", "end", "error"), BAD)
def test_bad_times_for_a_change_are_explained_and_nothing_changes(
    desk, practitioner, london, start, end, error
):
    time_off = TimeOff.objects.create(
        practitioner=practitioner,
        start=london("2026-06-01", 9),
        end=london("2026-06-01", 12),
        reason="Kept",
    )
    extra = ExtraAvailability.objects.create(
        practitioner=practitioner, start=london("2026-06-06", 9), end=london("2026-06-06", 12)
    )

    for url, note in ((time_off_edit(time_off), "reason"), (extra_edit(extra), "note")):
        response = desk.post(url, {"start": start, "end": end, note: "Changed"})
        assert response.status_code == 200
        assert error in response.content.decode()

    assert TimeOff.objects.values_list("start", "end", "reason").get() == (
        london("2026-06-01", 9),
        london("2026-06-01", 12),
        "Kept",
    )
    assert ExtraAvailability.objects.values_list("start", "end").get() == (
        london("2026-06-06", 9),
        london("2026-06-06", 12),
    )


def test_an_entry_that_does_not_exist_is_not_found(desk, practitioner):
    for name in ("time_off_edit", "time_off_delete", "extra_edit", "extra_delete"):
        assert desk.get(reverse(f"admin:bookings_booking_{name}", args=[999])).status_code == 404
        assert desk.post(reverse(f"admin:bookings_booking_{name}", args=[999])).status_code == 404


def test_the_entry_pages_are_for_staff_only(client, client_user, practitioner, london):
    time_off = TimeOff.objects.create(
        practitioner=practitioner, start=london("2026-06-01", 9), end=london("2026-06-01", 12)
    )
    client.force_login(client_user)

    for url in (
        time_off_edit(time_off),
        reverse("admin:bookings_booking_time_off_delete", args=[time_off.pk]),
        EXTRA_ADD,
    ):
        response = client.post(url, {"start": "2026-06-01T09:00", "end": "2026-06-01T10:00"})
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
    assert TimeOff.objects.count() == 1
    assert ExtraAvailability.objects.count() == 0


def test_a_staff_member_without_the_permission_cannot_delete_time_off(
    client, make_user, practitioner, london
):
    time_off = TimeOff.objects.create(
        practitioner=practitioner, start=london("2026-06-01", 9), end=london("2026-06-01", 12)
    )
    client.force_login(make_user("helper@example.com", is_staff=True))

    response = client.post(reverse("admin:bookings_booking_time_off_delete", args=[time_off.pk]))

    assert response.status_code == 403
    assert TimeOff.objects.count() == 1


# On the calendar ------------------------------------------------------------------------------


def test_the_week_links_each_time_off_and_extra_hours_to_its_page_and_shows_busy_times(
    desk, practitioner, london, read_calendar
):
    time_off = TimeOff.objects.create(
        practitioner=practitioner, start=london("2026-05-06", 13), end=london("2026-05-06", 15)
    )
    extra = ExtraAvailability.objects.create(
        practitioner=practitioner,
        start=london("2026-05-09", 10),
        end=london("2026-05-09", 12),
        note="Saturday clinic",
    )
    own = ExternalCalendar.objects.create(
        practitioner=practitioner, name="Personal", url="https://calendar.example/p.ics"
    )
    BusyTime.objects.create(
        calendar=own,
        practitioner=practitioner,
        start=london("2026-05-07", 9),
        end=london("2026-05-07", 11),
    )

    for view in ("week", "month", "agenda"):
        page = desk.get(CALENDAR, {"view": view, "date": "2026-05-04"}).content.decode()
        assert f'href="{time_off_edit(time_off)}"' in page, view
        assert f'href="{extra_edit(extra)}"' in page, view
        assert f"Extra hours 10:00{DASH}12:00: Saturday clinic" in page or view == "agenda"
        assert "Busy (your calendar)" in page, view

    page = desk.get(CALENDAR, {"date": "2026-05-04"}).content.decode()
    _, cells = read_calendar(page)
    thursday = {c["hour"]: c["classes"] for c in cells if c["date"] == "2026-05-07"}
    assert [h for h, classes in thursday.items() if "is-busy" in classes] == [9, 10]
    saturday = {c["hour"]: c["classes"] for c in cells if c["date"] == "2026-05-09"}
    assert [h for h, classes in saturday.items() if "is-extra" in classes] == [10, 11]
    assert f"Busy (your calendar) 09:00{DASH}11:00" in page
