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
