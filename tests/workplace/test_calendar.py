"""The admin calendar: week and month grids in the practitioner's zone, across DST changes."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from bookings.slots import WeeklyHours
from workplace.calendar import (
    DASH,
    Entry,
    Shown,
    book_query,
    build_month,
    build_week,
    week_window,
)

LONDON = ZoneInfo("Europe/London")
NINE_TO_FIVE = [WeeklyHours(weekday, time(9), time(17)) for weekday in range(7)]
CALENDAR = "/admin/bookings/booking/calendar/"


def session(key: str, start: datetime, minutes: int = 60, **fields) -> Entry:
    return Entry(
        key=key,
        kind=Entry.BOOKING,
        start=start,
        end=start + timedelta(minutes=minutes),
        title="Maya Jones",
        detail="Hypnotherapy session",
        status=fields.pop("status", "confirmed"),
        status_label=fields.pop("status_label", "Confirmed"),
        **fields,
    )


def placed(week) -> dict[str, tuple[date, int]]:
    return {
        booking.entry.key: (cell.day.date, cell.hour)
        for row in week.rows
        for cell in row.cells
        for booking in cell.bookings
    }


# The grid itself (pure) -----------------------------------------------------------------------


def test_a_nine_oclock_session_sits_at_nine_on_both_sides_of_the_spring_change():
    # Clocks go forward in London at 01:00 UTC on Sunday 29 March 2026.
    friday_gmt = datetime(2026, 3, 27, 9, tzinfo=UTC)  # 09:00 GMT
    sunday_bst = datetime(2026, 3, 29, 8, tzinfo=UTC)  # 09:00 BST
    week = build_week(
        date(2026, 3, 25),
        Shown(
            tz=LONDON,
            hours=NINE_TO_FIVE,
            bookings=[session("friday", friday_gmt), session("sunday", sunday_bst)],
            today=date(2026, 3, 25),
        ),
    )

    assert placed(week) == {"friday": (date(2026, 3, 27), 9), "sunday": (date(2026, 3, 29), 9)}
    assert week.days[-1].clock_change == "The clocks go forward one hour today."
    assert [day.clock_change for day in week.days[:-1]] == [""] * 6


def test_working_hours_are_shaded_by_the_wall_clock_on_every_day_of_a_dst_week():
    week = build_week(
        date(2026, 3, 29), Shown(tz=LONDON, hours=NINE_TO_FIVE, today=date(2026, 1, 1))
    )

    for row in week.rows:
        assert all(cell.working == (9 <= row.hour < 17) for cell in row.cells), row.label
    assert {day.working_label for day in week.days} == {f"Working 09:00{DASH}17:00"}


def test_the_hour_the_clocks_skip_is_marked_and_the_hour_they_repeat_holds_both_passes():
    spring = build_week(
        date(2026, 3, 29),
        Shown(
            tz=LONDON,
            hours=NINE_TO_FIVE,
            bookings=[
                session("before", datetime(2026, 3, 29, 0, 15, tzinfo=UTC), minutes=30),  # GMT
                session("after", datetime(2026, 3, 29, 1, 30, tzinfo=UTC), minutes=30),  # BST
            ],
            today=date(2026, 1, 1),
        ),
    )
    sunday = {row.hour: row.cells[6] for row in spring.rows}
    assert [hour for hour, cell in sunday.items() if cell.skipped] == [1]
    assert placed(spring) == {"before": (date(2026, 3, 29), 0), "after": (date(2026, 3, 29), 2)}

    autumn = build_week(
        date(2026, 10, 25),
        Shown(
            tz=LONDON,
            hours=NINE_TO_FIVE,
            bookings=[
                session("first-pass", datetime(2026, 10, 25, 0, 30, tzinfo=UTC), minutes=20),
                session("second-pass", datetime(2026, 10, 25, 1, 30, tzinfo=UTC), minutes=20),
            ],
            today=date(2026, 1, 1),
        ),
    )
    assert placed(autumn) == {
        "first-pass": (date(2026, 10, 25), 1),
        "second-pass": (date(2026, 10, 25), 1),
    }
    assert autumn.days[6].clock_change == "The clocks go back one hour today."
    assert not any(cell.skipped for row in autumn.rows for cell in row.cells)


def test_the_week_window_runs_from_monday_midnight_to_the_next_monday_in_local_time():
    window = week_window(date(2026, 3, 29), LONDON)

    assert window.start == datetime(2026, 3, 23, 0, tzinfo=UTC)  # GMT
    assert window.end == datetime(2026, 3, 29, 23, tzinfo=UTC)  # midnight BST


def test_time_off_over_several_days_is_shown_on_each_day_and_shades_its_hours():
    time_off = Entry(
        key="time-off-1",
        kind=Entry.TIME_OFF,
        start=datetime(2026, 6, 10, 12, tzinfo=UTC),  # 13:00 BST Wednesday
        end=datetime(2026, 6, 12, 11, tzinfo=UTC),  # 12:00 BST Friday
        title="Time off",
        detail="Training",
    )
    week = build_week(
        date(2026, 6, 10), Shown(tz=LONDON, hours=NINE_TO_FIVE, time_off=[time_off], today=date.min)
    )

    labels = {day.date.day: [p.time_range for p in day.time_off] for day in week.days}
    assert labels == {
        8: [],
        9: [],
        10: ["from 13:00"],
        11: ["all day"],
        12: ["until 12:00"],
        13: [],
        14: [],
    }
    wednesday = {row.hour: row.cells[2].off for row in week.rows}
    assert [hour for hour, off in wednesday.items() if off] == list(range(13, 19))


def test_the_month_puts_each_session_on_its_local_date():
    # 23:30 BST on 30 June is 22:30 UTC: still June in London.
    late = session("late", datetime(2026, 6, 30, 22, 30, tzinfo=UTC), minutes=30)
    month = build_month(
        date(2026, 6, 15), Shown(tz=LONDON, hours=NINE_TO_FIVE, bookings=[late], today=date.min)
    )

    days = {day.date: day for week in month.weeks for day in week}
    assert [p.entry.key for p in days[date(2026, 6, 30)].bookings] == ["late"]
    assert month.weeks[0][0].date == date(2026, 6, 1)  # a Monday
    assert month.weeks[-1][-1].date == date(2026, 7, 5)
    assert not days[date(2026, 7, 1)].in_range
    assert (month.previous, month.next) == (date(2026, 5, 1), date(2026, 7, 1))


# The pages --------------------------------------------------------------------------------------


@pytest.fixture
def dst_bookings(make_booking, client_user, other_client_user, service, london):
    """09:00 London sessions before (GMT) and after (BST) the change of 29 March 2026."""
    return {
        "friday": make_booking(client=client_user, service=service, start=london("2026-03-27", 9)),
        "sunday": make_booking(
            client=other_client_user, service=service, start=london("2026-03-29", 9)
        ),
        "monday": make_booking(client=client_user, service=service, start=london("2026-03-30", 9)),
    }


@pytest.fixture
def other_client_user(make_user):
    return make_user("priya@example.com", first_name="Priya", last_name="Shah")


@pytest.mark.django_db
def test_the_week_page_places_sessions_at_their_local_hour_across_the_dst_change(
    desk, dst_bookings, read_calendar
):
    before = desk.get(CALENDAR, {"date": "2026-03-27"})
    after = desk.get(CALENDAR, {"date": "2026-03-30"})

    where_before, _ = read_calendar(before.content.decode())
    where_after, _ = read_calendar(after.content.decode())
    assert where_before == {
        dst_bookings["friday"].reference: ("2026-03-27", 9),
        dst_bookings["sunday"].reference: ("2026-03-29", 9),
    }
    assert where_after == {dst_bookings["monday"].reference: ("2026-03-30", 9)}
    page = before.content.decode()
    assert "Week of Monday 23 March 2026. Times are in London (United Kingdom, UTC)." in page
    assert "The clocks go forward one hour today." in page


@pytest.mark.django_db
def test_the_month_page_places_sessions_on_their_day(desk, dst_bookings, read_calendar):
    response = desk.get(CALENDAR, {"view": "month", "date": "2026-03-10"})

    where, cells = read_calendar(response.content.decode())
    assert where == {
        dst_bookings["friday"].reference: ("2026-03-27", None),
        dst_bookings["sunday"].reference: ("2026-03-29", None),
        dst_bookings["monday"].reference: ("2026-03-30", None),
    }
    assert [cell["date"] for cell in cells][:1] == ["2026-02-23"]
    assert [cell["date"] for cell in cells][-1] == "2026-04-05"


@pytest.mark.django_db
def test_each_session_links_to_its_page_and_says_its_status_in_words(
    desk, make_booking, client_user, service, london
):
    confirmed = make_booking(client=client_user, service=service, start=london("2026-05-04", 10))
    missed = make_booking(
        client=client_user, service=service, start=london("2026-05-05", 10), status="no_show"
    )

    page = desk.get(CALENDAR, {"date": "2026-05-04"}).content.decode()

    for booking, words in ((confirmed, "Confirmed"), (missed, "Missed")):
        link = reverse("admin:bookings_booking_change", args=[booking.pk])
        start = page.index(f'href="{link}" data-booking="{booking.reference}"')
        block = page[start : page.index("</a>", start)]
        assert f"10:00{DASH}11:00" in block
        assert "Maya Jones" in block
        assert "Hypnotherapy session" in block
        assert words in block


@pytest.mark.django_db
def test_cancelled_sessions_are_hidden_until_asked_for_and_ran_out_holds_never_show(
    desk, make_booking, client_user, service, london, now, read_calendar
):
    cancelled = make_booking(
        client=client_user, service=service, start=london("2026-05-04", 10), status="cancelled"
    )
    ran_out = make_booking(
        client=client_user,
        service=service,
        start=london("2026-05-05", 10),
        status="held",
        hold_expires_at=now - timedelta(minutes=1),
    )
    expired = make_booking(
        client=client_user, service=service, start=london("2026-05-06", 10), status="expired"
    )

    hidden, _ = read_calendar(desk.get(CALENDAR, {"date": "2026-05-04"}).content.decode())
    shown_page = desk.get(CALENDAR, {"date": "2026-05-04", "cancelled": "shown"}).content.decode()
    shown, _ = read_calendar(shown_page)

    assert hidden == {}
    assert shown == {cancelled.reference: ("2026-05-04", 10)}
    assert "Cancelled" in shown_page
    assert ran_out.reference not in shown_page
    assert expired.reference not in shown_page


@pytest.mark.django_db
def test_a_hold_still_running_shows_as_held_not_paid_yet(
    desk, make_booking, client_user, service, now, read_calendar
):
    hold = make_booking(
        client=client_user, service=service, start=now + timedelta(days=2), status="held"
    )
    local_day = hold.start.astimezone(LONDON).date().isoformat()

    page = desk.get(CALENDAR, {"date": local_day}).content.decode()

    where, _ = read_calendar(page)
    assert where[hold.reference][0] == local_day
    assert "Held (not paid yet)" in page


@pytest.mark.django_db
def test_working_hours_and_time_off_are_shaded_and_named(desk, practitioner, read_calendar, london):
    from bookings.models import TimeOff

    TimeOff.objects.create(
        practitioner=practitioner,
        start=london("2026-05-06", 13),
        end=london("2026-05-06", 17),
        reason="Dentist",
    )

    page = desk.get(CALENDAR, {"date": "2026-05-06"}).content.decode()

    _, cells = read_calendar(page)
    wednesday = {cell["hour"]: cell["classes"] for cell in cells if cell["date"] == "2026-05-06"}
    assert [h for h, classes in wednesday.items() if "is-working" in classes] == list(range(9, 17))
    assert [h for h, classes in wednesday.items() if "is-off" in classes] == [13, 14, 15, 16]
    assert f"Time off 13:00{DASH}17:00: Dentist" in page
    start = page.index('<table class="qh-week">')
    grid = page[start : page.index("</table>", start)]
    assert grid.count(f"Working 09:00{DASH}17:00") == 7


@pytest.mark.django_db
def test_previous_next_and_today_navigate_by_week_and_by_month(desk, now):
    week = desk.get(CALENDAR, {"date": "2026-03-27"})
    month = desk.get(CALENDAR, {"view": "month", "date": "2026-03-27"})

    assert week.context["previous_url"] == f"{CALENDAR}?date=2026-03-16"
    assert week.context["next_url"] == f"{CALENDAR}?date=2026-03-30"
    assert week.context["today_url"] == CALENDAR
    assert month.context["previous_url"] == f"{CALENDAR}?view=month&date=2026-02-01"
    assert month.context["next_url"] == f"{CALENDAR}?view=month&date=2026-04-01"
    today = now.astimezone(LONDON).date()
    assert desk.get(CALENDAR).context["period_start"] == today - timedelta(days=today.weekday())


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["yesterday'--", "2026-02-30", "0001-01-01", "9999-12-31"])
def test_a_date_that_is_not_a_usable_date_shows_this_week(desk, now, value):
    response = desk.get(CALENDAR, {"date": value})

    today = now.astimezone(LONDON).date()
    assert response.status_code == 200
    assert response.context["week"].first_day == today - timedelta(days=today.weekday())


@pytest.mark.django_db
def test_the_calendar_is_for_staff_only(client, client_user):
    client.force_login(client_user)

    response = client.get(CALENDAR)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.django_db
@pytest.mark.parametrize("view", ["week", "month"])
def test_the_calendar_costs_the_same_queries_for_one_session_or_sixty(
    desk, make_booking, make_user, service, practitioner, london, view, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bookings.models import TimeOff

    monday = london("2026-05-04", 0)

    def add(number: int):
        client = make_user(f"client{number}@example.com", first_name=f"Client {number}")
        # 90 minutes apart: sessions and their buffers never overlap.
        make_booking(client=client, service=service, start=monday + timedelta(minutes=90 * number))
        TimeOff.objects.create(
            practitioner=practitioner,
            start=monday + timedelta(minutes=90 * number + 60),
            end=monday + timedelta(minutes=90 * number + 75),
        )

    add(0)
    with CaptureQueriesContext(connection) as few:
        assert desk.get(CALENDAR, {"view": view, "date": "2026-05-06"}).status_code == 200
    for number in range(1, 60):
        add(number)

    with django_assert_num_queries(len(few)):
        response = desk.get(CALENDAR, {"view": view, "date": "2026-05-06"})
    assert response.content.decode().count('class="qh-booking status-confirmed"') == 60


# The calendar's grid, kept in the cache (workplace/desk_cache.py) -----------------------------


@pytest.fixture
def week_page(desk):
    """The week of Wednesday 6 May 2026 as HTML (served from the cache after the first view)."""

    def get(day: str = "2026-05-06", **params) -> str:
        response = desk.get(CALENDAR, {"date": day, **params})
        assert response.status_code == 200
        return response.content.decode()

    return get


@pytest.mark.django_db
@pytest.mark.parametrize("view", ["week", "month", "agenda"])
def test_the_cached_calendar_costs_fewer_queries_and_the_same_with_more_data(
    desk, make_booking, make_user, service, london, view
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(number: int):
        client = make_user(f"many{number}@example.com", first_name=f"Many {number}")
        make_booking(client=client, service=service, start=london("2026-05-04", 0) + number * HOUR)

    def hit() -> int:
        desk.get(CALENDAR, {"view": view, "date": "2026-05-06"})
        with CaptureQueriesContext(connection) as served:
            desk.get(CALENDAR, {"view": view, "date": "2026-05-06"})
        return len(served)

    add(0)
    with CaptureQueriesContext(connection) as filling:
        desk.get(CALENDAR, {"view": view, "date": "2026-05-06"})
    filled = len(filling)  # read now: the next request empties the connection's log
    few = hit()
    for number in range(1, 40):
        add(number * 2)

    assert hit() == few
    assert few < filled


@pytest.mark.django_db
def test_the_cached_calendar_reads_the_cache_in_four_round_trips(desk, now, monkeypatch):
    """Built from its parts (a week asked for by date): her session; the menu's, the
    availability's and the desk's versions; her permissions and list of apps; the week's grid
    and the sidebar's markup. One by one they were seven."""
    from tests.cache_reads import round_trips

    url = reverse("admin:bookings_booking_calendar")
    day = {"date": now.date().isoformat()}
    desk.get(url, day)
    calls = round_trips(monkeypatch)

    page = desk.get(url, day)

    assert page.status_code == 200
    assert 'class="qh-calendar' in page.content.decode()
    assert calls == ["get", "get_many", "get_many", "get_many"]


