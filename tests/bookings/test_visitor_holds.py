"""A time is held the moment it is picked, before signing in; signing up or in claims it.

The domain (bookings/holds.py: a visitor's hold, her limits, the claim) against the real
database, and the pages (bookings/pick_views.py) through the Django test client.
"""

import re
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from bookings import services
from bookings.holds import VISITOR_HOLDS_PER_ADDRESS, claim_visitor_holds
from bookings.models import Booking
from bookings.selectors import offered_slots
from bookings.visitors import Visitor

pytestmark = pytest.mark.django_db

MINUTES = timedelta(minutes=1)
# What a browser sends with a form it posts from one of our own pages.
SAME_SITE = {"Sec-Fetch-Site": "same-origin"}


def visitor(name: str, address: str = "address-1") -> Visitor:
    return Visitor(key=f"key-{name}", address=address)


def hold_for(who: Visitor, service, start, now) -> Booking:
    return services.booking_hold(
        visitor=who, service=service, start=start, client_tz="America/New_York", now=now
    )


def slot_values(response) -> list[str]:
    return re.findall(r'name="start" value="([^"]+)"', response.content.decode())


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# The domain ---------------------------------------------------------------------------------


def test_a_visitors_hold_takes_the_time_from_everyone_else(service, client_user, fixed_now, at):
    booking = hold_for(visitor("ann"), service, at(1, 9), fixed_now)

    assert (booking.client, booking.status, booking.visitor_key) == (None, "held", "key-ann")
    assert at(1, 9) not in offered_slots(service=service, now=fixed_now)
    with pytest.raises(services.SlotTaken):
        services.booking_hold(
            client=client_user, service=service, start=at(1, 9), client_tz="UTC", now=fixed_now
        )


def test_a_visitor_holds_one_time_per_service_like_a_client(service, fixed_now, at):
    first = hold_for(visitor("ann"), service, at(1, 9), fixed_now)
    second = hold_for(visitor("ann"), service, at(1, 11), fixed_now + MINUTES)
    again = hold_for(visitor("ann"), service, at(1, 11), fixed_now + 2 * MINUTES)

    first.refresh_from_db()
    assert first.status == Booking.Status.EXPIRED
    assert again.pk == second.pk
    assert at(1, 9) in offered_slots(service=service, now=fixed_now + 2 * MINUTES)


def test_a_visitor_cannot_hold_a_time_for_ever_by_holding_it_anew(service, fixed_now, at):
    booking = hold_for(visitor("ann"), service, at(1, 9), fixed_now)
    for extension in range(1, 11):
        booking = services.booking_extend_hold(booking=booking, now=fixed_now + extension * MINUTES)

    with pytest.raises(services.HoldRefused, match="as long as we can hold a time"):
        services.booking_extend_hold(booking=booking, now=fixed_now + 11 * MINUTES)


def test_one_address_holds_only_a_few_times_however_many_sessions_it_starts(
    service, free_service, fixed_now, at
):
    for number in range(VISITOR_HOLDS_PER_ADDRESS):
        hold_for(visitor(f"tab{number}"), service, at(1 + number, 9), fixed_now)

    with pytest.raises(services.HoldRefused, match="from your connection"):
        hold_for(visitor("cookies-cleared"), free_service, at(1, 14), fixed_now)
    # Another connection is not held back, and one of hers changing her mind is not either.
    assert hold_for(visitor("neighbour", address="address-2"), service, at(1, 14), fixed_now)
    assert hold_for(visitor("tab0"), service, at(2, 14), fixed_now).status == "held"


def test_only_a_hold_can_be_without_a_client(service, fixed_now, at):
    booking = hold_for(visitor("ann"), service, at(1, 9), fixed_now)
    booking.status = Booking.Status.CONFIRMED

    with pytest.raises(IntegrityError), transaction.atomic():
        booking.save()


def test_signing_in_claims_her_holds_and_forgets_her_address(service, client_user, fixed_now, at):
    booking = hold_for(visitor("ann"), service, at(1, 9), fixed_now)

    claimed = claim_visitor_holds(visitor_key="key-ann", client=client_user, now=fixed_now)

    booking.refresh_from_db()
    assert claimed == [booking]
    assert (booking.client, booking.status, booking.visitor_address) == (client_user, "held", "")
    # Someone else's key claims nothing.
    assert claim_visitor_holds(visitor_key="key-bob", client=client_user, now=fixed_now) == []


def test_a_claimed_hold_releases_her_older_hold_of_the_same_service(
    service, client_user, fixed_now, at
):
    older = services.booking_hold(
        client=client_user, service=service, start=at(2, 9), client_tz="UTC", now=fixed_now
    )
    picked = hold_for(visitor("ann"), service, at(1, 9), fixed_now + MINUTES)

    claim_visitor_holds(visitor_key="key-ann", client=client_user, now=fixed_now + 2 * MINUTES)

    older.refresh_from_db()
    picked.refresh_from_db()
    assert (older.status, picked.status, picked.client) == ("expired", "held", client_user)


