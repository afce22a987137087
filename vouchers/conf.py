"""What a gift voucher may be: its amounts, its message, its delivery and how long it lasts.

`VOUCHER_VALID_MONTHS` (settings) is how long a voucher can be used after it is bought: at
least 12 months, as UK practice expects (a system check refuses less: vouchers/checks.py, and
`valid_months` never gives less either).
"""

from datetime import time, timedelta

from django.conf import settings

VALID_MONTHS_MIN = 12
# An amount a buyer may choose, in the currency's minor units (£20 to £1,000).
AMOUNT_MIN = 20_00
AMOUNT_MAX = 1_000_00
MESSAGE_MAX_LENGTH = 500
NAME_MAX_LENGTH = 100
# The recipient's e-mail goes out at this time on the chosen day, in the buyer's zone.
DELIVERY_TIME = time(8, 0)
# How far ahead a delivery date may be chosen.
DELIVERY_AHEAD_MAX = timedelta(days=365)
# A Checkout session Stripe has not told us the end of yet may still have been paid just before
# it expired: what a voucher reserved for its booking is kept this long after, to be sure.
CHECKOUT_SETTLING = timedelta(minutes=15)


def valid_months() -> int:
    return max(VALID_MONTHS_MIN, int(settings.VOUCHER_VALID_MONTHS))
