"""A client buys the "RTT journey" package, then books both its sessions with her credits.

The site runs without Stripe keys (settings.STRIPE_OFFLINE), so the labelled test-payment page
stands in for Checkout and drives the same confirm functions as Stripe's answer would. Each new
page (the packages, the package, her purchase, /my/ with her packages, the booking page paid
with a credit, giving credits back) passes axe; every page the live server sends is checked by
the Nu HTML Checker at the end (tests/conftest.py's live_server).
"""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def practitioner(make_practitioner):
    return make_practitioner()


@pytest.fixture
def journey(practice_details, practitioner, make_service):
    from packages.models import Package, PackageItem

    rtt = make_service(
        "rtt-session",
        name="RTT session",
        summary="A longer session with a recording to listen to afterwards.",
        duration_minutes=120,
        price_amount=25000,
        price_currency="GBP",
    )
    follow_up = make_service(
        "hypnotherapy",
        name="Hypnotherapy session",
        summary="A calm online hypnotherapy session.",
        price_amount=9500,
        price_currency="GBP",
    )
    package = Package.objects.create(
        name="RTT journey",
        slug="rtt-journey",
        description="An RTT session, then a follow-up a few weeks later.",
        price_amount=30000,
        price_currency="GBP",
    )
    PackageItem.objects.create(package=package, service=rtt, quantity=1)
    PackageItem.objects.create(package=package, service=follow_up, quantity=1)
    return package