@pytest.mark.django_db
def test_the_kept_calendar_is_read_in_two_round_trips_and_rendered_by_no_template(
    desk, now, monkeypatch
):
    """Its plain address, kept whole (workplace/desk_cache.py `kept_desk_page`): her session,
    then the page with the versions it was kept under."""
    from tests.cache_reads import round_trips
    from tests.fragment_pages import without_tokens

    url = reverse("admin:bookings_booking_calendar")
    built = desk.get(url)
    calls = round_trips(monkeypatch)

    page = desk.get(url)

    assert calls == ["get", "get_many"]
    assert page.templates == []
    assert without_tokens(page.content.decode()) == without_tokens(built.content.decode())
    assert 'class="qh-calendar' in page.content.decode()


@pytest.mark.django_db
def test_the_practitioners_come_from_the_cache_and_a_new_one_shows_at_once(
    desk, practitioner, django_assert_num_queries
):
    """Her session's user and her own row (the admin's zone): the practitioners to choose from
    are kept in the cache, and a practitioner added or stopped changes them at once."""
    from tests.factories import PractitionerFactory

    url = reverse("admin:bookings_booking_calendar")
    desk.get(url)
    with django_assert_num_queries(2):
        assert "Bea Lindqvist" not in desk.get(url).content.decode()

    bea = PractitionerFactory(display_name="Bea Lindqvist", user__email="bea@example.com")
    assert f'<option value="{bea.pk}">Bea Lindqvist</option>' in desk.get(url).content.decode()

    bea.active = False
    bea.save()
    assert "Bea Lindqvist" not in desk.get(url).content.decode()


