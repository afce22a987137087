"""axe finds nothing on any booking page, in any state, in a real Chromium."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from bookings.models import Booking

pytestmark = pytest.mark.django_db(transaction=True)


def days_ahead(days: int, hour: int = 10):
    return (timezone.now() + timedelta(days=days)).replace(
        hour=hour, minute=0, second=0, microsecond=0
    )


@pytest.mark.parametrize(
    "path",
    [
        "/services/",
        "/services/hypnotherapy/",
        "/book/",
        "/book/hypnotherapy/",
        "/book/hypnotherapy/?tz=America/New_York",
    ],
)
def test_public_booking_pages(live_server, page, axe_check, practice_details, service, path):
    response = page.goto(f"{live_server.url}{path}")
    assert response.status == 200
    axe_check(page, what=path)


def test_slot_page_later_days_and_open_zone_picker(
    live_server, page, axe_check, practice_details, service
):
    page.goto(f"{live_server.url}/book/hypnotherapy/")
    page.get_by_role("link", name="Later days").click()
    page.get_by_text("Change time zone").click()
    expect(page.get_by_label("Your time zone")).to_be_visible()
    axe_check(page, what="slot page, later days, zone picker open")


def test_hold_this_time_page_and_the_visitors_hold(
    live_server, page, axe_check, practice_details, service
):
    page.goto(f"{live_server.url}/book/hypnotherapy/")
    start = page.locator("button[name=start]").first.get_attribute("value")
    # A link to one time (from elsewhere) offers to hold it.
    page.goto(f"{live_server.url}/book/hypnotherapy/?start={start}")
    expect(page.get_by_role("heading", name="Hold this time")).to_be_visible()
    axe_check(page, what="hold this time")
    page.get_by_role("button", name="Hold this time").click()
    expect(page.get_by_role("heading", name="Your time is held")).to_be_visible()
    expect(page.get_by_text("Step 2 of 4: your details")).to_be_visible()
    axe_check(page, what="a visitor's hold: her details")


def test_a_clients_booking_pages_in_every_state(
    live_server,
    page,
    axe_check,
    practice_details,
    browser_login,
    client_user,
    other_client,
    service,
    free_service,
    make_booking,
):
    browser_login(page, client_user)

    def check(path, what, status=200):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == status, what
        axe_check(page, what=what)

    held_paid = make_booking(
        client=client_user,
        service=service,
        start=days_ahead(4),
        status="held",
        hold_expires_at=timezone.now() + timedelta(minutes=25),
    )
    check(held_paid.get_absolute_url(), "held, paid service")

    held_free = make_booking(
        client=client_user,
        service=free_service,
        start=days_ahead(5, 14),
        status="held",
        hold_expires_at=timezone.now() + timedelta(minutes=25),
    )
    check(held_free.get_absolute_url(), "held, free service")
    page.get_by_role("button", name="Confirm booking").click()
    expect(page.get_by_role("heading", name="Your booking is confirmed")).to_be_visible()
    axe_check(page, what="confirmed (with its success message)")

    expired = make_booking(
        client=client_user, service=service, start=days_ahead(6), status="expired"
    )
    check(expired.get_absolute_url(), "hold ran out")

    confirmed = make_booking(client=client_user, service=service, start=days_ahead(8))
    check(f"{confirmed.get_absolute_url()}cancel/", "cancel page, in time")
    check(f"{confirmed.get_absolute_url()}reschedule/", "reschedule page")

    soon = make_booking(client=client_user, service=service, start=days_ahead(1, 16))
    check(soon.get_absolute_url(), "confirmed, inside the notice window")
    check(f"{soon.get_absolute_url()}cancel/", "cancel page, late")
    check(f"{soon.get_absolute_url()}reschedule/", "reschedule page, late")

    cancelled = make_booking(
        client=client_user, service=service, start=days_ahead(10), status="cancelled"
    )
    check(cancelled.get_absolute_url(), "cancelled")

    make_booking(
        client=client_user,
        service=free_service,
        start=timezone.now() - timedelta(days=7),
        status="completed",
    )
    check("/my/", "my account with upcoming and past bookings")

    # The clash: someone else takes the time between the page loading and the click.
    page.goto(f"{live_server.url}/book/hypnotherapy/")
    button = page.locator("button[name=start]").first
    taken = timezone.datetime.fromisoformat(button.get_attribute("value"))
    make_booking(client=other_client, service=service, start=taken)
    button.click()
    expect(page.get_by_text("Sorry — this time was just taken.")).to_be_visible()
    assert Booking.objects.filter(client=client_user, start=taken).count() == 0
    axe_check(page, what="this time was just taken")


def test_booking_scripts_break_no_csp_rule_and_load_nothing_from_elsewhere(
    live_server, browser, practice_details, service
):
    context = browser.new_context(timezone_id="Asia/Tokyo", locale="en-GB")
    page = context.new_page()
    requested, console_errors = [], []
    page.on("request", lambda request: requested.append(request.url))
    page.on(
        "console", lambda message: message.type == "error" and console_errors.append(message.text)
    )

    page.goto(f"{live_server.url}/book/hypnotherapy/")

    # The script sent the browser's zone once; the page names it, and then remembers it.
    expect(page).to_have_url(re.compile(r"\?tz=Asia%2FTokyo$"))
    expect(page.locator(".zone-note")).to_have_text("Times are shown in Tokyo (Japan, UTC+9).")
    page.goto(f"{live_server.url}/book/hypnotherapy/")
    expect(page.locator(".zone-note")).to_have_text("Times are shown in Tokyo (Japan, UTC+9).")
    expect(page).to_have_url(re.compile(r"/book/hypnotherapy/$"))
    assert all(url.startswith(live_server.url) for url in requested), requested
    assert console_errors == []
    context.close()
