"""The zone picker's search box, in a real Chromium: typing narrows the list, choosing shows
times there."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from bookings.timezones import clock_time

pytestmark = pytest.mark.django_db(transaction=True)


def test_typing_york_keeps_new_york_and_choosing_it_shows_times_there(
    live_server, page, axe_check, practice_details, service
):
    page.goto(f"{live_server.url}/book/{service.slug}/?tz=Europe/London")
    page.get_by_text("Change time zone").click()
    page.get_by_label("Find your city or time zone").fill("york")

    select = page.get_by_label("Your time zone")
    expect(select.locator("option[value='America/New_York']")).not_to_have_attribute("hidden", "")
    expect(select.locator("option[value='Europe/London']")).to_have_attribute("hidden", "")
    expect(page.locator("#zone-search-count")).to_have_text(re.compile(r"^\d+ time zones? match"))
    axe_check(page, what="slot page, zone search narrowed")

    select.select_option("America/New_York")
    page.get_by_role("button", name="Show times in this zone").click()

    expect(page.locator(".zone-note")).to_contain_text("New York (Eastern Time")
    first = page.locator("button[name=start]").first
    start = datetime.fromisoformat(first.get_attribute("value"))
    expect(first).to_have_text(clock_time(start.astimezone(ZoneInfo("America/New_York"))))
