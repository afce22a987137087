"""Buy a gift voucher, redeem it partly, then fully.

A visitor in New York (her browser's zone, found by the page) buys a £150 voucher for Maya,
to be sent tomorrow, and pays on the offline test page. The delivery worker runs on that
morning and Maya's e-mail carries the code. Maya books a £95 session and the voucher pays all
of it (no payment at all); she books a second, and the £55 left pays part of it: she pays the
£40 rest on the test page. axe checks each page; every page the server sends goes through the
HTML checker (tests/conftest.py).

The site runs without Stripe keys (settings.STRIPE_OFFLINE): the labelled test-payment pages
stand in for Checkout and drive the same functions Stripe's answers would.
"""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.journey_steps import ready_client_make, run_worker

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.browser_context_args(timezone_id="America/New_York"),
]

NEW_YORK = ZoneInfo("America/New_York")
CODE = re.compile(r"Your code: ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})")


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
def maya(make_user, hypnotherapy):
    """Maya, who has accepted the current policies and answered the screening."""
    return ready_client_make(make_user=make_user)


def hold_a_time(page, base: str, *, day: int, slot: int):
    page.goto(f"{base}/book/hypnotherapy/")
    day_link = page.locator(".day-link").nth(day)
    day_link.click()
    expect(day_link).to_have_attribute("aria-current", "true")
    page.locator("button[name=start]").nth(slot).click()
    expect(page.get_by_role("heading", name="Your time is held")).to_be_visible()


def test_a_voucher_bought_is_delivered_then_redeemed_partly_and_fully(
    live_server, page, offline, maya, browser_login, axe_check
):
    from bookings.models import Booking
    from payments.models import Payment
    from vouchers.delivery import vouchers_deliver_due
    from vouchers.models import Redemption, Voucher

    base = live_server.url

    # A visitor buys a voucher; the page found her zone in the browser.
    page.goto(f"{base}/vouchers/")
    expect(page.get_by_role("heading", name="Give a gift voucher")).to_be_visible()
    expect(page.locator("#zone-select")).to_have_value("America/New_York")
    axe_check(page, what="the buy form")
    page.get_by_label("Amount (£)").fill("10")
    page.get_by_label("Your name").fill("Hetty Marsh")
    page.get_by_label("Your e-mail address").fill("hetty@example.com")
    page.get_by_label("Their name").fill("Maya")
    page.get_by_label("Their e-mail address").fill("maya@example.com")
    page.get_by_label("Your message (optional)").fill("For some calm. <3 Hetty")
    tomorrow = (timezone.now().astimezone(NEW_YORK) + timedelta(days=1)).date()
    page.get_by_label("Send it on").fill(tomorrow.isoformat())
    page.get_by_role("button", name="Continue to payment").click()
    expect(page.get_by_text("Ensure this value is greater than or equal to 20")).to_be_visible()
    axe_check(page, what="the buy form with an error")
    page.get_by_label("Amount (£)").fill("150")
    page.get_by_role("button", name="Continue to payment").click()

    expect(page.get_by_role("heading", name="Test payment — no money moves")).to_be_visible()
    axe_check(page, what="the order's test payment page")
    page.get_by_role("button", name="Pay £150 (test)").click()

    expect(page.get_by_role("heading", name="Thank you: your gift voucher is paid")).to_be_visible()
    expect(page.get_by_text("Maya receives it by e-mail on")).to_be_visible()
    axe_check(page, what="the order page")
    voucher = Voucher.objects.get()
    assert voucher.code_shown not in page.content()
    assert (voucher.buyer_time_zone, voucher.deliver_on) == ("America/New_York", tomorrow)
    run_worker()
    assert [m.subject for m in mail.outbox] == ["Thank you: your gift voucher is paid"]

    # The delivery worker, that morning at 08:00 in New York.
    assert vouchers_deliver_due(now=voucher.deliver_at - timedelta(minutes=1)) == 0
    assert vouchers_deliver_due(now=voucher.deliver_at) == 1
    run_worker()
    [gift] = [m for m in mail.outbox if m.to == ["maya@example.com"]]
    assert gift.subject == "Hetty Marsh has sent you a gift voucher"
    code = CODE.search(gift.body)[1]
    assert code == voucher.code_shown

    # Maya books a session: the voucher pays all of it.
    browser_login(page, maya)
    hold_a_time(page, base, day=2, slot=0)
    expect(page.get_by_role("heading", name="Have a gift voucher?")).to_be_visible()
    axe_check(page, what="the booking page with its voucher part")
    page.get_by_label("Voucher code").fill("  " + code.lower().replace("-", " "))
    page.get_by_role("button", name="Use voucher").click()
    expect(page.get_by_text("Done: your gift voucher pays £95 of this session.")).to_be_visible()
    expect(page.get_by_text("£55 is left on it for another time.")).to_be_visible()
    axe_check(page, what="the booking page with a voucher applied")
    page.get_by_role("button", name="Confirm booking").click()
    expect(page.get_by_role("heading", name="Your booking is confirmed")).to_be_visible()
    first = Booking.objects.get(status="confirmed")
    assert not first.payments.exists()

    # A second session: the £55 left pays part of it, and she pays the rest.
    hold_a_time(page, base, day=3, slot=1)
    page.get_by_label("Voucher code").fill(code)
    page.get_by_role("button", name="Use voucher").click()
    expect(page.get_by_text("Done: your gift voucher pays £55 of this session.")).to_be_visible()
    expect(page.get_by_text("You pay £40 on Stripe's secure page")).to_be_visible()
    page.get_by_role("button", name="Continue to payment").click()
    expect(page.get_by_role("heading", name="Test payment — no money moves")).to_be_visible()
    page.get_by_role("button", name="Pay £40 (test)").click()
    expect(page.get_by_role("heading", name="Your booking is confirmed")).to_be_visible()

    voucher.refresh_from_db()
    assert voucher.balance == 0
    assert sorted(Redemption.objects.values_list("amount", "state")) == [
        (5500, "spent"),
        (9500, "spent"),
    ]
    second = Booking.objects.exclude(pk=first.pk).get(status="confirmed")
    assert second.payments.get().amount == 4000
    assert Payment.objects.filter(booking__isnull=False).count() == 1

    # Spent: a third try says so.
    hold_a_time(page, base, day=4, slot=0)
    page.get_by_label("Voucher code").fill(code)
    page.get_by_role("button", name="Use voucher").click()
    expect(page.get_by_text("This gift voucher has been used up")).to_be_visible()


def test_too_many_wrong_codes_get_a_calm_page_that_leads_back(
    live_server, page, maya, browser_login, axe_check
):
    base = live_server.url
    browser_login(page, maya)
    hold_a_time(page, base, day=2, slot=0)
    booking_page = page.url

    for _ in range(10):
        page.get_by_label("Voucher code").fill("ACDE-FHJK-MNPR")
        page.get_by_role("button", name="Use voucher").click()
        expect(page.get_by_text("That code does not match a gift voucher.")).to_be_visible()
    page.get_by_label("Voucher code").fill("ACDE-FHJK-MNPR")
    with page.expect_response(re.compile(r"/voucher/$")) as answer:
        page.get_by_role("button", name="Use voucher").click()

    assert answer.value.status == 429
    expect(page.get_by_role("heading", name="Please try again later")).to_be_visible()
    axe_check(page, what="too many codes")
    page.get_by_role("link", name="Back to your booking").click()
    expect(page).to_have_url(booking_page)
