"""Two people in New York book one after the other, and both keep their zone all the way.

The slot page is cached for anonymous visitors, so the second one is served pages the first
one's visit put in the cache, with no session of her own. Each browser reports
America/New_York; the practice is in London. Each chooses a day, signs up on the way and
holds a time; both bookings and both new profiles must be in New York time.
"""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

NEW_YORK = ZoneInfo("America/New_York")
NEW_YORK_NOTE = re.compile(r"Times are shown in New York \(Eastern Time, UTC")


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


def book_in_new_york(browser, base: str, *, email: str, password: str, axe_check) -> None:
    context = browser.new_context(timezone_id="America/New_York", locale="en-GB")
    page = context.new_page()
    try:
        # The browser's zone is picked up on the first page.
        page.goto(f"{base}/book/discovery-call/")
        expect(page.locator(".zone-note")).to_have_text(NEW_YORK_NOTE)

        # Another day: still New York, and its times read as New York clocks show them.
        page.locator(".day-link").nth(2).click()
        expect(page.locator(".day-link[aria-current]")).to_have_count(1)
        expect(page.locator(".zone-note")).to_have_text(NEW_YORK_NOTE)
        axe_check(page, what="another day's times")
        first_time = page.locator("button[name=start]").first
        chosen = first_time.get_attribute("value")
        day, clock = new_york_words(chosen)
        expect(page.get_by_role("heading", name=day)).to_be_visible()
        expect(first_time).to_have_text(clock)
        first_time.click()

        # Sign up on the way, with the code from the e-mail.
        expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
        page.get_by_role("link", name="sign up").click()
        page.get_by_label(re.compile(r"^\s*Email")).fill(email)
        page.get_by_label(re.compile(r"^\s*Password\*?\s*$")).fill(password)
        page.get_by_label(re.compile(r"^\s*Password \(again\)")).fill(password)
        page.get_by_role("button", name="Sign Up").click()
        expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))
        (message,) = [m for m in mail.outbox if m.to == [email]]
        code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", message.body, re.MULTILINE)
        page.get_by_label(re.compile(r"^\s*Code")).fill(code.group(1))
        page.get_by_role("button", name="Confirm").click()

        # Back at the same time, in the same zone; hold it.
        expect(page.locator(".chosen-time")).to_have_text(
            re.compile(rf"^{day}, {clock}, New York \(Eastern Time, UTC")
        )
        page.get_by_role("button", name="Hold this time").click()
        expect(page.get_by_role("heading", name="Your time is held")).to_be_visible()
        expect(page.locator(".booking-when")).to_contain_text(f"{day} at {clock}")
        expect(page.locator(".booking-when")).to_contain_text("New York (Eastern Time")
    finally:
        context.close()


def test_two_visitors_in_new_york_one_after_the_other_both_keep_their_zone(
    live_server, browser, discovery_call, password, axe_check
):
    from bookings.models import Booking
    from clients.models import Profile

    emails = ["first.in.new.york@example.com", "second.in.new.york@example.com"]
    for email in emails:
        book_in_new_york(
            browser, live_server.url, email=email, password=password, axe_check=axe_check
        )

    for email in emails:
        booking = Booking.objects.get(client__email=email)
        assert booking.status == "held"
        assert booking.client_time_zone == "America/New_York"
        assert Profile.objects.get(user__email=email).time_zone == "America/New_York"
