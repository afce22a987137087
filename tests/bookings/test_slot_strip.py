"""The slot page on a phone, in Chromium (issue 13): the strip of days and the chosen day's
times both in the first screen, and another day's times swapped in place without a page load
(static/js/slot-picker.js), with Back, focus and the links without JavaScript still working."""

import re
from datetime import date, datetime, timedelta
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from bookings.timezones import day_label

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PHONE = {"width": 390, "height": 844}
# Scrolled a little way down before a tap: a page load would put her back at the top.
SCROLLED = 120
ZONES = {
    "America/New_York": "New York (Eastern Time",
    "Australia/Sydney": "Sydney (Australian Eastern Time",
}


@pytest.fixture
def phone_in(browser):
    """A phone (390 by 844, touch) whose clock is in the zone given: phone_in("Asia/Tokyo")."""
    contexts = []

    def open_page(zone: str, **options):
        context = browser.new_context(
            viewport=PHONE, timezone_id=zone, locale="en-GB", has_touch=True, **options
        )
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def in_first_screen(locator) -> bool:
    box = locator.bounding_box()
    return (
        box is not None
        and box["y"] >= 0
        and box["y"] + box["height"] <= PHONE["height"]
        and box["x"] >= 0
        and box["x"] + box["width"] <= PHONE["width"]
    )


def day_of(link) -> str:
    return parse_qs(urlsplit(link.get_attribute("href")).query)["day"][0]


def times_heading(page):
    return page.locator("#times-title")


def chosen_day(page):
    return page.locator(".day-link[aria-current='true']")


def mark_the_document(page) -> None:
    """A mark on this document's window: a page load would wipe it."""
    page.evaluate("window.stillTheSamePage = true")


def still_the_same_document(page) -> bool:
    return page.evaluate("window.stillTheSamePage === true")


@pytest.mark.parametrize("zone", list(ZONES))
def test_on_a_phone_the_days_and_times_are_in_the_first_screen_and_a_tap_swaps_the_day(
    live_server, phone_in, axe_check, practice_details, service, zone
):
    page = phone_in(zone)
    page.goto(f"{live_server.url}/book/{service.slug}/")
    # booking-timezone.js sends the phone's zone once; the times near the top say it.
    expect(page).to_have_url(re.compile(r"\?tz="))
    expect(page.locator("#times-hint")).to_contain_text(f"Times are in {ZONES[zone]}")

    strip = page.locator(".day-picker")
    first_time = page.locator("button[name=start]").first
    assert in_first_screen(strip)
    assert in_first_screen(first_time)
    assert in_first_screen(times_heading(page))
    # The strip scrolls sideways on its own; the page never does.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # With no day asked for, the first day that has times is chosen.
    expect(page.locator(".day-link").first).to_have_attribute("aria-current", "true")
    first_day = day_of(page.locator(".day-link").first)
    first_url = page.url
    axe_check(page, what=f"slot page on a phone in {zone}")

    mark_the_document(page)
    page.evaluate(f"window.scrollTo(0, {SCROLLED})")
    other = page.locator(".day-link").nth(2)
    day = day_of(other)
    other.tap()

    expect(page).to_have_url(re.compile(rf"\?day={day}&"))
    expect(chosen_day(page)).to_have_count(1)
    expect(chosen_day(page)).to_have_attribute("href", re.compile(rf"\?day={day}&"))
    label = day_label(date.fromisoformat(day))
    expect(times_heading(page)).to_have_text(label)
    expect(times_heading(page)).to_be_focused()
    expect(page.get_by_role("status")).to_have_text(re.compile(rf"^\d+ times? on {label}\.$"))
    start = datetime.fromisoformat(first_time.get_attribute("value"))
    assert start.astimezone(ZoneInfo(zone)).date().isoformat() == day
    assert still_the_same_document(page)
    assert page.evaluate("window.scrollY") == SCROLLED
    axe_check(page, what=f"slot page on a phone in {zone}, another day swapped in")

    page.go_back()

    expect(page).to_have_url(first_url)
    expect(times_heading(page)).to_have_text(day_label(date.fromisoformat(first_day)))
    expect(page.locator(".day-link").first).to_have_attribute("aria-current", "true")
    assert still_the_same_document(page)

    page.go_forward()

    expect(times_heading(page)).to_have_text(label)
    expect(chosen_day(page)).to_have_attribute("href", re.compile(rf"\?day={day}&"))
    assert still_the_same_document(page)


