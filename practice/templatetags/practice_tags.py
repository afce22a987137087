from datetime import UTC, datetime

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe

from practice import zones
from practice.money import money

register = template.Library()

# {{ booking.price_amount|money:booking.price_currency }} -> "£85": the kernel's one function.
register.filter("money", money)


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
