"""The slot engine: which session start times a practitioner can offer.

Pure functions of (weekly hours, zone, busy ranges, time off, extra availability, service
rules, now): no ORM, no Django, no clock. Everything returned is an aware UTC datetime.

Weekly hours are wall-clock times in the practitioner's zone. They are turned into instants
date by date, so a DST change moves the instants, not the hours she set:

- a wall-clock time that does not exist (inside a spring-forward gap) maps to the instant the
  gap ends, i.e. the first valid local time after it: on 2026-03-29 in Europe/London, 01:30 maps
  to 01:00 UTC (02:00 BST), so hours of 01:00-04:00 that day give two real hours;
- a wall-clock time that happens twice (fall back) takes its first occurrence (``fold=0``): on
  2026-10-25 in Europe/London, hours of 01:00-03:00 run from 00:00 to 03:00 UTC, three real
  hours. Hours run from when the clock first shows their start until it shows their end, so
  01:15-02:00 that day also covers the second pass of 01:00-01:15 (00:15 to 02:00 UTC).

Internally all instants are UTC. Python compares and subtracts two datetimes that share one
``ZoneInfo`` by wall clock, ignoring ``fold``, which is wrong across a fall back; UTC has no such
trap.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from operator import itemgetter

__all__ = [
    "Interval",
    "NonexistentTime",
    "SlotRules",
    "WeeklyHours",
    "available_slots",
    "blocked_interval",
    "overlaps",
    "wall_clock_to_utc",
    "working_intervals",
]

_ONE_DAY = timedelta(days=1)
_ONE_MICROSECOND = timedelta(microseconds=1)

# A pair of UTC instants, the engine's internal form of an Interval (tuples are cheaper).
_Span = tuple[datetime, datetime]


def _require_aware(value: object, name: str) -> None:
    if not isinstance(value, datetime):
        raise ValueError(f"{name} must be a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got naive {value.isoformat()}")


def overlaps(a_start, a_end, b_start, b_end) -> bool:
    """Whether the half-open ranges [a_start, a_end) and [b_start, b_end) share an instant.

    The single overlap rule of the project: the slot engine and the double-booking check both
    call it. Touching ranges (one ends where the other starts) do not overlap, and an empty range
    overlaps nothing, as with PostgreSQL's ``&&`` on ``tstzrange``.

    Pass UTC datetimes (Django gives them): Python compares two datetimes that share one
    ``ZoneInfo`` by wall clock, which is wrong across a fall back.
    """
    return a_start < a_end and b_start < b_end and a_start < b_end and b_start < a_end


@dataclass(frozen=True, slots=True)
class Interval:
    """A half-open range of instants [start, end), stored in UTC.

    Both ends must be aware and ``end`` must come after ``start``; they are converted to UTC so
    that comparisons are always between instants.
    """

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        _require_aware(self.start, "Interval.start")
        _require_aware(self.end, "Interval.end")
        start, end = self.start.astimezone(UTC), self.end.astimezone(UTC)
        if end <= start:
            raise ValueError(
                f"Interval end must be after its start: {self.start.isoformat()} -> "
                f"{self.end.isoformat()}"
            )
        # Frozen dataclass: normalise through object.__setattr__.
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)


@dataclass(frozen=True, slots=True)
class WeeklyHours:
    """A wall-clock working interval in the practitioner's zone, repeated every week."""

    weekday: int  # 0 = Monday ... 6 = Sunday, as date.weekday()
    start: time
    end: time  # after start, on the same day

    def __post_init__(self) -> None:
        if isinstance(self.weekday, bool) or not isinstance(self.weekday, int):
            raise ValueError(f"WeeklyHours.weekday must be an int 0-6, got {self.weekday!r}")
        if not 0 <= self.weekday <= 6:
            raise ValueError(f"WeeklyHours.weekday must be 0 (Monday) to 6, got {self.weekday}")
        for name in ("start", "end"):
            value = getattr(self, name)
            if not isinstance(value, time):
                raise ValueError(f"WeeklyHours.{name} must be a time, got {value!r}")
            if value.tzinfo is not None:
                raise ValueError(
                    f"WeeklyHours.{name} must be a naive wall-clock time (the zone is the "
                    f"practitioner's), got {value.isoformat()}"
                )
        if self.end <= self.start:
            raise ValueError(
                f"WeeklyHours end must be after its start on the same day: "
                f"{self.start.isoformat()}-{self.end.isoformat()}"
            )