def book_with_a_credit(page, axe_check, *, service_name: str, day: int):
    """From /my/, follow the package's link to book `service_name`, hold a time, confirm."""
    page.get_by_role("link", name=f"Book {service_name} with a credit").click()
    day_link = page.locator(".day-link").nth(day)
    day_link.click()
    expect(day_link).to_have_attribute("aria-current", "true")
    page.locator("button[name=start]").first.click()
    expect(page.get_by_role("heading", name="Your time is held")).to_be_visible()
    expect(
        page.get_by_text("Paid with a credit from your RTT journey (0 left after this")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Continue to payment")).to_have_count(0)
    axe_check(page, what=f"booking page of {service_name}, paid with a credit")
    page.get_by_role("button", name="Confirm booking").click()
    expect(page.get_by_role("heading", name="Your booking is confirmed")).to_be_visible()


def test_client_buys_a_package_and_books_both_sessions_with_credits(
    live_server, page, offline, journey, client_user, browser_login, axe_check
):
    from bookings.models import Booking
    from packages.models import CreditUse
    from payments.models import Payment

    base = live_server.url
    browser_login(page, client_user)

    # The packages on offer, then the package itself.
    page.goto(f"{base}/packages/")
    expect(page.get_by_role("heading", name="Packages of sessions")).to_be_visible()
    axe_check(page, what="the packages page")
    page.get_by_role("link", name="RTT journey").click()
    expect(page.get_by_role("heading", name="RTT journey", level=1)).to_be_visible()
    expect(page.get_by_text("1 \u00d7 RTT session")).to_be_visible()
    axe_check(page, what="the package's page")

    # Buying: the labelled test page stands in for Checkout.
    page.get_by_role("button", name="Buy for £300").click()
    expect(page.get_by_role("heading", name="Test payment — no money moves")).to_be_visible()
    test_page = page.url
    # Back on her purchase's page before "Stripe" has answered: it is being confirmed.
    reference = re.search(r"/orders/([A-Z0-9]+)/", test_page)[1]
    session_id = re.search(r"session_id=([^&]+)", test_page)[1]
    page.goto(f"{base}/my/packages/{reference}/?session_id={session_id}")
    expect(page.get_by_role("heading", name="Your payment is being confirmed")).to_be_visible()
    axe_check(page, what="her payment being confirmed")
    page.goto(test_page)
    page.get_by_role("button", name="Pay £300 (test)").click()
    expect(page).to_have_url(re.compile(r"/my/packages/[A-Z0-9]+/$"))
    expect(page.get_by_text("your package is paid for and its credits are ready")).to_be_visible()
    expect(page.get_by_text("RTT session: 1 of 1 left")).to_be_visible()
    axe_check(page, what="her purchase's page")
    purchase_url = page.url

    # Giving credits back is offered (and explained) within the refund window.
    page.get_by_role("link", name="Give back unused credits").click()
    expect(page.get_by_role("heading", name="Give back unused credits")).to_be_visible()
    axe_check(page, what="giving credits back")
    page.get_by_role("link", name="Keep them").click()
    expect(page).to_have_url(purchase_url)

    # /my/ lists the package, its credits and how long they last.
    page.goto(f"{base}/my/")
    expect(page.get_by_role("heading", name="Your packages")).to_be_visible()
    expect(page.get_by_text("RTT session: 1 of 1 left")).to_be_visible()
    expect(page.get_by_text("Hypnotherapy session: 1 of 1 left")).to_be_visible()
    axe_check(page, what="/my/ with her packages")

    # Both sessions, each paid with a credit: no payment step.
    book_with_a_credit(page, axe_check, service_name="RTT session", day=3)
    page.goto(f"{base}/my/")
    book_with_a_credit(page, axe_check, service_name="Hypnotherapy session", day=5)

    page.goto(f"{base}/my/")
    expect(page.get_by_text("RTT session: 0 of 1 left")).to_be_visible()
    expect(page.get_by_text("Hypnotherapy session: 0 of 1 left")).to_be_visible()
    confirmed = Booking.objects.filter(status="confirmed", client=client_user)
    assert confirmed.count() == 2
    assert sorted(CreditUse.objects.values_list("state", flat=True)) == ["spent", "spent"]
    assert not Payment.objects.filter(booking__in=confirmed).exists()
    assert Payment.objects.get().order.kind == "package"


def test_the_practitioner_sees_and_adjusts_a_clients_package_in_the_admin(
    live_server, page, journey, client_user, staff_user, browser_login, now, axe_check
):
    from packages.models import Credit, PackagePurchase
    from packages.purchases import purchase_paid, purchase_start
    from payments.models import Order, Payment

    purchase = purchase_start(client=client_user, package=journey, now=now)
    payment = Payment.objects.create(
        order=purchase.order,
        amount=30000,
        currency="GBP",
        checkout_session_id="cs_test_offline_admin_journey",
        payment_intent_id="pi_test_offline_admin_journey",
        status="paid",
        paid_at=now,
        expires_at=now,
        idempotency_key="checkout-admin-journey-1",
    )
    Order.objects.filter(pk=purchase.order_id).update(status="paid", paid_at=now)
    purchase.order.refresh_from_db()
    from django.db import transaction

    with transaction.atomic():
        purchase_paid(order=purchase.order, payment=payment, now=now)
    browser_login(page, staff_user)
    base = f"{live_server.url}/admin"

    def no_axe_violation(what):
        # After a click the next page may still be loading: axe reads it once it has.
        page.wait_for_load_state("load")
        axe_check(page, what=what)

    for path in ("/packages/package/", "/packages/package/add/", "/packages/packagepurchase/"):
        page.goto(f"{base}{path}")
        no_axe_violation(path)

    # (Her client page lists the package too: tests/packages/test_admin.py. Django's own user
    # form on that page is not this app's, nor checked here.)
    page.goto(f"{base}/packages/packagepurchase/{purchase.pk}/change/")
    expect(page.get_by_text("1 of 1 RTT session, 1 of 1 Hypnotherapy session")).to_be_visible()
    no_axe_violation("the purchase page")

    page.get_by_role("link", name="Add credits").click()
    expect(page.get_by_label("How many")).to_be_visible()
    no_axe_violation("adding credits")
    page.get_by_label("Session").select_option(label="Hypnotherapy session")
    page.get_by_label("How many").fill("1")
    page.get_by_role("button", name="Add credits").click()
    expect(page.get_by_text("Done: 1 Hypnotherapy session credit added.")).to_be_visible()

    page.get_by_role("link", name="Refund credits").click()
    expect(page.get_by_label("How many credits")).to_be_visible()
    no_axe_violation("refunding credits")
    page.get_by_label("Session").select_option(label="RTT session")
    page.get_by_label("How many credits").fill("1")
    page.get_by_role("button", name="Refund").click()
    expect(
        page.get_by_text("Done: 1 RTT session credit given back; £217.39 refunded.")
    ).to_be_visible()

    assert PackagePurchase.objects.get().refunds_made == 1
    assert sorted(Credit.objects.values_list("service__slug", "total")) == [
        ("hypnotherapy", 2),
        ("rtt-session", 0),
    ]
