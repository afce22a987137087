"""Using a gift voucher at the pay step: its balance pays what it can, Checkout is asked for the
rest only, a booking it covers whole is confirmed without Stripe, and cancelling gives back the
voucher's share of the refund (money goes back only for what money paid).

Stripe is faked at HTTP: any call nobody registered fails the test.
"""

from datetime import timedelta
from html import unescape

import pytest
from django.db import transaction

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _stripe(stripe_settings, stripe_api, practice_details):
    """Stripe in test mode, faked: nothing reaches it unless a test says what it answers."""


def text(response) -> str:
    return unescape(response.content.decode())


def use(client, booking, code):
    return client.post(f"/bookings/{booking.reference}/voucher/", {"code": code})


def balance(voucher) -> int:
    voucher.refresh_from_db()
    return voucher.balance


# Applying -----------------------------------------------------------------------------------


def test_a_voucher_worth_less_than_the_session_pays_its_part_and_checkout_asks_for_the_rest(
    signed_in, hold, make_voucher, checkout_api, stripe_calls
):
    from vouchers.models import Redemption

    voucher = make_voucher(amount=5000)
    booking = hold()
    typed = voucher.code.lower()[:4] + " " + voucher.code.lower()[4:8] + "-" + voucher.code[8:]

    response = use(signed_in, booking, typed)

    assert response.status_code == 303
    assert response["Location"] == f"/bookings/{booking.reference}/"
    redemption = Redemption.objects.get()
    assert (redemption.voucher, redemption.booking, redemption.amount, redemption.state) == (
        voucher,
        booking,
        5000,
        "reserved",
    )
    assert balance(voucher) == 0
    page = text(signed_in.get(response["Location"]))
    assert "Done: your gift voucher pays £50 of this session." in page
    assert (
        "Your gift voucher pays <strong>£50</strong> of this session. That uses all of it." in page
    )
    assert "Continue to payment" in page
    assert "You pay £45 on Stripe's secure page" in page

    paying = signed_in.post(f"/bookings/{booking.reference}/pay/")

    assert paying.status_code == 303
    [(_, path, sent, _)] = stripe_calls()
    assert path == "/v1/checkout/sessions"
    assert sent["line_items[0][price_data][unit_amount]"] == "4500"


def test_paying_the_rest_confirms_the_booking_and_spends_the_voucher(
    signed_in, hold, make_voucher, checkout_api, deliver, make_event, session_of
):
    from payments.models import Payment
    from vouchers.models import Redemption

    voucher = make_voucher(amount=5000)
    booking = hold()
    use(signed_in, booking, voucher.code)
    signed_in.post(f"/bookings/{booking.reference}/pay/")
    payment = Payment.objects.get()

    deliver(make_event("checkout.session.completed", session_of(payment)))

    booking.refresh_from_db()
    payment.refresh_from_db()
    assert booking.status == "confirmed"
    assert (payment.status, payment.amount) == ("paid", 4500)
    assert Redemption.objects.get().state == "spent"
    assert balance(voucher) == 0


def test_a_voucher_that_covers_the_session_confirms_it_without_stripe(
    signed_in, hold, make_voucher, stripe_calls, mailoutbox, run_worker
):
    from vouchers.models import Redemption

    voucher = make_voucher(amount=10000)
    booking = hold()
    use(signed_in, booking, voucher.code)

    page = text(signed_in.get(f"/bookings/{booking.reference}/"))
    assert "Confirm booking" in page
    assert "Continue to payment" not in page
    assert "£5 is left on it" in page

    response = signed_in.post(f"/bookings/{booking.reference}/confirm/")

    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == "confirmed"
    assert Redemption.objects.get().state == "spent"
    assert balance(voucher) == 500
    assert stripe_calls() == []
    run_worker()
    assert [m.to for m in mailoutbox if m.to == ["maya@example.com"]]


def test_one_voucher_pays_part_of_one_session_and_the_rest_of_its_balance_another(
    hold, make_voucher, make_user, now
):
    from bookings.services import booking_confirm
    from vouchers.redemption import voucher_apply

    voucher = make_voucher(amount=15000)
    first = hold(start=now + timedelta(days=7))
    second = hold(client=make_user(), start=now + timedelta(days=8))

    assert voucher_apply(booking=first, code=voucher.code, now=now).amount == 9500
    booking_confirm(booking=first, now=now)
    assert voucher_apply(booking=second, code=voucher.code, now=now).amount == 5500
    assert balance(voucher) == 0


