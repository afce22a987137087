"""Buying a gift voucher: /vouchers/ makes a pending order and its voucher, then 303 to Checkout.

Stripe is faked at HTTP (`checkout_api`): what it received is what the site sent.
"""

from datetime import UTC, date, datetime, timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def _stripe(stripe_settings, practice_details):
    """Stripe in test mode (faked), and the practice's name for the product."""


def text(response) -> str:
    return unescape(response.content.decode())


def today_in(zone: str):
    return datetime.now(UTC).astimezone(ZoneInfo(zone)).date()


def form(**fields) -> dict:
    data = {
        "kind": "amount",
        "amount": "50",
        "service": "",
        "buyer_name": "Hetty Marsh",
        "buyer_email": "hetty@example.com",
        "recipient_name": "Ruth Marsh",
        "recipient_email": "ruth@example.com",
        "message": "Happy birthday, Ruth!",
        "deliver_on": (today_in("Europe/London") + timedelta(days=3)).isoformat(),
        "tz": "Europe/London",
    }
    data.update(fields)
    return data


def test_anyone_can_open_the_buy_page(client):
    response = client.get("/vouchers/")

    assert response.status_code == 200
    page = text(response)
    assert "Give a gift voucher" in page
    assert 'name="recipient_email"' in page
    assert 'id="zone-form"' in page  # the browser's zone is filled in as on the booking pages


def test_a_signed_in_client_finds_her_name_and_address_filled_in(signed_in):
    page = text(signed_in.get("/vouchers/"))

    assert 'value="Maya Jones"' in page
    assert 'value="maya@example.com"' in page


def test_buying_makes_a_pending_order_and_voucher_and_sends_her_to_checkout(
    client, checkout_api, stripe_calls
):
    from payments.models import Order, Payment
    from vouchers.models import Voucher

    response = client.post("/vouchers/", form())

    assert response.status_code == 303
    [session] = checkout_api.sessions
    assert response["Location"] == session["url"]
    order = Order.objects.get()
    voucher = Voucher.objects.get()
    assert (order.kind, order.status, order.amount, order.currency) == (
        "voucher",
        "pending",
        5000,
        "GBP",
    )
    assert order.customer is None
    assert (voucher.order, voucher.kind, voucher.initial_amount, voucher.balance) == (
        order,
        "amount",
        5000,
        5000,
    )
    assert voucher.code is None  # no code until it is paid
    assert voucher.paid_at is None
    assert (voucher.recipient_name, voucher.message) == ("Ruth Marsh", "Happy birthday, Ruth!")
    payment = Payment.objects.get()
    assert (payment.order, payment.amount, payment.checkout_session_id) == (
        order,
        5000,
        session["id"],
    )
    [(_, path, sent, _)] = stripe_calls()
    assert path == "/v1/checkout/sessions"
    page = f"https://quietharbour.example/vouchers/{order.reference}/"
    assert sent["line_items[0][price_data][product_data][name]"] == (
        "Gift voucher from Quiet Harbour Therapy"
    )
    assert sent["line_items[0][price_data][unit_amount]"] == "5000"
    assert sent["metadata[order_reference]"] == order.reference
    assert sent["success_url"] == page + "?session_id={CHECKOUT_SESSION_ID}"
    assert sent["cancel_url"] == page
    assert sent["customer_email"] == "hetty@example.com"


def test_nothing_about_the_recipient_the_message_or_a_session_goes_to_stripe(
    client, checkout_api, stripe_calls, service
):
    client.post("/vouchers/", form(kind="service", service=str(service.pk)))

    [(_, _, sent, _)] = stripe_calls()
    told = " ".join(sent.values()).lower()
    for private in ("ruth", "birthday", "hypnotherapy", service.name.lower()):
        assert private not in told


def test_a_session_voucher_is_worth_the_session_s_price_today(client, checkout_api, service):
    from vouchers.models import Voucher

    client.post("/vouchers/", form(kind="service", service=str(service.pk), amount=""))

    voucher = Voucher.objects.get()
    assert (voucher.kind, voucher.service, voucher.service_name) == (
        "service",
        service,
        "Hypnotherapy session",
    )
    assert voucher.initial_amount == voucher.order.amount == 9500


def test_a_signed_in_buyer_s_order_is_hers(signed_in, client_user, checkout_api):
    from vouchers.models import Voucher

    signed_in.post("/vouchers/", form(buyer_email="maya@example.com"))

    voucher = Voucher.objects.get()
    assert voucher.buyer == voucher.order.customer == client_user


