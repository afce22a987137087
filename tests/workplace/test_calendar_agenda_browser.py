"""The calendar in a real Chromium at a desk and on a 390 px phone: the agenda stands in for the
grid on the phone without scrolling sideways, names and e-mail addresses are never split inside
a word, and every page of the calendar (week, month, agenda, the entry pages) passes axe."""

import re
from datetime import UTC, datetime, time, timedelta

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 900}
LONG_EMAIL = "alexandra.montgomery-featherstonehaugh@example.com"
LONG_NAME = "Maximiliana Featherstonehaugh-Cholmondeley"


@pytest.fixture
def busy_week(practitioner, make_booking, make_user, service, now):
    """Her calendar today and the next days: sessions (one client with a very long name and
    e-mail address), time off, extra hours and a busy time from her own calendar."""
    from bookings.models import BusyTime, ExternalCalendar, ExtraAvailability, TimeOff

    tz = practitioner.tz
    today = now.astimezone(tz).date()

    def at(days: int, hour: int) -> datetime:
        local = datetime.combine(today + timedelta(days=days), time(hour), tzinfo=tz)
        return local.astimezone(UTC)

    long_one = make_user(LONG_EMAIL, first_name=LONG_NAME)
    short_one = make_user("maya@example.com", first_name="Maya", last_name="Jones")
    nameless = make_user("no.name.given@example.com", first_name="", last_name="")
    bookings = [
        make_booking(client=long_one, service=service, start=at(1, 10)),
        make_booking(client=short_one, service=service, start=at(2, 14)),
        make_booking(client=nameless, service=service, start=at(3, 11), status="held"),
    ]
    TimeOff.objects.create(
        practitioner=practitioner, start=at(1, 15), end=at(1, 17), reason="Dentist"
    )
    extra = ExtraAvailability.objects.create(
        practitioner=practitioner, start=at(2, 18), end=at(2, 20), note="Clients abroad"
    )
    own = ExternalCalendar.objects.create(
        practitioner=practitioner, name="Personal", url="https://calendar.example/x.ics"
    )
    BusyTime.objects.create(calendar=own, practitioner=practitioner, start=at(3, 9), end=at(3, 10))
    return {"bookings": bookings, "extra": extra, "today": today}


def _open(page, live_server, browser_login, user, path, size):
    page.set_viewport_size(size)
    browser_login(page, user)
    page.goto(f"{live_server.url}{path}")


@pytest.mark.parametrize("view", ["", "?view=agenda", "?view=month"])
def test_on_a_phone_the_calendar_is_an_agenda_that_never_scrolls_sideways(
    live_server, page, browser_login, practitioner, practice_details, busy_week, axe_check, view
):
    _open(
        page,
        live_server,
        browser_login,
        practitioner.user,
        f"/admin/bookings/booking/calendar/{view}",
        PHONE,
    )

    agenda = page.locator("section.qh-agenda")
    assert agenda.is_visible()
    assert page.locator(".qh-grid").count() == 0 or not page.locator(".qh-grid").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # Today first, then the next fourteen days; each session with its time, client and status.
    days = agenda.locator(".qh-agenda-day")
    assert days.count() >= 15
    session = agenda.locator(f'[data-agenda-entry="{busy_week["bookings"][1].reference}"]')
    assert "14:00" in session.inner_text()
    assert "Maya Jones" in session.inner_text()
    assert "Confirmed" in session.inner_text()
    assert session.get_by_role("link", name="Open").first.is_visible()
    assert agenda.get_by_text("Busy (your calendar)").first.is_visible()
    axe_check(page, what=f"calendar {view or 'week'} at 390 px")


@pytest.mark.parametrize("view", ["week", "month", "agenda"])
def test_at_a_desk_each_view_passes_axe(
    live_server, page, browser_login, practitioner, practice_details, busy_week, axe_check, view
):
    _open(
        page,
        live_server,
        browser_login,
        practitioner.user,
        f"/admin/bookings/booking/calendar/?view={view}",
        DESK,
    )

    if view != "agenda":
        assert page.locator(".qh-grid").is_visible()
        assert not page.locator("section.qh-agenda").is_visible()
    axe_check(page, what=f"calendar {view} at a desk")


# Names and e-mail addresses are never split inside a word --------------------------------------

ONE_LINE = """node => {
    const style = getComputedStyle(node);
    return {
        height: node.getBoundingClientRect().height,
        lineHeight: parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.2,
        cut: node.scrollWidth > node.clientWidth,
        wrap: style.overflowWrap,
        breaks: style.wordBreak,
        hyphens: style.hyphens,
        title: node.title,
    };
}"""


def _assert_one_line(locator, full_text: str):
    shape = locator.evaluate(ONE_LINE)
    assert shape["height"] < 1.5 * shape["lineHeight"], shape  # one line, not two or three
    assert shape["wrap"] != "anywhere", shape
    assert shape["breaks"] != "break-all", shape
    assert shape["hyphens"] != "auto", shape
    assert shape["title"] == full_text  # the whole of it, when the cell cuts it short
    return shape


