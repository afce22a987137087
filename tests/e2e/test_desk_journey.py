"""The practitioner's desk, part two, in a real Chromium, as she runs it: staff in the
Practitioner group, not a superuser.

She adds her own calendar (served by a real HTTP server on 127.0.0.1), and its weekly Tuesday
morning commitment disappears from the times clients are offered; she books a new client who
phoned into a free Thursday time straight from her calendar, then moves the session to Friday.
The client is told each time by e-mail with a calendar file. axe checks every page she sees.
"""

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.contrib.auth.models import Group
from django.core import mail
from playwright.sync_api import expect

from bookings.models import Booking, BusyTime
from tests.workplace.ics_server import ics_server
from workplace.roles import PRACTITIONER_GROUP

__all__ = ["ics_server"]  # a fixture

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.browser_context_args(timezone_id="Europe/London"),
]

LONDON = ZoneInfo("Europe/London")
NEW_CLIENT = "lena.marsh@example.com"


@pytest.fixture
def practitioner(make_practitioner):
    """Anna, who works 09:00-17:00 every day in London: staff in the Practitioner group."""
    practitioner = make_practitioner()
    practitioner.user.groups.add(Group.objects.get(name=PRACTITIONER_GROUP))
    assert not practitioner.user.is_superuser
    return practitioner


def _next_week(now: datetime) -> dict[str, datetime]:
    """Next week's Tuesday, Thursday and Friday (London dates), past any notice period."""
    today = now.astimezone(LONDON).date()
    monday = today + timedelta(days=7 - today.weekday())
    return {
        name: datetime.combine(monday + timedelta(days=offset), datetime.min.time(), LONDON)
        for name, offset in (("tuesday", 1), ("thursday", 3), ("friday", 4))
    }


def _offered_on(page, live_server, service, day: datetime) -> list[datetime]:
    """The times the public slot page offers a visitor in London on `day`, as London times."""
    query = f"day={day.date().isoformat()}&tz=Europe/London"
    page.goto(f"{live_server.url}/book/{service.slug}/?{query}")
    values = page.locator("button[name=start]").evaluate_all("(all) => all.map((b) => b.value)")
    return [datetime.fromisoformat(value).astimezone(LONDON) for value in values]


def test_her_calendar_blocks_tuesday_mornings_and_she_books_and_moves_a_client(
    live_server,
    page,
    browser,
    axe_check,
    browser_login,
    practitioner,
    service,
    practice_details,
    ics_server,
    run_worker,
    now,
):
    days = _next_week(now)
    tuesday = days["tuesday"]
    address = ics_server.serve("/private/anna-personal.ics", fixture="tuesday_mornings.ics")

    # Before: a visitor can book next Tuesday at 09:30 (the service's buffers allow it).
    visitor = browser.new_page()
    before = _offered_on(visitor, live_server, service, tuesday)
    assert any(start.hour < 12 for start in before), before

    # She adds her calendar from the set-up page's step.
    browser_login(page, practitioner.user)
    page.goto(f"{live_server.url}/admin/bookings/practitioner/setup/")
    axe_check(page, what="set up your practice")
    page.goto(f"{live_server.url}/admin/bookings/externalcalendar/add/")
    axe_check(page, what="add a calendar")
    page.get_by_label("Name").fill("Personal (Fastmail)")
    page.get_by_label("Private address").fill(address)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("“Personal (Fastmail)” was read just now")).to_be_visible()
    axe_check(page, what="her calendars")
    assert BusyTime.objects.filter(practitioner=practitioner).exists()

    # Clients no longer see Tuesday morning, where she volunteers (09:00-12:00 plus buffers),
    # and are not told why; the afternoon is still there.
    after = _offered_on(visitor, live_server, service, tuesday)
    assert after, "Tuesday afternoon stays bookable"
    assert all(start.hour >= 12 for start in after), after
    assert not any(start.hour < 12 for start in after)
    assert "Volunteering" not in visitor.content()
    visitor.close()

    # Her week shows the busy time, without its title, and a free Thursday hour to book.
    thursday = days["thursday"]
    page.goto(f"{live_server.url}/admin/bookings/booking/calendar/?date={thursday.date()}")
    expect(page.get_by_text("Busy (your calendar)").first).to_be_visible()
    assert "Volunteering" not in page.content()
    axe_check(page, what="her week with a busy time")
    page.get_by_role("link", name=re.compile(r"^Book a session at 10:00 on Thu")).click()

    # The desk's booking page, at that time: a new client who phoned.
    expect(page.get_by_role("heading", name="Book a session")).to_be_visible()
    expect(page.get_by_role("radio", name="10:00")).to_be_checked()
    axe_check(page, what="book a session")
    page.get_by_role("radio", name="A new client").check()
    page.get_by_label(re.compile(r"^Name")).fill("Lena")
    page.get_by_role("textbox", name="E-mail address").fill(NEW_CLIENT)
    page.get_by_role("radio", name=re.compile("paid me outside the site")).check()
    page.get_by_label(re.compile("^How she paid")).fill("Bank transfer")
    page.get_by_role("button", name="Book this session").click()
    expect(page.get_by_text(re.compile("is booked for Lena"))).to_be_visible()

    booking = Booking.objects.get(client__email=NEW_CLIENT)
    assert booking.status == Booking.Status.CONFIRMED
    assert booking.start == thursday.replace(hour=10).astimezone(UTC)
    run_worker()
    to_her = [m for m in mail.outbox if m.to == [NEW_CLIENT]]
    assert any(m.subject.startswith("Your account at") for m in to_her), [m.subject for m in to_her]
    (confirmed,) = [m for m in to_her if m.subject.startswith("Your appointment on")]
    assert confirmed.attachments, "the confirmation carries a calendar file"

    # From her calendar she moves it to Friday 14:00.
    page.goto(f"{live_server.url}/admin/bookings/booking/calendar/?date={thursday.date()}")
    page.get_by_role("link", name=re.compile(r"^Move the session with Lena")).first.click()
    expect(page.get_by_role("heading", name="Move a session")).to_be_visible()
    axe_check(page, what="move a session")
    page.get_by_label("Show the free times of").fill(days["friday"].date().isoformat())
    page.get_by_role("button", name="Show free times").click()
    page.get_by_role("radio", name="14:00").check()
    page.get_by_role("button", name="Move the session").click()
    expect(page.get_by_text(re.compile(r"^Moved to Fri"))).to_be_visible()
    axe_check(page, what="the booking after the move")

    booking.refresh_from_db()
    assert booking.start == days["friday"].replace(hour=14).astimezone(UTC)
    assert booking.status == Booking.Status.CONFIRMED
    run_worker()
    (moved,) = [m for m in mail.outbox if m.to == [NEW_CLIENT] and "has moved" in m.subject]
    calendar_file = moved.attachments[0]
    content = calendar_file[1] if isinstance(calendar_file, tuple) else calendar_file.get_payload()
    (event,) = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert event.decoded("DTSTART") == booking.start

    # Thursday 10:00 is free again on her calendar.
    page.goto(f"{live_server.url}/admin/bookings/booking/calendar/?date={thursday.date()}")
    expect(
        page.get_by_role("link", name=re.compile(r"^Book a session at 10:00 on Thu"))
    ).to_be_visible()