@dataclass(frozen=True, slots=True)
class SlotRules:
    """What a service needs around each session, and how far ahead it can be booked."""

    duration: timedelta
    buffer_before: timedelta = timedelta(0)
    buffer_after: timedelta = timedelta(0)
    min_notice: timedelta = timedelta(0)
    horizon: timedelta = timedelta(days=60)
    step: timedelta = timedelta(minutes=30)

    def __post_init__(self) -> None:
        for name in ("duration", "buffer_before", "buffer_after", "min_notice", "horizon", "step"):
            value = getattr(self, name)
            if not isinstance(value, timedelta):
                raise ValueError(f"SlotRules.{name} must be a timedelta, got {value!r}")
        for name in ("duration", "step"):
            if getattr(self, name) <= timedelta(0):
                raise ValueError(f"SlotRules.{name} must be positive, got {getattr(self, name)}")
        for name in ("buffer_before", "buffer_after", "min_notice", "horizon"):
            if getattr(self, name) < timedelta(0):
                raise ValueError(
                    f"SlotRules.{name} must not be negative, got {getattr(self, name)}"
                )


def blocked_interval(start: datetime, rules: SlotRules) -> Interval:
    """The range a session starting at `start` blocks.

    That is [start - buffer_before, start + duration + buffer_after): the session plus the
    service's buffers. Two active bookings whose blocked intervals overlap cannot coexist.
    """
    _require_aware(start, "start")
    return Interval(
        start - rules.buffer_before,
        start + rules.duration + rules.buffer_after,
    )


class NonexistentTime(ValueError):
    """A wall-clock time the clocks skip on that day (inside a spring-forward gap)."""


def wall_clock_to_utc(day: date, wall: time, tz: tzinfo, *, strict: bool = False) -> datetime:
    """The UTC instant at which the clocks in `tz` show `wall` on `day`.

    The project's one conversion from wall clock to instant. A wall-clock time inside a DST
    gap maps to the instant the gap ends (the first valid local time after it), or with
    `strict` raises `NonexistentTime` (a time someone typed: better to ask again than to
    guess); an ambiguous one takes its first occurrence, whatever ``wall.fold`` says.
    """
    naive = datetime.combine(day, wall.replace(fold=0))
    instant = naive.replace(tzinfo=tz).astimezone(UTC)
    # The round trip gives the same wall clock back unless `naive` does not exist. Ambiguous
    # times round-trip fine: fold=0 is the first occurrence.
    if instant.astimezone(tz).replace(tzinfo=None) == naive:
        return instant
    if strict:
        raise NonexistentTime(f"{naive.isoformat()} does not exist in {tz}")
    return _gap_end(naive, tz)


def _gap_end(naive: datetime, tz: tzinfo) -> datetime:
    """The first instant whose wall clock in `tz` is at or after `naive`, which lies in a gap."""

    def shows_at_least(instant: datetime) -> bool:
        return instant.astimezone(tz).replace(tzinfo=None) >= naive

    # For a time in a gap, the two folds use the offsets from either side of the transition, so
    # they bracket it. Widen the bracket in case a tzinfo does not follow PEP 495 that way.
    by_fold = sorted(naive.replace(tzinfo=tz, fold=fold).astimezone(UTC) for fold in (0, 1))
    low, high = by_fold[0] - _ONE_MICROSECOND, by_fold[1]
    while shows_at_least(low):
        low -= _ONE_DAY
    while not shows_at_least(high):
        high += _ONE_DAY
    # Binary search to the microsecond: the wall clock only moves forward inside the bracket.
    while high - low > _ONE_MICROSECOND:
        middle = low + (high - low) // 2
        if shows_at_least(middle):
            high = middle
        else:
            low = middle
    return high


def _merge(spans: list[_Span]) -> list[_Span]:
    """Sort spans and join those that overlap or touch."""
    spans.sort(key=itemgetter(0))
    merged: list[_Span] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _working_spans(
    hours: Iterable[WeeklyHours],
    tz: tzinfo,
    first_day: date,
    last_day: date,
    extra: Iterable[Interval],
) -> list[_Span]:
    by_weekday: list[list[tuple[time, time]]] = [[] for _ in range(7)]
    for entry in hours:
        by_weekday[entry.weekday].append((entry.start, entry.end))
    spans: list[_Span] = []
    day = first_day
    while day <= last_day:
        for wall_start, wall_end in by_weekday[day.weekday()]:
            start = wall_clock_to_utc(day, wall_start, tz)
            end = wall_clock_to_utc(day, wall_end, tz)
            if start < end:  # hours lying wholly inside a DST gap give nothing
                spans.append((start, end))
        day += _ONE_DAY
    spans.extend((interval.start, interval.end) for interval in extra)
    return _merge(spans)


