"""A new client signs up, answers the screening and gives consent in one step, books, takes
their data, leaves.

The service needs the suitability screening. It is free here so the journey needs no payment
step (the payment journey has its own browser test): what is exercised is the consent gate,
the screening, the export and the erasure, through the real pages.
"""

import io
import json
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

EMAIL = "rosalind.new@example.com"


@pytest.fixture
def practitioner(make_practitioner):
    return make_practitioner()


@pytest.fixture
def practice(practice_details, practitioner, make_service):
    from clients import demo

    demo.seed(now=timezone.now(), stdout=io.StringIO())  # the four policies, version 1
    return make_service(
        "hypnotherapy-taster",
        name="Hypnotherapy taster",
        summary="A short first hypnotherapy session.",
        duration_minutes=30,
        needs_screening=True,
        horizon_days=30,
    )


def test_new_client_screens_consents_books_downloads_their_data_and_deletes_the_account(
    live_server, page, practice, axe_check, run_worker, browser_give_details, browser_enter_code
):
    from bookings.models import Booking
    from clients.models import ConsentRecord, Screening, User

    base = live_server.url

    # Choose the session and a time, which holds it; then sign up on the hold's page.
    page.goto(f"{base}/book/")
    page.get_by_role("link", name="Choose a time for Hypnotherapy taster").click()
    page.locator(".day-link").nth(2).click()
    expect(page.locator(".day-link").nth(2)).to_have_attribute("aria-current", "true")
    page.locator("button[name=start]").first.click()
    expect(page.locator(".your-details").get_by_role("link", name="privacy notice")).to_be_visible()
    browser_give_details(page, EMAIL)

    # Held: nothing can be confirmed until the screening and the policies are done, which
    # the booking page asks for in one "About you" form with its one button.
    expect(page.get_by_role("heading", name="Your time is held")).to_be_visible()
    expect(page.locator("form[action$='/confirm/']")).to_have_count(0)

    # The screening: one answer calls for a conversation, which is flagged, not blocking.
    page.get_by_role("checkbox", name="I am pregnant").check()
    page.get_by_label("How many weeks? (optional)").fill("20")
    page.get_by_label("Emergency contact: name").fill("Hetty Lindqvist")
    page.get_by_label("Emergency contact: phone").fill("+44 7700 900222")
    page.get_by_label("Where you will usually be during online sessions").fill("Home, Bristol")
    # The policies: one unticked box for the terms and notices, one for consent to treatment.
    page.get_by_role("checkbox", name=re.compile("I have read and accept")).check()
    page.get_by_role("checkbox", name="I give my consent to treatment").check()
    page.get_by_role("button", name="Confirm booking").click()

    expect(page.get_by_role("heading", name="Your booking is confirmed")).to_be_visible()
    expect(page.get_by_text("you can still go ahead")).to_be_visible()
    axe_check(page, what="booking confirmed through the About you step")

    user = User.objects.get(email=EMAIL)
    booking = Booking.objects.get(client=user)
    assert (booking.status, booking.needs_conversation) == ("confirmed", True)
    assert ConsentRecord.objects.filter(user=user, booking_reference=booking.reference).count() == 4
    answers = Screening.objects.get(user=user).answers
    assert (answers["pregnancy"], answers["pregnancy_details"], answers["seizures"]) == (
        "yes",
        "20",
        "no",
    )

    # Download everything as JSON from /my/.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My account").click()
    axe_check(page, what="/my/ after booking")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download my data (JSON)").click()
    data = json.loads(open(download_info.value.path(), encoding="utf-8").read())  # noqa: SIM115
    assert data["account"]["email"] == EMAIL
    assert [b["reference"] for b in data["bookings"]] == [booking.reference]
    assert {c["policy"] for c in data["consents"]} == {
        "confidentiality",
        "privacy",
        "terms",
        "consent",
    }
    assert data["screening"]["answers"]["emergency_contact_name"] == "Hetty Lindqvist"

    # Delete the account: she has no password, so a code again first, then the consequences,
    # then gone.
    page.get_by_role("link", name="Delete your account").click()
    expect(page.get_by_role("heading", name="Confirm it's you")).to_be_visible()
    page.get_by_role("button", name="E-mail me a code").click()
    browser_enter_code(page, EMAIL)
    expect(page.get_by_role("heading", name="Delete your account")).to_be_visible()
    page.get_by_label(re.compile("I understand")).check()
    page.get_by_role("button", name="Delete my account").click()

    expect(page.get_by_text("Your account has been deleted.")).to_be_visible()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    user.refresh_from_db()
    assert re.fullmatch(rf"deleted-{user.pk}-[0-9a-f]{{12}}@erased\.invalid", user.email)
    assert not Screening.objects.filter(user=user).exists()
    booking.refresh_from_db()
    assert (booking.status, booking.cancelled_by) == ("cancelled", "client")
    run_worker()
    assert [m.to for m in mail.outbox if m.subject == "Your account has been deleted"] == [[EMAIL]]
