"""Paying for a gift voucher: Stripe's signed webhooks (and the return from Checkout) make the
voucher real once, whatever arrives twice, late, or in another order.

The buyer goes through /vouchers/ against the faked Checkout; Stripe's answers come as signed
webhook events (tests/conftest.py's `deliver`) or as the session looked up on return.
"""

from datetime import UTC, datetime, timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest

from tests.email_parts import look_problems

pytestmark = pytest.mark.django_db(transaction=True)

API = "https://api.stripe.com"


@pytest.fixture(autouse=True)
def _stripe(stripe_settings, practice_details):
    """Stripe in test mode (faked), and the practice's name."""


def text(response) -> str:
    return unescape(response.content.decode())


@pytest.fixture
def bought(client, checkout_api):
    """A voucher for £50 bought without an account, for Ruth, to go out in three days; its
    Checkout Session open at Stripe. Returns the voucher and its payment attempt."""
    from payments.models import Payment
    from vouchers.models import Voucher

    day = datetime.now(UTC).astimezone(ZoneInfo("Europe/London")).date() + timedelta(days=3)
    response = client.post(
        "/vouchers/",
        {
            "kind": "amount",
            "amount": "50",
            "buyer_name": "Hetty Marsh",
            "buyer_email": "hetty@example.com",
            "recipient_name": "Ruth Marsh",
            "recipient_email": "ruth@example.com",
            "message": "Happy birthday!",
            "deliver_on": day.isoformat(),
            "tz": "Europe/London",
        },
    )
    assert response.status_code == 303
    return Voucher.objects.get(), Payment.objects.get()


def state():
    """Everything paying could change, to prove a replay changed nothing."""
    from payments.models import Order, Payment, Refund
    from practice.models import OutgoingEmail
    from vouchers.models import Voucher

    return (
        list(Order.objects.values_list("pk", "status", "paid_at")),
        list(Voucher.objects.values_list("pk", "code", "balance", "paid_at", "expires_at")),
        list(Payment.objects.values_list("pk", "status", "amount_refunded")),
        list(Refund.objects.values_list("pk", "amount", "reason")),
        list(OutgoingEmail.objects.values_list("key", flat=True)),
    )


def test_a_paid_session_makes_the_voucher_real_once(
    bought, deliver, make_event, session_of, run_worker, mailoutbox
):
    from vouchers.codes import CODE_ALPHABET, CODE_LENGTH

    voucher, payment = bought
    completed = make_event("checkout.session.completed", session_of(payment))

    assert deliver(completed).status_code == 200

    voucher.refresh_from_db()
    voucher.order.refresh_from_db()
    assert voucher.order.status == "paid"
    assert len(voucher.code) == CODE_LENGTH
    assert set(voucher.code) <= set(CODE_ALPHABET)
    assert voucher.balance == voucher.initial_amount == 5000
    # At least twelve months: to the end of the same day a year on, in her zone.
    assert voucher.expires_at - voucher.paid_at >= timedelta(days=365)
    bought_on = voucher.paid_at.astimezone(ZoneInfo("Europe/London")).date()
    assert voucher.valid_until == bought_on.replace(year=bought_on.year + 1)
    assert voucher.delivered_at is None  # its day has not come

    before = state()
    assert deliver(completed).status_code == 200  # Stripe sends it again
    assert state() == before

    run_worker()
    [receipt] = mailoutbox
    assert receipt.to == ["hetty@example.com"]
    assert receipt.subject == "Thank you: your gift voucher is paid"
    assert voucher.code not in receipt.body  # the code is the recipient's alone
    assert voucher.code_shown not in receipt.body
    assert "£50" in receipt.body
    assert "Ruth Marsh" in receipt.body
    assert look_problems(receipt) == []


def test_a_second_paid_session_for_a_paid_voucher_goes_back_in_full(
    bought, deliver, make_event, session_of, refunds_echo, run_worker, stripe_calls
):
    from payments.models import Payment, Refund

    voucher, first = bought
    # A second session of the same order, paid too (another tab, a second click): recorded
    # before Stripe was asked, as the pay step writes every attempt.
    second = Payment.objects.create(
        order=voucher.order,
        attempt=2,
        amount=5000,
        currency="GBP",
        checkout_session_id="cs_test_b2VoSecondUc7HeRxKq3LmWz9PtYdFs4GnJ6",
        expires_at=first.expires_at,
        idempotency_key=f"checkout-{voucher.order.reference}-2",
    )
    deliver(make_event("checkout.session.completed", session_of(first)))
    voucher.refresh_from_db()
    code = voucher.code

    deliver(make_event("checkout.session.completed", session_of(second)))
    run_worker()

    voucher.refresh_from_db()
    assert voucher.code == code
    assert voucher.balance == 5000
    [refund] = Refund.objects.all()
    assert (refund.payment, refund.amount, refund.reason) == (second, 5000, "duplicate")
    [(_, _path, sent, _)] = [call for call in stripe_calls() if call[1] == "/v1/refunds"]
    assert (sent["amount"], sent["metadata[order_reference]"]) == ("5000", voucher.order.reference)