def working_intervals(
    hours: Iterable[WeeklyHours],
    tz: tzinfo,
    first_day: date,
    last_day: date,
    extra: Iterable[Interval] = (),
) -> list[Interval]:
    """Working time from `first_day` to `last_day` (inclusive local dates) as UTC intervals.

    Each date's weekly hours are turned into instants (see ``wall_clock_to_utc`` for DST gaps
    and repeated hours), then merged with the one-off `extra` availability intervals (already
    instants, kept whole): the result is sorted, with overlapping or touching intervals joined.
    """
    if last_day < first_day:
        raise ValueError(f"last_day {last_day} is before first_day {first_day}")
    return [
        Interval(start, end) for start, end in _working_spans(hours, tz, first_day, last_day, extra)
    ]


def _steps_to_reach(origin: datetime, target: datetime, step: timedelta) -> int:
    """The smallest k >= 0 with origin + k * step >= target (exact integer arithmetic)."""
    return max(0, -((origin - target) // step))


def available_slots(
    *,
    hours: Iterable[WeeklyHours],
    tz: tzinfo,
    rules: SlotRules,
    now: datetime,
    busy: Iterable[Interval] = (),
    time_off: Iterable[Interval] = (),
    extra: Iterable[Interval] = (),
    first_day: date | None = None,
    last_day: date | None = None,
) -> list[datetime]:
    """Session start instants that can be offered, sorted, distinct, in UTC.

    A start S is offered when:

    - the session [S, S + duration) lies inside one working interval (weekly hours in `tz`,
      joined with `extra` availability; see ``working_intervals``), and S is that interval's
      start plus a whole number of `rules.step` (stepped in absolute time);
    - its blocked interval (``blocked_interval``: with this service's buffers) overlaps no
      `busy` range (other active bookings' blocked intervals) and no `time_off`;
    - now + min_notice <= S <= now + horizon.

    By default the days run from now's local date to the local date of now + horizon.
    `first_day` / `last_day` (local dates in `tz`) only filter which starts are returned; they do
    not move the grid, so a week's slots are exactly the ones the whole horizon would give.
    Working intervals are built from the day before now's local date, so that hours joined to
    an extra interval across midnight keep their grid as `now` moves on.
    """
    _require_aware(now, "now")
    if first_day is not None and last_day is not None and last_day < first_day:
        raise ValueError(f"last_day {last_day} is before first_day {first_day}")

    now = now.astimezone(UTC)
    earliest = now + rules.min_notice
    latest = now + rules.horizon
    default_first = now.astimezone(tz).date()
    default_last = latest.astimezone(tz).date()
    window_first = max(default_first, first_day) if first_day is not None else default_first
    window_last = min(default_last, last_day) if last_day is not None else default_last
    if window_last < window_first:
        return []
    lowest = max(earliest, wall_clock_to_utc(window_first, time(0), tz))
    beyond = wall_clock_to_utc(window_last + _ONE_DAY, time(0), tz)  # first instant past window

    working = _working_spans(hours, tz, default_first - _ONE_DAY, default_last + _ONE_DAY, extra)
    blocked = _merge([(i.start, i.end) for i in (*busy, *time_off)])

    duration, step = rules.duration, rules.step
    before, after = rules.buffer_before, rules.buffer_after
    slots: list[datetime] = []
    # One sweep: candidates come in increasing order, so the first blocked range that could
    # touch them only moves forward. Merged blocked ranges are disjoint, so the first one that
    # ends after a candidate's blocked start is the only one that can overlap it.
    next_blocked = 0
    for work_start, work_end in working:
        if work_end <= lowest:
            continue
        if work_start >= beyond or work_start > latest:
            break
        last_start = min(work_end - duration, latest)
        start = work_start + _steps_to_reach(work_start, lowest, step) * step
        while start <= last_start and start < beyond:
            block_start, block_end = start - before, start + duration + after
            while next_blocked < len(blocked) and blocked[next_blocked][1] <= block_start:
                next_blocked += 1
            if next_blocked < len(blocked):
                busy_start, busy_end = blocked[next_blocked]
                if overlaps(block_start, block_end, busy_start, busy_end):
                    # Every start whose blocked interval begins before busy_end clashes too.
                    start = work_start + _steps_to_reach(work_start, busy_end + before, step) * step
                    continue
            slots.append(start)
            start += step
    return slots
