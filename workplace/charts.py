"""The dashboard's small charts: the last twelve months of sessions, takings and refunds, and
how much of this week's working time is booked.

Figures are read with a fixed number of queries (one per kind, each month a filtered sum, so
the months' edges are her local midnights, DST included) and drawn as inline SVG on the server
(`BarChart`), each with a table of the same figures for people who can't see the chart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, Sum

from bookings.models import Booking, ExtraAvailability, Practitioner, TimeOff, WorkingHours
from bookings.slots import Interval, working_intervals
from payments.models import Payment, Refund
from practice.dates import add_months, month_start
from practice.money import money
from practice.page_cache import soonest
from workplace.calendar import local_midnight, week_window
from workplace.desk_cache import earliest

MONTHS = 12
# Sessions that took place, or are confirmed and in the past (not yet marked completed).
SESSION_STATUSES = (Booking.Status.COMPLETED, Booking.Status.CONFIRMED)
# Sessions that fill her time this week, past or to come.
BOOKED_STATUSES = (Booking.Status.CONFIRMED, Booking.Status.COMPLETED, Booking.Status.NO_SHOW)

# The SVG's drawing box (it scales to the page's width).
WIDTH, HEIGHT = 360, 170
TOP, BOTTOM, LEFT, RIGHT = 22, 24, 6, 6


@dataclass(frozen=True)
class Month:
    first: date
    sessions: int = 0
    takings: int = 0  # minor units of the practice's currency
    refunds: int = 0

    @property
    def label(self) -> str:
        return self.first.strftime("%b %Y")

    @property
    def short(self) -> str:
        return self.first.strftime("%b")


@dataclass(frozen=True)
class Week:
    first: date
    working_minutes: int
    booked_minutes: int  # session minutes within her working time
    outside_minutes: int  # session minutes outside it (extra sessions she took)

    @property
    def share(self) -> int | None:
        """Booked share of her working time, in whole percent (None when she works no time)."""
        if not self.working_minutes:
            return None
        return round(100 * self.booked_minutes / self.working_minutes)


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    css: str


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass
class BarChart:
    """A small bar chart, ready to draw: bars, month ticks and its top value."""

    key: str
    title: str
    description: str
    bars: list[Bar] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    top_label: str = ""
    width: int = WIDTH
    height: int = HEIGHT
    baseline: float = HEIGHT - BOTTOM


@dataclass
class Charts:
    zone: str
    currency: str
    months: list[Month]
    week: Week | None
    sessions: BarChart
    money: BarChart
    week_bar: Bar | None = None
    week_track: Bar | None = None


def month_firsts(today: date, count: int = MONTHS) -> list[date]:
    """The first day of this month and of the `count - 1` months before it, oldest first."""
    this_month = month_start(today)
    return [add_months(this_month, offset) for offset in range(1 - count, 1)]


def _per_month(queryset, field_name: str, aggregate, edges: list[datetime]) -> list[int]:
    """One query: `aggregate` of the rows whose `field_name` falls in each [edge, next edge)."""
    # Bounded as a whole too, so the rows are read through an index on `field_name`, not by
    # scanning the whole history.
    within = {f"{field_name}__gte": edges[0], f"{field_name}__lt": edges[-1]}
    sums = queryset.filter(**within).aggregate(
        **{
            f"m{index}": aggregate(
                filter=Q(**{f"{field_name}__gte": start, f"{field_name}__lt": end})
            )
            for index, (start, end) in enumerate(pairwise(edges))
        }
    )
    return [sums[f"m{index}"] or 0 for index in range(len(edges) - 1)]


def month_figures(*, zone: ZoneInfo, now: datetime, currency: str) -> list[Month]:
    """Sessions held, takings and refunds in each of the last twelve months (three queries).

    Months are her calendar months in `zone`. Sessions: completed, or confirmed and already
    started. Takings: payments received in `currency`, by when they were paid; refunds that went
    through, by when they were made.
    """
    firsts = month_firsts(now.astimezone(zone).date())
    edges = [local_midnight(first, zone) for first in [*firsts, add_months(firsts[-1], 1)]]
    sessions = _per_month(
        Booking.objects.filter(status__in=SESSION_STATUSES, start__lt=now),
        "start",
        lambda **kw: Count("pk", **kw),
        edges,
    )
    takings = _per_month(
        Payment.objects.filter(status__in=Payment.PAID_STATUSES, currency=currency),
        "paid_at",
        lambda **kw: Sum("amount", **kw),
        edges,
    )
    refunds = _per_month(
        Refund.objects.filter(status=Refund.Status.SUCCEEDED, currency=currency),
        "created_at",
        lambda **kw: Sum("amount", **kw),
        edges,
    )
    return [
        Month(first=first, sessions=s, takings=t, refunds=r)
        for first, s, t, r in zip(firsts, sessions, takings, refunds, strict=True)
    ]


def _minutes(delta: timedelta) -> int:
    return int(delta.total_seconds() // 60)


def _subtract(spans: list[Interval], cuts: list[Interval]) -> list[Interval]:
    """`spans` without any instant of `cuts`."""
    result = []
    for span in spans:
        pieces = [span]
        for cut in cuts:
            next_pieces = []
            for piece in pieces:
                if cut.end <= piece.start or cut.start >= piece.end:
                    next_pieces.append(piece)
                    continue
                if piece.start < cut.start:
                    next_pieces.append(Interval(piece.start, cut.start))
                if cut.end < piece.end:
                    next_pieces.append(Interval(cut.end, piece.end))
            pieces = next_pieces
        result.extend(pieces)
    return result


def _clip(spans: list[Interval], window: Interval) -> list[Interval]:
    """The parts of `spans` inside `window`."""
    clipped = []
    for span in spans:
        start, end = max(span.start, window.start), min(span.end, window.end)
        if end > start:
            clipped.append(Interval(start, end))
    return clipped


def _overlap(spans: list[Interval], other: Interval) -> timedelta:
    total = timedelta(0)
    for span in spans:
        start, end = max(span.start, other.start), min(span.end, other.end)
        if end > start:
            total += end - start
    return total


def week_figures(*, practitioner: Practitioner, now: datetime) -> Week:
    """This week (Monday to Sunday in her zone): her working minutes (weekly hours and extra
    availability, less time off) and the minutes of booked sessions within them (four
    queries). Each day's hours become instants through the slot engine, so a week with a clock
    change counts the hour it gains or loses."""
    tz = practitioner.tz
    window = week_window(now.astimezone(tz).date(), tz)
    first_day = window.start.astimezone(tz).date()
    hours = [h.as_weekly_hours() for h in WorkingHours.objects.filter(practitioner=practitioner)]
    extra = [
        e.as_interval()
        for e in ExtraAvailability.objects.filter(practitioner=practitioner).overlapping(window)
    ]
    time_off = [
        t.as_interval()
        for t in TimeOff.objects.filter(practitioner=practitioner).overlapping(window)
    ]
    working = working_intervals(hours, tz, first_day, first_day + timedelta(days=6), extra)
    # Only this week's part of extra time that runs over its edges.
    working = _subtract(_clip(working, window), time_off)
    booked = timedelta(0)
    outside = timedelta(0)
    sessions = (
        Booking.objects.filter(practitioner=practitioner, status__in=BOOKED_STATUSES)
        .filter(start__lt=window.end, end__gt=window.start)
        .only("start", "end")
    )
    for session in sessions:
        span = Interval(max(session.start, window.start), min(session.end, window.end))
        inside = _overlap(working, span)
        booked += inside
        outside += (span.end - span.start) - inside
    return Week(
        first=first_day,
        working_minutes=sum(_minutes(span.end - span.start) for span in working),
        booked_minutes=_minutes(booked),
        outside_minutes=_minutes(outside),
    )


def _bar_chart(
    key: str, title: str, description: str, months: list[Month], series, top_label
) -> BarChart:
    """Bars for each month, one per series ((value of a month, css class)), side by side."""
    chart = BarChart(key=key, title=title, description=description)
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    slot = plot_width / len(months)
    top = max([value(month) for month in months for value, _ in series] + [0])
    bar_width = slot * 0.7 / len(series)
    for index, month in enumerate(months):
        slot_x = LEFT + index * slot
        for position, (value, css) in enumerate(series):
            amount = value(month)
            height = plot_height * amount / top if top else 0
            if amount and height < 1:
                height = 1  # a small value still shows
            chart.bars.append(
                Bar(
                    x=round(slot_x + slot * 0.15 + position * bar_width, 1),
                    y=round(chart.baseline - height, 1),
                    width=round(bar_width, 1),
                    height=round(height, 1),
                    css=css,
                )
            )
        chart.ticks.append(Tick(x=round(slot_x + slot / 2, 1), label=month.short))
    chart.top_label = top_label(top) if top else ""
    return chart


def _highest(months: list[Month], value, label) -> str:
    best = max(months, key=lambda month: (value(month), month.first))
    if not value(best):
        return "none yet"
    return f"highest {label(value(best))} in {best.label}"


def charts_change_at(
    *, practitioner: Practitioner | None, zone: ZoneInfo, now: datetime
) -> datetime | None:
    """When the charts next change with no save (one query): her next month in `zone`, the
    practitioner's next week in hers, or the next session starting (it then counts as held)."""
    next_month = add_months(month_start(now.astimezone(zone).date()), 1)
    next_week = None
    if practitioner is not None:
        next_week = week_window(now.astimezone(practitioner.tz).date(), practitioner.tz).end
    starting = soonest(Booking.objects.filter(status__in=SESSION_STATUSES, start__gte=now), "start")
    return earliest(local_midnight(next_month, zone), next_week, starting)