def test_a_hold_she_is_paying_for_is_kept_and_the_visitors_gives_way(
    service, client_user, fixed_now, at
):
    from tests.factories import PaymentFactory

    paying = services.booking_hold(
        client=client_user, service=service, start=at(2, 9), client_tz="UTC", now=fixed_now
    )
    PaymentFactory(
        booking=paying, checkout_session_id="cs_test_open", expires_at=fixed_now + 30 * MINUTES
    )
    picked = hold_for(visitor("ann"), service, at(1, 9), fixed_now + MINUTES)

    claim_visitor_holds(visitor_key="key-ann", client=client_user, now=fixed_now + 2 * MINUTES)

    paying.refresh_from_db()
    picked.refresh_from_db()
    assert (paying.status, picked.status, picked.client) == ("held", "expired", client_user)


# The pages --------------------------------------------------------------------------------


def test_the_cached_list_of_times_posts_the_pick_without_a_csrf_token(client, service):
    page = client.get(f"/book/{service.slug}/").content.decode()

    assert '<form method="post" action="/book/hypnotherapy/">' in page
    assert "csrfmiddlewaretoken" not in page
    assert not client.cookies.get("csrftoken")


def test_picking_a_time_holds_it_before_she_signs_in(client, service):
    start = slot_values(client.get(f"/book/{service.slug}/?tz=America/New_York"))[0]

    response = client.post(
        f"/book/{service.slug}/", {"start": start, "tz": "America/New_York"}, headers=SAME_SITE
    )

    booking = Booking.objects.get()
    assert (booking.client, booking.status) == (None, "held")
    assert booking.client_time_zone == "America/New_York"
    assert response["Location"] == booking.get_absolute_url()
    page = client.get(booking.get_absolute_url())
    assert page.status_code == 200
    assert "Step 2 of 4: your details" in text(page)
    assert 'aria-current="step">Your details' in text(page)
    assert f'action="/accounts/signup/?next=/bookings/{booking.reference}/"' in text(page)
    assert 'name="email"' in page.content.decode()
    assert "Keep this time for 30 more minutes" in text(page)
    # Nobody else sees it: another browser is asked to sign in, a client gets a 404.
    assert Client().get(booking.get_absolute_url())["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Origin": "https://elsewhere.example"},
        {"Origin": "null"},
        {},
    ],
    ids=["cross-site", "same-site", "other-origin", "opaque-origin", "no-headers"],
)
def test_a_pick_another_site_sends_is_refused(client, service, headers):
    start = slot_values(client.get(f"/book/{service.slug}/"))[0]

    response = client.post(f"/book/{service.slug}/", {"start": start}, headers=headers)

    assert response.status_code == 403
    assert not Booking.objects.exists()


def test_a_pick_from_this_sites_origin_is_held(client, service):
    start = slot_values(client.get(f"/book/{service.slug}/"))[0]

    response = client.post(
        f"/book/{service.slug}/", {"start": start}, headers={"Origin": "http://testserver"}
    )

    assert response.status_code == 302
    assert Booking.objects.get().client is None


def test_a_signed_in_clients_pick_still_needs_her_csrf_token(service, client_user):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(client_user)
    page = browser.get(f"/book/{service.slug}/")
    start = slot_values(page)[0]

    refused = browser.post(f"/book/{service.slug}/", {"start": start}, headers=SAME_SITE)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())[1]
    held = browser.post(
        f"/book/{service.slug}/", {"start": start, "csrfmiddlewaretoken": token}, headers=SAME_SITE
    )

    assert refused.status_code == 403
    assert held.status_code == 302
    assert Booking.objects.get().client == client_user


def test_signing_in_makes_the_visitors_hold_her_bookings(client, service, client_user):
    start = slot_values(client.get(f"/book/{service.slug}/"))[0]
    client.post(f"/book/{service.slug}/", {"start": start}, headers=SAME_SITE)
    booking = Booking.objects.get()

    client.force_login(client_user)  # allauth signs in through django.contrib.auth's login()

    booking.refresh_from_db()
    assert booking.client == client_user
    page = client.get(booking.get_absolute_url())
    # Her details are done: signing in was that step.
    assert 'Your details<span class="visually-hidden"> (done)' in text(page)
    assert "Step 4 of 4: payment" in text(page)
    assert 'name="email"' not in page.content.decode()


