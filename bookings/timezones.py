"""Time zones: which ones we accept, the client's current one, and how times read to people."""

from datetime import datetime, tzinfo
from functools import cache, lru_cache
from zoneinfo import available_timezones

from django.conf import settings
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

SESSION_KEY = "client_time_zone"


@cache
def all_zones() -> frozenset[str]:
    return frozenset(available_timezones())


@cache
def common_zones() -> list[str]:
    """Region/City zones for the no-JavaScript picker, sorted (no legacy aliases)."""
    regions = (
        "Africa/",
        "America/",
        "Asia/",
        "Atlantic/",
        "Australia/",
        "Europe/",
        "Indian/",
        "Pacific/",
    )
    return sorted(zone for zone in all_zones() if zone.startswith(regions))


@lru_cache(maxsize=128)
def zone_options(selected: str) -> str:
    """The <option>s of the zone picker, `selected` chosen; built once per zone.

    Some 400 options rendered through the template language cost more than the rest of the
    slot page, so the markup is made here, escaped, and kept.
    """
    zones = common_zones()
    options = [] if selected in zones else [(selected, True)]
    options += [(zone, zone == selected) for zone in zones]
    selected_attr = mark_safe(" selected")
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((zone, selected_attr if chosen else "", zone_label(zone)) for zone, chosen in options),
    )


def is_valid_zone(name: object) -> bool:
    return isinstance(name, str) and name in all_zones()


def zone_label(name: str) -> str:
    """How a zone is named on pages: "America/New_York" -> "America/New York"."""
    return name.replace("_", " ")


def client_zone_name(request, *, fallback: str | None = None) -> str:
    """The zone this visitor sees times in.

    A choice made on this visit (stored in the session) wins; then the profile's zone when the
    client-accounts app provides one; then `fallback` (a booking's own zone); then the practice's.
    """
    chosen = request.session.get(SESSION_KEY)
    if is_valid_zone(chosen):
        return chosen
    profile = getattr(request.user, "profile", None) if request.user.is_authenticated else None
    profile_zone = getattr(profile, "time_zone", None)
    if is_valid_zone(profile_zone):
        return profile_zone
    if is_valid_zone(fallback):
        return fallback
    return settings.PRACTICE_TIME_ZONE


def remember_zone(request, name: str) -> bool:
    """Store a zone the visitor chose or their browser reported; False if it is not a zone."""
    if not is_valid_zone(name):
        return False
    request.session[SESSION_KEY] = name
    return True


def remember_on_profile(user, name: str) -> None:
    """Keep the zone a client booked in on their profile, so their next visit starts from it."""
    from clients.models import Profile  # clients builds on bookings: import when needed

    if is_valid_zone(name):
        Profile.objects.update_or_create(user=user, defaults={"time_zone": name})


def zone_is_known(request) -> bool:
    """Chosen on this visit, or saved on the client's profile (then the browser's guess waits)."""
    if is_valid_zone(request.session.get(SESSION_KEY)):
        return True
    profile = getattr(request.user, "profile", None) if request.user.is_authenticated else None
    return is_valid_zone(getattr(profile, "time_zone", None))


def clock_time(moment: datetime) -> str:
    """ "9:30 am", "12:00 pm" (a local datetime)."""
    hour = moment.hour % 12 or 12
    suffix = "am" if moment.hour < 12 else "pm"
    return f"{hour}:{moment.minute:02d} {suffix}"


def day_label(moment: datetime) -> str:
    """ "Tuesday 3 March" (a local datetime or date)."""
    return f"{moment:%A} {moment.day} {moment:%B}"


def when(moment: datetime, tz: tzinfo) -> str:
    """ "Tuesday 3 March at 9:30 am" in the zone `tz`."""
    local = moment.astimezone(tz)
    return f"{day_label(local)} at {clock_time(local)}"