@pytest.mark.parametrize(("view", "size"), [("week", DESK), ("month", DESK), ("agenda", PHONE)])
def test_a_long_name_and_email_stay_on_one_line_each_in_a_calendar_cell(
    live_server, page, browser_login, practitioner, practice_details, busy_week, view, size
):
    _open(
        page,
        live_server,
        browser_login,
        practitioner.user,
        f"/admin/bookings/booking/calendar/?view={view}",
        size,
    )
    reference = busy_week["bookings"][0].reference
    if view == "agenda":
        entry = page.locator(f'[data-agenda-entry="{reference}"]')
        who, email = entry.locator(".qh-agenda-who"), entry.locator(".qh-agenda-email")
    else:
        entry = page.locator(f'a.qh-booking[data-booking="{reference}"]')
        if entry.count() == 0:  # next week's, on a week that starts today
            page.get_by_role("link", name=re.compile("Next")).first.click()
        who, email = entry.locator(".qh-booking-who"), entry.locator(".qh-booking-email")

    name_shape = _assert_one_line(who, LONG_NAME)
    email_shape = _assert_one_line(email, LONG_EMAIL)
    assert email_shape["cut"] or name_shape["cut"] or view == "agenda"
    assert (
        page.evaluate("document.documentElement.scrollWidth") <= size["width"] or view != "agenda"
    )


# The entry pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [DESK, PHONE], ids=["desk", "phone"])
def test_time_off_is_changed_then_deleted_from_the_calendar(
    live_server, page, browser_login, practitioner, practice_details, busy_week, axe_check, size
):
    from bookings.models import TimeOff

    _open(
        page,
        live_server,
        browser_login,
        practitioner.user,
        "/admin/bookings/booking/calendar/?view=agenda",
        size,
    )
    session = busy_week["bookings"][0]  # tomorrow 10:00, the time off is 15:00-17:00

    page.get_by_role("link", name=re.compile("^Time off: Dentist")).first.click()
    expect(page.get_by_role("heading", name="Change time off")).to_be_visible()
    axe_check(page, what="time off, change")
    tomorrow = (busy_week["today"] + timedelta(days=1)).isoformat()
    page.get_by_label("From").fill(f"{tomorrow}T09:00")
    page.get_by_role("button", name="Save the change").click()

    warning = page.get_by_role("heading", name="1 session already booked in this time")
    expect(warning).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
    axe_check(page, what="time off, change over a session")
    page.get_by_role("button", name="Save the change but keep this session").click()

    expect(page.get_by_text("Time off changed:")).to_be_visible()
    time_off = TimeOff.objects.get()
    assert time_off.start.astimezone(practitioner.tz).hour == 9
    session.refresh_from_db()
    assert session.status == "confirmed"

    page.goto(f"{live_server.url}/admin/bookings/booking/calendar/time-off/{time_off.pk}/")
    page.get_by_role("link", name="Delete this time off").click()
    expect(page.get_by_text("Clients will be able to book this time again")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
    axe_check(page, what="time off, delete")
    page.get_by_role("button", name="Yes, delete this time off").click()

    expect(page.get_by_text("Time off deleted:")).to_be_visible()
    assert TimeOff.objects.count() == 0


@pytest.mark.parametrize("size", [DESK, PHONE], ids=["desk", "phone"])
def test_extra_hours_are_added_changed_and_deleted_from_the_calendar(
    live_server, page, browser_login, practitioner, practice_details, busy_week, axe_check, size
):
    from bookings.models import ExtraAvailability

    _open(
        page,
        live_server,
        browser_login,
        practitioner.user,
        "/admin/bookings/booking/calendar/",
        size,
    )

    page.get_by_role("link", name="Add extra hours").click()
    axe_check(page, what="extra hours, add")
    page.get_by_label("From").fill("2026-03-29T01:30")  # the clocks skip it
    page.get_by_label("Until").fill("2026-03-29T03:00")
    page.get_by_role("button", name="Add these hours").click()
    assert page.get_by_text("The clocks go forward at that time").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
    axe_check(page, what="extra hours, add, with an error")
    assert ExtraAvailability.objects.count() == 1  # the fixture's only

    saturday = busy_week["today"] + timedelta(days=(5 - busy_week["today"].weekday()) % 7 + 7)
    page.get_by_label("From").fill(f"{saturday.isoformat()}T10:00")
    page.get_by_label("Until").fill(f"{saturday.isoformat()}T13:00")
    page.get_by_label("Note (only you see it)").fill("Saturday clinic")
    page.get_by_role("button", name="Add these hours").click()
    assert page.get_by_text("Extra hours added:").is_visible()
    added = ExtraAvailability.objects.get(note="Saturday clinic")

    page.goto(f"{live_server.url}/admin/bookings/booking/calendar/extra/{added.pk}/")
    axe_check(page, what="extra hours, change")
    page.get_by_label("Until").fill(f"{saturday.isoformat()}T14:00")
    page.get_by_role("button", name="Save the change").click()
    assert page.get_by_text("Extra hours changed:").is_visible()

    page.goto(f"{live_server.url}/admin/bookings/booking/calendar/extra/{added.pk}/delete/")
    axe_check(page, what="extra hours, delete")
    page.get_by_role("button", name="Yes, delete these extra hours").click()
    assert page.get_by_text("Extra hours deleted:").is_visible()
    assert not ExtraAvailability.objects.filter(pk=added.pk).exists()
