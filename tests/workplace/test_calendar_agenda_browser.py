"""The calendar in a real Chromium at a desk and on a 390 px phone: the agenda stands in for the
grid on the phone without scrolling sideways, names and e-mail addresses are never split inside
a word, and every page of the calendar (week, month, agenda, the entry pages) passes axe."""

from datetime import UTC, datetime, time, timedelta

import pytest

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
    page.screenshot(path=f"/tmp/phone{view.replace('?', '-')}.png", full_page=True)
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
    page.screenshot(path=f"/tmp/desk-{view}.png", full_page=True)
    axe_check(page, what=f"calendar {view} at a desk")
