"""Time zones as people read them: which names are zones (the validator of every zone field),
and what each one is called.

Pure: no request, no database and no clock (the moment an offset is read at comes in as
`at`), so the zone picker, pages, e-mails and the admin all name a zone the same way.
Names come from the Unicode CLDR through Babel, in British English like the rest of the site.
"""

from datetime import datetime, timedelta
from functools import cache, lru_cache
from zoneinfo import ZoneInfo, available_timezones

from babel import Locale
from babel.core import get_global
from babel.dates import get_timezone_location, get_timezone_name
from django.core.exceptions import ValidationError

LOCALE = Locale.parse("en_GB")
# CLDR's territory codes for "no country": the world, and unknown.
NO_TERRITORY = {"001", "ZZ"}


@cache
def all_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def is_valid_zone(name: object) -> bool:
    return isinstance(name, str) and name in all_zones()


def validate_time_zone(value: str) -> None:
    """The validator of every model field that holds a zone name."""
    if not is_valid_zone(value):
        raise ValidationError(
            "%(value)s is not a time zone name such as Europe/London.",
            params={"value": value},
            code="invalid_time_zone",
        )


@cache
def common_zones() -> list[str]:
    """Region/City zones a client picks from, sorted (no legacy aliases, no Etc/ offsets)."""
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


def zone_choices(*, at: datetime, keep: object = None) -> list[tuple[str, str]]:
    """(zone, label) for each zone a person picks from, with `keep` (a zone already saved that
    is not among them) first, so that choosing again never changes it unasked."""
    zones = common_zones()
    if is_valid_zone(keep) and keep not in zones:
        zones = [keep, *zones]
    return [(zone, zone_label(zone, at=at)) for zone in zones]


def utc_offset_label(offset: timedelta) -> str:
    """ "UTC", "UTC+1", "UTC\N{MINUS SIGN}5", "UTC+5:30"."""
    minutes = int(offset.total_seconds()) // 60
    if not minutes:
        return "UTC"
    sign = "+" if minutes > 0 else "\N{MINUS SIGN}"
    hours, minutes = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}:{minutes:02d}" if minutes else f"UTC{sign}{hours}"


@cache
def _zone(name: str) -> ZoneInfo:
    # zoneinfo keeps only a few zones loaded; the picker reads hundreds per page.
    return ZoneInfo(name)


@cache
def zone_place(name: str) -> tuple[str, str]:
    """(city, the name the zone goes by): ("New York", "Eastern Time"), ("London", "United
    Kingdom"); ("", "") for a zone that is only an offset (UTC, Etc/GMT+5)."""
    tz = _zone(name)
    canonical = get_global("zone_aliases").get(name, name)
    territory = get_global("zone_territories").get(canonical)
    generic = get_timezone_name(tz, width="long", zone_variant="generic", locale=LOCALE)
    # Babel falls back to "<country> (<city>) Time" when CLDR has no name for the zone itself
    # (London, Tokyo): the country says it better.
    if generic == get_timezone_location(tz, locale=LOCALE):
        generic = "" if territory in NO_TERRITORY else LOCALE.territories.get(territory, "")
    if not generic and ("/" not in name or name.startswith("Etc/")):
        return "", ""
    city = get_timezone_location(tz, locale=LOCALE, return_city=True)
    # CLDR knows most cities by name; for the few it lacks, Babel returns the zone's path.
    city = city.rsplit("/", 1)[-1].replace("_", " ")
    return city, generic


def zone_label(name: str, *, at: datetime) -> str:
    """How a zone is named to people: "New York (Eastern Time, UTC-5)".

    The offset is the one in force at `at` (an aware datetime), so it follows summer time.
    """
    return _label(name, at.astimezone(_zone(name)).utcoffset())


@lru_cache(maxsize=4096)
def _label(name: str, offset: timedelta) -> str:
    # Kept: the picker names some 400 zones on every page that shows it.
    offset = utc_offset_label(offset)
    city, known_as = zone_place(name)
    if not city:
        return offset
    return f"{city} ({known_as}, {offset})" if known_as else f"{city} ({offset})"
