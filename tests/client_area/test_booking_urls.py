"""A booking's pages, /bookings/<reference>/…: declared in one URL file (but for joining its
room, rooms' own page in rooms/urls.py, and using a gift voucher, vouchers' own in
vouchers/urls.py), each looking the booking up through one function, every address and name
as it always was (URLs are a contract)."""

from datetime import timedelta

import pytest
from django.http import Http404
from django.test import RequestFactory
from django.urls import URLPattern, get_resolver, resolve, reverse

pytestmark = pytest.mark.django_db

REFERENCE = "Ab12Cd34Ef56Gh78"
SESSION_ID = "cs_test_offline_views"
BOOKING_PREFIX = "bookings/<slug:reference>/"
# Every page of a booking: its name, its address after the booking's, and a method it answers.
PAGES = [
    ("bookings:booking-detail", "", "get"),
    ("bookings:booking-confirm", "confirm/", "post"),
    ("bookings:booking-extend", "extend/", "post"),
    ("bookings:booking-cancel", "cancel/", "get"),
    ("bookings:booking-reschedule", "reschedule/", "get"),
    ("bookings:booking-ics", "calendar.ics", "get"),
    ("payments:pay", "pay/", "post"),
    ("payments:payment-status", "payment-status/", "get"),
    ("payments:test-payment", "test-payment/", "get"),
    ("payments:receipt", "receipt/", "get"),
    ("clients:booking-about-you", "about-you/", "get"),
    ("clients:booking-consent", "consent/", "get"),
    ("clients:booking-screening", "screening/", "get"),
    ("rooms:join", "join/", "get"),
    ("vouchers:booking-voucher", "voucher/", "post"),
    ("vouchers:booking-voucher-remove", "voucher/remove/", "post"),
]
# Pages only a paid booking has (a held one's is a 404 to her too).
PAID_ONLY = {"payments:receipt"}
# Pages only a confirmed booking has.
CONFIRMED_ONLY = {"bookings:booking-ics", "rooms:join"}


def routes(patterns, prefix="", namespace=None):
    """(route, namespaced name) of every page under `patterns`, includes followed."""
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLPattern):
            yield route, f"{namespace}:{pattern.name}" if namespace else pattern.name
        else:
            yield from routes(pattern.url_patterns, route, pattern.namespace or namespace)


def booking_routes(patterns, namespace=None) -> set[tuple[str, str]]:
    return {
        (route, name)
        for route, name in routes(patterns, namespace=namespace)
        if route.startswith(BOOKING_PREFIX)
    }


def test_every_page_of_a_booking_is_declared_in_the_one_booking_url_file():
    from bookings import urls as bookings_urls
    from client_area import booking_urls
    from client_area import urls as client_area_urls
    from payments import urls as payments_urls
    from rooms import urls as rooms_urls
    from vouchers import urls as vouchers_urls

    declared = (
        booking_routes(booking_urls.bookings_pages, "bookings")
        | booking_routes(booking_urls.payments_pages, "payments")
        | booking_routes(booking_urls.clients_pages, "clients")
        | booking_routes(rooms_urls.urlpatterns, "rooms")
        | booking_routes(vouchers_urls.urlpatterns, "vouchers")
    )

    assert booking_routes(get_resolver().url_patterns) == declared
    assert declared == {(BOOKING_PREFIX + suffix, name) for name, suffix, _ in PAGES}
    for elsewhere in (bookings_urls, payments_urls, client_area_urls):
        assert booking_routes(elsewhere.urlpatterns) == set(), elsewhere.__name__


@pytest.mark.parametrize(("name", "suffix", "method"), PAGES)
def test_every_page_of_a_booking_keeps_its_address_and_name(name, suffix, method):
    path = f"/bookings/{REFERENCE}/{suffix}"

    assert reverse(name, kwargs={"reference": REFERENCE}) == path
    assert resolve(path).view_name == name


@pytest.fixture
def hers(settings, make_booking, client_user, service, now):
    """Maya's held booking, with the open attempt the offline pay step leaves."""
    from tests.factories import PaymentFactory

    settings.STRIPE_OFFLINE = True  # every payment page answers, and nothing reaches Stripe
    booking = make_booking(client=client_user, service=service, status="held")
    PaymentFactory(booking=booking, checkout_session_id=SESSION_ID, now=now)
    return booking


def visit(client, booking, suffix, method):
    path = f"{booking.get_absolute_url()}{suffix}"
    if method == "get":
        return client.get(path, {"session_id": SESSION_ID})
    return client.post(path, {"session_id": SESSION_ID})


@pytest.mark.parametrize(("name", "suffix", "method"), PAGES)
def test_every_page_of_a_booking_is_its_clients_alone(
    client, client_user, other_client, hers, make_payment, make_booking, name, suffix, method
):
    if name in PAID_ONLY:
        make_payment(hers, attempt=2)
    if name in CONFIRMED_ONLY:
        # Her confirmed session, a day after the held one (PostgreSQL refuses an overlap).
        hers = make_booking(
            client=client_user, service=hers.service, start=hers.start + timedelta(days=1)
        )
    client.force_login(other_client)
    theirs = visit(client, hers, suffix, method)
    client.force_login(client_user)
    own = visit(client, hers, suffix, method)

    assert theirs.status_code == 404
    assert own.status_code != 404
    assert resolve(f"{hers.get_absolute_url()}{suffix}").view_name == name


@pytest.mark.parametrize(("name", "suffix", "method"), PAGES)
def test_every_page_of_a_booking_sends_anonymous_visitors_to_sign_in(
    client, hers, name, suffix, method
):
    response = client.get(f"{hers.get_absolute_url()}{suffix}")

    assert response.status_code == 302
    assert response["Location"].startswith(f"{reverse('account_login')}?next=")


def test_the_one_lookup_finds_only_the_signed_in_clients_own_booking(
    client_user, other_client, hers
):
    from bookings.access import client_booking_or_404

    def as_user(user):
        request = RequestFactory().get("/")
        request.user = user
        return request

    assert client_booking_or_404(as_user(client_user), hers.reference) == hers
    with pytest.raises(Http404):
        client_booking_or_404(as_user(other_client), hers.reference)
    with pytest.raises(Http404):
        client_booking_or_404(as_user(client_user), REFERENCE)
