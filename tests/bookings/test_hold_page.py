"""A held booking's page in a real Chromium: what it says once the hold runs out."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from bookings.models import Booking

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_held_page_left_open_stops_offering_payment_when_the_hold_ends(
    live_server,
    page,
    axe_check,
    practice_details,
    browser_login,
    client_user,
    service,
    make_booking,
):
    booking = make_booking(
        client=client_user,
        service=service,
        start=(timezone.now() + timedelta(days=4)).replace(hour=10, minute=0, second=0),
        status="held",
        hold_expires_at=timezone.now() + timedelta(minutes=2),
    )
    browser_login(page, client_user)
    page.clock.install()
    page.goto(f"{live_server.url}{booking.get_absolute_url()}")
    expect(page.get_by_role("heading", name="Your time is held")).to_be_visible()
    pay = page.get_by_role("button", name="Continue to payment")
    expect(pay).to_be_visible()

    # The page stays open while the hold runs out (on the server, and in the browser's clock).
    Booking.objects.filter(pk=booking.pk).update(hold_expires_at=timezone.now())
    page.clock.fast_forward("02:05")

    expect(page.get_by_role("heading", name="Your hold has ended")).to_be_visible()
    expect(page.get_by_role("heading", name="Your time is held")).to_have_count(0)
    expect(pay).to_have_count(0)
    expect(page.get_by_role("button", name="Hold this time again")).to_be_visible()
    axe_check(page, what="hold ran out while the page was open")


def test_the_back_button_after_holding_leads_to_her_hold_not_to_no_longer_available(
    live_server, page, axe_check, practice_details, client_user, password, service
):
    # Chosen before signing in, so the time comes back on its "Confirm this time" page.
    page.goto(f"{live_server.url}/book/{service.slug}/")
    page.locator("button[name=start]").first.click()
    page.get_by_label(re.compile(r"^\s*E-mail address")).fill(client_user.email)
    page.get_by_text("Sign in with a password instead").click()
    page.get_by_label(re.compile(r"^\s*Password")).fill(password)
    page.get_by_role("button", name="Sign in with password").click()
    page.get_by_role("button", name="Hold this time").click()
    expect(page.get_by_role("heading", name="Your time is held")).to_be_visible()
    held = page.url

    page.go_back()

    expect(page).to_have_url(held)
    expect(page.get_by_role("heading", name="Your time is held")).to_be_visible()
    expect(page.get_by_text("You are holding this time already: here it is.")).to_be_visible()
    expect(page.get_by_text("no longer available")).to_have_count(0)
    axe_check(page, what="her own hold, after the Back button")

    # The list of times says which time she holds, and leads back to it.
    page.goto(f"{live_server.url}/book/{service.slug}/")
    expect(page.locator(".current-hold")).to_contain_text("You are holding")
    axe_check(page, what="slot page while holding a time")
    page.get_by_role("link", name="Continue with that time").click()
    expect(page).to_have_url(held)
