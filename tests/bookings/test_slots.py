"""The slot engine: pure functions, no database, no Django.

UTC instants below were worked out by hand from the 2026 DST rules:
- Europe/London: GMT (+0) <-> BST (+1); forward 2026-03-29 01:00 UTC (01:00 GMT -> 02:00 BST),
  back 2026-10-25 01:00 UTC (02:00 BST -> 01:00 GMT).
- America/New_York: EST (-5) <-> EDT (-4); forward 2026-03-08 07:00 UTC (02:00 EST -> 03:00 EDT),
  back 2026-11-01 06:00 UTC (02:00 EDT -> 01:00 EST).
- Australia/Sydney: AEST (+10) <-> AEDT (+11); back 2026-04-04 16:00 UTC (03:00 AEDT -> 02:00
  AEST on 04-05), forward 2026-10-03 16:00 UTC (02:00 AEST -> 03:00 AEDT on 10-04).
"""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

# These tests also run without pytest-django (`-p no:django`), which is what otherwise puts the
# project root on sys.path; importlib import mode adds nothing there.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bookings.slots import (
    Interval,
    NonexistentTime,
    SlotRules,
    WeeklyHours,
    available_slots,
    blocked_interval,
    overlaps,
    wall_clock_to_utc,
    working_intervals,
)


@pytest.fixture(scope="module", autouse=True)
def _fresh_cache():
    """Nothing cached here: overrides tests/conftest.py's fixture so these tests need no Django."""
    return


LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
SYDNEY = ZoneInfo("Australia/Sydney")

