"""Guessing codes: wrong codes are limited per client account and per address, with a clear
page and a 429; a client's own voucher, applied and removed, never counts."""

from html import unescape

import pytest

pytestmark = pytest.mark.django_db

PER_ACCOUNT = 10  # settings.ACCOUNT_RATE_LIMITS["voucher_code"]: 10/h per account, 30/h per address
PER_ADDRESS = 30


def text(response) -> str:
    return unescape(response.content.decode())


def wrong(client, booking, address="203.0.113.7"):
    return client.post(
        f"/bookings/{booking.reference}/voucher/",
        {"code": "AAAA-AAAA-AAAA"},
        REMOTE_ADDR=address,
    )


def test_the_rate_is_the_one_the_settings_say(settings):
    assert (
        settings.ACCOUNT_RATE_LIMITS["voucher_code"] == f"{PER_ACCOUNT}/h/user,{PER_ADDRESS}/h/ip"
    )


def test_after_ten_wrong_codes_even_the_right_one_waits_an_hour(signed_in, hold, make_voucher):
    from vouchers.models import Redemption

    booking = hold()
    voucher = make_voucher()
    for _ in range(PER_ACCOUNT):
        assert wrong(signed_in, booking).status_code == 303

    response = signed_in.post(
        f"/bookings/{booking.reference}/voucher/", {"code": voucher.code}, REMOTE_ADDR="203.0.113.7"
    )

    assert response.status_code == 429
    page = text(response)
    assert "no more codes can be tried for a while" in page
    assert "try again in an hour" in page
    assert f'href="/bookings/{booking.reference}/"' in page
    assert not Redemption.objects.exists()


def test_the_account_s_limit_holds_from_another_address_too(signed_in, hold):
    booking = hold()
    for _ in range(PER_ACCOUNT):
        wrong(signed_in, booking)

    assert wrong(signed_in, booking, address="198.51.100.20").status_code == 429


def test_one_address_trying_for_many_accounts_is_stopped_too(
    client, make_user, make_booking, service, now
):
    from datetime import timedelta

    tries = 0
    for number in range(PER_ADDRESS // PER_ACCOUNT + 1):
        user = make_user()
        booking = make_booking(
            client=user, service=service, status="held", start=now + timedelta(days=7 + number)
        )
        client.force_login(user)
        for _ in range(PER_ACCOUNT):
            response = wrong(client, booking)
            if response.status_code == 429:
                break
            tries += 1
    assert tries == PER_ADDRESS
    assert response.status_code == 429


def test_a_client_using_her_own_voucher_is_never_counted(signed_in, hold, make_voucher):
    booking = hold()
    voucher = make_voucher(amount=2000)
    for _ in range(PER_ACCOUNT + 2):
        applied = signed_in.post(f"/bookings/{booking.reference}/voucher/", {"code": voucher.code})
        assert applied.status_code == 303
        assert signed_in.post(f"/bookings/{booking.reference}/voucher/remove/").status_code == 303
