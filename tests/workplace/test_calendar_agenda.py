"""The calendar as an agenda (her phone, `?view=agenda`), and the week's free hours as links to
the booking desk: which instant each free cell offers."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from bookings.slots import WeeklyHours
from workplace.agenda import AGENDA_DAYS, build_agenda
from workplace.calendar import (
    DASH,
    Entry,
    Shown,
    book_query,
    build_week,
    utc_iso,
)

LONDON = ZoneInfo("Europe/London")
NINE_TO_FIVE = tuple(WeeklyHours(weekday, time(9), time(17)) for weekday in range(7))
CALENDAR = "/admin/bookings/booking/calendar/"


def entry(kind: str, key: str, start: datetime, minutes: int = 60, **fields) -> Entry:
    fields.setdefault("title", key)
    return Entry(key=key, kind=kind, start=start, end=start + timedelta(minutes=minutes), **fields)


def cell(week, day: date, hour: int):
    [found] = [c for row in week.rows for c in row.cells if c.day.date == day and c.hour == hour]
    return found


# The free hours' instants (pure) ---------------------------------------------------------------


def test_a_free_working_hour_offers_its_own_start_as_a_utc_instant():
    tuesday = date(2026, 12, 8)  # GMT: London's clocks are UTC
    week = build_week(tuesday, Shown(tz=LONDON, hours=NINE_TO_FIVE, today=tuesday))

    ten = cell(week, tuesday, 10)
    assert ten.book_at == datetime(2026, 12, 8, 10, tzinfo=UTC)
    assert ten.book_query == "start=2026-12-08T10%3A00%3A00Z"
    assert ten.book_label == "Book a session at 10:00 on Tue 8 Dec"
    assert cell(week, tuesday, 8).book_at is None  # not working
    assert cell(week, tuesday, 17).book_at is None


def test_in_summer_the_cell_at_ten_on_her_clock_is_nine_utc():
    week = build_week(date(2026, 7, 7), Shown(tz=LONDON, hours=NINE_TO_FIVE, today=date.min))

    assert utc_iso(cell(week, date(2026, 7, 7), 10).book_at) == "2026-07-07T09:00:00Z"


def test_sessions_time_off_and_busy_times_leave_only_the_free_part_of_an_hour():
    tuesday = date(2026, 12, 8)
    at = lambda hour, minute=0: datetime(2026, 12, 8, hour, minute, tzinfo=UTC)  # noqa: E731
    week = build_week(
        tuesday,
        Shown(
            tz=LONDON,
            hours=(WeeklyHours(1, time(9, 30), time(17)),),
            today=tuesday,
            bookings=(entry(Entry.BOOKING, "s", at(11), status="confirmed"),),
            time_off=(entry(Entry.TIME_OFF, "t", at(13), minutes=90),),
            busy=(entry(Entry.BUSY, "b", at(16), minutes=30),),
        ),
    )

    assert cell(week, tuesday, 9).book_at == at(9, 30)  # work starts at half past
    assert cell(week, tuesday, 11).book_at is None  # the session fills it
    assert cell(week, tuesday, 13).book_at is None  # time off fills it
    assert cell(week, tuesday, 14).book_at == at(14, 30)  # time off ends at half past
    assert cell(week, tuesday, 16).book_at == at(16, 30)  # busy until half past
    assert cell(week, tuesday, 16).busy


def test_a_cancelled_session_leaves_its_hour_free_and_past_hours_are_not_offered():
    tuesday = date(2026, 12, 8)
    week = build_week(
        tuesday,
        Shown(
            tz=LONDON,
            hours=NINE_TO_FIVE,
            today=tuesday,
            now=datetime(2026, 12, 8, 12, 10, tzinfo=UTC),
            bookings=(
                entry(
                    Entry.BOOKING, "c", datetime(2026, 12, 8, 14, tzinfo=UTC), status="cancelled"
                ),
            ),
        ),
    )

    assert cell(week, tuesday, 12).book_at is None  # it is 12:10 already
    assert cell(week, tuesday, 13).book_at == datetime(2026, 12, 8, 13, tzinfo=UTC)
    assert cell(week, tuesday, 14).book_at == datetime(2026, 12, 8, 14, tzinfo=UTC)
    assert cell(week, date(2026, 12, 7), 10).book_at is None  # yesterday


def test_book_query_is_the_desks_start_parameter():
    assert book_query(datetime(2026, 3, 29, 1, 30, tzinfo=UTC)) == "start=2026-03-29T01%3A30%3A00Z"


# The agenda (pure) -----------------------------------------------------------------------------


def test_the_agenda_lists_the_day_and_the_next_fourteen_in_clock_order():
    friday = date(2026, 3, 27)
    time_off = entry(
        Entry.TIME_OFF,
        "time-off-1",
        datetime(2026, 3, 28, 12, tzinfo=UTC),
        minutes=60 * 30,  # Saturday 12:00 GMT to Sunday 19:00 BST
        title="Time off",
    )
    agenda = build_agenda(
        friday,
        Shown(
            tz=LONDON,
            hours=NINE_TO_FIVE,
            today=friday,
            bookings=(
                entry(Entry.BOOKING, "late", datetime(2026, 3, 27, 15, tzinfo=UTC)),
                entry(Entry.BOOKING, "early", datetime(2026, 3, 27, 9, tzinfo=UTC)),
                entry(Entry.BOOKING, "after-dst", datetime(2026, 3, 30, 8, tzinfo=UTC)),
            ),
            busy=(entry(Entry.BUSY, "busy-1", datetime(2026, 3, 27, 12, tzinfo=UTC)),),
            extra=(entry(Entry.EXTRA, "extra-1", datetime(2026, 4, 10, 17, tzinfo=UTC)),),
            time_off=(time_off,),
        ),
    )

    assert AGENDA_DAYS == 15
    assert [day.date for day in agenda.days] == [
        friday + timedelta(days=n) for n in range(AGENDA_DAYS)
    ]
    assert agenda.days[0].is_today
    by_day = {day.date: [(p.entry.key, p.time_range) for p in day.entries] for day in agenda.days}
    assert by_day[friday] == [
        ("early", f"09:00{DASH}10:00"),
        ("busy-1", f"12:00{DASH}13:00"),
        ("late", f"15:00{DASH}16:00"),
    ]
    assert by_day[date(2026, 3, 28)] == [("time-off-1", "from 12:00")]
    assert by_day[date(2026, 3, 29)] == [("time-off-1", "until 19:00")]
    assert by_day[date(2026, 3, 30)] == [("after-dst", f"09:00{DASH}10:00")]  # 08:00 UTC, BST
    assert by_day[date(2026, 4, 10)] == [("extra-1", f"18:00{DASH}19:00")]
    assert agenda.days[-1].date == date(2026, 4, 10)
    assert (agenda.previous, agenda.next) == (date(2026, 3, 12), date(2026, 4, 11))


# The page --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_agenda_page_shows_each_session_with_its_time_client_status_and_actions(
    desk, make_booking, make_user, service, practitioner, now
):
    tz = practitioner.tz
    today = now.astimezone(tz).date()
    # A session today (confirmed: it can be joined), begun half an hour ago or at midnight,
    # whichever is later, and ending by the next midnight, so that it is today and within the
    # day at any time of day (one that runs past midnight is listed "from 23:30"); and one in a
    # fortnight, at 10:00.
    midnight = datetime.combine(today, time(0), tz).astimezone(UTC)
    next_midnight = datetime.combine(today + timedelta(days=1), time(0), tz).astimezone(UTC)
    latest = next_midnight - timedelta(minutes=service.duration_minutes)
    start_today = min(max(midnight, now - timedelta(minutes=30)), latest)
    today_one = make_booking(
        client=make_user("maya@example.com", first_name="Maya", last_name="Jones"),
        service=service,
        start=start_today,
    )
    far = make_booking(
        client=make_user("no.name@example.com", first_name="", last_name=""),
        service=service,
        start=datetime.combine(today + timedelta(days=14), time(10), tz).astimezone(UTC),
        status="held",
    )

    page = desk.get(CALENDAR, {"view": "agenda"}).content.decode()

    for booking, status in ((today_one, "Confirmed"), (far, "Held (not paid yet)")):
        start = page.index(f'data-agenda-entry="{booking.reference}"')
        item = page[start : page.index("</li>", start)]
        local = booking.start.astimezone(tz)
        assert f"{local:%H:%M}{DASH}" in item
        assert status in item
        assert f'href="/admin/bookings/booking/{booking.pk}/change/"' in item
    start = page.index(f'data-agenda-entry="{today_one.reference}"')
    item = page[start : page.index("</li>", start)]
    assert "Maya Jones" in item
    assert "maya@example.com" in item
    assert f'class="qh-join" href="{reverse("rooms:join", args=[today_one.reference])}"' in item
    assert "qh-join" not in page[page.index(f'data-agenda-entry="{far.reference}"') :]
    assert "no.name@example.com" in page
    assert page.count('class="qh-agenda-day') == AGENDA_DAYS
    assert "(today)" in page


@pytest.mark.django_db
def test_the_week_page_also_holds_the_agenda_for_a_narrow_screen(desk):
    page = desk.get(CALENDAR, {"date": "2026-05-06"}).content.decode()

    assert '<table class="qh-week">' in page
    assert 'class="qh-agenda qh-agenda-narrow"' in page
    assert 'data-agenda-date="2026-05-06"' in page  # from the day she is looking at
    assert 'data-agenda-date="2026-05-20"' in page


@pytest.mark.django_db
def test_previous_and_next_move_the_agenda_by_its_length(desk):
    response = desk.get(CALENDAR, {"view": "agenda", "date": "2026-05-06"})

    assert response.context["previous_url"] == f"{CALENDAR}?view=agenda&date=2026-04-21"
    assert response.context["next_url"] == f"{CALENDAR}?view=agenda&date=2026-05-21"


@pytest.mark.django_db
@pytest.mark.parametrize("view", ["week", "month", "agenda"])
def test_each_view_costs_the_same_queries_for_one_of_everything_or_forty(
    desk, make_booking, make_user, service, practitioner, london, view
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bookings.models import BusyTime, ExternalCalendar, ExtraAvailability, TimeOff

    own = ExternalCalendar.objects.create(
        practitioner=practitioner, name="Personal", url="https://calendar.example/p.ics"
    )
    monday = london("2026-05-04", 0)

    def add(number: int):
        at = monday + timedelta(hours=6 * number)
        client = make_user(f"client{number}@example.com", first_name=f"Client {number}")
        make_booking(client=client, service=service, start=at)
        TimeOff.objects.create(
            practitioner=practitioner, start=at + timedelta(hours=2), end=at + timedelta(hours=3)
        )
        BusyTime.objects.create(
            calendar=own,
            practitioner=practitioner,
            start=at + timedelta(hours=3),
            end=at + timedelta(hours=4),
        )
        ExtraAvailability.objects.create(
            practitioner=practitioner, start=at + timedelta(hours=4), end=at + timedelta(hours=5)
        )

    def measure() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as queries:
            response = desk.get(CALENDAR, {"view": view, "date": "2026-05-04"})
        assert response.status_code == 200
        return len(queries), response.content.decode()

    add(0)
    few, _ = measure()
    for number in range(1, 40):
        add(number)
    many, page = measure()

    assert many == few
    assert page.count("Busy (your calendar)") > 10