# New cases every run, from the run's seed (tests/conftest.py prints it; --hypothesis-seed=N
# runs the same cases again), and quick enough that the whole file runs in a few seconds.
settings.register_profile(
    "bookings-slots",
    # Explicitly: with CI set, Hypothesis' default profile (which this one inherits) is its
    # derandomised "ci" profile, and CI would then draw the same few cases forever.
    derandomize=False,
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
SLOTS_PROFILE = settings.get_profile("bookings-slots")

MINUTE = timedelta(minutes=1)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


def utc(year, month, day, hour=0, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def every_day(start, end):
    return [WeeklyHours(weekday, start, end) for weekday in range(7)]


def weekdays(start, end):
    return [WeeklyHours(weekday, start, end) for weekday in range(5)]


def hourly(duration_minutes=60, step_minutes=60, **extra):
    return SlotRules(
        duration=timedelta(minutes=duration_minutes),
        step=timedelta(minutes=step_minutes),
        horizon=timedelta(days=400),
        **extra,
    )


# In January London is on GMT, so wall clock there equals UTC: the plain cases read easily.
# 2026-01-05 is a Monday.
MONDAY = date(2026, 1, 5)
BEFORE_MONDAY = utc(2026, 1, 1)
NINE_TO_FIVE = weekdays(time(9), time(17))


def monday_slots(hours=NINE_TO_FIVE, rules=None, now=BEFORE_MONDAY, **kwargs):
    return available_slots(
        hours=hours,
        tz=LONDON,
        rules=rules or hourly(),
        now=now,
        first_day=kwargs.pop("first_day", MONDAY),
        last_day=kwargs.pop("last_day", MONDAY),
        **kwargs,
    )


def at_monday(*hours_and_minutes):
    return [utc(2026, 1, 5, hour, minute) for hour, minute in hours_and_minutes]


# --- DST: wall-clock hours move with the clocks -------------------------------------------


@pytest.mark.parametrize(
    ("tz", "day", "nine_local", "four_pm_local"),
    [
        # London spring forward: GMT the day before (09:00 = 09:00Z), BST from the day itself.
        pytest.param(
            LONDON,
            date(2026, 3, 28),
            utc(2026, 3, 28, 9),
            utc(2026, 3, 28, 16),
            id="london-spring-day-before",
        ),
        pytest.param(
            LONDON,
            date(2026, 3, 29),
            utc(2026, 3, 29, 8),
            utc(2026, 3, 29, 15),
            id="london-spring-day-of",
        ),
        pytest.param(
            LONDON,
            date(2026, 3, 30),
            utc(2026, 3, 30, 8),
            utc(2026, 3, 30, 15),
            id="london-spring-day-after",
        ),
        # London fall back: BST the day before, GMT from the day itself.
        pytest.param(
            LONDON,
            date(2026, 10, 24),
            utc(2026, 10, 24, 8),
            utc(2026, 10, 24, 15),
            id="london-autumn-day-before",
        ),
        pytest.param(
            LONDON,
            date(2026, 10, 25),
            utc(2026, 10, 25, 9),
            utc(2026, 10, 25, 16),
            id="london-autumn-day-of",
        ),
        pytest.param(
            LONDON,
            date(2026, 10, 26),
            utc(2026, 10, 26, 9),
            utc(2026, 10, 26, 16),
            id="london-autumn-day-after",
        ),
        # New York spring forward: EST (-5) before, EDT (-4) from 03:00 local on 03-08.
        pytest.param(
            NEW_YORK,
            date(2026, 3, 7),
            utc(2026, 3, 7, 14),
            utc(2026, 3, 7, 21),
            id="new-york-spring-day-before",
        ),
        pytest.param(
            NEW_YORK,
            date(2026, 3, 8),
            utc(2026, 3, 8, 13),
            utc(2026, 3, 8, 20),
            id="new-york-spring-day-of",
        ),
        pytest.param(
            NEW_YORK,
            date(2026, 3, 9),
            utc(2026, 3, 9, 13),
            utc(2026, 3, 9, 20),
            id="new-york-spring-day-after",
        ),
        # New York fall back: EDT before, EST from 01:00 (second time) on 11-01.
        pytest.param(
            NEW_YORK,
            date(2026, 10, 31),
            utc(2026, 10, 31, 13),
            utc(2026, 10, 31, 20),
            id="new-york-autumn-day-before",
        ),
        pytest.param(
            NEW_YORK,
            date(2026, 11, 1),
            utc(2026, 11, 1, 14),
            utc(2026, 11, 1, 21),
            id="new-york-autumn-day-of",
        ),
        pytest.param(
            NEW_YORK,
            date(2026, 11, 2),
            utc(2026, 11, 2, 14),
            utc(2026, 11, 2, 21),
            id="new-york-autumn-day-after",
        ),
        # Sydney back: AEDT (+11) before, so 09:00 local is 22:00Z the previous UTC day; AEST
        # (+10) from 04-05.
        pytest.param(
            SYDNEY,
            date(2026, 4, 4),
            utc(2026, 4, 3, 22),
            utc(2026, 4, 4, 5),
            id="sydney-autumn-day-before",
        ),
        pytest.param(
            SYDNEY,
            date(2026, 4, 5),
            utc(2026, 4, 4, 23),
            utc(2026, 4, 5, 6),
            id="sydney-autumn-day-of",
        ),
        pytest.param(
            SYDNEY,
            date(2026, 4, 6),
            utc(2026, 4, 5, 23),
            utc(2026, 4, 6, 6),
            id="sydney-autumn-day-after",
        ),
        # Sydney forward: AEST (+10) before, AEDT (+11) from 10-04.
        pytest.param(
            SYDNEY,
            date(2026, 10, 3),
            utc(2026, 10, 2, 23),
            utc(2026, 10, 3, 6),
            id="sydney-spring-day-before",
        ),
        pytest.param(
            SYDNEY,
            date(2026, 10, 4),
            utc(2026, 10, 3, 22),
            utc(2026, 10, 4, 5),
            id="sydney-spring-day-of",
        ),
        pytest.param(
            SYDNEY,
            date(2026, 10, 5),
            utc(2026, 10, 4, 22),
            utc(2026, 10, 5, 5),
            id="sydney-spring-day-after",
        ),
    ],
)
def test_slots_follow_wall_clock_across_dst_changes(tz, day, nine_local, four_pm_local):
    slots = available_slots(
        hours=every_day(time(9), time(17)),
        tz=tz,
        rules=hourly(),
        now=utc(2026, 1, 1),
        first_day=day,
        last_day=day,
    )

    # Eight hourly sessions 09:00-16:00 local, whatever the offset that day.
    assert slots == [nine_local + hour * HOUR for hour in range(8)]
    assert slots[0] == nine_local
    assert slots[-1] == four_pm_local


@pytest.mark.parametrize(
    ("tz", "day", "start", "end", "duration", "step", "expected"),
    [
        # London 01:00 does not exist on 03-29: it maps to the gap's end, 02:00 BST = 01:00Z;
        # 04:00 BST = 03:00Z. Two real hours.
        pytest.param(
            LONDON,
            date(2026, 3, 29),
            time(1),
            time(4),
            60,
            30,
            [utc(2026, 3, 29, 1), utc(2026, 3, 29, 1, 30), utc(2026, 3, 29, 2)],
            id="london-spring-interval-containing-gap",
        ),
        # An end inside the gap (01:30) maps to 01:00Z too: one real hour, 00:00-01:00 GMT.
        pytest.param(
            LONDON,
            date(2026, 3, 29),
            time(0),
            time(1, 30),
            60,
            30,
            [utc(2026, 3, 29, 0)],
            id="london-spring-end-in-gap",
        ),
        # Hours wholly inside the gap give no working time at all.
        pytest.param(
            LONDON,
            date(2026, 3, 29),
            time(1, 15),
            time(1, 45),
            15,
            15,
            [],
            id="london-spring-hours-inside-gap",
        ),
        # New York 02:30 does not exist on 03-08: gap end is 03:00 EDT = 07:00Z; 05:00 EDT = 09:00Z.
        pytest.param(
            NEW_YORK,
            date(2026, 3, 8),
            time(2, 30),
            time(5),
            60,
            30,
            [utc(2026, 3, 8, 7), utc(2026, 3, 8, 7, 30), utc(2026, 3, 8, 8)],
            id="new-york-spring-start-in-gap",
        ),
        # Sydney 02:00 does not exist on 10-04: gap end is 03:00 AEDT = 16:00Z on 10-03;
        # 04:00 AEDT = 17:00Z, room for one hour.
        pytest.param(
            SYDNEY,
            date(2026, 10, 4),
            time(2),
            time(4),
            60,
            30,
            [utc(2026, 10, 3, 16)],
            id="sydney-spring-start-in-gap",
        ),
        # London 01:00 happens twice on 10-25: the first (BST) is 00:00Z; 03:00 GMT = 03:00Z.
        # The two wall-clock hours are three real hours.
        pytest.param(
            LONDON,
            date(2026, 10, 25),
            time(1),
            time(3),
            60,
            60,
            [utc(2026, 10, 25, 0), utc(2026, 10, 25, 1), utc(2026, 10, 25, 2)],
            id="london-autumn-repeated-hour",
        ),
        # Hours starting inside the repeated hour run from its first pass until the clock
        # shows 02:00 (GMT): 01:15 BST = 00:15Z to 02:00Z. 00:45Z (01:45 BST) ends at 01:45Z,
        # 01:45 GMT on the second pass.
        pytest.param(
            LONDON,
            date(2026, 10, 25),
            time(1, 15),
            time(2),
            60,
            30,
            [utc(2026, 10, 25, 0, 15), utc(2026, 10, 25, 0, 45)],
            id="london-autumn-start-in-repeated-hour",
        ),
        # New York 01:30 happens twice on 11-01: first is EDT, 05:30Z; 02:30 EST = 07:30Z.
        pytest.param(
            NEW_YORK,
            date(2026, 11, 1),
            time(1, 30),
            time(2, 30),
            60,
            60,
            [utc(2026, 11, 1, 5, 30), utc(2026, 11, 1, 6, 30)],
            id="new-york-autumn-repeated-hour",
        ),
        # Sydney 02:00 happens twice on 04-05: first is AEDT, 15:00Z on 04-04; 03:00 AEST = 17:00Z.
        pytest.param(
            SYDNEY,
            date(2026, 4, 5),
            time(2),
            time(3),
            60,
            60,
            [utc(2026, 4, 4, 15), utc(2026, 4, 4, 16)],
            id="sydney-autumn-repeated-hour",
        ),
    ],
)
def test_night_hours_on_dst_days_follow_gap_and_first_occurrence_rules(
    tz, day, start, end, duration, step, expected
):
    slots = available_slots(
        hours=every_day(start, end),
        tz=tz,
        rules=hourly(duration, step),
        now=utc(2026, 1, 1),
        first_day=day,
        last_day=day,
    )

    assert slots == expected


@pytest.mark.parametrize(
    ("tz", "day", "wall", "expected"),
    [
        (LONDON, date(2026, 3, 29), time(0, 59), utc(2026, 3, 29, 0, 59)),  # GMT, before gap
        (LONDON, date(2026, 3, 29), time(1), utc(2026, 3, 29, 1)),  # gap start -> gap end
        (LONDON, date(2026, 3, 29), time(1, 59, 59), utc(2026, 3, 29, 1)),  # gap -> gap end
        (LONDON, date(2026, 3, 29), time(2), utc(2026, 3, 29, 1)),  # 02:00 BST, the gap end
        (LONDON, date(2026, 10, 25), time(1, 30), utc(2026, 10, 25, 0, 30)),  # first: BST
        (LONDON, date(2026, 10, 25), time(1, 30, fold=1), utc(2026, 10, 25, 0, 30)),  # still
        (LONDON, date(2026, 10, 25), time(2), utc(2026, 10, 25, 2)),  # GMT
        (NEW_YORK, date(2026, 3, 8), time(2, 45), utc(2026, 3, 8, 7)),  # gap -> 03:00 EDT
        (NEW_YORK, date(2026, 11, 1), time(1, 15), utc(2026, 11, 1, 5, 15)),  # first: EDT
        (SYDNEY, date(2026, 10, 4), time(2, 30), utc(2026, 10, 3, 16)),  # gap -> 03:00 AEDT
        (SYDNEY, date(2026, 4, 5), time(2, 30), utc(2026, 4, 4, 15, 30)),  # first: AEDT
    ],
)
def test_wall_clock_maps_gaps_to_their_end_and_repeats_to_first_occurrence(tz, day, wall, expected):
    instant = wall_clock_to_utc(day, wall, tz)

    assert instant == expected
    assert instant.tzinfo is UTC


@pytest.mark.parametrize(
    ("tz", "day", "wall"),
    [
        (LONDON, date(2026, 3, 29), time(1)),
        (LONDON, date(2026, 3, 29), time(1, 59, 59)),
        (NEW_YORK, date(2026, 3, 8), time(2, 45)),
        (SYDNEY, date(2026, 10, 4), time(2, 30)),
    ],
)
def test_strictly_a_wall_clock_time_inside_a_gap_is_refused_not_moved(tz, day, wall):
    # What a person typed (the block-time form): better to ask again than to guess.
    with pytest.raises(NonexistentTime):
        wall_clock_to_utc(day, wall, tz, strict=True)


@pytest.mark.parametrize(
    ("tz", "day", "wall"),
    [
        (LONDON, date(2026, 3, 29), time(2)),  # the gap's end exists
        (LONDON, date(2026, 10, 25), time(1, 30)),  # a repeated time
        (NEW_YORK, date(2026, 11, 1), time(1, 15, fold=1)),
        (SYDNEY, date(2026, 7, 1), time(9)),
    ],
)
def test_strictly_or_not_a_time_that_exists_is_the_same_instant(tz, day, wall):
    assert wall_clock_to_utc(day, wall, tz, strict=True) == wall_clock_to_utc(day, wall, tz)


# --- Buffers, busy ranges, time off, extra availability -------------------------------------


def test_buffer_before_keeps_room_after_a_busy_range():
    busy = [Interval(utc(2026, 1, 5, 9), utc(2026, 1, 5, 10))]
    rules = hourly(step_minutes=15, buffer_before=timedelta(minutes=15))

    slots = monday_slots(rules=rules, busy=busy)

    # 10:00 would block from 09:45, inside the busy hour; 10:15 blocks from exactly 10:00.
    assert utc(2026, 1, 5, 10) not in slots
    assert slots[0] == utc(2026, 1, 5, 10, 15)


def test_buffer_after_keeps_room_before_a_busy_range():
    busy = [Interval(utc(2026, 1, 5, 11), utc(2026, 1, 5, 12))]
    rules = hourly(step_minutes=15, buffer_after=timedelta(minutes=15))

    slots = monday_slots(rules=rules, busy=busy)

    # 09:45 blocks until exactly 11:00; 10:00 would block until 11:15.
    assert at_monday((9, 0), (9, 15), (9, 30), (9, 45)) == slots[:4]
    assert utc(2026, 1, 5, 10) not in slots
    assert utc(2026, 1, 5, 12) in slots


def test_busy_range_touching_a_session_does_not_block_it():
    busy = [
        Interval(utc(2026, 1, 5, 8), utc(2026, 1, 5, 9)),
        Interval(utc(2026, 1, 5, 10), utc(2026, 1, 5, 11)),
    ]

    slots = monday_slots(busy=busy)

    assert slots[:2] == at_monday((9, 0), (11, 0))


def test_busy_range_inside_a_session_blocks_every_session_around_it():
    busy = [Interval(utc(2026, 1, 5, 12, 10), utc(2026, 1, 5, 12, 20))]

    slots = monday_slots(rules=hourly(step_minutes=30), busy=busy)

    # 11:30 ends 12:30 and 12:00 covers it; 11:00 ends at 12:00, 12:30 starts after it.
    assert utc(2026, 1, 5, 11, 30) not in slots
    assert utc(2026, 1, 5, 12) not in slots
    assert utc(2026, 1, 5, 11) in slots
    assert utc(2026, 1, 5, 12, 30) in slots


def test_time_off_removes_every_slot_it_touches():
    time_off = [Interval(utc(2026, 1, 5, 0), utc(2026, 1, 5, 13, 30))]

    slots = monday_slots(time_off=time_off, rules=hourly(step_minutes=30))

    assert slots == at_monday((13, 30), (14, 0), (14, 30), (15, 0), (15, 30), (16, 0))


def test_time_off_and_busy_ranges_given_in_another_zone_compare_as_instants():
    # 04:00-05:00 in New York in January (EST, -5) is 09:00-10:00 UTC.
    busy = [
        Interval(
            datetime(2026, 1, 5, 4, tzinfo=NEW_YORK),
            datetime(2026, 1, 5, 5, tzinfo=NEW_YORK),
        )
    ]

    slots = monday_slots(busy=busy)

    assert slots[0] == utc(2026, 1, 5, 10)


def test_extra_availability_adds_slots_outside_weekly_hours():
    saturday = date(2026, 1, 10)
    extra = [Interval(utc(2026, 1, 10, 10), utc(2026, 1, 10, 12))]

    slots = monday_slots(
        extra=extra, first_day=saturday, last_day=saturday, rules=hourly(step_minutes=30)
    )

    assert slots == [utc(2026, 1, 10, 10), utc(2026, 1, 10, 10, 30), utc(2026, 1, 10, 11)]


def test_extra_availability_touching_weekly_hours_lets_a_session_span_both():
    extra = [Interval(utc(2026, 1, 5, 17), utc(2026, 1, 5, 18))]

    slots = monday_slots(extra=extra, rules=hourly(step_minutes=30))

    assert slots[-3:] == at_monday((16, 0), (16, 30), (17, 0))


def test_time_off_wins_over_extra_availability():
    extra = [Interval(utc(2026, 1, 10, 10), utc(2026, 1, 10, 12))]
    time_off = [Interval(utc(2026, 1, 10, 0), utc(2026, 1, 11, 0))]
    saturday = date(2026, 1, 10)

    slots = monday_slots(extra=extra, time_off=time_off, first_day=saturday, last_day=saturday)

    assert slots == []


# --- Notice, horizon, step, hours -------------------------------------------------------------


def test_min_notice_hides_slots_starting_too_soon_and_its_boundary_is_offered():
    now = utc(2026, 1, 4, 10)  # Sunday 10:00
    rules = hourly(min_notice=timedelta(hours=24))

    slots = monday_slots(now=now, rules=rules)

    # now + 24 h is Monday 10:00 exactly: offered; 09:00 is too soon.
    assert slots[0] == utc(2026, 1, 5, 10)


def test_horizon_is_inclusive_and_hides_later_slots():
    now = utc(2026, 1, 5, 10)
    rules = SlotRules(duration=HOUR, step=HOUR, horizon=DAY)

    slots = available_slots(hours=NINE_TO_FIVE, tz=LONDON, rules=rules, now=now)

    assert slots[0] == utc(2026, 1, 5, 10)
    assert slots[-1] == utc(2026, 1, 6, 10)  # now + horizon exactly


def test_slots_never_start_before_now():
    now = utc(2026, 1, 5, 12, 1)

    slots = monday_slots(now=now)

    assert slots[0] == utc(2026, 1, 5, 13)


def test_candidates_step_from_the_working_interval_start_not_from_now():
    now = utc(2026, 1, 5, 9, 10)

    slots = monday_slots(now=now, rules=hourly(step_minutes=30))

    assert slots[:2] == at_monday((9, 30), (10, 0))


def test_step_longer_than_duration_spaces_slots_apart():
    slots = monday_slots(rules=hourly(duration_minutes=50, step_minutes=90))

    assert slots == at_monday((9, 0), (10, 30), (12, 0), (13, 30), (15, 0))


def test_several_intervals_per_weekday_never_offer_a_session_across_the_break():
    hours = weekdays(time(9), time(13)) + weekdays(time(14), time(17))

    slots = monday_slots(hours=hours, rules=hourly(step_minutes=30))

    assert utc(2026, 1, 5, 12) in slots
    assert utc(2026, 1, 5, 12, 30) not in slots
    assert utc(2026, 1, 5, 13) not in slots
    assert utc(2026, 1, 5, 14) in slots
    assert slots[-1] == utc(2026, 1, 5, 16)


def test_overlapping_weekly_hours_merge_into_one_working_interval():
    hours = [WeeklyHours(0, time(9), time(12)), WeeklyHours(0, time(11), time(14))]

    slots = monday_slots(hours=hours, rules=hourly(duration_minutes=90, step_minutes=60))

    assert slots == at_monday((9, 0), (10, 0), (11, 0), (12, 0))


def test_no_weekly_hours_means_no_slots():
    assert monday_slots(hours=[]) == []


# --- Days ------------------------------------------------------------------------------------


def test_first_and_last_day_are_local_dates_in_the_practitioners_zone():
    # Sydney in January is AEDT (+11): Monday 09:00 local is Sunday 22:00 UTC.
    slots = available_slots(
        hours=weekdays(time(9), time(11)),
        tz=SYDNEY,
        rules=hourly(),
        now=utc(2026, 1, 1),
        first_day=date(2026, 1, 5),
        last_day=date(2026, 1, 6),
    )

    assert slots == [
        utc(2026, 1, 4, 22),
        utc(2026, 1, 4, 23),
        utc(2026, 1, 5, 22),
        utc(2026, 1, 5, 23),
    ]


def test_narrowed_days_give_exactly_the_full_lists_slots_for_those_days():
    hours = NINE_TO_FIVE
    extra = [Interval(utc(2026, 1, 9, 23, 45), utc(2026, 1, 10, 2))]
    rules = SlotRules(duration=HOUR, step=timedelta(minutes=40), horizon=timedelta(days=20))

    full = available_slots(hours=hours, tz=LONDON, rules=rules, now=BEFORE_MONDAY, extra=extra)
    saturday = available_slots(
        hours=hours,
        tz=LONDON,
        rules=rules,
        now=BEFORE_MONDAY,
        extra=extra,
        first_day=date(2026, 1, 10),
        last_day=date(2026, 1, 10),
    )

    # Friday's hours end at 17:00, so the extra stands alone and steps from 23:45.
    assert saturday == [utc(2026, 1, 10, 0, 25)]
    assert saturday == [slot for slot in full if slot.date() == date(2026, 1, 10)]


def test_days_beyond_the_horizon_give_no_slots():
    rules = SlotRules(duration=HOUR, horizon=timedelta(days=7))

    slots = monday_slots(rules=rules, first_day=date(2026, 2, 2), last_day=date(2026, 2, 6))

    assert slots == []


def test_default_days_run_from_now_to_the_horizon():
    rules = SlotRules(duration=HOUR, step=HOUR, horizon=timedelta(days=7))

    slots = available_slots(hours=NINE_TO_FIVE, tz=LONDON, rules=rules, now=BEFORE_MONDAY)

    # Thursday 1st 00:00 + 7 days: Thursday, Friday, then Monday to Wednesday; Thursday 8th's
    # first slot at 09:00 is past the horizon.
    assert slots[0] == utc(2026, 1, 1, 9)
    assert slots[-1] == utc(2026, 1, 7, 16)
    assert len(slots) == 5 * 8


def test_slots_are_utc_even_when_now_is_given_in_another_zone():
    now = datetime(2026, 1, 4, 12, tzinfo=SYDNEY)

    slots = monday_slots(now=now)

    assert slots
    assert all(slot.tzinfo is UTC for slot in slots)


# --- Small pieces --------------------------------------------------------------------------


def test_blocked_interval_adds_both_buffers():
    rules = SlotRules(
        duration=timedelta(minutes=50),
        buffer_before=timedelta(minutes=10),
        buffer_after=timedelta(minutes=15),
    )

    blocked = blocked_interval(utc(2026, 1, 5, 9), rules)

    assert blocked == Interval(utc(2026, 1, 5, 8, 50), utc(2026, 1, 5, 10, 5))


def test_interval_stores_its_ends_in_utc():
    interval = Interval(
        datetime(2026, 7, 1, 9, tzinfo=LONDON), datetime(2026, 7, 1, 10, tzinfo=LONDON)
    )

    assert interval.start == utc(2026, 7, 1, 8)
    assert interval.start.tzinfo is UTC
    assert interval.end.tzinfo is UTC


def test_working_intervals_join_hours_and_extra_availability_in_utc():
    hours = [WeeklyHours(0, time(9), time(12)), WeeklyHours(0, time(12), time(13))]
    extra = [
        Interval(utc(2026, 1, 5, 13), utc(2026, 1, 5, 14)),
        Interval(utc(2026, 1, 6, 20), utc(2026, 1, 6, 21)),
    ]

    intervals = working_intervals(hours, LONDON, MONDAY, date(2026, 1, 6), extra=extra)

    assert intervals == [
        Interval(utc(2026, 1, 5, 9), utc(2026, 1, 5, 14)),
        Interval(utc(2026, 1, 6, 20), utc(2026, 1, 6, 21)),
    ]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ((0, 10), (10, 20), False),  # touching: half-open
        ((10, 20), (0, 10), False),
        ((0, 10), (9, 20), True),
        ((0, 30), (10, 20), True),  # containment
        ((0, 10), (0, 10), True),  # equal
        ((0, 10), (11, 20), False),
        ((5, 5), (0, 10), False),  # an empty range overlaps nothing
    ],
)
def test_overlaps_is_half_open(a, b, expected):
    assert overlaps(*a, *b) is expected


