"""What the client sees of her packages: /my/, the purchase page, its data export, and e-mails
whose subjects never name a session or a package."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bookings import services
from bookings.policy import Actor
from tests.email_parts import look_problems

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_my_page_lists_her_packages_with_credits_left_expiry_and_links_to_book(
    signed_in, client_user, package_journey, package_paid, package_hold, service, now
):
    purchase = package_paid(client_user, package_journey)
    services.booking_confirm(booking=package_hold(client_user, service), now=now)

    page = signed_in.get("/my/")
    words = text(page)
    html = page.content.decode()

    assert "Your packages" in words
    # On her clock (the practice's: she has chosen no zone): bought after 23:00 UTC, a package
    # that runs out in summer time runs out on the next day there.
    expires = purchase.expires_at.astimezone(ZoneInfo(settings.PRACTICE_TIME_ZONE))
    assert f"Use your credits for sessions up to {expires.day} {expires:%B %Y}" in words
    assert "RTT session: 1 of 1 left" in words
    assert "Hypnotherapy session: 0 of 1 left" in words
    assert 'href="/book/rtt-session/"' in html
    assert 'href="/book/hypnotherapy/"' not in html.split("my-packages-title")[1]
    assert f'href="/my/packages/{purchase.reference}/give-back/"' in html


def test_my_page_without_packages_says_nothing_of_them(signed_in, package_journey):
    assert "Your packages" not in text(signed_in.get("/my/"))


def test_a_purchase_not_paid_is_not_on_my_page(signed_in, client_user, package_journey, now):
    from packages.purchases import purchase_start

    purchase_start(client=client_user, package=package_journey, now=now)

    assert "Your packages" not in text(signed_in.get("/my/"))


def test_an_expired_package_says_so_and_offers_no_booking(
    signed_in, client_user, package_journey, package_paid, now
):
    purchase = package_paid(client_user, package_journey, paid_at=now - timedelta(days=200))

    page = signed_in.get("/my/")

    expires = purchase.expires_at.astimezone(ZoneInfo(settings.PRACTICE_TIME_ZONE))
    assert f"Its credits expired on {expires.day} {expires:%B %Y}" in text(page)
    assert 'href="/book/rtt-session/"' not in page.content.decode().split("my-packages-title")[1]


def test_my_page_runs_the_same_queries_with_one_or_five_packages(
    signed_in, client_user, package_journey, package_paid
):
    package_paid(client_user, package_journey)
    with CaptureQueriesContext(connection) as one:
        signed_in.get("/my/")
    for _ in range(4):
        package_paid(client_user, package_journey)
    with CaptureQueriesContext(connection) as five:
        signed_in.get("/my/")

    assert len(five.captured_queries) == len(one.captured_queries)


def test_the_purchase_page_shows_the_terms_she_agreed_to_even_after_they_change(
    signed_in, client_user, package_journey, package_paid
):
    purchase = package_paid(client_user, package_journey)
    package_journey.terms = "New terms for later buyers."
    package_journey.save()

    words = text(signed_in.get(f"/my/packages/{purchase.reference}/"))

    assert "Within 14 days of buying, you can give back the credits" in words
    assert "New terms for later buyers" not in words


def test_her_data_export_holds_her_packages(
    client_user, package_journey, package_paid, package_hold, service, now
):
    from clients.privacy import client_data_export

    purchase = package_paid(client_user, package_journey)
    held = package_hold(client_user, service)

    [exported] = client_data_export(user=client_user, now=now)["packages"]

    assert exported["package"] == "RTT journey"
    assert exported["order"] == purchase.reference
    assert {
        "service": "Hypnotherapy session",
        "total": 1,
        "used": 1,
        "uses": [{"booking": held.reference, "state": "reserved"}],
    } in exported["credits"]


@pytest.mark.django_db(transaction=True)
def test_no_email_subject_of_a_package_flow_names_a_session_or_the_package(
    client_user,
    package_journey,
    package_paid,
    package_hold,
    package_rtt,
    service,
    now,
    run_worker,
    package_refunds_api,
    mailoutbox,
):
    from packages.adjustments import credits_add, credits_give_back, credits_refund

    purchase = package_paid(client_user, package_journey)
    booking = services.booking_confirm(booking=package_hold(client_user, service), now=now)
    services.booking_cancel(booking=booking, by=Actor.CLIENT, now=now)
    late = services.booking_confirm(booking=package_hold(client_user, service, days=8), now=now)
    services.booking_cancel(booking=late, by=Actor.CLIENT, now=late.start - timedelta(hours=1))
    credits_add(purchase=purchase, service=package_rtt, count=1, now=now)
    credits_refund(purchase=purchase, service=package_rtt, count=1, now=now)
    second = package_paid(client_user, package_journey)
    credits_give_back(purchase=second, client=client_user, now=now)
    run_worker()

    subjects = [mail.subject for mail in mailoutbox]
    refunded = [mail for mail in mailoutbox if mail.subject.startswith("A refund")]
    assert len(refunded) == 2  # the practitioner's refund, then hers of a second package
    for mail in refunded:
        assert look_problems(mail) == []
    assert "1 \u00d7 RTT session" in refunded[0].body
    assert "£217.39 is being refunded to the card you paid with" in refunded[0].body
    assert "£300 is being refunded" in refunded[1].body
    assert "Your package of sessions is ready" in subjects
    assert "A refund from Quiet Harbour Therapy is on its way" in subjects
    assert len(subjects) >= 8
    for subject in subjects:
        for name in ("RTT", "journey", "Hypnotherapy", "session "):
            assert name.lower() not in subject.lower(), subject
