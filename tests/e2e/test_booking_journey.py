"""A client in New York books, moves and cancels a free call with a practice in London.

The browser's zone is America/New_York; the practitioner's hours are 09:00-17:00 in
Europe/London. The client signs up on the way (allauth, e-mail code), and the e-mails go
through the real task queue.
"""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

NEW_YORK = ZoneInfo("America/New_York")
# As pages name the zone (a pattern Playwright hands to the browser: the minus sign is literal).
NEW_YORK_LABEL = r"New York \(Eastern Time, UTC" + "\N{MINUS SIGN}" + r"[45]\)"
EMAIL = "new.york.client@example.com"


@pytest.fixture
def practice(practice_details, practitioner, make_service):
    """The free discovery call, with Anna (09:00-17:00 London) and the cancellation policy."""
    return make_service(
        "discovery-call",
        name="Free discovery call",
        summary="A short, free video call.",
        duration_minutes=20,
    )


@pytest.fixture
def new_york_page(browser):
    context = browser.new_context(
        timezone_id="America/New_York", locale="en-GB", viewport={"width": 1280, "height": 900}
    )
    yield context.new_page()
    context.close()


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def new_york_label(iso: str) -> tuple[str, str]:
    """("Thursday 3 December", "9:30 am") for an ISO instant, as the pages word it."""
    local = datetime.fromisoformat(iso).astimezone(NEW_YORK)
    hour = local.hour % 12 or 12
    return (
        f"{local:%A} {local.day} {local:%B}",
        f"{hour}:{local.minute:02d} {'am' if local.hour < 12 else 'pm'}",
    )


def test_new_york_client_books_moves_and_cancels_a_discovery_call(
    live_server, new_york_page, practice, axe_check
):
    from bookings.models import Booking

    page = new_york_page
    base = live_server.url

    # Step 1: the service. Step 2: the browser's zone is picked up and named.
    page.goto(f"{base}/book/")
    page.get_by_role("link", name="Choose a time for Free discovery call").click()
    expect(page.locator(".zone-note")).to_have_text(
        re.compile(rf"^Times are shown in {NEW_YORK_LABEL}\.")
    )
    axe_check(page, what="slot page in New York time")

    # A day a few days ahead (so that it can still be moved), then its first time.
    page.locator(".day-link").nth(3).click()
    # The day's times come in place of the first day's (static/js/slot-picker.js).
    expect(page.locator(".day-link").nth(3)).to_have_attribute("aria-current", "true")
    first_time = page.locator("button[name=start]").first
    chosen = first_time.get_attribute("value")
    day_label, clock = new_york_label(chosen)
    expect(page.get_by_role("heading", name=day_label)).to_be_visible()
    expect(first_time).to_have_text(clock)
    first_time.click()

    # Choosing holds the time at once; then her details, and the code e-mailed to her, on
    # the same page.
    expect(page.get_by_role("heading", name="Your time is held")).to_be_visible()
    expect(page.get_by_text("Step 2 of 3: your details")).to_be_visible()
    held = Booking.objects.get()
    assert (held.client, held.status, held.start) == (None, "held", datetime.fromisoformat(chosen))
    axe_check(page, what="her details, her time held")
    page.get_by_label(re.compile(r"^\s*Your name")).fill("Hetty")
    page.get_by_label(re.compile(r"^\s*E-mail address")).fill(EMAIL)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_label(re.compile(r"^\s*Code"))).to_be_visible()
    axe_check(page, what="the code, on her hold's page")
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mail.outbox[-1].body, re.MULTILINE)
    page.get_by_label(re.compile(r"^\s*Code")).fill(code.group(1))
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", name="Your time is held")).to_be_visible()
    expect(page.locator(".booking-when")).to_contain_text(f"{day_label} at {clock}")
    axe_check(page, what="held booking")
    page.get_by_role("button", name="Confirm booking").click()
    expect(page.get_by_role("heading", name="Your booking is confirmed")).to_be_visible()
    axe_check(page, what="confirmed booking")

    booking = Booking.objects.get(client__email=EMAIL)
    assert booking.status == "confirmed"
    assert booking.start == datetime.fromisoformat(chosen)
    assert booking.client_time_zone == "America/New_York"

    # The confirmation e-mail, with a calendar file at the right instant.
    run_worker()
    (confirmation,) = [m for m in mail.outbox if m.to == [EMAIL] and "appointment" in m.subject]
    assert confirmation.subject == f"Your appointment on {day_label} at {clock}"
    (ics,) = [a for a in confirmation.attachments if a.filename == "appointment.ics"]
    (event,) = icalendar.Calendar.from_ical(ics.content).walk("VEVENT")
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert event.decoded("DTSTART") == datetime.fromisoformat(chosen)
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(minutes=20)

    # It is under /my/, in New York time.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My account").click()
    upcoming = page.locator(".my-bookings .booking-list").first
    expect(upcoming.get_by_role("link", name=f"{day_label} at {clock}")).to_be_visible()
    axe_check(page, what="my account")

    # Move it to a time on a later day.
    upcoming.get_by_role("link", name=f"{day_label} at {clock}").click()
    page.get_by_role("link", name="Move to another time").click()
    expect(page.get_by_role("heading", name="Move your booking")).to_be_visible()
    axe_check(page, what="reschedule page")
    page.locator(".day-link").nth(5).click()
    expect(page.locator(".day-link").nth(5)).to_have_attribute("aria-current", "true")
    new_time = page.locator("button[name=start]").nth(1)
    moved_to = new_time.get_attribute("value")
    new_day, new_clock = new_york_label(moved_to)
    new_time.click()
    # Choosing only shows the move to confirm: from the old time to the new one.
    expect(page.get_by_role("heading", name="Move your session to this time?")).to_be_visible()
    expect(page.locator(".move-from")).to_contain_text(f"From: {day_label} at {clock}")
    expect(page.locator(".move-to")).to_contain_text(f"To: {new_day} at {new_clock}")
    axe_check(page, what="move confirm page")
    booking.refresh_from_db()
    assert booking.start == datetime.fromisoformat(chosen)
    page.get_by_role("button", name="Move my session").click()
    expect(page.get_by_text("Your booking has moved.")).to_be_visible()
    expect(page.locator(".booking-when")).to_contain_text(f"{new_day} at {new_clock}")
    booking.refresh_from_db()
    assert (booking.start, booking.status) == (datetime.fromisoformat(moved_to), "confirmed")
    assert Booking.objects.filter(client__email=EMAIL).count() == 1

    run_worker()
    (moved,) = [m for m in mail.outbox if m.subject.startswith("Your appointment has moved")]
    assert moved.subject == f"Your appointment has moved to {new_day} at {new_clock}"

    # Cancel it, seeing what that means first.
    page.get_by_role("link", name="Cancel booking").click()
    expect(page.locator(".policy-outcome")).to_have_text(
        "This session is free, so there is nothing to refund."
    )
    axe_check(page, what="cancel page")
    page.get_by_role("button", name="Cancel booking").click()
    expect(page.get_by_role("heading", name="This booking is cancelled")).to_be_visible()
    axe_check(page, what="cancelled booking")
    booking.refresh_from_db()
    assert (booking.status, booking.cancelled_by) == ("cancelled", "client")

    run_worker()
    (cancelled,) = [m for m in mail.outbox if m.to == [EMAIL] and "cancelled" in m.subject]
    assert cancelled.subject == f"Your appointment on {new_day} at {new_clock} is cancelled"
