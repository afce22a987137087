"""Her data export lists the gift vouchers she bought (never their codes) and what vouchers paid
of her bookings; erasing her account clears the vouchers' personal details, keeps the amounts,
and sends any voucher still due first, so that no gift is taken back."""

from datetime import timedelta

import pytest

from clients.privacy import account_erase, client_data_export
from practice.models import OutgoingEmail

pytestmark = pytest.mark.django_db


@pytest.fixture
def hers(make_voucher, client_user):
    """A £50 voucher Maya bought signed in, sent to Ruth; £20 of it spent since."""
    voucher = make_voucher(amount=5000, balance=3000, buyer=client_user, buyer_name="Maya Jones")
    voucher.buyer_email = client_user.email
    voucher.message = "For your birthday"
    voucher.save()
    return voucher


def test_the_export_lists_the_vouchers_she_bought_without_their_codes(
    hers, make_voucher, client_user, now
):
    before_account = make_voucher(amount=2500, buyer_email="MAYA@example.com")
    make_voucher(amount=9900)  # Hetty's

    section = client_data_export(user=client_user, now=now)["gift_vouchers"]

    assert [voucher["order"] for voucher in section["bought"]] == [
        hers.order.reference,
        before_account.order.reference,
    ]
    mine = section["bought"][0]
    assert (mine["amount"], mine["balance"], mine["currency"]) == (5000, 3000, "GBP")
    assert (mine["recipient_name"], mine["recipient_email"], mine["message"]) == (
        "Ruth Marsh",
        "ruth@example.com",
        "For your birthday",
    )
    assert mine["code"] == "sent to the recipient only"
    assert hers.code not in str(section)


def test_the_export_lists_what_vouchers_paid_of_her_bookings(make_voucher, hold, client_user, now):
    from vouchers.redemption import voucher_apply

    booking = hold()
    voucher = make_voucher(amount=4000)
    voucher_apply(booking=booking, code=voucher.code, now=now)

    used = client_data_export(user=client_user, now=now)["gift_vouchers"]["used_for_your_bookings"]

    assert used == [
        {
            "booking": booking.reference,
            "amount": 4000,
            "given_back": 0,
            "state": "reserved",
            "at": now.isoformat(),
        }
    ]
    assert voucher.code not in str(used)


def test_erasure_clears_the_personal_details_and_keeps_the_amounts(
    hers, client_user, now, make_voucher
):
    from payments.models import Order
    from vouchers.models import Voucher

    hettys = make_voucher(amount=9900)

    account_erase(user=client_user, now=now)

    hers.refresh_from_db()
    assert (hers.buyer_name, hers.buyer_email, hers.recipient_name, hers.recipient_email) == (
        "",
        "",
        "",
        "",
    )
    assert hers.message == ""
    assert hers.erased_at == now
    assert (hers.initial_amount, hers.balance, hers.code) == (5000, 3000, hers.code)
    assert Order.objects.get(pk=hers.order_id).email == ""
    # Nobody else's voucher changes.
    assert Voucher.objects.get(pk=hettys.pk).recipient_email == "ruth@example.com"
    goodbye = OutgoingEmail.objects.get(key=f"account-deleted:{client_user.pk}")
    assert "The gift vouchers you bought no longer carry your name" in goodbye.body_text


def test_a_voucher_still_to_be_sent_is_sent_before_its_details_are_cleared(hers, client_user, now):
    hers.deliver_on = (now + timedelta(days=10)).date()
    hers.deliver_at = now + timedelta(days=10)
    hers.delivered_at = None
    hers.save()

    account_erase(user=client_user, now=now)

    sent = OutgoingEmail.objects.get(key=f"voucher:{hers.pk}:delivery")
    assert sent.to == "ruth@example.com"
    assert hers.code_shown in sent.body_text
    hers.refresh_from_db()
    assert hers.delivered_at == now
    assert hers.recipient_email == ""


def test_erasure_without_vouchers_says_nothing_of_them(client_user, now, make_voucher):
    make_voucher()  # Hetty's

    account_erase(user=client_user, now=now)

    goodbye = OutgoingEmail.objects.get(key=f"account-deleted:{client_user.pk}")
    assert "gift voucher" not in goodbye.body_text