def test_a_visitor_can_keep_her_time_for_longer(client, service):
    start = slot_values(client.get(f"/book/{service.slug}/"))[0]
    client.post(f"/book/{service.slug}/", {"start": start}, headers=SAME_SITE)
    booking = Booking.objects.get()
    first_expiry = booking.hold_expires_at

    response = client.post(f"{booking.get_absolute_url()}extend/")

    booking.refresh_from_db()
    assert response["Location"] == booking.get_absolute_url()
    assert (booking.hold_extensions, booking.hold_expires_at > first_expiry) == (1, True)
    # Not someone else's, though.
    assert Client().post(f"{booking.get_absolute_url()}extend/").status_code == 302
    booking.refresh_from_db()
    assert booking.hold_extensions == 1


def test_a_link_to_one_time_offers_to_hold_it(client, service):
    start = slot_values(client.get(f"/book/{service.slug}/"))[0]

    page = client.get(f"/book/{service.slug}/", {"start": start})

    assert page.status_code == 200
    assert "<h1>Hold this time</h1>" in text(page)
    assert not Booking.objects.exists()


def test_a_visitor_holding_a_time_gets_her_own_list_of_times_not_the_cached_one(client, service):
    path = f"/book/{service.slug}/"
    Client().get(path)  # someone else's visit: the list is in the cache now
    start = slot_values(client.get(path))[0]
    client.post(path, {"start": start}, headers=SAME_SITE)

    hers = text(client.get(path))
    anyone = text(Client().get(path))

    assert "You are holding" in hers
    assert "Continue with that time" in hers
    assert "You are holding" not in anyone
    assert start not in slot_values(Client().get(path))


def test_her_details_then_her_code_on_her_holds_own_page_make_it_hers(
    client, service, practice_details
):
    from django.core import mail

    start = slot_values(client.get(f"/book/{service.slug}/"))[0]
    client.post(f"/book/{service.slug}/", {"start": start}, headers=SAME_SITE)
    booking = Booking.objects.get()
    url = booking.get_absolute_url()

    sent = client.post(
        f"/accounts/signup/?next={url}", {"name": "Ruth", "email": "ruth@example.com"}
    )

    # The code is asked for on the page she is on, her time still held above it.
    assert sent["Location"] == url
    page = text(client.get(url))
    assert "We've e-mailed a code to <strong>ruth@example.com</strong>" in page
    assert f'action="/accounts/code/?next={url}"' in page
    assert "Step 2 of 4: your details" in page
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mail.outbox[-1].body, re.MULTILINE)[1]
    # A different address can still be given instead.
    assert 'name="email"' in client.get(f"{url}?change-email").content.decode()

    signed_in = client.post(f"/accounts/code/?next={url}", {"code": code})

    assert signed_in["Location"] == url
    booking.refresh_from_db()
    assert (booking.client.email, booking.client.first_name) == ("ruth@example.com", "Ruth")
    assert booking.status == "held"
    assert 'Your details<span class="visually-hidden"> (done)' in text(client.get(url))


def test_a_known_address_signs_in_on_the_holds_page_alike(
    client, service, client_user, practice_details
):
    from django.core import mail

    start = slot_values(client.get(f"/book/{service.slug}/"))[0]
    client.post(f"/book/{service.slug}/", {"start": start}, headers=SAME_SITE)
    booking = Booking.objects.get()
    url = booking.get_absolute_url()

    sent = client.post(f"/accounts/signup/?next={url}", {"name": "X", "email": client_user.email})
    assert sent["Location"] == url
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mail.outbox[-1].body, re.MULTILINE)[1]
    client.post(f"/accounts/code/?next={url}", {"code": code})

    booking.refresh_from_db()
    client_user.refresh_from_db()
    assert booking.client == client_user
    assert client_user.first_name != "X"


def test_a_code_page_elsewhere_is_not_taken_for_someone_elses_hold(
    client, service, practice_details
):
    start = slot_values(client.get(f"/book/{service.slug}/"))[0]
    Client().post(f"/book/{service.slug}/", {"start": start}, headers=SAME_SITE)
    theirs = Booking.objects.get().get_absolute_url()

    sent = client.post(
        f"/accounts/signup/?next={theirs}", {"name": "Ruth", "email": "ruth@example.com"}
    )

    assert sent["Location"].startswith("/accounts/code/?next=")


def test_the_address_of_a_visitors_hold_that_ran_out_unclaimed_is_forgotten(service, fixed_now, at):
    ran_out = hold_for(visitor("ann"), service, at(1, 9), fixed_now)
    live = hold_for(
        visitor("bob", address="address-2"), service, at(2, 9), fixed_now + 20 * MINUTES
    )

    services.booking_expire_holds(now=fixed_now + 31 * MINUTES)

    ran_out.refresh_from_db()
    live.refresh_from_db()
    assert (ran_out.status, ran_out.visitor_address) == ("expired", "")
    # A live hold still counts towards its address's limit.
    assert (live.status, live.visitor_address) == ("held", "address-2")
