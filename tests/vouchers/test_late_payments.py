"""Late payments around a gift voucher: the money for the rest of a session arriving after its
hold ended, and a voucher bought with a delayed method. Every payment ends in what it paid for
or back where it came from; a voucher's balance is never spent twice."""

from datetime import timedelta

import pytest

from tests.vouchers.test_payment import bought  # noqa: F401 (pytest finds fixtures by name)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _stripe(stripe_settings, stripe_api, practice_details):
    """Stripe in test mode, faked: nothing reaches it unless a test says what it answers."""


def balance(voucher) -> int:
    voucher.refresh_from_db()
    return voucher.balance


def open_payment(booking, *, expires_at):
    """The Checkout attempt the pay step leaves for what the voucher does not pay (£45)."""
    from payments.models import Payment

    return Payment.objects.create(
        booking=booking,
        amount=4500,
        currency="GBP",
        checkout_session_id="cs_test_b2VoLateUc7HeRxKq3LmWz9PtYdFs4GnJ6",
        expires_at=expires_at,
        idempotency_key=f"checkout-{booking.reference}-1",
    )


def test_the_rest_paid_after_the_voucher_went_to_another_booking_is_refunded_in_full(
    hold,
    make_voucher,
    make_user,
    service,
    now,
    deliver,
    make_event,
    session_of,
    refunds_echo,
    run_worker,
    stripe_calls,
):
    from payments.models import Refund
    from vouchers.conf import CHECKOUT_SETTLING
    from vouchers.models import Redemption
    from vouchers.redemption import reservations_release_ended, voucher_apply

    voucher = make_voucher(amount=5000)
    first = hold()
    voucher_apply(booking=first, code=voucher.code, now=now)
    payment = open_payment(first, expires_at=first.hold_expires_at)
    # Long after Checkout's expiry Stripe had still said nothing: the £50 went back to the
    # voucher, and another client's booking took it whole.
    later = payment.expires_at + CHECKOUT_SETTLING + timedelta(seconds=1)
    assert reservations_release_ended(now=later) == 1
    second = hold(
        client=make_user(),
        start=now + timedelta(days=9),
        hold_expires_at=later + timedelta(minutes=30),
    )
    assert voucher_apply(booking=second, code=voucher.code, now=later).amount == 5000

    assert deliver(make_event("checkout.session.completed", session_of(payment))).status_code == 200
    run_worker()

    first.refresh_from_db()
    assert first.status != "confirmed"
    [refund] = Refund.objects.filter(payment=payment)
    assert (refund.amount, refund.reason) == (4500, "not_confirmable")
    refunded = [sent for _, path, sent, _ in stripe_calls() if path == "/v1/refunds"]
    assert [sent["amount"] for sent in refunded] == ["4500"]
    assert balance(voucher) == 0
    assert list(Redemption.objects.order_by("pk").values_list("booking", "state", "amount")) == [
        (first.pk, "released", 5000),
        (second.pk, "reserved", 5000),
    ]


def test_the_rest_paid_just_after_the_hold_ended_confirms_with_the_voucher_kept_for_it(
    hold, make_voucher, now, deliver, make_event, session_of, stripe_calls
):
    from payments.models import Refund
    from vouchers.models import Redemption
    from vouchers.redemption import voucher_apply

    voucher = make_voucher(amount=5000)
    booking = hold(hold_expires_at=now - timedelta(minutes=1))
    voucher_apply(booking=booking, code=voucher.code, now=now - timedelta(minutes=20))
    payment = open_payment(booking, expires_at=now - timedelta(minutes=1))

    assert deliver(make_event("checkout.session.completed", session_of(payment))).status_code == 200

    booking.refresh_from_db()
    assert booking.status == "confirmed"
    assert Redemption.objects.get().state == "spent"
    assert balance(voucher) == 0
    assert not Refund.objects.exists()
    assert stripe_calls("/v1/refunds") == []


def test_a_voucher_bought_by_a_delayed_method_comes_when_its_money_arrives(
    bought,  # noqa: F811 (the fixture imported above)
    checkout_api,
    deliver,
    make_event,
    session_of,
):
    from vouchers.models import Voucher

    voucher, payment = bought
    unpaid = session_of(payment, payment_status="unpaid")

    deliver(make_event("checkout.session.completed", unpaid))
    voucher.refresh_from_db()
    assert (voucher.order.status, voucher.code) == ("pending", None)

    succeeded = make_event("checkout.session.async_payment_succeeded", session_of(payment))
    deliver(succeeded)
    deliver(succeeded)  # delivered again

    voucher.refresh_from_db()
    assert voucher.order.status == "paid"
    assert voucher.code
    assert Voucher.objects.count() == 1
