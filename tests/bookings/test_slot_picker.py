"""The slot picker's layout: plain instants and a zone in, what the templates show out."""

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from bookings import slot_picker

BASE = "/book/hypnotherapy/"


def starts_on(days: int, *hours: int) -> list[datetime]:
    """Starts at `hours` (UTC) on each of `days` days from Monday 2 March 2026."""
    first = datetime(2026, 3, 2, tzinfo=UTC)
    return [first + timedelta(days=day, hours=hour) for day in range(days) for hour in hours]


def query(url: str) -> dict:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def test_a_week_of_days_per_page_with_the_first_day_chosen():
    picker = slot_picker.picker(starts_on(10, 9, 14), "Europe/London", day=None, base_path=BASE)

    assert [day["label"] for day in picker["days"]][:2] == ["Monday 2 March", "Tuesday 3 March"]
    assert len(picker["days"]) == slot_picker.DAYS_PER_PAGE
    assert picker["selected_label"] == "Monday 2 March"
    assert [time["label"] for time in picker["times"]] == ["9:00 am", "2:00 pm"]
    assert picker["earlier_url"] is None
    assert query(picker["later_url"]) == {"day": "2026-03-09", "tz": "Europe/London"}


def test_the_chosen_day_opens_its_page_and_its_times_in_the_zone_shown():
    picker = slot_picker.picker(
        starts_on(10, 9, 14), "America/New_York", day="2026-03-10", base_path=BASE
    )

    assert picker["selected_label"] == "Tuesday 10 March"
    assert [day["selected"] for day in picker["days"]] == [False, True, False]  # 9, 10, 11
    # 9:00 UTC is 5:00 am in New York that day (EDT from 8 March).
    assert [time["label"] for time in picker["times"]] == ["5:00 am", "10:00 am"]
    assert query(picker["earlier_url"]) == {"day": "2026-03-02", "tz": "America/New_York"}
    assert picker["later_url"] is None


def test_each_day_has_a_short_label_for_its_chip_naming_the_month_where_it_changes():
    # Thursday 26 March to Wednesday 1 April 2026, then the next week's page.
    starts = [datetime(2026, 3, 26, 9, tzinfo=UTC) + timedelta(days=day) for day in range(10)]

    first = slot_picker.picker(starts, "Europe/London", day=None, base_path=BASE)
    later = slot_picker.picker(starts, "Europe/London", day="2026-04-03", base_path=BASE)

    assert [day["short_label"] for day in first["days"]] == [
        "Thu 26 Mar",
        "Fri 27",
        "Sat 28",
        "Sun 29",
        "Mon 30",
        "Tue 31",
        "Wed 1 Apr",
    ]
    # Its full name stays what it was: the chip's accessible name and the times' heading.
    assert first["days"][0]["label"] == "Thursday 26 March"
    assert [day["short_label"] for day in later["days"]] == ["Thu 2 Apr", "Fri 3", "Sat 4"]


@pytest.mark.parametrize("day", ["2026-04-01", "not a day", "3000-01-01", ""])
def test_a_day_without_times_shows_the_first_day_that_has_some(day):
    picker = slot_picker.picker(starts_on(3, 9), "Europe/London", day=day, base_path=BASE)

    assert picker["selected_label"] == "Monday 2 March"


def test_no_times_no_days():
    picker = slot_picker.picker([], "Europe/London", day=None, base_path=BASE)

    assert (picker["days"], picker["times"], picker["selected_day"]) == ([], [], None)


def test_a_time_that_could_not_be_had_offers_the_three_nearest_in_order():
    starts = starts_on(3, 9, 12, 15)
    wanted = datetime(2026, 3, 3, 13, tzinfo=UTC)

    offered = slot_picker.alternatives(starts, wanted, "Europe/London")

    assert [choice["value"] for choice in offered] == [
        "2026-03-03T09:00:00Z",
        "2026-03-03T12:00:00Z",
        "2026-03-03T15:00:00Z",
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03-03T09:00:00Z", datetime(2026, 3, 3, 9, tzinfo=UTC)),
        ("2026-03-03T10:00:00+01:00", datetime(2026, 3, 3, 9, tzinfo=UTC)),
        ("2026-03-03T09:00:00", None),  # no zone: not an instant
        ("9999-12-31T23:59:59Z", None),
        ("tomorrow", None),
        ("", None),
        (None, None),
        ("2026-03-03T09:00:00Z" + " " * 40, None),
    ],
)
def test_a_posted_start_is_an_instant_or_nothing(value, expected):
    assert slot_picker.parse_start(value) == expected


def test_sign_in_comes_back_to_the_chosen_time_in_the_chosen_zone():
    url = slot_picker.confirm_url(BASE, datetime(2026, 3, 3, 9, tzinfo=UTC), "Asia/Tokyo")

    assert url.startswith(BASE)
    assert query(url) == {"start": "2026-03-03T09:00:00Z", "tz": "Asia/Tokyo"}
