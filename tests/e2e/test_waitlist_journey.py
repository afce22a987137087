"""A client joins the waitlist for a fully booked day, another client cancels, the worker offers
her the freed time, and she books it from the e-mail's link: consent, then payment on the
offline test page (no Stripe keys, as in `make run`), and her booking is confirmed.

The worker is the real task queue: the cancellation asks for a look at the service, and the
look makes the offer and queues the e-mail.
"""

import io
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def practitioner(make_practitioner):
    return make_practitioner()


@pytest.fixture
def hypnotherapy(practice_details, practitioner, make_service):
    from clients import demo

    demo.seed(now=timezone.now(), stdout=io.StringIO())  # the four policies, version 1
    return make_service(
        name="Hypnotherapy session",
        summary="A calm online hypnotherapy session.",
        price_amount=9500,
        price_currency="GBP",
        buffer_before_minutes=15,
        buffer_after_minutes=15,
    )


@pytest.fixture
def full_day(hypnotherapy, make_user, make_booking):
    """Four days on, every time of the day booked by other clients: its date and bookings."""
    from bookings.selectors import offered_slots

    now = timezone.now()
    day = (now + timedelta(days=4)).date()
    bookings = []
    while starts := [s for s in offered_slots(service=hypnotherapy, now=now) if s.date() == day]:
        bookings.append(make_booking(client=make_user(), service=hypnotherapy, start=starts[0]))
    return day, bookings


@pytest.fixture
def london_page(browser):
    context = browser.new_context(
        timezone_id="Europe/London", locale="en-GB", viewport={"width": 390, "height": 844}
    )
    yield context.new_page()
    context.close()


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def server_html(page, path: str) -> tuple[str, str, bytes]:
    """The page as the server sends it to her (her cookies), for the HTML checker."""
    response = page.request.get(path)
    assert response.ok, path
    return ("waitlist journey", path, response.body())


def test_client_joins_a_waitlist_is_offered_a_cancelled_time_and_books_it(
    live_server,
    london_page,
    offline,
    hypnotherapy,
    full_day,
    client_user,
    browser_login,
    axe_check,
    html_check,
    settings,
):
    from bookings import services
    from bookings.models import Booking
    from bookings.policy import Actor
    from waitlist.models import Entry, Offer

    page = london_page
    base = live_server.url
    settings.SITE_URL = base  # the e-mail's links lead to this server
    day, bookings = full_day

    # A visitor is asked to sign in first; signed in, she says which days and times suit her.
    page.goto(f"{base}/book/hypnotherapy/")
    page.get_by_role("link", name="Sign in to be told when a time frees").click()
    browser_login(page, client_user)
    page.goto(f"{base}/book/hypnotherapy/")
    panel = page.locator("#waitlist")
    expect(panel.get_by_role("heading", name="No time that suits you?")).to_be_visible()
    panel.get_by_label("First day").fill(day.isoformat())
    panel.get_by_label("Last day").fill(day.isoformat())
    panel.get_by_label(re.compile("^Evenings")).uncheck()
    panel.get_by_role("button", name="Tell me when a time frees").click()

    expect(page.get_by_text("You are on the waitlist. We will e-mail you")).to_be_visible()
    expect(panel.get_by_role("heading", name="You are on the waitlist")).to_be_visible()
    expect(panel).to_contain_text("mornings and afternoons, London (United Kingdom, UTC")
    axe_check(page, what="slot page with her waitlist")
    entry = Entry.objects.get(client=client_user)
    assert (entry.first_day, entry.last_day, entry.evenings) == (day, day, False)

    page.goto(f"{base}/my/")
    mine = page.locator(".my-waitlist")
    expect(mine.get_by_text("Hypnotherapy session")).to_be_visible()
    expect(mine.get_by_role("button", name="Leave")).to_be_visible()
    axe_check(page, what="/my/ with her waitlist")

    # Another client cancels; the worker looks at once and offers Maya the freed time.
    cancelled = bookings[2]
    services.booking_cancel(booking=cancelled, by=Actor.CLIENT, now=timezone.now())
    run_worker()
    offer = Offer.objects.get()
    assert offer.entry == entry
    assert offer.booking.start == cancelled.start
    [email] = [message for message in mail.outbox if message.to == [client_user.email]]
    assert email.subject.startswith("A time you were waiting for is free: ")
    assert "Hypnotherapy" not in email.subject
    link = re.search(r"^(http\S+/bookings/\w+/)$", email.body, re.MULTILINE)[1]

    # Her link opens her held time, offered to her alone.
    page.goto(link)
    expect(page.get_by_role("heading", name="Your time is held")).to_be_visible()
    expect(page.get_by_role("heading", name="Offered to you from the waitlist")).to_be_visible()
    expect(page.get_by_role("button", name="No thanks, let it go")).to_be_visible()
    axe_check(page, what="the offered booking")
    pages = [
        server_html(page, f"{base}/book/hypnotherapy/"),
        server_html(page, f"{base}/my/"),
        server_html(page, link),
    ]
    assert html_check(pages) == []

    # She accepts the policies, pays on the test page, and the time is hers.
    page.get_by_role("checkbox", name=re.compile("I have read and accept")).check()
    page.get_by_role("checkbox", name="I give my consent to treatment").check()
    page.get_by_role("button", name="Continue to payment").click()
    expect(page.get_by_role("heading", name="Test payment — no money moves")).to_be_visible()
    page.get_by_role("button", name="Pay £95 (test)").click()

    expect(page.get_by_role("heading", name="Your booking is confirmed")).to_be_visible()
    booking = Booking.objects.get(pk=offer.booking_id)
    assert (booking.status, booking.client) == ("confirmed", client_user)
    offer.refresh_from_db()
    entry.refresh_from_db()
    assert (offer.status, entry.status) == ("accepted", "booked")
    assert Booking.objects.filter(start=cancelled.start).active(now=timezone.now()).count() == 1
