"""A gift voucher lasts at least 12 months (UK practice), to the end of the day in the buyer's
zone: a shorter setting stops the site at its checks, and is never used even so."""

from datetime import UTC, date, datetime

import pytest


def test_the_default_is_twelve_months(settings):
    from vouchers.checks import voucher_valid_months

    assert settings.VOUCHER_VALID_MONTHS == 12
    assert voucher_valid_months(None) == []


@pytest.mark.parametrize("months", [11, 0, -3, "12"])
def test_less_than_twelve_months_is_refused_by_the_system_check(settings, months):
    from vouchers.checks import voucher_valid_months

    settings.VOUCHER_VALID_MONTHS = months

    [error] = voucher_valid_months(None)
    assert error.id == "vouchers.E001"


def test_a_longer_setting_is_used_and_a_shorter_one_never(settings):
    from vouchers.fulfil import voucher_expiry

    paid = datetime(2027, 2, 10, 15, 0, tzinfo=UTC)

    settings.VOUCHER_VALID_MONTHS = 24
    assert voucher_expiry(paid_at=paid, zone="Europe/London") == datetime(
        2029, 2, 11, 0, 0, tzinfo=UTC
    )
    settings.VOUCHER_VALID_MONTHS = 6
    assert voucher_expiry(paid_at=paid, zone="Europe/London") == datetime(
        2028, 2, 11, 0, 0, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("paid", "zone", "last_day"),
    [
        # Bought late on 29 February in New York (already 1 March in UTC): a year on is the
        # last day of February there.
        (datetime(2028, 3, 1, 3, 0, tzinfo=UTC), "America/New_York", date(2029, 2, 28)),
        # Bought on a summer evening in London: to the end of that day a year on, BST.
        (datetime(2027, 7, 1, 22, 30, tzinfo=UTC), "Europe/London", date(2028, 7, 1)),
        # Just after midnight in Sydney, still the day before in UTC.
        (datetime(2027, 5, 31, 14, 30, tzinfo=UTC), "Australia/Sydney", date(2028, 6, 1)),
    ],
)
def test_it_lasts_to_the_end_of_its_last_day_in_the_buyer_s_zone(paid, zone, last_day):
    from zoneinfo import ZoneInfo

    from vouchers.fulfil import voucher_expiry

    expires = voucher_expiry(paid_at=paid, zone=zone)

    local = expires.astimezone(ZoneInfo(zone))
    assert (local.date(), local.hour, local.minute) == (
        date.fromordinal(last_day.toordinal() + 1),
        0,
        0,
    )
    assert (expires - paid).days >= 365
