"""What is left to pay when a package credit or a gift voucher covered part of a booking's price
(bookings.hooks.price_covers): Checkout asks only for that, the payment check compares with it,
a booking covered whole is confirmed with no payment at all, and a cancellation gives back as
money only the money's share of its refund (bookings.policy.refund_split)."""

import json
from html import unescape
from io import StringIO

import pytest
import stripe
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db(transaction=True)

API = "https://api.stripe.com"
# Half back with notice: a refund that a voucher and a card share.
HALF_BACK = {"notice_hours": 48, "refund_percent_with_notice": 50, "refund_percent_late": 0}


def text(response) -> str:
    return unescape(response.content.decode())


@pytest.fixture
def covered():
    """What a credit or a voucher covers of each booking, by the booking's pk: a cover
    registered as packages and vouchers register theirs, and removed after the test."""
    from bookings import hooks

    amounts: dict[int, int] = {}

    def cover(*, booking) -> int:
        return amounts.get(booking.pk, 0)

    hooks.price_covers.append(cover)
    yield amounts
    hooks.price_covers.remove(cover)


def confirm_paid(booking, make_attempt, session_json, *, amount: int, now):
    """The client paid `amount` through Checkout for `booking` (the real confirm)."""
    from payments.settle import payment_confirm

    make_attempt(booking, amount=amount)
    session = session_json(booking, amount_subtotal=amount, amount_total=amount)
    payment = payment_confirm(
        checkout_session=stripe.checkout.Session.construct_from(session, None), now=now
    )
    booking.refresh_from_db()
    assert booking.status == "confirmed"
    return payment


@pytest.mark.parametrize(
    ("covers", "due"),
    [([], 9500), ([5000], 4500), ([3000, 2000], 4500), ([9500], 0), ([12000], 0)],
    ids=["nothing", "a-voucher", "two-covers", "whole", "more-than-the-price"],
)
def test_amount_due_is_the_price_less_what_is_covered_and_never_below_nothing(covers, due, held):
    from bookings import hooks
    from bookings.lifecycle import amount_covered, amount_due

    registered = [lambda booking, amount=amount: amount for amount in covers]
    hooks.price_covers.extend(registered)
    try:
        assert amount_due(held) == due
        assert amount_covered(held) == 9500 - due
    finally:
        for cover in registered:
            hooks.price_covers.remove(cover)


def test_a_free_booking_has_nothing_covered_and_nothing_due(
    covered, make_booking, client_user, free_service
):
    from bookings.lifecycle import amount_covered, amount_due

    call = make_booking(client=client_user, service=free_service, status="held")
    covered[call.pk] = 5000

    assert (amount_covered(call), amount_due(call)) == (0, 0)


def test_the_booking_page_asks_to_pay_only_what_is_due(signed_in, held, covered):
    covered[held.pk] = 5000

    page = text(signed_in.get(held.get_absolute_url()))

    assert "Continue to payment" in page
    assert "You pay £45 on Stripe" in page


def test_checkout_charges_only_the_amount_due(
    signed_in, held, covered, stripe_api, session_json, stripe_calls
):
    from payments.models import Payment

    covered[held.pk] = 5000
    stripe_api.add(
        "POST",
        f"{API}/v1/checkout/sessions",
        json=session_json(held, "open", amount_subtotal=4500, amount_total=4500),
    )

    response = signed_in.post(f"/bookings/{held.reference}/pay/")

    assert response.status_code == 303
    [(_, _, sent, _)] = stripe_calls()
    assert sent["line_items[0][price_data][unit_amount]"] == "4500"
    assert Payment.objects.get().amount == 4500


def test_the_payment_check_compares_with_the_amount_due(held, covered, make_payment):
    from payments.settle import booking_is_paid

    covered[held.pk] = 5000
    make_payment(held, amount=9500)  # the whole price, paid before the voucher counted

    assert not booking_is_paid(booking=held)

    make_payment(held, amount=4500, attempt=2, checkout_session_id="cs_test_due_4500")
    assert booking_is_paid(booking=held)
    covered[held.pk] = 3000  # now £65 is due: neither payment is of that
    assert not booking_is_paid(booking=held)


