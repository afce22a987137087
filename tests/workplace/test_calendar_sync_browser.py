"""Her calendars' admin pages in a real Chromium: she adds a calendar served by the local server
and is told it was read; each page (list, add form, edit form, the dashboard with a failing
calendar) has no accessibility violations."""

import re

import pytest
from playwright.sync_api import expect

from bookings.models import BusyTime, ExternalCalendar
from tests.workplace.ics_server import ics_server, make_calendar
from workplace.calendar_sync import calendar_sync

__all__ = ["ics_server", "make_calendar"]  # fixtures

pytestmark = pytest.mark.django_db(transaction=True)


def test_she_adds_a_calendar_and_is_told_it_now_blocks_her_hours(
    live_server, page, axe_check, browser_login, practitioner, practice_details, ics_server
):
    address = ics_server.serve("/private/anna.ics", fixture="tuesday_mornings.ics")
    browser_login(page, practitioner.user)

    page.goto(f"{live_server.url}/admin/bookings/externalcalendar/")
    axe_check(page, what="her calendars, empty list")
    page.get_by_role("link", name=re.compile("Add your calendar")).click()
    expect(page).to_have_url(re.compile(r"/externalcalendar/add/$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    axe_check(page, what="add a calendar")
    page.get_by_label("Name").fill("Personal (Fastmail)")
    page.get_by_label("Private address").fill(address)
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.get_by_text("“Personal (Fastmail)” was read just now")).to_be_visible()
    count = BusyTime.objects.count()
    assert count > 0
    axe_check(page, what="her calendars, one read")
    assert "/private/anna.ics" not in page.content()


def test_a_calendars_edit_page_and_a_failing_one_on_the_dashboard_are_accessible(
    live_server, page, axe_check, browser_login, practitioner, practice_details, ics_server, now
):
    calendar = ExternalCalendar.objects.create(
        practitioner=practitioner,
        name="Personal (Google)",
        url=ics_server.serve("/g.ics", fixture="tuesday_mornings.ics"),
    )
    calendar_sync(calendar_id=calendar.pk, now=now)
    del ics_server.files["/g.ics"]
    browser_login(page, practitioner.user)

    page.goto(f"{live_server.url}/admin/bookings/externalcalendar/{calendar.pk}/change/")
    axe_check(page, what="a calendar's page")
    page.get_by_role("button", name="Check now").click()

    expect(page.get_by_text("“Personal (Google)” could not be read")).to_be_visible()
    axe_check(page, what="a calendar's page, after a failed check")
    page.goto(f"{live_server.url}/admin/")
    expect(page.get_by_role("heading", name="A calendar that cannot be read")).to_be_visible()
    axe_check(page, what="the dashboard with a failing calendar")