def test_the_day_is_the_buyer_s_and_it_goes_out_that_morning_in_her_zone(client, checkout_api):
    from vouchers.models import Voucher

    day = today_in("America/New_York") + timedelta(days=10)
    client.post("/vouchers/", form(tz="America/New_York", deliver_on=day.isoformat()))

    voucher = Voucher.objects.get()
    assert voucher.buyer_time_zone == "America/New_York"
    assert voucher.deliver_on == day
    local = voucher.deliver_at.astimezone(ZoneInfo("America/New_York"))
    assert (local.date(), local.hour, local.minute) == (day, 8, 0)


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        ({"amount": "19.99"}, "greater than or equal to 20"),
        ({"amount": "1000.01"}, "less than or equal to 1000"),
        ({"amount": ""}, "Please enter an amount."),
        ({"amount": "fifty"}, "Enter a number."),
        ({"kind": "service", "service": ""}, "Please choose a session."),
        ({"kind": "service", "service": "999999"}, "Select a valid choice."),
        ({"recipient_email": "ruth at example"}, "Enter a valid email address."),
        ({"buyer_name": "   "}, "This field is required."),
        ({"message": "x" * 501}, "at most 500 characters"),
        ({"deliver_on": "2001-01-01"}, "from today to a year from now"),
        ({"deliver_on": "not a day"}, "Enter a valid date."),
        ({"kind": "anything"}, "Select a valid choice."),
    ],
)
def test_a_form_that_does_not_add_up_says_why_and_writes_nothing(
    client, checkout_api, fields, says
):
    from payments.models import Order
    from vouchers.models import Voucher

    response = client.post("/vouchers/", form(**fields))

    assert response.status_code == 400
    assert says in text(response)
    assert not Order.objects.exists()
    assert not Voucher.objects.exists()
    assert not checkout_api.sessions


def test_a_day_more_than_a_year_ahead_is_refused(client, checkout_api):
    from vouchers.models import Voucher

    late = today_in("Europe/London") + timedelta(days=366)
    response = client.post("/vouchers/", form(deliver_on=late.isoformat()))

    assert response.status_code == 400
    assert not Voucher.objects.exists()


def test_a_free_or_retired_service_cannot_be_bought(client, checkout_api, free_service, service):
    from vouchers.models import Voucher

    service.active = False
    service.save()
    for offered in (free_service, service):
        response = client.post("/vouchers/", form(kind="service", service=str(offered.pk)))
        assert response.status_code == 400
    assert not Voucher.objects.exists()


def test_names_become_one_line_and_the_message_is_kept_as_plain_text(client, checkout_api):
    from vouchers.models import Voucher

    client.post(
        "/vouchers/",
        form(recipient_name="Ruth\r\nBcc: x@example.com", message="<b>Hi</b>\n\nRuth"),
    )

    voucher = Voucher.objects.get()
    assert voucher.recipient_name == "Ruth Bcc: x@example.com"
    assert voucher.message == "<b>Hi</b>\n\nRuth"


def test_when_stripe_cannot_be_reached_she_lands_on_the_order_page_with_nothing_charged(
    client, stripe_api
):
    import requests

    from payments.models import Order

    stripe_api.add(
        "POST", "https://api.stripe.com/v1/checkout/sessions", body=requests.ConnectionError()
    )

    response = client.post("/vouchers/", form())

    order = Order.objects.get()
    assert response.status_code == 303
    assert response["Location"] == f"/vouchers/{order.reference}/"
    page = text(client.get(response["Location"]))
    assert "could not reach our payment provider" in page
    assert "Your gift voucher is not paid yet" in page


# The domain function, on a fixed clock --------------------------------------------------


def test_today_is_today_in_the_buyer_s_zone(wish):
    from vouchers.errors import VoucherRefused
    from vouchers.purchase import voucher_buy

    # 11:00 UTC on 1 June: already 2 June on Kiritimati (UTC+14), still 1 June in London.
    now = datetime(2027, 6, 1, 11, 0, tzinfo=UTC)

    kiritimati = voucher_buy(
        wish=wish(zone="Pacific/Kiritimati", deliver_on=date(2027, 6, 2)), now=now
    )
    assert kiritimati.deliver_on == date(2027, 6, 2)
    with pytest.raises(VoucherRefused):
        voucher_buy(wish=wish(zone="Pacific/Kiritimati", deliver_on=date(2027, 6, 1)), now=now)
    london = voucher_buy(wish=wish(zone="Europe/London", deliver_on=date(2027, 6, 1)), now=now)
    assert london.deliver_at == datetime(2027, 6, 1, 7, 0, tzinfo=UTC)  # 08:00 BST


@pytest.mark.parametrize("amount", [1999, 100001, None, 0, -5000])
def test_the_domain_refuses_amounts_outside_the_range_too(wish, now, amount):
    from vouchers.errors import VoucherRefused
    from vouchers.models import Voucher
    from vouchers.purchase import voucher_buy

    with pytest.raises(VoucherRefused, match="from £20 to £1,000"):
        voucher_buy(wish=wish(amount=amount), now=now)
    assert not Voucher.objects.exists()


def test_the_domain_refuses_an_unknown_zone_and_a_long_message(wish, now):
    from vouchers.errors import VoucherRefused
    from vouchers.purchase import voucher_buy

    with pytest.raises(VoucherRefused):
        voucher_buy(wish=wish(zone="Mars/Olympus_Mons"), now=now)
    with pytest.raises(VoucherRefused):
        voucher_buy(wish=wish(message="x" * 501), now=now)
