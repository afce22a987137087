"""Zones are named for people: the city, what the zone is called, and its offset at a moment."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError

from practice.zones import (
    common_zones,
    is_valid_zone,
    utc_offset_label,
    validate_time_zone,
    zone_choices,
    zone_label,
)

MINUS = "\N{MINUS SIGN}"
APOSTROPHE = "\N{RIGHT SINGLE QUOTATION MARK}"  # CLDR spells names with it
WINTER = datetime(2026, 1, 15, 12, tzinfo=UTC)
SUMMER = datetime(2026, 7, 15, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "at", "label"),
    [
        ("America/New_York", WINTER, f"New York (Eastern Time, UTC{MINUS}5)"),
        ("America/New_York", SUMMER, f"New York (Eastern Time, UTC{MINUS}4)"),
        ("Europe/London", WINTER, "London (United Kingdom, UTC)"),
        ("Europe/London", SUMMER, "London (United Kingdom, UTC+1)"),
        ("Europe/Berlin", SUMMER, "Berlin (Central European Time, UTC+2)"),
        ("Australia/Sydney", WINTER, "Sydney (Australian Eastern Time, UTC+11)"),
        ("Asia/Kolkata", WINTER, "Kolkata (India, UTC+5:30)"),
        ("Asia/Kathmandu", SUMMER, "Kathmandu (Nepal, UTC+5:45)"),
        ("America/St_Johns", WINTER, f"St John{APOSTROPHE}s (Newfoundland Time, UTC{MINUS}3:30)"),
        ("America/Indiana/Knox", WINTER, f"Knox, Indiana (Central Time, UTC{MINUS}6)"),
        # CLDR has no city name for this IANA spelling: the zone's own last part stands in.
        ("America/Argentina/Buenos_Aires", WINTER, f"Buenos Aires (Argentina, UTC{MINUS}3)"),
        # Old names read as the zones they stand for.
        ("Asia/Calcutta", WINTER, "Kolkata (India, UTC+5:30)"),
        ("Europe/Kiev", SUMMER, "Kyiv (Ukraine, UTC+3)"),
        ("US/Eastern", WINTER, f"New York (Eastern Time, UTC{MINUS}5)"),
        # Zones that are only an offset are named by it (Etc/GMT+5 is five hours *behind*).
        ("UTC", SUMMER, "UTC"),
        ("Etc/GMT+5", SUMMER, f"UTC{MINUS}5"),
    ],
)
def test_zones_are_named_by_city_common_name_and_offset_at_the_moment(zone, at, label):
    assert zone_label(zone, at=at) == label


def test_the_offset_changes_at_the_moment_summer_time_starts():
    # New York springs forward at 2 am local (07:00 UTC) on 8 March 2026.
    change = datetime(2026, 3, 8, 7, tzinfo=UTC)

    assert zone_label("America/New_York", at=change - timedelta(seconds=1)).endswith("5)")
    assert zone_label("America/New_York", at=change).endswith("4)")


@pytest.mark.parametrize(
    ("offset", "label"),
    [
        (timedelta(0), "UTC"),
        (timedelta(hours=1), "UTC+1"),
        (timedelta(hours=-5), f"UTC{MINUS}5"),
        (timedelta(hours=5, minutes=30), "UTC+5:30"),
        (timedelta(hours=-3, minutes=-30), f"UTC{MINUS}3:30"),
        (timedelta(hours=14), "UTC+14"),
    ],
)
def test_offsets_read_as_hours_and_minutes_from_utc(offset, label):
    assert utc_offset_label(offset) == label


@pytest.mark.parametrize("at", [WINTER, SUMMER])
def test_every_zone_a_client_can_pick_has_a_readable_name(at):
    for zone in common_zones():
        label = zone_label(zone, at=at)
        assert "_" not in label, zone
        assert "/" not in label, zone
        # A place, then what it goes by and its offset: "Lagos (West Africa Time, UTC+1)".
        assert re.fullmatch(r"[^()]+ \((.+, )?UTC[^()]*\)", label), (zone, label)


@pytest.mark.parametrize("name", ["Europe/London", "America/New_York", "UTC"])
def test_real_zone_names_are_valid(name):
    assert is_valid_zone(name)


@pytest.mark.parametrize("name", ["", "Mars/Olympus_Mons", "europe/london", None, 5, ["UTC"]])
def test_anything_else_is_not_a_zone(name):
    assert not is_valid_zone(name)


@pytest.mark.django_db
def test_a_zone_field_refuses_a_name_that_is_no_zone_with_the_one_validator():
    from clients.models import Profile

    assert validate_time_zone in Profile._meta.get_field("time_zone").validators
    validate_time_zone("America/Argentina/Buenos_Aires")
    with pytest.raises(ValidationError, match="Mars/Olympus is not a time zone name") as refused:
        validate_time_zone("Mars/Olympus")
    assert refused.value.code == "invalid_time_zone"


# The picker ------------------------------------------------------------------------------

GROUPS = [
    "Europe",
    "Americas",
    "Asia",
    "Australia & Pacific",
    "Africa",
    "Atlantic",
    "Indian",
]


def picker(at, keep=None):
    return dict(zone_choices(at=at, keep=keep))


def option_label(zone, at, keep=None):
    return next(
        label for group in picker(at, keep).values() for name, label in group if name == zone
    )


def test_the_picker_groups_zones_by_region_in_a_fixed_order_each_sorted_by_place():
    groups = zone_choices(at=WINTER)

    assert [region for region, _ in groups] == GROUPS
    for _, options in groups:
        labels = [label for _, label in options]
        assert labels == sorted(labels, key=str.casefold)
    grouped = picker(WINTER)
    assert "America/New_York" in dict(grouped["Americas"])
    assert "Pacific/Auckland" in dict(grouped["Australia & Pacific"])
    assert "Australia/Sydney" in dict(grouped["Australia & Pacific"])
    assert "Indian/Maldives" in dict(grouped["Indian"])


@pytest.mark.parametrize(
    ("zone", "at", "label"),
    [
        # 12:00 UTC in January and in July: New York and London change their clocks.
        ("America/New_York", WINTER, f"New York (Eastern Time) \N{EM DASH} 7:00 am, UTC{MINUS}5"),
        ("America/New_York", SUMMER, f"New York (Eastern Time) \N{EM DASH} 8:00 am, UTC{MINUS}4"),
        ("Europe/London", WINTER, "London (United Kingdom) \N{EM DASH} 12:00 pm, UTC"),
        ("Europe/London", SUMMER, "London (United Kingdom) \N{EM DASH} 1:00 pm, UTC+1"),
        ("Asia/Kolkata", WINTER, "Kolkata (India) \N{EM DASH} 5:30 pm, UTC+5:30"),
        (
            "Australia/Sydney",
            WINTER,
            "Sydney (Australian Eastern Time) \N{EM DASH} 11:00 pm, UTC+11",
        ),
        (
            "Australia/Sydney",
            SUMMER,
            "Sydney (Australian Eastern Time) \N{EM DASH} 10:00 pm, UTC+10",
        ),
    ],
)
def test_each_zone_shows_its_place_local_time_and_offset_at_the_moment(zone, at, label):
    assert option_label(zone, at) == label


def test_the_local_time_follows_the_moment_summer_time_starts():
    # New York springs forward at 2 am local (07:00 UTC) on 8 March 2026.
    change = datetime(2026, 3, 8, 7, tzinfo=UTC)

    before = option_label("America/New_York", change - timedelta(minutes=1))
    assert before.endswith(f"1:59 am, UTC{MINUS}5")
    assert option_label("America/New_York", change).endswith(f"3:00 am, UTC{MINUS}4")


def test_each_place_is_offered_once_under_its_current_name():
    offered = [zone for options in picker(WINTER).values() for zone, _ in options]

    assert len(offered) == len(set(offered))
    for current, old in [
        ("Asia/Kolkata", "Asia/Calcutta"),
        ("Europe/Kyiv", "Europe/Kiev"),
        ("America/Argentina/Buenos_Aires", "America/Buenos_Aires"),
        ("Asia/Ho_Chi_Minh", "Asia/Saigon"),
        ("Asia/Kathmandu", "Asia/Katmandu"),
    ]:
        assert current in offered
        assert old not in offered
    labels = [label for options in picker(WINTER).values() for _, label in options]
    assert len(labels) == len(set(labels))
    # Places that only share a clock with another country keep their own name.
    assert {"Europe/Amsterdam", "Europe/Stockholm", "Atlantic/Reykjavik"} <= set(offered)


def test_a_saved_old_name_stands_in_for_its_place_so_choosing_again_keeps_it():
    offered = [
        zone for options in picker(WINTER, keep="Asia/Calcutta").values() for zone, _ in options
    ]

    assert "Asia/Calcutta" in offered
    assert "Asia/Kolkata" not in offered
    assert option_label("Asia/Calcutta", WINTER, keep="Asia/Calcutta").startswith("Kolkata (India)")


def test_a_saved_zone_outside_the_regions_is_kept_under_other():
    groups = zone_choices(at=SUMMER, keep="Etc/GMT+5")

    assert groups[-1] == ("Other", [("Etc/GMT+5", f"UTC{MINUS}5 \N{EM DASH} 7:00 am")])