def test_the_code_s_spacing_case_and_hyphens_do_not_matter(hold, make_voucher, now):
    from vouchers.redemption import voucher_apply

    voucher = make_voucher()
    code = voucher.code_shown.lower().replace("-", " - ")

    assert voucher_apply(booking=hold(), code=f"  {code} ", now=now).voucher == voucher


# Refusals --------------------------------------------------------------------------------


@pytest.fixture
def refused(signed_in):
    """POST a code for the booking and return the message the booking page then shows."""

    def post(booking, code):
        response = use(signed_in, booking, code)
        assert response.status_code == 303
        return text(signed_in.get(response["Location"]))

    return post


def test_a_wrong_code_says_so_and_nothing_more(refused, hold, make_voucher):
    from vouchers.models import Redemption

    voucher = make_voucher()
    wrong = voucher.code[:-1] + ("A" if voucher.code[-1] != "A" else "C")
    booking = hold()

    for code in (wrong, "AAAA-AAAA-AAAA", "0000-1111-2222", "short", "x" * 200):
        page = refused(booking, code)
        assert "That code does not match a gift voucher." in page
    assert not Redemption.objects.exists()
    assert balance(voucher) == 5000


def test_an_unpaid_voucher_has_no_code_to_use(hold, make_voucher, now):
    from vouchers.errors import WrongCode
    from vouchers.redemption import voucher_apply

    unpaid = make_voucher(paid=False)
    assert unpaid.code is None
    with pytest.raises(WrongCode):
        voucher_apply(booking=hold(), code="", now=now)


def test_an_expired_voucher_is_refused_with_its_date(refused, hold, make_voucher, now):
    voucher = make_voucher(expires_at=now - timedelta(seconds=1))

    page = refused(hold(), voucher.code)

    day = voucher.valid_until
    assert f"This gift voucher could be used until {day.day} {day:%B %Y}: it has expired." in page
    assert balance(voucher) == 5000


def test_a_used_up_voucher_is_refused(refused, hold, make_voucher):
    voucher = make_voucher(amount=5000, balance=0)

    assert "has been used up" in refused(hold(), voucher.code)


def test_a_voucher_in_another_currency_is_refused(refused, hold, make_voucher):
    voucher = make_voucher(currency="EUR")

    assert "in another currency" in refused(hold(), voucher.code)
    assert balance(voucher) == 5000


def test_one_voucher_per_booking(refused, hold, make_voucher):
    first, second = make_voucher(amount=2000), make_voucher(amount=2000)
    booking = hold()
    refused(booking, first.code)

    assert "A gift voucher is already paying for this session" in refused(booking, second.code)
    assert balance(second) == 2000


def test_a_free_session_has_nothing_to_pay_with_a_voucher(
    refused, make_booking, client_user, free_service, make_voucher
):
    booking = make_booking(client=client_user, service=free_service, status="held")

    assert "This session is free" in refused(booking, make_voucher().code)


def test_a_hold_that_ended_is_refused(refused, hold, make_voucher, now):
    booking = hold()
    booking.hold_expires_at = now - timedelta(minutes=1)
    booking.save()

    assert "Your hold on this time has ended" in refused(booking, make_voucher().code)


def test_a_confirmed_booking_takes_no_voucher(
    refused, make_booking, client_user, service, make_voucher
):
    from vouchers.models import Redemption

    booking = make_booking(client=client_user, service=service)
    voucher = make_voucher()

    assert "only pay for a session not booked yet" in refused(booking, voucher.code)
    assert not Redemption.objects.exists()
    assert balance(voucher) == 5000


def test_nothing_changes_while_a_checkout_session_is_open(
    signed_in, hold, make_voucher, checkout_api
):
    from vouchers.models import Redemption

    voucher = make_voucher(amount=2000)
    booking = hold()
    signed_in.post(f"/bookings/{booking.reference}/pay/")  # she opened Checkout for £95

    response = use(signed_in, booking, voucher.code)

    page = text(signed_in.get(response["Location"]))
    assert "A payment for this session is open on Stripe's secure page" in page
    assert not Redemption.objects.exists()
    assert balance(voucher) == 2000


def test_removing_is_refused_while_a_checkout_session_is_open(
    signed_in, hold, make_voucher, checkout_api
):
    voucher = make_voucher(amount=2000)
    booking = hold()
    use(signed_in, booking, voucher.code)
    signed_in.post(f"/bookings/{booking.reference}/pay/")  # Checkout for the £75 left

    response = signed_in.post(f"/bookings/{booking.reference}/voucher/remove/")

    assert "A payment for this session is open" in text(signed_in.get(response["Location"]))
    assert balance(voucher) == 0