def test_later_and_earlier_days_swap_the_strip_and_the_zone_form_keeps_the_day(
    live_server, phone_in, axe_check, practice_details, service
):
    page = phone_in("Europe/London")
    page.goto(f"{live_server.url}/book/{service.slug}/?tz=Europe/London")
    first_week = [day_of(link) for link in page.locator(".day-link").all()]
    mark_the_document(page)

    page.get_by_role("link", name="Later days").click()

    # The next week's days, its first day chosen and its times shown.
    expect(page.get_by_role("link", name="Earlier days")).to_be_visible()
    later_day = day_of(page.locator(".day-link").first)
    assert later_day not in first_week
    expect(page).to_have_url(re.compile(rf"\?day={later_day}&"))
    expect(page.locator(".day-link").first).to_have_attribute("aria-current", "true")
    expect(times_heading(page)).to_have_text(day_label(date.fromisoformat(later_day)))
    expect(times_heading(page)).to_be_focused()
    assert still_the_same_document(page)
    axe_check(page, what="slot page, later days swapped in")

    # Changing the zone goes on from the day she is looking at.
    page.get_by_text("Change time zone").click()
    page.get_by_label("Your time zone").select_option("Europe/Paris")
    page.get_by_role("button", name="Show times in this zone").click()
    expect(page).to_have_url(re.compile(rf"\?day={later_day}&tz=Europe%2FParis"))
    expect(page.locator(".zone-note")).to_contain_text("Paris")
    expect(chosen_day(page)).to_have_attribute("href", re.compile(rf"\?day={later_day}&"))

    mark_the_document(page)
    page.get_by_role("link", name="Earlier days").click()

    expect(page).to_have_url(re.compile(rf"\?day={first_week[0]}&"))
    expect(page.locator(".day-link").first).to_have_attribute("aria-current", "true")
    assert [day_of(link) for link in page.locator(".day-link").all()] == first_week
    assert still_the_same_document(page)


def test_without_javascript_a_day_link_loads_that_days_page(
    live_server, phone_in, practice_details, service
):
    page = phone_in("America/New_York", java_script_enabled=False)
    page.goto(f"{live_server.url}/book/{service.slug}/?tz=America/New_York")
    other = page.locator(".day-link").nth(3)
    day = day_of(other)

    with page.expect_navigation():
        other.click()

    expect(page).to_have_url(re.compile(rf"\?day={day}&tz=America%2FNew_York$"))
    expect(chosen_day(page)).to_have_attribute("href", re.compile(rf"\?day={day}&"))
    expect(times_heading(page)).to_have_text(day_label(date.fromisoformat(day)))
    assert in_first_screen(page.locator("button[name=start]").first)
    # (axe runs inside the page, so not here: a day's page as the server sends it is what the
    # first test checks with axe once it is swapped in.)


def test_when_the_days_times_cannot_be_fetched_the_link_loads_the_page(
    live_server, phone_in, practice_details, service
):
    page = phone_in("America/New_York")
    page.goto(f"{live_server.url}/book/{service.slug}/?tz=America/New_York")

    def drop_the_scripts_request(route):
        # The network drops the script's request; the page load that follows gets through.
        if route.request.resource_type == "fetch":
            route.abort()
        else:
            route.continue_()

    page.route(re.compile(r"/book/"), drop_the_scripts_request)
    mark_the_document(page)
    other = page.locator(".day-link").nth(2)
    day = day_of(other)

    other.click()

    expect(page).to_have_url(re.compile(rf"\?day={day}&"))
    expect(chosen_day(page)).to_have_attribute("href", re.compile(rf"\?day={day}&"))
    expect(times_heading(page)).to_have_text(day_label(date.fromisoformat(day)))
    assert not still_the_same_document(page)


def test_moving_a_booking_swaps_the_day_in_place_and_its_times_lead_to_the_confirm_step(
    live_server,
    phone_in,
    axe_check,
    browser_login,
    practice_details,
    client_user,
    service,
    make_booking,
):
    start = (timezone.now() + timedelta(days=8)).replace(hour=10, minute=0, second=0, microsecond=0)
    booking = make_booking(
        client=client_user, service=service, start=start, client_time_zone="America/New_York"
    )
    page = phone_in("America/New_York")
    browser_login(page, client_user)
    page.goto(f"{live_server.url}{booking.get_absolute_url()}reschedule/?tz=America/New_York")
    expect(page.get_by_role("heading", name="Move your booking")).to_be_visible()
    mark_the_document(page)
    other = page.locator(".day-link").nth(2)
    day = day_of(other)

    other.tap()

    expect(page).to_have_url(re.compile(rf"/reschedule/\?day={day}&"))
    expect(times_heading(page)).to_have_text(day_label(date.fromisoformat(day)))
    expect(times_heading(page)).to_be_focused()
    assert still_the_same_document(page)
    axe_check(page, what="move picker, another day swapped in")

    new_time = page.locator("button[name=start]").first
    moved_to = datetime.fromisoformat(new_time.get_attribute("value"))
    assert moved_to.astimezone(ZoneInfo("America/New_York")).date().isoformat() == day
    new_time.click()

    expect(page.get_by_role("heading", name="Move your session to this time?")).to_be_visible()
    booking.refresh_from_db()
    assert booking.start == start