def test_an_expired_session_makes_no_voucher(
    bought, deliver, make_event, session_of, run_worker, mailoutbox
):
    voucher, payment = bought

    deliver(make_event("checkout.session.expired", session_of(payment, "expired")))

    voucher.refresh_from_db()
    payment.refresh_from_db()
    assert payment.status == "expired"
    assert voucher.order.status == "pending"
    assert (voucher.code, voucher.paid_at, voucher.expires_at) == (None, None, None)
    run_worker()
    assert mailoutbox == []


def test_after_an_expired_session_she_can_pay_again_from_the_order_page(
    client, bought, deliver, make_event, session_of, checkout_api
):
    voucher, payment = bought
    deliver(make_event("checkout.session.expired", session_of(payment, "expired")))

    page = text(client.get(f"/vouchers/{voucher.order.reference}/"))
    assert "Your gift voucher is not paid yet" in page
    response = client.post(f"/vouchers/{voucher.order.reference}/pay/")

    assert response.status_code == 303
    assert response["Location"] == checkout_api.sessions[-1]["url"]
    assert voucher.order.payments.count() == 2


def test_the_return_from_checkout_settles_before_the_webhook_comes(
    client, bought, stripe_api, session_of, deliver, make_event, run_worker, mailoutbox
):
    voucher, payment = bought
    paid = session_of(payment)
    stripe_api.add("GET", f"{API}/v1/checkout/sessions/{payment.checkout_session_id}", json=paid)

    response = client.get(
        f"/vouchers/{voucher.order.reference}/?session_id={payment.checkout_session_id}"
    )

    voucher.refresh_from_db()
    assert voucher.code is not None
    page = text(response)
    assert "Thank you: your gift voucher is paid" in page
    assert "receives it by e-mail on" in page
    assert voucher.code not in page
    assert voucher.code_shown not in page

    before = state()
    deliver(make_event("checkout.session.completed", paid))  # then the webhook
    assert state() == before
    run_worker()
    assert [message.to for message in mailoutbox] == [["hetty@example.com"]]


def test_back_from_checkout_before_stripe_has_finished_the_page_says_so(
    client, bought, stripe_api, session_of
):
    voucher, payment = bought
    stripe_api.add(
        "GET",
        f"{API}/v1/checkout/sessions/{payment.checkout_session_id}",
        json=session_of(payment, "open"),
    )

    response = client.get(
        f"/vouchers/{voucher.order.reference}/?session_id={payment.checkout_session_id}"
    )

    assert response.status_code == 200
    assert "Your payment is being confirmed" in text(response)
    voucher.refresh_from_db()
    assert voucher.code is None


def test_a_voucher_paid_after_its_moment_goes_out_at_once(
    client, checkout_api, deliver, make_event, session_of, run_worker, mailoutbox
):
    from payments.models import Payment
    from vouchers.models import Voucher

    # Today, in a zone where 08:00 has passed already: at any moment one of these has.
    now = datetime.now(UTC)
    zones = ["Pacific/Kiritimati", "Asia/Tokyo", "Europe/London", "America/Chicago"]
    zone = next(zone for zone in zones if now.astimezone(ZoneInfo(zone)).hour >= 9)
    day = now.astimezone(ZoneInfo(zone)).date()
    client.post(
        "/vouchers/",
        {
            "kind": "amount",
            "amount": "40",
            "buyer_name": "Hetty Marsh",
            "buyer_email": "hetty@example.com",
            "recipient_name": "Ruth Marsh",
            "recipient_email": "ruth@example.com",
            "deliver_on": day.isoformat(),
            "tz": zone,
        },
    )
    voucher = Voucher.objects.get()
    assert voucher.deliver_at < now

    deliver(make_event("checkout.session.completed", session_of(Payment.objects.get())))
    run_worker()

    voucher.refresh_from_db()
    assert voucher.delivered_at is not None
    assert sorted(message.to[0] for message in mailoutbox) == [
        "hetty@example.com",
        "ruth@example.com",
    ]


def test_an_unknown_order_page_is_a_404_and_a_package_s_too(client, bought):
    from payments.models import Order

    other = Order.objects.create(
        kind="package", amount=100, currency="GBP", created_at=datetime.now(UTC)
    )

    assert client.get("/vouchers/ACDEFGHJKMNPQRTU/").status_code == 404
    assert client.get(f"/vouchers/{other.reference}/").status_code == 404
    assert client.post(f"/vouchers/{other.reference}/pay/").status_code == 404
