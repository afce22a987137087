"""A client pays for a hypnotherapy session offline, then abandons a second attempt.

The site runs without Stripe keys (settings.STRIPE_OFFLINE), so the labelled test-payment page
stands in for Checkout and drives the same confirm and expire functions as Stripe's answers.
The client has accepted the practice's policies and answered the screening beforehand (through
the clients app's own functions), so "Continue to payment" is offered at once.
"""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

SCREENING = {
    "seizures": "no",
    "psychosis": "no",
    "psychiatric_care": "no",
    "medication_change": "no",
    "heart_condition": "no",
    "pregnancy": "no",
    "substance_dependence": "no",
    "other_medication": "",
    "emergency_contact_name": "Ruth Jones",
    "emergency_contact_phone": "+44 7700 900456",
    "session_location": "At home, in a quiet room",
}


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
    from django.utils import timezone

    from clients.consent import consent_record_create, current_versions
    from clients.models import PolicyDocument, PolicyVersion
    from clients.policies import policy_version_publish
    from clients.screening import screening_submit

    now = timezone.now()
    document = PolicyDocument.objects.create(kind="terms")
    draft = PolicyVersion.objects.create(
        document=document,
        title="Terms and cancellation policy",
        summary="How booking, paying and cancelling work.",
        body="## Cancelling\n\nUp to 48 hours before, with a full refund.",
    )
    policy_version_publish(version=draft, now=now - timedelta(days=30))
    maya = make_user("maya@example.com", first_name="Maya")
    consent_record_create(
        user=maya,
        versions=current_versions(now=now),
        ip="203.0.113.9",
        user_agent="Chromium",
        now=now,
    )
    screening_submit(user=maya, answers=SCREENING, now=now)
    return maya


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


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
