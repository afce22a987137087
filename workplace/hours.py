"""Her weekly hours as she thinks of them: per weekday, a start, an end and a few breaks.

Stored as `WorkingHours` rows, one per stretch of work: 09:00-17:00 with a break 12:30-13:30
is two rows, 09:00-12:30 and 13:30-17:00. Rows the grid did not write (several rows that
overlap, or more stretches than breaks shown) still read back: overlapping or touching rows are
joined, as the slot engine joins them, and every gap is a break.
"""

from dataclasses import dataclass
from datetime import time

from django.db import transaction

from bookings.models import Practitioner, WorkingHours
from practice.page_cache import AVAILABILITY, forget_cached_pages

Span = tuple[time, time]


@dataclass(frozen=True)
class DayPlan:
    """One weekday in the grid: whether she works, from when to when, and her breaks."""

    weekday: int
    works: bool = False
    start: time | None = None
    end: time | None = None
    breaks: tuple[Span, ...] = ()
    joined: bool = False  # read from rows that overlapped or touched, shown joined

    def spans(self) -> list[Span]:
        """The stretches of work: the day with its breaks taken out (none if she is off)."""
        if not self.works or self.start is None or self.end is None:
            return []
        spans, begin = [], self.start
        for break_start, break_end in sorted(self.breaks):
            spans.append((begin, break_start))
            begin = break_end
        spans.append((begin, self.end))
        return spans


def _joined(spans: list[Span]) -> tuple[list[Span], bool]:
    """Sorted spans with overlapping or touching ones joined; and whether any were."""
    merged: list[Span] = []
    joined = False
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            joined = True
        else:
            merged.append((start, end))
    return merged, joined


def day_plan_from_spans(weekday: int, spans: list[Span]) -> DayPlan:
    """The grid's view of one weekday's rows: first start, last end, the gaps as breaks."""
    if not spans:
        return DayPlan(weekday=weekday)
    merged, joined = _joined(spans)
    breaks = tuple((merged[i][1], merged[i + 1][0]) for i in range(len(merged) - 1))
    return DayPlan(
        weekday=weekday,
        works=True,
        start=merged[0][0],
        end=merged[-1][1],
        breaks=breaks,
        joined=joined,
    )


def weekly_plans(practitioner: Practitioner) -> list[DayPlan]:
    """Monday to Sunday as the grid shows them (one query)."""
    by_day: dict[int, list[Span]] = {day: [] for day in WorkingHours.Weekday.values}
    for row in WorkingHours.objects.filter(practitioner=practitioner):
        by_day[row.weekday].append((row.start_time, row.end_time))
    return [day_plan_from_spans(day, spans) for day, spans in sorted(by_day.items())]


def weekly_hours_replace(*, practitioner: Practitioner, plans: list[DayPlan]) -> list:
    """Make `plans` her weekly hours, all at once: her old rows go, the grid's rows come.

    The plans are already checked (workplace/views/hours.py's form); the database's own
    constraint (end after start) still stands behind them. Slot pages are forgotten once, as
    bulk writes send no signals.
    """
    rows = [
        WorkingHours(practitioner=practitioner, weekday=plan.weekday, start_time=s, end_time=e)
        for plan in plans
        for s, e in plan.spans()
    ]
    for row in rows:
        row.full_clean(exclude=["practitioner"])
    with transaction.atomic(durable=True):
        WorkingHours.objects.filter(practitioner=practitioner).delete()
        created = WorkingHours.objects.bulk_create(rows)
        forget_cached_pages(AVAILABILITY)
    return created
