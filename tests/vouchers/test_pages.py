"""The gift voucher's parts of the site: the booking page's "Have a gift voucher?" (only on her
own held session with a price), and the order's page (never the code)."""

from datetime import timedelta
from html import unescape

import pytest

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return unescape(response.content.decode())


def test_her_held_session_offers_a_voucher_code_field(signed_in, hold):
    booking = hold()

    page = text(signed_in.get(f"/bookings/{booking.reference}/"))

    assert "Have a gift voucher?" in page
    assert f'action="/bookings/{booking.reference}/voucher/"' in page
    assert '<label class="form-label" for="id_code">Voucher code</label>' in page


def test_no_voucher_part_on_a_confirmed_free_or_ended_booking(
    signed_in, make_booking, client_user, service, free_service, now
):
    confirmed = make_booking(client=client_user, service=service)
    free = make_booking(
        client=client_user, service=free_service, status="held", start=now + timedelta(days=9)
    )
    ended = make_booking(
        client=client_user,
        service=service,
        status="expired",
        start=now + timedelta(days=10),
        hold_expires_at=now - timedelta(minutes=1),
    )

    for booking in (confirmed, free, ended):
        assert "gift voucher" not in text(signed_in.get(f"/bookings/{booking.reference}/"))


def test_a_visitor_s_hold_has_no_voucher_part_until_she_has_signed_in(make_booking, service, now):
    from vouchers.panels import voucher_panel

    booking = make_booking(client=None, visitor_key="a-visitor", service=service, status="held")

    assert voucher_panel(request=None, booking=booking, now=now) == ""


def test_the_order_page_shows_where_the_voucher_stands_and_never_its_code(
    client, make_voucher, now
):
    delivered = make_voucher(amount=5000)
    waiting = make_voucher(
        amount=2500,
        delivered_at=None,
        deliver_on=(now + timedelta(days=5)).date(),
        deliver_at=now + timedelta(days=5),
    )
    unpaid = make_voucher(amount=3000, paid=False)

    page = text(client.get(f"/vouchers/{delivered.order.reference}/"))
    assert "Paid, and delivered by e-mail to Ruth Marsh on" in page
    assert "£50" in page
    assert delivered.code not in page
    assert delivered.code_shown not in page

    page = text(client.get(f"/vouchers/{waiting.order.reference}/"))
    assert "Ruth Marsh receives it by e-mail on" in page
    assert f"{waiting.deliver_on.day} {waiting.deliver_on:%B %Y}" in page
    assert waiting.code_shown not in page

    page = text(client.get(f"/vouchers/{unpaid.order.reference}/"))
    assert "Your gift voucher is not paid yet" in page
    assert "Pay £30" in page


def test_the_order_page_is_private(client, make_voucher):
    voucher = make_voucher()

    response = client.get(f"/vouchers/{voucher.order.reference}/")

    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert '<meta name="robots" content="noindex' in text(response)


def test_a_paid_order_is_not_paid_again(client, make_voucher):
    voucher = make_voucher()

    response = client.post(f"/vouchers/{voucher.order.reference}/pay/")

    assert response.status_code == 303
    assert response["Location"] == f"/vouchers/{voucher.order.reference}/"