def dashboard_charts(
    *, practitioner: Practitioner | None, zone: ZoneInfo, now: datetime, currency: str
) -> Charts:
    """The dashboard's charts: months in `zone`, this week in the practitioner's own zone (seven
    queries, three without a practitioner)."""
    months = month_figures(zone=zone, now=now, currency=currency)
    span = f"{months[0].label} to {months[-1].label} (this month so far)"
    sessions = _bar_chart(
        "sessions",
        "Sessions each month",
        f"Sessions held each month from {span}: "
        + _highest(months, lambda m: m.sessions, str)
        + f"; {months[-1].sessions} this month.",
        months,
        [(lambda m: m.sessions, "qh-bar")],
        lambda top: f"{top} session{'s' if top != 1 else ''}",
    )
    takings_chart = _bar_chart(
        "money",
        "Takings and refunds each month",
        f"Takings and refunds in {currency} each month from {span}. Takings: "
        + _highest(months, lambda m: m.takings, lambda v: money(v, currency))
        + f"; {money(months[-1].takings, currency)} this month. Refunds: "
        + _highest(months, lambda m: m.refunds, lambda v: money(v, currency))
        + ".",
        months,
        [(lambda m: m.takings, "qh-bar"), (lambda m: m.refunds, "qh-bar-refund")],
        lambda top: money(top, currency),
    )
    week = week_figures(practitioner=practitioner, now=now) if practitioner else None
    charts = Charts(
        zone=zone.key,
        currency=currency,
        months=months,
        week=week,
        sessions=sessions,
        money=takings_chart,
    )
    if week is not None:
        track_width = WIDTH - LEFT - RIGHT
        share = min(week.share or 0, 100)
        charts.week_track = Bar(x=LEFT, y=10, width=track_width, height=24, css="qh-track")
        charts.week_bar = Bar(
            x=LEFT, y=10, width=round(track_width * share / 100, 1), height=24, css="qh-bar"
        )
    return charts