def test_another_client_s_booking_is_a_404_and_a_visitor_is_asked_to_sign_in(
    client, signed_in, make_booking, other_client, service, make_voucher
):
    from vouchers.models import Redemption

    theirs = make_booking(client=other_client, service=service, status="held")
    voucher = make_voucher()

    assert use(signed_in, theirs, voucher.code).status_code == 404
    assert signed_in.post(f"/bookings/{theirs.reference}/voucher/remove/").status_code == 404
    assert signed_in.post("/bookings/nosuchbooking123/voucher/").status_code == 404
    signed_in.logout()
    response = use(client, theirs, voucher.code)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not Redemption.objects.exists()


def test_the_voucher_urls_take_only_posts(signed_in, hold):
    booking = hold()

    assert signed_in.get(f"/bookings/{booking.reference}/voucher/").status_code == 405
    assert signed_in.get(f"/bookings/{booking.reference}/voucher/remove/").status_code == 405


def test_an_empty_code_asks_for_one_without_counting_as_a_try(signed_in, hold):
    booking = hold()

    response = use(signed_in, booking, "   ")

    assert "Please enter the code" in text(signed_in.get(response["Location"]))


# Removing and releasing --------------------------------------------------------------------


def test_removing_the_voucher_gives_its_reservation_back(signed_in, hold, make_voucher):
    from vouchers.models import Redemption

    voucher = make_voucher(amount=3000)
    booking = hold()
    use(signed_in, booking, voucher.code)

    response = signed_in.post(f"/bookings/{booking.reference}/voucher/remove/")

    assert response.status_code == 303
    page = text(signed_in.get(response["Location"]))
    assert "The gift voucher is removed" in page
    assert "Have a gift voucher?" in page
    assert "You pay £95" in page
    assert balance(voucher) == 3000
    redemption = Redemption.objects.get()
    assert (redemption.state, redemption.returned) == ("released", 3000)
    # ... and it can be used again, on this booking or another.
    use(signed_in, booking, voucher.code)
    assert balance(voucher) == 0


def test_a_hold_that_ends_unconfirmed_gives_its_reservation_back(hold, make_voucher, now):
    from vouchers.redemption import reservations_release_ended, voucher_apply

    voucher = make_voucher(amount=3000)
    booking = hold()
    voucher_apply(booking=booking, code=voucher.code, now=now)

    assert reservations_release_ended(now=now) == 0  # still held
    later = booking.hold_expires_at + timedelta(seconds=1)
    assert reservations_release_ended(now=later) == 1
    assert balance(voucher) == 3000
    assert reservations_release_ended(now=later) == 0


def test_a_reservation_waits_while_a_checkout_session_may_still_be_paid(hold, make_voucher, now):
    from payments.models import Payment
    from vouchers.conf import CHECKOUT_SETTLING
    from vouchers.redemption import reservations_release_ended, voucher_apply

    voucher = make_voucher(amount=3000)
    booking = hold()
    voucher_apply(booking=booking, code=voucher.code, now=now)
    expires = booking.hold_expires_at
    Payment.objects.create(
        booking=booking,
        amount=6500,
        currency="GBP",
        checkout_session_id="cs_test_b2VoOpenUc7HeRxKq3LmWz9PtYdFs4GnJ6",
        expires_at=expires,
        idempotency_key=f"checkout-{booking.reference}-1",
    )

    # Stripe has not said the session ended: its payment may still come.
    assert reservations_release_ended(now=expires + CHECKOUT_SETTLING - timedelta(seconds=1)) == 0
    assert reservations_release_ended(now=expires + CHECKOUT_SETTLING + timedelta(seconds=1)) == 1
    assert balance(voucher) == 3000


def test_a_voucher_held_by_an_ended_hold_is_free_again_for_a_new_one(
    hold, make_voucher, make_user, now
):
    from vouchers.redemption import voucher_apply

    voucher = make_voucher(amount=3000)
    first = hold()
    voucher_apply(booking=first, code=voucher.code, now=now)
    later = first.hold_expires_at + timedelta(minutes=1)
    second = hold(
        client=make_user(),
        start=now + timedelta(days=9),
        hold_expires_at=later + timedelta(minutes=30),
    )

    assert voucher_apply(booking=second, code=voucher.code, now=later).amount == 3000
    assert balance(voucher) == 0


