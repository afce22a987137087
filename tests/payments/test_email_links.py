"""The links in the client's e-mails work from the e-mail: her booking page (to move or cancel
it), her receipt and her calendar file, each read out of the sent message's text and HTML parts,
open for her signed in, or once she has signed in, and for nobody else.

Here, above bookings, because the receipt is payments' page: bookings' e-mails learn of it only
through bookings.hooks.receipt_hooks.
"""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail

from bookings import services
from tests.email_parts import html_links, text_links

pytestmark = pytest.mark.django_db(transaction=True)

SITE = (
    "https://quietharbour.example"  # settings.SITE_URL here (tests/conftest.py's stripe_settings)
)

# Each link: its path, the content type it answers with, and what shows it is the right page.
LINKS = {
    "booking page": ("/bookings/{ref}/", "text/html", ["Move to another time", "Cancel booking"]),
    "receipt": ("/bookings/{ref}/receipt/", "text/html", ["Receipt", "£95 (GBP)"]),
    "calendar": ("/bookings/{ref}/calendar.ics", "text/calendar", ["UID:{ref}@quietharbour"]),
}
# Which of them each e-mail has: a free call has nothing paid, so no receipt.
EMAILS = {
    "confirmed": ["booking page", "receipt", "calendar"],
    "moved": ["booking page", "receipt", "calendar"],
    "free call confirmed": ["booking page", "calendar"],
}
CASES = [(email, link) for email, links in EMAILS.items() for link in links]


@pytest.fixture
def sent(
    practice_details,
    make_booking,
    make_payment,
    client_user,
    service,
    free_service,
    now,
    run_worker,
):
    """sent(kind) -> (booking, message): Maya's booking, made through the domain, and the e-mail
    of `kind` (one of EMAILS) she was sent about it."""

    def send(kind: str):
        held = make_booking(
            client=client_user,
            service=free_service if kind == "free call confirmed" else service,
            status="held",
        )
        if held.price_amount:
            make_payment(held)
        booking = services.booking_confirm(booking=held, now=now)
        if kind == "moved":
            booking = services.booking_reschedule(
                booking=booking, new_start=booking.start + timedelta(days=1), now=now
            )
        run_worker()
        (message,) = [
            m
            for m in mail.outbox
            if m.to == [client_user.email] and ("moved" in m.subject) == (kind == "moved")
        ]
        return booking, message

    return send


def path_of(booking, link: str) -> str:
    return LINKS[link][0].format(ref=booking.reference)


def link_in(message, booking, link: str) -> str:
    """The link to `link`'s page as the e-mail gives it, the same in its text and HTML parts."""
    path = path_of(booking, link)
    in_text = {url for url in text_links(message) if urlsplit(url).path == path}
    in_html = {url for url in html_links(message) if urlsplit(url).path == path}
    assert in_text, f"no link to {path} in the text part"
    assert in_text == in_html
    (url,) = in_text
    return url


def assert_is_the_page(response, booking, link: str):
    _, content_type, expected = LINKS[link]
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    content = response.content.decode()
    for text in expected:
        assert text.format(ref=booking.reference) in content, text


@pytest.mark.parametrize("kind", list(EMAILS))
def test_the_email_links_her_pages_by_the_sites_full_address_in_both_parts(sent, kind):
    booking, message = sent(kind)

    for part in (text_links(message), html_links(message)):
        private = {url for url in part if urlsplit(url).path.startswith("/bookings/")}
        assert private == {SITE + path_of(booking, link) for link in EMAILS[kind]}
    # Google's and Outlook's add-to-calendar pages too: the event names only her booking page.
    for provider in ("https://calendar.google.com/", "https://outlook.live.com/"):
        (in_text,) = [url for url in text_links(message) if url.startswith(provider)]
        (in_html,) = [url for url in html_links(message) if url.startswith(provider)]
        assert in_text == in_html
        details = " ".join(
            value for values in parse_qs(urlsplit(in_text).query).values() for value in values
        )
        assert SITE + path_of(booking, "booking page") in details


@pytest.mark.parametrize(("kind", "link"), CASES)
def test_a_link_from_the_email_opens_her_page_when_she_is_signed_in(client, sent, kind, link):
    booking, message = sent(kind)
    url = link_in(message, booking, link)
    client.force_login(booking.client)

    assert_is_the_page(client.get(urlsplit(url).path), booking, link)


@pytest.mark.parametrize(("kind", "link"), CASES)
def test_a_link_from_the_email_asks_her_to_sign_in_then_opens_the_page(
    client, sent, password, kind, link
):
    booking, message = sent(kind)
    path = urlsplit(link_in(message, booking, link)).path

    response = client.get(path)

    assert response.status_code == 302
    sign_in = urlsplit(response["Location"])
    assert sign_in.path == "/accounts/login/"
    assert parse_qs(sign_in.query)["next"] == [path]
    # Signing in on that page takes her on to the link.
    signed_in = client.post(
        response["Location"], {"login": booking.client.email, "password": password}
    )
    assert signed_in.status_code == 302
    assert signed_in["Location"] == path
    assert_is_the_page(client.get(signed_in["Location"]), booking, link)


@pytest.mark.parametrize(("kind", "link"), CASES)
def test_a_link_from_the_email_is_not_found_for_another_client(
    client, sent, other_client, kind, link
):
    booking, message = sent(kind)
    path = urlsplit(link_in(message, booking, link)).path
    client.force_login(other_client)

    assert client.get(path).status_code == 404
    client.force_login(booking.client)
    assert client.get(path).status_code == 200