HOUR = timedelta(hours=1)


@pytest.mark.django_db
def test_a_new_booking_and_its_cancellation_change_the_grid_at_once(
    week_page, make_booking, client_user, service, london, read_calendar
):
    week_page()
    booking = make_booking(client=client_user, service=service, start=london("2026-05-06", 11))

    where, _ = read_calendar(week_page())
    assert where[booking.reference] == ("2026-05-06", 11)

    booking.status = "cancelled"
    booking.cancelled_at = booking.start - timedelta(days=3)
    booking.cancelled_by = "client"
    booking.save()

    where, _ = read_calendar(week_page())
    assert booking.reference not in where


@pytest.mark.django_db
def test_time_off_and_new_hours_change_the_grid_at_once(
    week_page, practitioner, london, read_calendar
):
    from bookings.models import TimeOff

    def wednesday(classes: str) -> list[int]:
        _, cells = read_calendar(week_page())
        return [c["hour"] for c in cells if c["date"] == "2026-05-06" and classes in c["classes"]]

    assert wednesday("is-off") == []
    TimeOff.objects.create(
        practitioner=practitioner, start=london("2026-05-06", 13), end=london("2026-05-06", 15)
    )
    assert wednesday("is-off") == [13, 14]

    for hours in practitioner.working_hours.all():
        hours.start_time = time(11)
        hours.save()
    assert wednesday("is-working") == list(range(11, 17))


