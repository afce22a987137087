"""Time zones as people read them: which names are zones (the validator of every zone field),
and what each one is called.

Pure: no request, no database and no clock (the moment an offset is read at comes in as
`at`), so the zone picker, pages, e-mails and the admin all name a zone the same way.
Names come from the Unicode CLDR through Babel, in British English like the rest of the site.
"""

from datetime import datetime, timedelta
from functools import cache, lru_cache
from importlib.resources import files
from zoneinfo import ZoneInfo, available_timezones

from babel import Locale
from babel.core import get_global
from babel.dates import get_timezone_location, get_timezone_name
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from practice.fragments import page_changes_at

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


def default_time_zone() -> str:
    """The practice's own zone: where nobody has said which zone they are in yet."""
    return settings.PRACTICE_TIME_ZONE


# The picker's groups, in the order it shows them: (group, the zone name prefixes it holds).
# A zone under none of them (a saved UTC, Etc/GMT+5 or US/Eastern) goes under OTHER.
REGIONS = (
    ("Europe", ("Europe/",)),
    ("Americas", ("America/",)),
    ("Asia", ("Asia/",)),
    ("Australia & Pacific", ("Australia/", "Pacific/")),
    ("Africa", ("Africa/",)),
    ("Atlantic", ("Atlantic/",)),
    ("Indian", ("Indian/",)),
)
OTHER = "Other"


def zone_region(name: str) -> str:
    """The picker group a zone goes under: "Americas" for America/New_York."""
    return next((region for region, prefixes in REGIONS if name.startswith(prefixes)), OTHER)


@cache
def common_zones() -> list[str]:
    """Region/City zones a client picks from, sorted: one name per place.

    tzdata's zone.tab lists each place's current name once, so the old spellings kept only so
    that saved names go on working (Asia/Calcutta for Asia/Kolkata, Europe/Kiev) are left out,
    while places that merely share a clock with another country (Europe/Amsterdam) stay.
    """
    listed = (files("tzdata.zoneinfo") / "zone.tab").read_text(encoding="utf-8")
    names = {
        line.split("\t")[2] for line in listed.splitlines() if line and not line.startswith("#")
    }
    return sorted(name for name in names if zone_region(name) != OTHER and is_valid_zone(name))


@cache
def zone_aliases() -> dict[str, list[str]]:
    """For each zone in `common_zones`, the other names of the same place ("Asia/Kolkata":
    ["Asia/Calcutta"]): some browsers still report the old ones (Chrome says Asia/Calcutta)."""
    cldr = get_global("zone_aliases")
    offered = {cldr.get(zone, zone): zone for zone in common_zones()}
    aliases: dict[str, list[str]] = {}
    for name in sorted(all_zones()):
        zone = offered.get(cldr.get(name, name))
        if zone and zone != name:
            aliases.setdefault(zone, []).append(name)
    return aliases


def zone_choices(*, at: datetime, keep: object = None) -> list[tuple[str, list[tuple[str, str]]]]:
    """The zones a person picks from, as (group, [(zone, label), ...]) in REGIONS order, each
    group sorted by place and each zone labelled with its time and offset at `at`.

    `keep` (a zone already saved that is not among them) stays a choice, so that choosing again
    never changes it unasked: an old name of a listed place (Asia/Calcutta) stands in for that
    place's option, any other zone (UTC) is added to its group.
    """
    groups = [(region, list(options)) for region, options in _zone_groups(_minute(at))]
    if not is_valid_zone(keep) or keep in common_zones():
        return groups
    place = next((zone for zone, names in zone_aliases().items() if keep in names), None)
    if place:
        return [
            (region, [(keep if zone == place else zone, label) for zone, label in options])
            for region, options in groups
        ]
    kept = (keep, zone_option_label(keep, at=_minute(at)))
    region = zone_region(keep)
    if region == OTHER:
        return [*groups, (OTHER, [kept])]
    return [
        (name, sorted([*options, kept], key=_by_place) if name == region else options)
        for name, options in groups
    ]


def zone_options_html(
    selected: object, *, at: datetime, keep: object = None, aliases: bool = True
) -> SafeString:
    """The <optgroup>s of a zone <select>: `zone_choices(at=at, keep=keep)`, `selected` chosen.

    Some 400 options cost more to mark up than the rest of a page (/my/profile/ spent most of
    its time in the form widget), so the markup is built once a minute (its clocks show the
    minute) per kept zone, and choosing one is a string insertion. With `aliases`, an option
    carries the place's other names for static/js/booking-timezone.js (the pickers): some
    browsers report Asia/Calcutta.
    """
    kept = keep if is_valid_zone(keep) and keep not in common_zones() else None
    minute = _minute(at)
    # A page kept whole for her is not kept past the minute its clocks show.
    page_changes_at(minute + timedelta(minutes=1))
    markup = _options_markup(minute, kept, aliases=aliases)
    start = markup.find(f'<option value="{selected}"') if is_valid_zone(selected) else -1
    if start >= 0:
        end = markup.index(">", start)
        markup = f"{markup[:end]} selected{markup[end:]}"
    return mark_safe(markup)  # noqa: S308 (built by format_html; a zone name is plain text)


@lru_cache(maxsize=8)
def _options_markup(minute: datetime, keep: str | None, *, aliases: bool) -> str:
    other_names = zone_aliases() if aliases else {}
    return format_html_join(
        "",
        '<optgroup label="{}">{}</optgroup>',
        (
            (
                region,
                format_html_join(
                    "",
                    '<option value="{}"{}>{}</option>',
                    (
                        (
                            zone,
                            format_html(' data-aliases="{}"', " ".join(other_names[zone]))
                            if zone in other_names
                            else "",
                            label,
                        )
                        for zone, label in options
                    ),
                ),
            )
            for region, options in zone_choices(at=minute, keep=keep)
        ),
    )


def _minute(at: datetime) -> datetime:
    return at.replace(second=0, microsecond=0)


@lru_cache(maxsize=4)
def _zone_groups(minute: datetime) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    # Labels read the clock to the minute, so one computation serves every page shown in that
    # minute (the picker is on every slot page).
    grouped: dict[str, list[tuple[str, str]]] = {}
    for zone in common_zones():
        grouped.setdefault(zone_region(zone), []).append((zone, zone_option_label(zone, at=minute)))
    return tuple(
        (region, tuple(sorted(grouped[region], key=_by_place)))
        for region, _ in REGIONS
        if region in grouped
    )


def _by_place(option: tuple[str, str]) -> tuple[str, str]:
    return option[1].casefold(), option[0]


def clock_time(moment: datetime) -> str:
    """ "9:30 am", "12:00 pm" (a local datetime)."""
    hour = moment.hour % 12 or 12
    suffix = "am" if moment.hour < 12 else "pm"
    return f"{hour}:{moment.minute:02d} {suffix}"


def zone_option_label(name: str, *, at: datetime) -> str:
    """How the picker names a zone: "New York (Eastern Time) — 9:30 am, UTC-5", the local
    time and offset as at `at` (an aware datetime)."""
    local = at.astimezone(_zone(name))
    offset = utc_offset_label(local.utcoffset())
    city, known_as = zone_place(name)
    place = f"{city} ({known_as})" if known_as else city
    return f"{place or offset} \N{EM DASH} {clock_time(local)}" + (f", {offset}" if place else "")


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
