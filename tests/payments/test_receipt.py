"""A paid booking's receipt (/bookings/<reference>/receipt/), linked from the booking page and
the confirmation e-mail, which also says what was paid."""

from datetime import UTC, datetime

import pytest
from django.core import mail
from playwright.sync_api import expect

from bookings import services
from payments.models import Refund
from tests.email_parts import html_of, unstyled
from tests.factories import RefundFactory

pytestmark = pytest.mark.django_db

# Tuesday 5 March 2030 at 9:00 am in Sydney (summer time, UTC+11).
START = datetime(2030, 3, 4, 22, 0, tzinfo=UTC)
# Paid on the 25th in London, already the 26th in Sydney.
PAID_AT = datetime(2030, 2, 25, 13, 30, tzinfo=UTC)


def receipt_path(booking) -> str:
    return f"/bookings/{booking.reference}/receipt/"


@pytest.fixture
def sydney_booking(make_booking, client_user, service):
    """Maya's confirmed hypnotherapy session, booked from Sydney."""
    return make_booking(
        client=client_user, service=service, start=START, client_time_zone="Australia/Sydney"
    )


def test_receipt_shows_practice_client_session_and_payment(
    signed_in, practice_details, sydney_booking, make_payment
):
    make_payment(sydney_booking, paid_at=PAID_AT)

    response = signed_in.get(receipt_path(sydney_booking))

    assert response.status_code == 200
    page = response.content.decode()
    for expected in (
        "Quiet Harbour Therapy",
        "Anna Whitfield",
        "hello@quietharbour.example",
        "Maya Jones",
        "maya@example.com",
        "Hypnotherapy session",
        "Tuesday 5 March at 9:00 am, Sydney",
        sydney_booking.reference,
        "£95 (GBP)",
        "26 February 2030",
        "Card via Stripe",
    ):
        assert expected in page, expected
    assert "Refunds" not in page


def test_receipt_of_a_test_payment_says_so_and_lists_its_refund(
    signed_in, practice_details, sydney_booking, make_payment
):
    payment = make_payment(
        sydney_booking, paid_at=PAID_AT, payment_intent_id="pi_test_offline_abc123"
    )
    refund = RefundFactory(payment=payment, amount=4750, status=Refund.Status.SUCCEEDED)
    # Asked for at 20:00 on 1 March in London: 2 March in Sydney.
    Refund.objects.filter(pk=refund.pk).update(created_at=datetime(2030, 3, 1, 20, 0, tzinfo=UTC))

    page = signed_in.get(receipt_path(sydney_booking)).content.decode()

    assert "Test payment (no money moved)" in page
    assert "Card via Stripe" not in page
    assert "<caption>Refunds</caption>" in page
    assert "<td>2 March 2030</td><td>£47.50</td><td>Refunded</td>" in page


@pytest.mark.parametrize("status", ["open", "failed", "expired"])
def test_no_receipt_for_a_booking_nothing_was_paid_for(
    signed_in, make_booking, make_payment, client_user, service, status
):
    booking = make_booking(client=client_user, service=service, status="held")
    make_payment(booking, status=status)

    assert signed_in.get(receipt_path(booking)).status_code == 404
    # Once a later attempt is paid, the very same address is its receipt.
    make_payment(booking, attempt=2)
    assert signed_in.get(receipt_path(booking)).status_code == 200


def test_no_receipt_for_a_free_booking(signed_in, paid_booking, make_booking, free_service):
    free = make_booking(client=paid_booking.client, service=free_service, start=START)

    assert signed_in.get(receipt_path(paid_booking)).status_code == 200
    assert signed_in.get(receipt_path(free)).status_code == 404


def test_another_clients_receipt_is_not_found(
    signed_in, paid_booking, make_booking, make_payment, other_client, service
):
    theirs = make_booking(client=other_client, service=service, start=START)
    make_payment(theirs)

    assert signed_in.get(receipt_path(paid_booking)).status_code == 200  # her own
    assert signed_in.get(receipt_path(theirs)).status_code == 404


def test_anonymous_visitor_signs_in_first_and_comes_back_to_the_receipt(client, paid_booking):
    response = client.get(receipt_path(paid_booking))

    assert response.status_code == 302
    assert response["Location"] == (
        f"/accounts/login/?next=/bookings/{paid_booking.reference}/receipt/"
    )


def test_booking_page_links_the_receipt_once_paid(
    signed_in, practice_details, paid_booking, make_booking, client_user, service
):
    page = signed_in.get(paid_booking.get_absolute_url()).content.decode()
    assert f'You paid £95. <a href="{receipt_path(paid_booking)}">See your receipt</a>' in page

    unpaid = make_booking(client=client_user, service=service, status="held", start=START)
    assert "See your receipt" not in signed_in.get(unpaid.get_absolute_url()).content.decode()


@pytest.mark.django_db(transaction=True)
def test_confirmation_email_gives_the_amount_paid_and_the_receipt_link(
    practice_details, make_booking, make_payment, client_user, service, now, run_worker
):
    held = make_booking(client=client_user, service=service, status="held")
    make_payment(held)
    services.booking_confirm(booking=held, now=now)

    run_worker()

    (message,) = [m for m in mail.outbox if m.to == ["maya@example.com"]]
    link = f"https://quietharbour.example/bookings/{held.reference}/receipt/"
    assert f"Paid: £95\nYour receipt: {link}" in message.body
    html = unstyled(html_of(message))
    assert f'<strong>Paid:</strong> £95 · <a href="{link}">Your receipt</a>' in html
    # The practitioner's notice of the new booking has no receipt of the client's.
    (notice,) = [m for m in mail.outbox if m.to != ["maya@example.com"]]
    assert "receipt" not in notice.body.lower()


@pytest.mark.django_db(transaction=True)
def test_receipt_page_in_a_browser_is_accessible_and_prints_the_receipt_alone(
    live_server, page, axe_check, browser_login, practice_details, sydney_booking, make_payment
):
    payment = make_payment(sydney_booking, paid_at=PAID_AT)
    RefundFactory(payment=payment, amount=4750, status=Refund.Status.PENDING)
    browser_login(page, sydney_booking.client)

    page.goto(f"{live_server.url}{receipt_path(sydney_booking)}")

    expect(page.get_by_role("heading", name="Receipt", exact=True)).to_be_visible()
    expect(page.get_by_role("table", name="Refunds")).to_be_visible()
    axe_check(page, what="receipt")
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".site-footer")).to_be_hidden()
    expect(page.get_by_role("link", name="Back to your booking")).to_be_hidden()
    expect(page.get_by_text("£95 (GBP)")).to_be_visible()