# Cancelling --------------------------------------------------------------------------------


@pytest.fixture
def covered_booking(hold, make_voucher, now):
    """Maya's session, paid for whole by a £100 voucher and confirmed (£5 left on it)."""
    from bookings.services import booking_confirm
    from vouchers.redemption import voucher_apply

    voucher = make_voucher(amount=10000)
    booking = hold()
    voucher_apply(booking=booking, code=voucher.code, now=now)
    return booking_confirm(booking=booking, now=now), voucher


def test_cancelling_in_time_gives_the_voucher_back_what_it_paid_and_no_money(
    covered_booking, now, stripe_calls, run_worker
):
    from bookings.services import booking_cancel
    from payments.models import Refund
    from vouchers.models import Redemption

    booking, voucher = covered_booking

    outcome = booking_cancel(booking=booking, by="client", now=now)

    assert outcome.refund_amount == 9500
    assert balance(voucher) == 10000
    redemption = Redemption.objects.get()
    assert (redemption.state, redemption.returned) == ("cancelled", 9500)
    run_worker()
    assert not Refund.objects.exists()
    assert stripe_calls() == []


def test_cancelling_late_gives_nothing_back(covered_booking, stripe_calls, run_worker):
    from bookings.services import booking_cancel
    from vouchers.models import Redemption

    booking, voucher = covered_booking
    late = booking.start - timedelta(hours=2)  # inside the 48 hours' notice

    booking_cancel(booking=booking, by="client", now=late)

    assert balance(voucher) == 500
    redemption = Redemption.objects.get()
    assert (redemption.state, redemption.returned) == ("cancelled", 0)
    run_worker()
    assert stripe_calls() == []


def test_the_practitioner_cancelling_gives_it_all_back(covered_booking):
    from bookings.services import booking_cancel

    booking, voucher = covered_booking
    booking_cancel(booking=booking, by="practitioner", now=booking.start - timedelta(hours=1))

    assert balance(voucher) == 10000


def test_a_part_paid_booking_cancelled_refunds_the_money_s_share_through_stripe(
    signed_in,
    hold,
    make_voucher,
    checkout_api,
    deliver,
    make_event,
    session_of,
    refunds_echo,
    stripe_calls,
    run_worker,
    now,
):
    from bookings.services import booking_cancel
    from payments.models import Payment, Refund

    voucher = make_voucher(amount=5000)
    booking = hold()
    use(signed_in, booking, voucher.code)
    signed_in.post(f"/bookings/{booking.reference}/pay/")
    deliver(make_event("checkout.session.completed", session_of(Payment.objects.get())))
    booking.refresh_from_db()
    assert booking.status == "confirmed"

    booking_cancel(booking=booking, by="client", now=now)
    run_worker()

    assert balance(voucher) == 5000
    [refund] = Refund.objects.all()
    assert refund.amount == 4500
    [(_, _, sent, _)] = [call for call in stripe_calls() if call[1] == "/v1/refunds"]
    assert sent["amount"] == "4500"


def test_a_policy_refunding_half_shares_the_refund_in_proportion(
    hold, make_voucher, make_payment, now
):
    from bookings.policy import Outcome, Reason
    from bookings.services import booking_confirm
    from vouchers.models import Redemption
    from vouchers.redemption import redemption_give_back, voucher_apply

    voucher = make_voucher(amount=5000)
    booking = hold()
    voucher_apply(booking=booking, code=voucher.code, now=now)
    make_payment(booking, amount=4500)
    booking = booking_confirm(booking=booking, now=now)
    booking.cancelled_at = now

    # Half of the £95 back (£47.50): the voucher paid 50/95 of the price. (Inside the
    # cancellation's transaction, as bookings calls it.)
    with transaction.atomic():
        redemption_give_back(
            booking=booking, outcome=Outcome(allowed=True, refund_amount=4750, reason=Reason.LATE)
        )

    assert Redemption.objects.get().returned == 4750 * 5000 // 9500 == 2500
    assert balance(voucher) == 2500


def test_releasing_a_held_booking_gives_the_reservation_back(signed_in, hold, make_voucher):
    voucher = make_voucher(amount=3000)
    booking = hold()
    use(signed_in, booking, voucher.code)

    signed_in.post(f"/bookings/{booking.reference}/cancel/")

    booking.refresh_from_db()
    assert booking.status == "cancelled"
    assert balance(voucher) == 3000