# --- Validation ----------------------------------------------------------------------------

NAIVE = utc(2026, 1, 5, 9).replace(tzinfo=None)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        pytest.param(lambda: Interval(NAIVE, utc(2026, 1, 5, 10)), "timezone-aware", id="naive"),
        pytest.param(
            lambda: Interval(utc(2026, 1, 5, 10), utc(2026, 1, 5, 10)), "after", id="empty"
        ),
        pytest.param(
            lambda: Interval(utc(2026, 1, 5, 10), utc(2026, 1, 5, 9)), "after", id="backwards"
        ),
        pytest.param(
            lambda: SlotRules(duration=timedelta(0)), "duration must be positive", id="duration"
        ),
        pytest.param(
            lambda: SlotRules(duration=HOUR, step=-MINUTE), "step must be positive", id="step"
        ),
        pytest.param(
            lambda: SlotRules(duration=HOUR, buffer_after=-MINUTE), "negative", id="buffer"
        ),
        pytest.param(lambda: SlotRules(duration=60), "timedelta", id="not-timedelta"),
        pytest.param(
            lambda: WeeklyHours(0, time(17), time(9)), "after its start", id="hours-backwards"
        ),
        pytest.param(lambda: WeeklyHours(0, time(9), time(9)), "after its start", id="hours-empty"),
        pytest.param(
            lambda: WeeklyHours(7, time(9), time(17)), "0 \\(Monday\\) to 6", id="weekday"
        ),
        pytest.param(
            lambda: WeeklyHours(0, time(9, tzinfo=UTC), time(17)),
            "naive wall-clock",
            id="aware-time",
        ),
        pytest.param(
            lambda: blocked_interval(NAIVE, hourly()), "timezone-aware", id="blocked-naive"
        ),
        pytest.param(
            lambda: available_slots(hours=NINE_TO_FIVE, tz=LONDON, rules=hourly(), now=NAIVE),
            "now must be timezone-aware",
            id="naive-now",
        ),
        pytest.param(
            lambda: monday_slots(first_day=date(2026, 1, 6), last_day=MONDAY),
            "before first_day",
            id="days-backwards",
        ),
        pytest.param(
            lambda: working_intervals(NINE_TO_FIVE, LONDON, date(2026, 1, 6), MONDAY),
            "before first_day",
            id="working-days-backwards",
        ),
    ],
)
def test_invalid_input_is_refused_with_a_clear_error(build, message):
    with pytest.raises(ValueError, match=message):
        build()


