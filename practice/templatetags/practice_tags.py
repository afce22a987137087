from datetime import UTC, datetime
from decimal import Decimal

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe

from practice import zones

register = template.Library()

CURRENCY_SYMBOLS = {"GBP": "£", "EUR": "€", "USD": "$", "AUD": "A$", "CAD": "C$"}


@register.filter
def money(amount_minor: int | None, currency: str = "GBP") -> str:
    """Minor units to a price for people: 8500, "GBP" -> "£85"; 8550 -> "£85.50"."""
    if amount_minor is None:
        return ""
    amount = Decimal(amount_minor) / 100
    text = f"{amount:,.0f}" if amount == amount.to_integral() else f"{amount:,.2f}"
    symbol = CURRENCY_SYMBOLS.get(currency.upper())
    return f"{symbol}{text}" if symbol else f"{text} {currency.upper()}"


@register.filter
def zone_label(zone: str, at: datetime | None = None) -> str:
    """ "New York (Eastern Time, UTC-5)", with the offset at `at` or as the page is rendered."""
    return zones.zone_label(zone, at=at or timezone.now())


@register.filter
def iso_datetime(moment: datetime | None) -> str:
    """A moment for machines (`<time datetime>`, meta tags): ISO 8601 in UTC, to the second.

    HTML allows at most three digits of a second; Django's `date:"c"` writes six.
    """
    if moment is None:
        return ""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


@register.simple_tag(takes_context=True)
def nav_current(context, prefix: str):
    """aria-current for the navigation link of the section the visitor is in."""
    path = context["request"].path_info
    current = path == "/" if prefix == "/" else path.startswith(prefix)
    return mark_safe('aria-current="page"') if current else ""
