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
    live_server, page, axe_check, practice_details, service
):
    # Not signed in: the tap holds the time at once.
    page.goto(f"{live_server.url}/book/{service.slug}/")
    first = page.locator("button[name=start]").first
    chosen = first.get_attribute("value")
    first.click()
    expect(page.get_by_role("heading", name="Your time is held")).to_be_visible()
    held = page.url

    page.go_back()

    expect(page).to_have_url(re.compile(rf"/book/{service.slug}/$"))
    expect(page.get_by_text("no longer available")).to_have_count(0)
    # The page as the browser kept it still offers her time: tapping it again is her hold.
    again = page.locator(f"button[name=start][value='{chosen}']")
    if again.count():
        again.click()
        expect(page).to_have_url(held)
        expect(page.get_by_text("You are holding this time already: here it is.")).to_be_visible()
        axe_check(page, what="her own hold, after the Back button")

    # The list of times, loaded anew, says which time she holds and leads back to it.
    page.goto(f"{live_server.url}/book/{service.slug}/")
    expect(page.locator(".current-hold")).to_contain_text("You are holding")
    expect(page.locator(f"button[name=start][value='{chosen}']")).to_have_count(0)
    axe_check(page, what="slot page while holding a time")
    page.get_by_role("link", name="Continue with that time").click()
    expect(page).to_have_url(held)


def test_the_time_left_is_at_the_top_and_read_out_once_a_minute(
    live_server, browser, axe_check, practice_details, service
):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.clock.install()
    page.goto(f"{live_server.url}/book/{service.slug}/")
    page.locator("button[name=start]").first.click()
    left = page.locator("[data-hold-left]")
    expect(left).to_have_text("About 30 minutes left.")

    # At the top of a phone's first screen, above the booking itself, in a polite live region.
    box = left.bounding_box()
    assert box["y"] + box["height"] <= 844 * 0.4
    assert box["y"] < page.locator(".booking-summary").bounding_box()["y"]
    assert left.get_attribute("aria-live") == "polite"
    # Its words change once a minute, no more often (each change is read out).
    changes = page.evaluate_handle(
        """el => { const seen = []; new MutationObserver(() => seen.push(el.textContent))
                   .observe(el, {childList: true, characterData: true, subtree: true});
                   return seen; }""",
        left.element_handle(),
    )
    page.clock.run_for("02:00")
    assert changes.json_value() == ["About 29 minutes left.", "About 28 minutes left."]
    axe_check(page, what="a visitor's hold on a phone")
    context.close()