# --- Properties across DST changes -------------------------------------------------------------

ZONES = [LONDON, NEW_YORK, SYDNEY]
TRANSITIONS = {
    LONDON: [utc(2026, 3, 29, 1), utc(2026, 10, 25, 1)],
    NEW_YORK: [utc(2026, 3, 8, 7), utc(2026, 11, 1, 6)],
    SYDNEY: [utc(2026, 4, 4, 16), utc(2026, 10, 3, 16)],
}
QUARTER = timedelta(minutes=15)


def quarter_time(index):
    return time(index // 4, index % 4 * 15)


@st.composite
def weekly_hours(draw):
    # Everything on a 15-minute grid so that the coverage check below can sample it exactly.
    start = draw(st.integers(0, 94))
    end = draw(st.integers(start + 1, min(95, start + 40)))
    days = range(7) if draw(st.booleans()) else [draw(st.integers(0, 6))]
    return [WeeklyHours(day, quarter_time(start), quarter_time(end)) for day in days]


@st.composite
def intervals_near(draw, anchor, grid_minutes, max_length_minutes):
    start = anchor + draw(
        st.integers(-4 * 24 * 60 // grid_minutes, 8 * 24 * 60 // grid_minutes)
    ) * (grid_minutes * MINUTE)
    length = draw(st.integers(1, max_length_minutes // grid_minutes)) * grid_minutes * MINUTE
    return Interval(start, start + length)


@st.composite
def scenarios(draw):
    tz = draw(st.sampled_from(ZONES))
    anchor = draw(st.sampled_from(TRANSITIONS[tz]))
    hours = [entry for group in draw(st.lists(weekly_hours(), max_size=4)) for entry in group]
    rules = SlotRules(
        duration=draw(st.integers(1, 8)) * QUARTER,
        buffer_before=draw(st.integers(0, 6)) * 5 * MINUTE,
        buffer_after=draw(st.integers(0, 6)) * 5 * MINUTE,
        min_notice=draw(st.integers(0, 36 * 60)) * MINUTE,
        horizon=draw(st.integers(1, 5 * 24)) * HOUR,
        step=draw(st.integers(1, 4)) * QUARTER,
    )
    now = anchor + draw(st.integers(-4 * 24 * 60, 24 * 60)) * MINUTE
    return {
        "hours": hours,
        "tz": tz,
        "rules": rules,
        "now": now,
        "busy": draw(st.lists(intervals_near(anchor, 5, 180), max_size=15)),
        "time_off": draw(st.lists(intervals_near(anchor, 15, 24 * 60), max_size=2)),
        "extra": draw(st.lists(intervals_near(anchor, 15, 6 * 60), max_size=3)),
    }


# Cases at the clock changes that every run checks, whatever the seed draws: working hours over
# the missing hour or the repeated one, notice ending at the change, busy ranges and extra
# availability across it. (Sundays: every change below falls on one.)
DST_EDGES = {
    "london-spring-gap": {
        "hours": [WeeklyHours(6, time(0, 30), time(3, 30))],
        "tz": LONDON,
        "rules": SlotRules(
            duration=30 * MINUTE,
            buffer_before=10 * MINUTE,
            buffer_after=5 * MINUTE,
            min_notice=HOUR,
            horizon=3 * DAY,
            step=QUARTER,
        ),
        "now": utc(2026, 3, 29, 0),  # notice ends at 01:00 UTC, as the clocks go forward
        "busy": [Interval(utc(2026, 3, 29, 1, 40), utc(2026, 3, 29, 1, 50))],
        "time_off": [],
        "extra": [],
    },
    "london-autumn-repeated-hour": {
        "hours": [WeeklyHours(6, time(0, 30), time(2, 30))],
        "tz": LONDON,
        "rules": SlotRules(duration=45 * MINUTE, horizon=2 * DAY, step=QUARTER),
        "now": utc(2026, 10, 24, 20),
        "busy": [],
        "time_off": [Interval(utc(2026, 10, 25, 0, 15), utc(2026, 10, 25, 0, 30))],
        "extra": [],
    },
    "new-york-autumn-hours-ending-at-the-change": {
        "hours": [WeeklyHours(6, time(1), time(2))],  # ends as the clocks go back
        "tz": NEW_YORK,
        "rules": SlotRules(duration=HOUR, buffer_after=15 * MINUTE, horizon=2 * DAY),
        "now": utc(2026, 10, 31, 12),
        "busy": [Interval(utc(2026, 11, 1, 5, 0), utc(2026, 11, 1, 5, 30))],
        "time_off": [],
        "extra": [],
    },
    "sydney-spring-gap-with-extra-availability": {
        "hours": [WeeklyHours(6, time(1, 45), time(3, 15))],
        "tz": SYDNEY,
        "rules": SlotRules(duration=QUARTER, horizon=2 * DAY, step=QUARTER),
        "now": utc(2026, 10, 3, 0),
        "busy": [],
        "time_off": [],
        "extra": [Interval(utc(2026, 10, 3, 15, 30), utc(2026, 10, 3, 16, 30))],
    },
    "sydney-autumn-repeated-hour": {
        "hours": [WeeklyHours(6, time(2), time(3))],  # the repeated hour, both times
        "tz": SYDNEY,
        "rules": SlotRules(duration=30 * MINUTE, buffer_before=5 * MINUTE, horizon=2 * DAY),
        "now": utc(2026, 4, 4, 0),
        "busy": [Interval(utc(2026, 4, 4, 15, 0), utc(2026, 4, 4, 15, 20))],
        "time_off": [Interval(utc(2026, 4, 4, 16, 35), utc(2026, 4, 4, 16, 45))],
        "extra": [],
    },
}


def with_dst_edges(test):
    """Run `test` on DST_EDGES too, before the cases the run's seed draws."""
    for name, case in reversed(DST_EDGES.items()):
        test = example(case=case).via(name)(test)
    return test


# The wall-clock time at which the clocks go back (the end of the repeated hour).
FALL_BACK_AT = {LONDON: time(2), NEW_YORK: time(2), SYDNEY: time(3)}


def is_working_instant(instant, case):
    """Whether `instant` is working time, judged from wall clock, independently of the engine.

    Hours start at the first occurrence of an ambiguous time and end when the clock reaches
    their end, so an instant in the repeated hour's second pass (fold=1) is working time exactly
    when some interval straddles the moment the clocks go back.
    """
    if any(interval.start <= instant < interval.end for interval in case["extra"]):
        return True
    tz = case["tz"]
    local = instant.astimezone(tz)
    wall = local.time()
    for entry in case["hours"]:
        if entry.weekday != local.weekday():
            continue
        if local.fold == 0 and entry.start <= wall < entry.end:
            return True
        if local.fold == 1 and entry.start < FALL_BACK_AT[tz] <= entry.end:
            return True
    return False


def brute_force_slots(case):
    """Every grid start of every working interval, checked against every blocker one by one."""
    tz, rules, now = case["tz"], case["rules"], case["now"]
    working = working_intervals(
        case["hours"],
        tz,
        now.astimezone(tz).date() - DAY,
        (now + rules.horizon).astimezone(tz).date() + DAY,
        extra=case["extra"],
    )
    blockers = [*case["busy"], *case["time_off"]]
    slots = []
    for interval in working:
        start = interval.start
        while start + rules.duration <= interval.end:
            blocked = blocked_interval(start, rules)
            if now + rules.min_notice <= start <= now + rules.horizon and not any(
                overlaps(blocked.start, blocked.end, b.start, b.end) for b in blockers
            ):
                slots.append(start)
            start += rules.step
    return slots


@SLOTS_PROFILE
@given(case=scenarios())
@with_dst_edges
def test_slots_are_sorted_distinct_utc_and_within_notice_and_horizon(case):
    slots = available_slots(**case)
    rules, now = case["rules"], case["now"]

    assert slots == sorted(set(slots))
    assert all(slot.tzinfo is UTC for slot in slots)
    assert all(now + rules.min_notice <= slot <= now + rules.horizon for slot in slots)


@SLOTS_PROFILE
@given(case=scenarios())
@with_dst_edges
def test_every_slot_lies_within_weekly_hours_or_extra_availability(case):
    slots = available_slots(**case)
    duration = case["rules"].duration

    for slot in slots:
        # Hours, extras, durations and DST changes all sit on a 15-minute grid, so checking the
        # start of every quarter hour of the session checks all of it.
        quarters = duration // QUARTER
        assert all(is_working_instant(slot + k * QUARTER, case) for k in range(quarters)), slot


@SLOTS_PROFILE
@given(case=scenarios())
@with_dst_edges
def test_no_slot_blocks_time_over_busy_ranges_or_time_off(case):
    slots = available_slots(**case)

    for slot in slots:
        blocked = blocked_interval(slot, case["rules"])
        for other in (*case["busy"], *case["time_off"]):
            assert not overlaps(blocked.start, blocked.end, other.start, other.end), (slot, other)


@SLOTS_PROFILE
@given(case=scenarios())
@with_dst_edges
def test_sweep_offers_exactly_what_a_brute_force_check_offers(case):
    assert available_slots(**case) == brute_force_slots(case)


@SLOTS_PROFILE
@given(case=scenarios(), data=st.data())
def test_narrowing_days_only_filters_the_full_list(case, data):
    tz = case["tz"]
    full = available_slots(**case)
    first_day = case["now"].astimezone(tz).date() + data.draw(st.integers(-1, 5)) * DAY
    last_day = first_day + data.draw(st.integers(0, 3)) * DAY

    narrowed = available_slots(**case, first_day=first_day, last_day=last_day)

    assert narrowed == [s for s in full if first_day <= s.astimezone(tz).date() <= last_day]


@SLOTS_PROFILE
@given(case=scenarios(), data=st.data())
def test_busy_range_equal_to_a_slots_blocked_interval_removes_that_slot(case, data):
    slots = available_slots(**case)
    assume(slots)
    taken = data.draw(st.sampled_from(slots))

    after = available_slots(
        **{**case, "busy": [*case["busy"], blocked_interval(taken, case["rules"])]}
    )

    assert taken not in after
    assert set(after) <= set(slots)  # a new booking never frees anything


@SLOTS_PROFILE
@given(
    a=st.tuples(st.integers(-50, 50), st.integers(-50, 50)),
    b=st.tuples(st.integers(-50, 50), st.integers(-50, 50)),
)
def test_overlaps_is_symmetric_and_means_a_shared_instant(a, b):
    shared = set(range(*a)) & set(range(*b))  # half-open ranges of whole numbers

    assert overlaps(*a, *b) == overlaps(*b, *a)
    assert overlaps(*a, *b) == bool(shared)
