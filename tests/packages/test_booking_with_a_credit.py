"""Booking a session with a credit through the client's pages: no payment step, Stripe never
asked, the booking page says which package paid and what is left."""

import re
from datetime import timedelta

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _stripe_faked(stripe_settings, stripe_api):
    """Stripe with test keys, faked: any request to it would fail the test."""


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def hold_on_the_slot_page(signed_in, service, now):
    start = (now + timedelta(days=7)).replace(hour=10, minute=0, second=0, microsecond=0)
    response = signed_in.post(f"/book/{service.slug}/", {"start": start.isoformat()})
    assert response.status_code == 302, response.content.decode()[:500]
    return response["Location"]


def test_booking_with_a_credit_skips_checkout_and_confirms(
    signed_in, client_user, package_journey, package_paid, service, now, stripe_api, mailoutbox
):
    from bookings.models import Booking
    from payments.models import Payment

    package_paid(client_user, package_journey)
    booking_path = hold_on_the_slot_page(signed_in, service, now)

    page = signed_in.get(booking_path)
    words = text(page)
    assert "Confirm booking" in words
    assert "Continue to payment" not in words
    # On her clock (the booking's zone): bought after 23:00 UTC, a package that runs out in
    # summer time runs out on the next day there.
    booking = Booking.objects.get(client=client_user)
    expires = package_journey.purchases.get().expires_at.astimezone(booking.client_tz)
    assert (
        f"Paid with a credit from your RTT journey (0 left after this, valid until "
        f"{expires.day} {expires:%B %Y})" in words
    )

    booking = Booking.objects.get()
    confirmed = signed_in.post(f"/bookings/{booking.reference}/confirm/", follow=True)

    booking.refresh_from_db()
    assert booking.status == "confirmed"
    assert "Your booking is confirmed" in text(confirmed)
    assert "Paid with a credit from your RTT journey" in text(confirmed)
    assert not Payment.objects.filter(booking=booking).exists()
    assert len(stripe_api.calls) == 0  # no request reached Stripe


def test_the_pay_step_refuses_a_booking_a_credit_paid_for(
    signed_in, client_user, package_journey, package_paid, service, now, stripe_api
):
    from bookings.models import Booking

    package_paid(client_user, package_journey)
    hold_on_the_slot_page(signed_in, service, now)
    booking = Booking.objects.get()

    signed_in.post(f"/bookings/{booking.reference}/pay/")

    assert len(stripe_api.calls) == 0


def test_without_a_credit_the_booking_page_asks_for_payment(signed_in, service, now):
    booking_path = hold_on_the_slot_page(signed_in, service, now)

    words = text(signed_in.get(booking_path))

    assert "Continue to payment" in words
    assert "Paid with a credit" not in words


def test_a_cancelled_booking_says_its_credit_came_back(
    signed_in, client_user, package_journey, package_paid, service, now
):
    from bookings.models import Booking

    package_paid(client_user, package_journey)
    hold_on_the_slot_page(signed_in, service, now)
    booking = Booking.objects.get()
    signed_in.post(f"/bookings/{booking.reference}/confirm/")

    cancelled = signed_in.post(f"/bookings/{booking.reference}/cancel/", follow=True)

    assert "the credit is back in your package" in text(cancelled)
    my = text(signed_in.get("/my/"))
    assert "Hypnotherapy session: 1 of 1 left" in my
