"""The desk's "Book a session" and "Move a session" pages in a real Chromium: axe finds nothing,
and a booking can be made with the keyboard-and-mouse path she would take."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_book_page_has_no_accessibility_violations_and_books_a_client(
    live_server,
    page,
    axe_check,
    browser_login,
    practitioner,
    practice_details,
    client_user,
    service,
    now,
):
    day = (now + timedelta(days=7)).date().isoformat()
    browser_login(page, practitioner.user)

    page.goto(
        f"{live_server.url}/admin/bookings/booking/book/?service={service.pk}&day={day}&q=maya"
    )
    expect(page.get_by_role("heading", name="Book a session")).to_be_visible()
    axe_check(page, what="book a session")

    page.get_by_role("radio", name="11:00").check()
    page.get_by_role("radio", name=re.compile("Maya Jones")).check()
    page.get_by_role("radio", name=re.compile("paid me outside the site")).check()
    page.get_by_label("How she paid").fill("Bank transfer")
    page.get_by_role("button", name="Book this session").click()

    expect(page.get_by_text(re.compile("is booked for Maya Jones"))).to_be_visible()


def test_the_move_page_has_no_accessibility_violations(
    live_server, page, axe_check, browser_login, practitioner, practice_details, paid_booking
):
    browser_login(page, practitioner.user)

    page.goto(f"{live_server.url}/admin/bookings/booking/{paid_booking.pk}/change/")
    page.get_by_role("link", name="Move", exact=True).click()

    expect(page.get_by_role("heading", name="Move a session")).to_be_visible()
    axe_check(page, what="move a session")
    page.get_by_role("radio", name="14:00").check()
    page.get_by_role("button", name="Move the session").click()
    expect(page.get_by_text(re.compile("Moved to"))).to_be_visible()


def test_the_welcome_page_and_the_before_your_session_part_have_no_violations(
    live_server, page, axe_check, practitioner, practice_details, free_service, publish, now
):
    from django.utils import timezone

    from bookings.desk import desk_booking_create
    from clients.accounts import client_account_create, welcome_path

    publish("privacy")
    hetty = client_account_create(
        name="Hetty", email="hetty@example.com", time_zone="Europe/London", now=timezone.now()
    )
    start = (now + timedelta(days=7)).replace(hour=10, minute=0, second=0, microsecond=0)
    booking = desk_booking_create(
        practitioner=practitioner, client=hetty, service=free_service, start=start, now=now
    )
    link = f"{live_server.url}{welcome_path(hetty)}?next={booking.get_absolute_url()}"

    page.goto(link)
    expect(page.get_by_role("heading", name="Welcome, Hetty")).to_be_visible()
    axe_check(page, what="welcome")
    page.locator("#id_new_password1").fill("a-Quiet-evening-77")
    page.locator("#id_new_password2").fill("a-Quiet-evening-77")
    page.get_by_role("button", name="Save my password").click()

    expect(page.get_by_role("heading", name="Before your session")).to_be_visible()
    axe_check(page, what="booking page, before your session")
    page.goto(link)
    expect(page.get_by_role("heading", name="This link no longer works")).to_be_visible()
    axe_check(page, what="welcome link used")
