"""The practitioner's calendar: bookings, time off, extra availability, busy times from her own
calendars and working hours, on a week or a month grid or as an agenda, in her own time zone.

Pure functions of plain data: no ORM, no clock, no settings. The admin views load the rows
(workplace/dashboard.py) into a `Shown`, and render what these functions make of it.

Time zones: a cell of the week grid is one wall-clock hour of one local date, as the clocks of
the practitioner's zone show it, and an entry sits where its start shows on those clocks. So a
09:00 session is in the 09:00 row on both sides of a DST change, even though its UTC instant
moved. An hour the clocks skip (spring forward) is marked as such; an hour they repeat (fall
back) holds everything that starts in either pass. Working hours are turned into instants date
by date with the slot engine's own `working_intervals`, so the shading matches what clients
can book.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from urllib.parse import urlencode

from bookings.slots import Interval, WeeklyHours, overlaps, wall_clock_to_utc, working_intervals
from bookings.timezones import clock
from practice.dates import add_months, month_end, month_start

ONE_DAY = timedelta(days=1)
DASH = "\u2013"  # an en dash, between the two ends of a range of times
# The week grid shows at least these hours, more when work or a session falls outside them.
FIRST_HOUR = 8
LAST_HOUR = 18
MOVABLE = ("held", "confirmed")  # booking statuses (bookings.models.Booking.Status)
CANCELLED = "cancelled"  # a booking's status whose time is free again


@dataclass(frozen=True)
class Entry:
    """Something to show on the calendar (UTC instants): a booking, time off, extra
    availability, or a busy time from one of her own calendars."""

    BOOKING = "booking"
    TIME_OFF = "time_off"
    EXTRA = "extra"
    BUSY = "busy"

    key: str  # the booking reference, or "time-off-<pk>", "extra-<pk>", "busy-<pk>"
    kind: str
    start: datetime
    end: datetime
    title: str  # what she asked to be called (else her e-mail), or "Time off", "Extra hours"…
    detail: str = ""  # the service, or the private note of time off or extra hours
    pk: int | None = None  # the booking's (or the time off's…) primary key
    email: str = ""  # a booking's client's e-mail address, shown beside her name
    status: str = ""  # a booking's status value (for the style)
    status_label: str = ""  # and in words (never shown by colour alone)
    url: str = ""
    flagged: bool = False  # the screening asks for a conversation first
    join_url: str = ""  # today's confirmed session: where she joins its room (rooms:join)

    @property
    def movable(self) -> bool:
        """A session still to come that could move (held or confirmed): the desk's "Move"."""
        return self.kind == self.BOOKING and self.status in MOVABLE


@dataclass(frozen=True)
class Shown:
    """What the calendar shows, and on whose clocks: the practitioner's zone and today there."""

    tz: tzinfo
    today: date
    hours: tuple[WeeklyHours, ...] = ()
    extra: tuple[Entry, ...] = ()
    time_off: tuple[Entry, ...] = ()
    bookings: tuple[Entry, ...] = ()
    busy: tuple[Entry, ...] = ()  # from her own calendars: intervals only, nothing else known
    now: datetime | None = None  # free hours before it are not offered for booking
    holds_end: datetime | None = None  # the first of the shown holds to run out

    @property
    def extra_intervals(self) -> tuple[Interval, ...]:
        return tuple(Interval(e.start, e.end) for e in self.extra)


@dataclass(frozen=True)
class Placed:
    """An entry as seen on one local date: its local times, cut to that date."""

    entry: Entry
    local_start: datetime
    local_end: datetime
    starts_earlier: bool = False  # began on an earlier date
    ends_later: bool = False  # goes on past this date

    @property
    def time_range(self) -> str:
        if self.starts_earlier and self.ends_later:
            return "all day"
        if self.starts_earlier:
            return f"until {clock(self.local_end)}"
        if self.ends_later:
            return f"from {clock(self.local_start)}"
        return f"{clock(self.local_start)}{DASH}{clock(self.local_end)}"


@dataclass
class Day:
    date: date
    is_today: bool
    in_range: bool = True  # in the month shown (month view); always True in a week
    working: list[tuple[str, str]] = field(default_factory=list)  # ("09:00", "12:30")
    time_off: list[Placed] = field(default_factory=list)
    extra: list[Placed] = field(default_factory=list)
    busy: list[Placed] = field(default_factory=list)
    bookings: list[Placed] = field(default_factory=list)  # starting this local date
    clock_change: str = ""

    @property
    def entries(self) -> list[Placed]:
        """Everything on this date in the order of the clock (the agenda's list)."""
        order = {Entry.TIME_OFF: 0, Entry.BUSY: 1, Entry.EXTRA: 2, Entry.BOOKING: 3}
        return sorted(
            [*self.time_off, *self.busy, *self.extra, *self.bookings],
            key=lambda p: (p.local_start.astimezone(UTC), order[p.entry.kind], p.entry.key),
        )

    @property
    def working_label(self) -> str:
        if not self.working:
            return "Not working"
        return "Working " + ", ".join(f"{start}{DASH}{end}" for start, end in self.working)


