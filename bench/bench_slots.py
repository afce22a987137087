"""Time the slot engine on a busy practice: `python bench/bench_slots.py` from the repo root.

90-day horizon, weekdays 09:00-17:00 in Europe/London with a 13:00-14:00 lunch break (the
horizon crosses the spring-forward change), a 60-minute service with 15-minute buffers on a
15-minute step, 2,000 busy ranges and some time off. Built from random.Random(42), so every run
times the same case.
"""

from __future__ import annotations

import platform
import random
import statistics
import sys
import timeit
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bookings.slots import (
    Interval,
    SlotRules,
    WeeklyHours,
    available_slots,
)

BUSY_RANGES = 2_000
HORIZON_DAYS = 90
REPEATS = 7
CALLS_PER_REPEAT = 20


def build_case() -> dict:
    rng = random.Random(42)
    now = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    hours = [
        WeeklyHours(weekday, start, end)
        for weekday in range(5)
        for start, end in ((time(9), time(13)), (time(14), time(17)))
    ]
    rules = SlotRules(
        duration=timedelta(minutes=60),
        buffer_before=timedelta(minutes=15),
        buffer_after=timedelta(minutes=15),
        min_notice=timedelta(hours=24),
        horizon=timedelta(days=HORIZON_DAYS),
        step=timedelta(minutes=15),
    )
    # Short ranges anywhere in the horizon, on a 5-minute grid, so that some slots survive.
    horizon_minutes = HORIZON_DAYS * 24 * 60
    busy = []
    for _ in range(BUSY_RANGES):
        start = now + timedelta(minutes=5 * rng.randrange(horizon_minutes // 5))
        busy.append(Interval(start, start + timedelta(minutes=rng.choice((20, 30, 45)))))
    # A week's holiday and a few single days off.
    time_off = [Interval(now + timedelta(days=30), now + timedelta(days=37))]
    for _ in range(4):
        day_off = now.replace(hour=0) + timedelta(days=rng.randrange(HORIZON_DAYS))
        time_off.append(Interval(day_off, day_off + timedelta(days=1)))
    return {
        "hours": hours,
        "tz": ZoneInfo("Europe/London"),
        "rules": rules,
        "now": now,
        "busy": busy,
        "time_off": time_off,
    }


def main() -> None:
    case = build_case()
    slot_count = len(available_slots(**case))
    timings = timeit.repeat(
        lambda: available_slots(**case), number=CALLS_PER_REPEAT, repeat=REPEATS
    )
    per_call_ms = [total / CALLS_PER_REPEAT * 1000 for total in timings]
    print(
        f"slots: {HORIZON_DAYS}-day horizon, {BUSY_RANGES} busy ranges -> {slot_count} slots, "
        f"best {min(per_call_ms):.1f} ms, median {statistics.median(per_call_ms):.1f} ms "
        f"over {REPEATS} runs of {CALLS_PER_REPEAT} calls "
        f"(Python {platform.python_version()})"
    )


if __name__ == "__main__":
    main()
