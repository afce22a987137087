"""The client's pages in a real Chromium: axe on each, with data and with errors showing."""

import re

import pytest
from playwright.sync_api import expect

from clients.models import Profile

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_held_booking_page_with_its_steps_is_accessible(
    live_server,
    page,
    axe_check,
    browser_login,
    practice_details,
    client_user,
    policies,
    screened_hold,
):
    browser_login(page, client_user)

    page.goto(f"{live_server.url}{screened_hold.get_absolute_url()}")

    expect(page.get_by_role("heading", name="About you")).to_be_visible()
    expect(page.get_by_role("checkbox", name="None of these apply to me")).to_be_visible()
    axe_check(page, what="held booking with its About you step")


def test_the_about_you_step_with_an_unticked_box_is_accessible_and_keeps_the_clients_place(
    live_server,
    page,
    axe_check,
    browser_login,
    practice_details,
    client_user,
    policies,
    screened_hold,
):
    browser_login(page, client_user)
    page.goto(f"{live_server.url}{screened_hold.get_absolute_url()}")
    page.get_by_role("checkbox", name="None of these apply to me").check()
    page.get_by_role("checkbox", name=re.compile("I have read and accept")).check()

    page.get_by_role("button", name="Confirm booking").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("About you")
    expect(
        page.get_by_text("Please tick this box to give your consent to treatment.")
    ).to_be_visible()
    expect(page.get_by_role("checkbox", name="None of these apply to me")).to_be_checked()
    axe_check(page, what="About you step with errors")
    page.get_by_role("main").get_by_role("link", name="Privacy notice").click()
    page.get_by_role("link", name="Back to where you were").first.click()
    expect(page).to_have_url(f"{live_server.url}{screened_hold.get_absolute_url()}")


def test_the_screening_step_is_accessible_empty_and_with_errors(
    live_server,
    page,
    axe_check,
    browser_login,
    practice_details,
    client_user,
    policies,
    screened_hold,
):
    browser_login(page, client_user)
    page.goto(f"{live_server.url}/bookings/{screened_hold.reference}/screening/")
    axe_check(page, what="screening step")

    page.get_by_role("button", name="Save my answers").click()

    expect(page.get_by_role("alert")).to_contain_text("Some answers are missing")
    axe_check(page, what="screening step with errors")


def test_my_page_with_data_and_the_client_data_pages_are_accessible(
    live_server,
    page,
    axe_check,
    browser_login,
    password,
    practice_details,
    client_user,
    accept_all,
    screen,
    screened_hold,
    make_booking,
    free_service,
    now,
):
    from datetime import timedelta

    Profile.objects.create(user=client_user, phone="+44 7700 900111", time_zone="Europe/London")
    accept_all(client_user, booking=screened_hold)
    screen(client_user, pregnancy="yes")
    make_booking(
        client=client_user,
        service=free_service,
        start=now - timedelta(days=14),
        status="completed",
    )
    browser_login(page, client_user)

    for path in (
        "/my/",
        "/my/profile/",
        "/my/consents/",
        "/my/consents/withdraw/",
        "/my/screening/answers/",
    ):
        page.goto(f"{live_server.url}{path}")
        axe_check(page, what=path)

    page.goto(f"{live_server.url}/my/delete/")
    page.get_by_label(re.compile("Password")).fill(password)
    page.get_by_role("button", name=re.compile("Confirm")).click()
    expect(page.get_by_role("heading", name="Delete your account")).to_be_visible()
    axe_check(page, what="/my/delete/")


def test_a_consent_record_the_consent_step_and_the_payment_being_confirmed_are_accessible(
    live_server,
    page,
    axe_check,
    browser_login,
    settings,
    practice_details,
    client_user,
    accept_all,
    publish,
    screened_hold,
    service,
    make_booking,
    now,
):
    from datetime import timedelta

    from tests.factories import PaymentFactory

    [record, *_] = accept_all(client_user, booking=screened_hold)
    publish("privacy", title="Privacy notice", body="Changed.")  # the step asks again
    settings.STRIPE_OFFLINE = True  # the payment is looked up here, never at Stripe
    paying = make_booking(
        client=client_user, service=service, start=now + timedelta(days=9), status="held"
    )
    PaymentFactory(booking=paying, checkout_session_id="cs_test_offline_layout", now=now)
    browser_login(page, client_user)

    for path, heading in (
        (f"/my/consents/{record.pk}/", "Consent record"),
        (f"/bookings/{screened_hold.reference}/consent/", "Before you book"),
        (f"{paying.get_absolute_url()}?session_id=cs_test_offline_layout", "being confirmed"),
    ):
        page.goto(f"{live_server.url}{path}")
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        axe_check(page, what=path)