def test_a_payment_of_the_amount_due_confirms_the_booking(
    held, covered, make_attempt, session_json, now
):
    covered[held.pk] = 5000

    payment = confirm_paid(held, make_attempt, session_json, amount=4500, now=now)

    assert (payment.status, payment.amount, payment.refunds.count()) == ("paid", 4500, 0)


def test_a_booking_covered_whole_confirms_without_stripe_or_a_payment(
    signed_in, held, covered, stripe_calls
):
    from payments.models import Payment

    covered[held.pk] = 9500
    page = text(signed_in.get(held.get_absolute_url()))
    assert "Confirm booking" in page
    assert "Continue to payment" not in page

    refused = signed_in.post(f"/bookings/{held.reference}/pay/", follow=True)
    assert "There is nothing to pay for this session." in text(refused)
    response = signed_in.post(f"/bookings/{held.reference}/confirm/", follow=True)

    assert "Your booking is confirmed." in text(response)
    held.refresh_from_db()
    assert held.status == "confirmed"
    assert not Payment.objects.exists()
    assert stripe_calls() == []


def test_a_booking_not_covered_is_not_confirmed_without_its_payment(signed_in, held, covered):
    covered[held.pk] = 9499

    signed_in.post(f"/bookings/{held.reference}/confirm/")

    held.refresh_from_db()
    assert held.status == "held"


# Cancelling ------------------------------------------------------------------------------


@pytest.fixture
def half_covered(make_booking, client_user, service, covered, make_attempt, session_json, now):
    """Maya's £95 session, £50 of it paid by a voucher and £45 by card, half back with notice:
    (booking, its payment)."""
    booking = make_booking(
        client=client_user, service=service, status="held", policy_snapshot=HALF_BACK
    )
    covered[booking.pk] = 5000
    payment = confirm_paid(booking, make_attempt, session_json, amount=4500, now=now)
    return booking, payment


def test_a_cancellation_gives_back_as_money_only_the_moneys_share(
    half_covered, refunds_api, run_worker, stripe_calls, now
):
    from bookings.policy import refund_split
    from bookings.services import booking_cancel
    from payments.models import Refund

    booking, payment = half_covered

    outcome = booking_cancel(booking=booking, by="client", now=now)

    money = refund_split(refund=outcome.refund_amount, price=9500, covered=5000).money
    assert (outcome.refund_amount, money) == (4750, 2250)
    refund = Refund.objects.get()
    assert (refund.payment, refund.amount, refund.reason) == (payment, 2250, "client_cancelled")
    run_worker()
    [(_, _, sent, _)] = stripe_calls("/v1/refunds")
    assert sent["amount"] == "2250"


def test_the_practitioner_cancelling_gives_back_all_the_money_paid(half_covered, refunds_api, now):
    from bookings.services import booking_cancel
    from payments.models import Refund

    booking, payment = half_covered

    booking_cancel(booking=booking, by="practitioner", now=now)

    assert Refund.objects.get().amount == payment.amount == 4500


def test_cancelling_a_booking_covered_whole_gives_back_no_money(
    signed_in, held, covered, stripe_calls, run_worker, now
):
    from bookings.services import booking_cancel
    from payments.models import Refund

    covered[held.pk] = 9500
    signed_in.post(f"/bookings/{held.reference}/confirm/")

    outcome = booking_cancel(booking=held, by="practitioner", now=now)

    assert outcome.refund_amount == 9500  # all of it goes back, to what covered it
    assert not Refund.objects.exists()
    run_worker()
    assert stripe_calls() == []


def test_reconcile_reports_the_moneys_share_of_a_refund_that_failed(
    half_covered, stripe_api, stripe_json, run_worker, now
):
    from bookings.services import booking_cancel

    booking, _ = half_covered
    stripe_api.add(
        "POST", f"{API}/v1/refunds", status=400, json=stripe_json("error_charge_already_refunded")
    )
    listing = {"object": "list", "data": [], "has_more": False, "url": "/v1/checkout/sessions"}
    stripe_api.add("GET", f"{API}/v1/checkout/sessions", body=json.dumps(listing))
    booking_cancel(booking=booking, by="client", now=now)
    run_worker()

    out = StringIO()
    with pytest.raises(CommandError):
        call_command("reconcile_payments", stdout=out)

    assert "Refunds that don't add up: 1" in out.getvalue()
    assert "£0 refunded of £22.50 owed back (a refund failed)" in out.getvalue()