@dataclass
class Cell:
    day: Day
    hour: int
    working: bool
    off: bool
    skipped: bool  # this hour does not exist on this date (the clocks go forward)
    bookings: list[Placed] = field(default_factory=list)
    busy: bool = False  # one of her own calendars has something then
    extra: bool = False  # extra availability she added
    book_at: datetime | None = None  # free working time in this hour: the instant to book at
    tz: tzinfo | None = None

    @property
    def book_query(self) -> str:
        """The booking desk's query string for this cell ("start=2026-12-08T10:00:00Z"), or ""."""
        return book_query(self.book_at) if self.book_at else ""

    @property
    def book_when(self) -> str:
        """ "10:00 on Tue 8 Dec": when the booking desk would start, or "" (not free)."""
        if self.book_at is None:
            return ""
        local = self.book_at.astimezone(self.tz)
        return f"{clock(local)} on {local:%a} {local.day} {local:%b}"

    @property
    def book_label(self) -> str:
        """ "Book a session at 10:00 on Tue 8 Dec" (the link's name), or ""."""
        return f"Book a session at {self.book_when}" if self.book_at else ""


@dataclass
class Row:
    hour: int
    cells: list[Cell]

    @property
    def label(self) -> str:
        return f"{self.hour:02d}:00"


@dataclass
class Week:
    first_day: date
    days: list[Day]
    rows: list[Row]

    @property
    def last_day(self) -> date:
        return self.first_day + 6 * ONE_DAY

    @property
    def previous(self) -> date:
        return self.first_day - 7 * ONE_DAY

    @property
    def next(self) -> date:
        return self.first_day + 7 * ONE_DAY


@dataclass
class Month:
    first_day: date  # the 1st
    weeks: list[list[Day]]

    @property
    def previous(self) -> date:
        return add_months(self.first_day, -1)

    @property
    def next(self) -> date:
        return add_months(self.first_day, 1)


def utc_iso(instant: datetime) -> str:
    """An instant as the booking desk reads it: "2026-12-08T10:00:00Z" (UTC, to the second)."""
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def book_query(start: datetime) -> str:
    """The query string that opens the booking desk at `start`: "start=2026-12-08T10:00:00Z"."""
    return urlencode({"start": utc_iso(start)})


def free_start(
    cell: Interval, working: list[Interval], taken: list[Interval], *, now: datetime | None
) -> datetime | None:
    """The first instant of `cell` that is working time, not `taken` and not before `now`.

    The cell's own start when it is free; else, for example, 09:30 when work starts at half
    past, or the end of a session that finishes inside the hour. None: nothing free in it.
    """
    for work in working:
        start, end = max(cell.start, work.start), min(cell.end, work.end)
        moved = True
        while start < end and moved:
            moved = False
            for busy in taken:
                if busy.start <= start < busy.end:
                    start, moved = busy.end, True
        if start < end and (now is None or start >= now):
            return start
    return None


def week_start(day: date) -> date:
    """The Monday of `day`'s week."""
    return day - timedelta(days=day.weekday())


def _month_grid(day: date) -> tuple[date, date, date]:
    """(the 1st of `day`'s month, the grid's first Monday, the grid's last Sunday)."""
    first, last = month_start(day), month_end(day)
    return first, week_start(first), week_start(last) + 6 * ONE_DAY


def local_midnight(day: date, tz: tzinfo) -> datetime:
    """The UTC instant at which `day` begins in `tz` (a midnight in a DST gap: the gap's end)."""
    return wall_clock_to_utc(day, time(0), tz)


def days_window(first_day: date, last_day: date, tz: tzinfo) -> Interval:
    """The UTC instants from the start of `first_day` to the end of `last_day`, local dates."""
    return Interval(local_midnight(first_day, tz), local_midnight(last_day + ONE_DAY, tz))


def week_window(day: date, tz: tzinfo) -> Interval:
    first = week_start(day)
    return days_window(first, first + 6 * ONE_DAY, tz)


def month_window(day: date, tz: tzinfo) -> Interval:
    _, grid_first, grid_last = _month_grid(day)
    return days_window(grid_first, grid_last, tz)


