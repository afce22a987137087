import functools
from datetime import UTC, datetime

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
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


@register.simple_tag
def fixed_url(view_name: str, *args: str) -> str:
    """{% url %} for an address that is the same on every request (the layout's links), worked
    out once per process and kept for its URLconf and script prefix: reverse() costs tens of
    microseconds, and the layout has some twenty links on every signed-in page."""
    return _reversed(view_name, args, settings.ROOT_URLCONF, get_urlconf(), get_script_prefix())


@functools.lru_cache(maxsize=256)
def _reversed(view_name: str, args: tuple, root_urlconf, urlconf, prefix: str) -> str:
    return reverse(view_name, args=args, urlconf=urlconf)


@register.simple_tag
def fixed_static(path: str) -> str:
    """{% static %} for the layout's files, kept per process for the static address and storage
    (the manifest of hashed names changes only with a deploy, which starts new processes)."""
    return _static_url(path, settings.STATIC_URL, settings.STORAGES["staticfiles"]["BACKEND"])


@functools.lru_cache(maxsize=256)
def _static_url(path: str, static_url: str, backend: str) -> str:
    return static(path)


@register.simple_tag(takes_context=True)
def nav_current(context, prefix: str):
    """aria-current for the navigation link of the section the visitor is in."""
    path = context["request"].path_info
    current = path == "/" if prefix == "/" else path.startswith(prefix)
    return mark_safe('aria-current="page"') if current else ""
