"""A client pays for a hypnotherapy session offline, then abandons a second attempt.

The site runs without Stripe keys (settings.STRIPE_OFFLINE), so the labelled test-payment page
stands in for Checkout and drives the same confirm and expire functions as Stripe's answers.
The client has accepted the practice's policies and answered the screening beforehand (through
the clients app's own functions), so "Continue to payment" is offered at once.
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.e2e.journey_steps import ready_client_make, run_worker

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def practitioner(make_practitioner):
    return make_practitioner()


@pytest.fixture
def hypnotherapy(practice_details, practitioner, make_service):
    return make_service(
        name="Hypnotherapy session",
        summary="A calm online hypnotherapy session.",
        price_amount=9500,
        price_currency="GBP",
        needs_screening=True,
    )


@pytest.fixture
def ready_client(make_user, hypnotherapy):
    """Maya, who has accepted the current policies and answered the screening."""
    return ready_client_make(make_user=make_user)


def hold_a_time(page, base: str, *, day: int, slot: int) -> tuple[str, str]:
    """Pick the `slot`th time of the `day`th day on the slot page; returns (day URL, start)."""
    page.goto(f"{base}/book/hypnotherapy/")
    day_link = page.locator(".day-link").nth(day)
    day_url = day_link.get_attribute("href")
    day_link.click()
    # The day's times come in place of the first day's (static/js/slot-picker.js).
    expect(day_link).to_have_attribute("aria-current", "true")
    button = page.locator("button[name=start]").nth(slot)
    start = button.get_attribute("value")
    button.click()
    expect(page.get_by_role("heading", name="Your time is held")).to_be_visible()
    return day_url, start


def test_client_pays_offline_then_abandons_a_second_attempt_and_its_time_is_freed(
    live_server, page, offline, ready_client, browser_login, axe_check
):
    from bookings.models import Booking
    from payments.models import Payment

    base = live_server.url
    browser_login(page, ready_client)

    # First booking: pay on the test page.
    hold_a_time(page, base, day=3, slot=0)
    page.get_by_role("button", name="Continue to payment").click()
    expect(page.get_by_role("heading", name="Test payment — no money moves")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/test-payment/\?session_id=cs_test_offline_"))
    axe_check(page, what="test-payment page")
    page.get_by_role("button", name="Pay £95 (test)").click()

    expect(page.get_by_role("heading", name="Your booking is confirmed")).to_be_visible()
    expect(
        page.get_by_text("your payment is received and your booking is confirmed")
    ).to_be_visible()
    paid = Booking.objects.get(status="confirmed")
    assert paid.payments.get().status == "paid"
    run_worker()
    (confirmation,) = [m for m in mail.outbox if m.to == ["maya@example.com"]]
    assert confirmation.subject.startswith("Your appointment on ")

    # Second booking: start paying, come back before "Stripe" has an answer...
    day_url, start = hold_a_time(page, base, day=4, slot=1)
    second = Booking.objects.get(status="held")
    page.get_by_role("button", name="Continue to payment").click()
    test_page = page.url
    session_id = second.payments.get().checkout_session_id
    page.goto(f"{base}/bookings/{second.reference}/?session_id={session_id}")
    expect(page.get_by_role("heading", name="Your payment is being confirmed")).to_be_visible()
    axe_check(page, what="payment being confirmed")

    # ...then abandon it in another tab. The waiting page notices by itself and moves on.
    other_tab = page.context.new_page()
    other_tab.goto(test_page)
    other_tab.get_by_role("button", name="Abandon (the session expires)").click()
    expect(other_tab.get_by_role("heading", name="Your hold has ended")).to_be_visible()
    other_tab.close()
    expect(page.get_by_role("heading", name="Your hold has ended")).to_be_visible(timeout=15_000)
    expect(page.get_by_text("did not go through")).to_be_visible()

    second.refresh_from_db()
    assert second.status == "expired"
    assert Payment.objects.get(booking=second).status == "expired"

    # The time is free again on the public slot page, for anyone.
    page.goto(f"{base}{day_url}")
    expect(page.locator(f'button[name=start][value="{start}"]')).to_be_visible()
    assert Booking.objects.filter(status="confirmed").count() == 1
