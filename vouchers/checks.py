"""System check: a gift voucher lasts at least 12 months, as UK practice expects of vouchers
sold to consumers; a shorter setting would print a promise on each voucher the law frowns on."""

from django.conf import settings
from django.core.checks import Error, register

from vouchers.conf import VALID_MONTHS_MIN


@register()
def voucher_valid_months(app_configs, **kwargs):
    months = getattr(settings, "VOUCHER_VALID_MONTHS", VALID_MONTHS_MIN)
    if isinstance(months, int) and months >= VALID_MONTHS_MIN:
        return []
    return [
        Error(
            f"VOUCHER_VALID_MONTHS is {months!r}: a gift voucher must last at least "
            f"{VALID_MONTHS_MIN} months.",
            hint=f"Set VOUCHER_VALID_MONTHS to {VALID_MONTHS_MIN} or more, or leave it unset.",
            id="vouchers.E001",
        )
    ]