@pytest.mark.django_db
def test_a_hold_leaves_the_grid_the_moment_it_runs_out(
    week_page, make_booking, client_user, service, now, monkeypatch, read_calendar
):
    from django.utils import timezone

    hold = make_booking(
        client=client_user,
        service=service,
        start=now + timedelta(days=2),
        status="held",
        hold_expires_at=now + timedelta(milliseconds=500),
    )
    day = hold.start.astimezone(LONDON).date().isoformat()
    monkeypatch.setattr(timezone, "now", lambda: now)
    assert hold.reference in read_calendar(week_page(day))[0]

    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(milliseconds=600))
    assert hold.reference not in read_calendar(week_page(day))[0]


@pytest.mark.django_db
def test_today_moves_at_her_midnight(week_page, london, monkeypatch):
    from django.utils import timezone

    midnight = london("2026-05-07", 0)
    monkeypatch.setattr(timezone, "now", lambda: midnight - timedelta(milliseconds=500))
    assert "6 May (today)" in week_page()

    monkeypatch.setattr(timezone, "now", lambda: midnight + timedelta(milliseconds=500))
    page = week_page()
    assert "7 May (today)" in page
    assert "6 May (today)" not in page


@pytest.mark.django_db
def test_a_free_hours_book_link_goes_the_moment_the_hour_starts(
    week_page, london, monkeypatch, read_calendar
):
    from django.utils import timezone

    eleven = london("2026-05-06", 11)
    link = f"?{book_query(eleven)}"  # the free hour's "Book" link
    monkeypatch.setattr(timezone, "now", lambda: eleven - timedelta(milliseconds=500))
    assert link in week_page()

    monkeypatch.setattr(timezone, "now", lambda: eleven + timedelta(milliseconds=500))
    assert link not in week_page()


@pytest.mark.django_db
def test_a_cached_calendar_is_never_shown_to_someone_not_staff(
    client, week_page, make_booking, client_user, other_client, service, london
):
    booking = make_booking(client=client_user, service=service, start=london("2026-05-06", 11))
    assert booking.reference in week_page()  # in the cache now
    client.force_login(other_client)

    response = client.get(CALENDAR, {"date": "2026-05-06"})

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert booking.reference not in response.content.decode()
