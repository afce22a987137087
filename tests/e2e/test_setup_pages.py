"""Set-up in a real Chromium, as the practitioner (staff in her group, not a superuser): the
set-up page, her weekly hours and the dashboard with its charts are axe-clean, the copy button
puts her calendar address on the clipboard, and the hours grid saves a day with a break."""

import re
from datetime import datetime, time

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from playwright.sync_api import expect

from bookings.models import WorkingHours
from payments.models import Refund
from practice.dates import add_months
from tests.factories import RefundFactory
from workplace.roles import PRACTITIONER_GROUP

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.browser_context_args(timezone_id="Europe/London"),
]


@pytest.fixture
def practitioner(make_practitioner):
    """Anna as she should run the site: staff in the Practitioner group, not a superuser."""
    practitioner = make_practitioner()
    practitioner.user.groups.add(Group.objects.get(name=PRACTITIONER_GROUP))
    return practitioner


@pytest.fixture
def her(practitioner, practice_details):
    return practitioner


@pytest.fixture
def signed_in_page(page, browser_login, her):
    browser_login(page, her.user)
    return page


def test_setup_page_is_axe_clean_and_copies_the_calendar_address(
    signed_in_page, live_server, her, axe_check
):
    page = signed_in_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)

    page.goto(live_server.url + reverse("admin:bookings_practitioner_setup"))

    expect(page.get_by_role("heading", name="Set up your practice")).to_be_visible()
    axe_check(page, what="the set-up page")
    page.get_by_text("How to add it to Google, Apple or Outlook calendar").click()
    axe_check(page, what="the set-up page, instructions open")

    page.get_by_role("button", name="Copy the address").click()

    expect(page.get_by_role("status")).to_have_text("Copied. Now paste it into your calendar app.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.endswith(f"/calendar/{her.calendar_token}.ics")


def test_hours_page_is_axe_clean_and_saves_a_day_with_a_break(
    signed_in_page, live_server, her, axe_check
):
    page = signed_in_page
    page.goto(live_server.url + reverse("admin:bookings_practitioner_hours"))
    axe_check(page, what="the weekly hours page")

    sunday = page.get_by_role("group", name="Sunday")
    sunday.get_by_label("Works on Sunday").uncheck()
    monday = page.get_by_role("group", name="Monday")
    monday.get_by_label("Starts at").fill("08:30")
    monday.get_by_label("Break 1 from").fill("12:30")
    monday.get_by_label("Break 1 until").fill("13:30")
    page.get_by_role("button", name="Save weekly hours").click()

    expect(page.get_by_text("Your weekly hours are saved.")).to_be_visible()
    monday_rows = WorkingHours.objects.filter(practitioner=her, weekday=0).order_by("start_time")
    assert [(r.start_time, r.end_time) for r in monday_rows] == [
        (time(8, 30), time(12, 30)),
        (time(13, 30), time(17)),
    ]
    assert not WorkingHours.objects.filter(practitioner=her, weekday=6).exists()

    # A mistake is explained beside its day, and is itself axe-clean.
    page.goto(live_server.url + reverse("admin:bookings_practitioner_hours"))
    page.get_by_role("group", name="Tuesday").get_by_label("Finishes at").fill("08:00")
    page.get_by_role("button", name="Save weekly hours").click()
    expect(page.get_by_text("On Tuesday, the finish must come after the start.")).to_be_visible()
    axe_check(page, what="the weekly hours page with a mistake")


def test_dashboard_with_charts_is_axe_clean(
    signed_in_page,
    live_server,
    make_booking,
    make_payment,
    make_service,
    client_user,
    now,
    axe_check,
):
    service = make_service(name="Hypnotherapy session", price_amount=9500)
    last_month = add_months(now.date().replace(day=1), -1).replace(day=15)
    start = datetime.combine(last_month, time(10), tzinfo=now.tzinfo)
    booking = make_booking(client=client_user, service=service, start=start, status="completed")
    payment = make_payment(booking, paid_at=start)
    refund = RefundFactory(payment=payment, amount=2000, status="succeeded", reason="outside")
    Refund.objects.filter(pk=refund.pk).update(created_at=start)
    page = signed_in_page

    page.goto(live_server.url + reverse("admin:index"))

    expect(page.get_by_role("img", name=re.compile("^Sessions each month"))).to_be_visible()
    expect(page.get_by_role("link", name="Continue setting up")).to_be_visible()
    axe_check(page, what="the dashboard with charts")
    page.get_by_text("Takings and refunds each month as a table").click()
    axe_check(page, what="the dashboard with a chart's table open")
