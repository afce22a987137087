"""Money as people read it. Amounts are kept in minor units (pence, cents) everywhere; these
are the only functions that turn them into pounds and euros, for pages, e-mails and the CSV.

Every currency the practice takes (CURRENCY_SYMBOLS) has two decimal places.
"""

from decimal import Decimal

CURRENCY_SYMBOLS = {"GBP": "£", "EUR": "€", "USD": "$", "AUD": "A$", "CAD": "C$"}
FREE = "Free"


def minor_to_decimal(amount_minor: int | None) -> Decimal | None:
    """8550 -> Decimal("85.50"), always with two places (what a spreadsheet reads)."""
    if amount_minor is None:
        return None
    return Decimal(amount_minor).scaleb(-2)


def money(amount_minor: int | None, currency: str = "GBP") -> str:
    """Minor units to a price for people: 8500, "GBP" -> "£85"; 8550 -> "£85.50"."""
    amount = minor_to_decimal(amount_minor)
    if amount is None:
        return ""
    text = f"{amount:,.0f}" if amount == amount.to_integral() else f"{amount:,.2f}"
    symbol = CURRENCY_SYMBOLS.get(currency.upper())
    return f"{symbol}{text}" if symbol else f"{text} {currency.upper()}"


def price_label(amount_minor: int, currency: str) -> str:
    """What something costs, as the site says it everywhere: "Free" or "£95"."""
    return money(amount_minor, currency) if amount_minor else FREE
