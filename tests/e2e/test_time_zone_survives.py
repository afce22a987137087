"""Two people in New York book one after the other, and both keep their zone all the way.

The slot pages are cached for anonymous visitors, so the second one is served pages the first
one's visit put in the cache, with no session of her own. Each browser reports
America/New_York; the practice is in London. Both choose a day, then each signs up on the way
and holds a time; both bookings and both new profiles must be in New York time.
"""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

NEW_YORK = ZoneInfo("America/New_York")
# Loose on purpose: how a zone is named is tests/practice/test_zones.py's subject.
NEW_YORK_NOTE = re.compile(r"Times are shown in .*New York")


@pytest.fixture
def discovery_call(practice_details, practitioner, make_service):
    return make_service(
        "discovery-call",
        name="Free discovery call",
        summary="A short, free video call.",
        duration_minutes=20,
    )


def new_york_words(iso: str) -> tuple[str, str]:
    """("Thursday 3 December", "9:30 am") for an instant, as the pages word it in New York."""
    local = datetime.fromisoformat(iso).astimezone(NEW_YORK)
    hour = local.hour % 12 or 12
    return (
        f"{local:%A} {local.day} {local:%B}",
        f"{hour}:{local.minute:02d} {'am' if local.hour < 12 else 'pm'}",
    )


def new_york_page(browser):
    return browser.new_context(timezone_id="America/New_York", locale="en-GB").new_page()


def choose_a_day(page, base: str) -> None:
    """The browser's zone is picked up on the first page; another day is still in it."""
    page.goto(f"{base}/book/discovery-call/")
    expect(page.locator(".zone-note")).to_have_text(NEW_YORK_NOTE)
    page.locator(".day-link").nth(2).click()
    expect(page.locator(".day-link").nth(2)).to_have_attribute("aria-current", "true")
    expect(page.locator(".day-link[aria-current]")).to_have_count(1)
    expect(page.locator(".zone-note")).to_have_text(NEW_YORK_NOTE)


def sign_up_and_hold(page, *, nth: int, email: str, sign_up) -> None:
    """Choose the day's nth time, read in New York clocks; sign up on the way; hold it."""
    button = page.locator("button[name=start]").nth(nth)
    day, clock = new_york_words(button.get_attribute("value"))
    expect(page.get_by_role("heading", name=day)).to_be_visible()
    expect(button).to_have_text(clock)
    button.click()

    # Held at once, in the same zone; she signs up on its page.
    expect(page.locator(".booking-when")).to_contain_text(f"{day} at {clock}")
    sign_up(page, email)
    expect(page.get_by_role("heading", name="Your time is held")).to_be_visible()
    expect(page.locator(".booking-when")).to_contain_text(f"{day} at {clock}")
    expect(page.locator(".booking-when")).to_contain_text("New York")


def test_two_visitors_in_new_york_a_moment_apart_both_keep_their_zone(
    live_server, browser, discovery_call, browser_give_details, axe_check
):
    from bookings.models import Booking
    from clients.models import Profile

    first, second = new_york_page(browser), new_york_page(browser)
    emails = ["first.in.new.york@example.com", "second.in.new.york@example.com"]
    try:
        # The second is served the pages the first one's visit left in the cache.
        choose_a_day(first, live_server.url)
        choose_a_day(second, live_server.url)
        axe_check(second, what="another day's times")
        sign_up_and_hold(first, nth=0, email=emails[0], sign_up=browser_give_details)
        sign_up_and_hold(second, nth=1, email=emails[1], sign_up=browser_give_details)
    finally:
        first.context.close()
        second.context.close()

    for email in emails:
        booking = Booking.objects.get(client__email=email)
        assert booking.status == "held"
        assert booking.client_time_zone == "America/New_York"
        assert Profile.objects.get(user__email=email).time_zone == "America/New_York"