def _clock_change(day: date, tz: tzinfo) -> str:
    """What happens to the clocks on `day`, in words, or ""."""
    start, end = local_midnight(day, tz), local_midnight(day + ONE_DAY, tz)
    length = end - start
    if length == ONE_DAY:
        return ""
    before = start.astimezone(tz).utcoffset()
    after = end.astimezone(tz).utcoffset()
    if before == after:
        return ""
    minutes = abs(int((after - before).total_seconds() // 60))
    amount = "one hour" if minutes == 60 else f"{minutes} minutes"
    direction = "forward" if after > before else "back"
    return f"The clocks go {direction} {amount} today."


def _place(entry: Entry, day: date, tz: tzinfo) -> Placed:
    local_start = entry.start.astimezone(tz)
    local_end = entry.end.astimezone(tz)
    return Placed(
        entry=entry,
        local_start=local_start,
        local_end=local_end,
        starts_earlier=local_start.date() < day,
        ends_later=local_end.date() > day
        and not (local_end.date() == day + ONE_DAY and local_end.time() == time(0)),
    )


def build_days(
    first_day: date, last_day: date, shown: Shown, *, in_range=lambda day: True
) -> list[Day]:
    tz = shown.tz
    days: dict[date, Day] = {}
    day = first_day
    while day <= last_day:
        days[day] = Day(
            date=day,
            is_today=day == shown.today,
            in_range=in_range(day),
            clock_change=_clock_change(day, tz),
        )
        day += ONE_DAY
    working = working_intervals(shown.hours, tz, first_day, last_day, extra=shown.extra_intervals)
    for interval in working:
        for day, one in days.items():
            bounds = days_window(day, day, tz)
            start, end = max(interval.start, bounds.start), min(interval.end, bounds.end)
            if start < end:
                local_end = end.astimezone(tz)
                shown_end = "24:00" if end == bounds.end else clock(local_end)
                one.working.append((clock(start.astimezone(tz)), shown_end))
    for kind in ("time_off", "extra", "busy"):
        for entry in sorted(getattr(shown, kind), key=lambda e: (e.start, e.key)):
            for day, one in days.items():
                bounds = days_window(day, day, tz)
                if overlaps(entry.start, entry.end, bounds.start, bounds.end):
                    getattr(one, kind).append(_place(entry, day, tz))
    for entry in sorted(shown.bookings, key=lambda e: (e.start, e.key)):
        local_day = entry.start.astimezone(tz).date()
        if local_day in days:
            days[local_day].bookings.append(_place(entry, local_day, tz))
    return list(days.values())


def build_week(day: date, shown: Shown) -> Week:
    """The week (Monday to Sunday) holding `day`, as rows of wall-clock hours by day."""
    tz = shown.tz
    first = week_start(day)
    last = first + 6 * ONE_DAY
    days = build_days(first, last, shown)
    working = working_intervals(shown.hours, tz, first, last, extra=shown.extra_intervals)
    taken = sorted(
        (
            Interval(e.start, e.end)
            for e in (*shown.time_off, *shown.busy, *shown.bookings)
            if e.status != CANCELLED
        ),
        key=lambda i: i.start,
    )
    all_rows: list[Row] = []
    for hour in range(24):
        cells = []
        for one in days:
            start = wall_clock_to_utc(one.date, time(hour), tz)
            end = (
                wall_clock_to_utc(one.date, time(hour + 1), tz)
                if hour < 23
                else local_midnight(one.date + ONE_DAY, tz)
            )
            here = [w for w in working if overlaps(start, end, w.start, w.end)]
            cells.append(
                Cell(
                    day=one,
                    hour=hour,
                    working=bool(here),
                    off=any(overlaps(start, end, t.entry.start, t.entry.end) for t in one.time_off),
                    skipped=start >= end,
                    bookings=[b for b in one.bookings if b.local_start.hour == hour],
                    busy=any(overlaps(start, end, b.entry.start, b.entry.end) for b in one.busy),
                    extra=any(overlaps(start, end, e.entry.start, e.entry.end) for e in one.extra),
                    book_at=free_start(Interval(start, end), here, taken, now=shown.now)
                    if here and start < end
                    else None,
                    tz=tz,
                )
            )
        all_rows.append(Row(hour=hour, cells=cells))
    busy_hours = [
        row.hour for row in all_rows if any(cell.working or cell.bookings for cell in row.cells)
    ]
    first_hour = min([FIRST_HOUR, *busy_hours])
    last_hour = max([LAST_HOUR, *busy_hours])
    return Week(first_day=first, days=days, rows=all_rows[first_hour : last_hour + 1])


def build_month(day: date, shown: Shown) -> Month:
    """The month holding `day`, as whole weeks (Monday first) of days."""
    first, grid_first, grid_last = _month_grid(day)
    days = build_days(grid_first, grid_last, shown, in_range=lambda d: d.month == first.month)
    return Month(first_day=first, weeks=[days[i : i + 7] for i in range(0, len(days), 7)])
