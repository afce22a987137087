"""Where a listening plan stands, read: its days in her zone, each day's state, today's, a gentle
streak, and the lists /my/, the booking page and the practitioner's dashboard show.

Pure reads. The plan's dates are dates in its own zone (`plan.time_zone`): day 1 is
`starts_on`, the last day `starts_on + days - 1`. Each list is read in a fixed number of queries
(listening days and check-ins prefetched), whatever the number of plans.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Prefetch

from aftercare.models import CheckIn, ListeningDay, ListeningPlan, Recording
from bookings.slots import wall_clock_to_utc

# A day counts as listened once she has played this share of the recording.
CREDIT_SHARE = 0.8
# Plans are never longer than 90 days: older ones cannot be running any more.
LONGEST_PLAN = timedelta(days=91)


class DayState:
    LISTENED = "listened"
    TODAY = "today"
    MISSED = "missed"
    TO_COME = "to-come"


# What each state says in words (the page never tells it by colour alone).
STATE_LABELS = {
    DayState.LISTENED: "Listened",
    DayState.TODAY: "Today",
    DayState.MISSED: "Not listened",
    DayState.TO_COME: "To come",
}


def plan_zone(plan: ListeningPlan) -> ZoneInfo:
    return ZoneInfo(plan.time_zone)


def plan_today(plan: ListeningPlan, *, now: datetime) -> date:
    """Her date at `now`, in the plan's zone."""
    return now.astimezone(plan_zone(plan)).date()


def plan_last_day(plan: ListeningPlan) -> date:
    return plan.starts_on + timedelta(days=plan.days - 1)


def plan_day_number(plan: ListeningPlan, day: date) -> int:
    """Day 1 is the plan's first date; 0 or less before it, more than `days` after it."""
    return (day - plan.starts_on).days + 1


def check_in_day_numbers(value: str) -> list[int]:
    """ "2,14" -> [2, 14] (validated by the models' check_in_days_validator)."""
    return sorted({int(part) for part in value.split(",") if part.strip()})


def listening_threshold(recording: Recording) -> float:
    """The seconds of playing that credit a day."""
    return CREDIT_SHARE * recording.duration_seconds


@dataclass(frozen=True)
class CheckInAnswer:
    day_number: int
    feeling: str  # "Good", or "" while unanswered
    message: str
    answered_at: datetime | None


def check_in_answer_read(check_in: CheckIn) -> CheckInAnswer:
    """Her answer to a check-in, in words (decrypted: for her and the practitioner only)."""
    answer = check_in.answer or {}
    feeling = answer.get("feeling")
    return CheckInAnswer(
        day_number=check_in.day_number,
        feeling=CheckIn.Feeling(feeling).label if feeling in CheckIn.Feeling.values else "",
        message=answer.get("message", ""),
        answered_at=check_in.answered_at,
    )


@dataclass(frozen=True)
class DayCell:
    day: date
    number: int
    state: str
    is_today: bool

    @property
    def label(self) -> str:
        if self.is_today and self.state == DayState.LISTENED:
            return "Today, listened"
        return STATE_LABELS[self.state]


@dataclass
class PlanProgress:
    plan: ListeningPlan
    today: date
    cells: list[DayCell]
    listened_count: int
    run: int  # days in a row up to today (or yesterday, while today is still open)
    last_listened_at: datetime | None
    today_listened: bool
    today_seconds: int
    check_ins: list[CheckIn] = field(default_factory=list)

    @property
    def days(self) -> int:
        return self.plan.days

    @property
    def last_day(self) -> date:
        return plan_last_day(self.plan)

    @property
    def day_number(self) -> int:
        return plan_day_number(self.plan, self.today)

    @property
    def tomorrow_starts_at(self) -> datetime:
        """Her next midnight, in the plan's zone: what is shown of the plan by date (its day,
        whether it has started or ended, today's state) changes then without any save."""
        return wall_clock_to_utc(self.today + timedelta(days=1), time(0), plan_zone(self.plan))

    @property
    def ended(self) -> bool:
        """Over by date: the day after its last day has come."""
        return self.today > self.last_day

    @property
    def finished(self) -> bool:
        return self.plan.status == ListeningPlan.Status.FINISHED

    @property
    def paused(self) -> bool:
        return self.plan.status == ListeningPlan.Status.PAUSED

    @property
    def over(self) -> bool:
        """Ended by date or finished by her: time for the follow-up invitation."""
        return self.ended or self.finished

    @property
    def running(self) -> bool:
        """Within its days and not finished (paused or not)."""
        return not self.over and self.today >= self.plan.starts_on

    @property
    def state_label(self) -> str:
        if self.finished:
            return "Finished"
        if self.ended:
            return "Ended"
        if self.paused:
            return "Paused"
        return "Active"

    @property
    def today_message(self) -> str:
        """Today's state in a sentence (the page reads it out when it changes)."""
        if self.finished:
            return "You have finished your plan. You can still listen whenever you like."
        if self.ended:
            return "Your plan has ended. You can still listen whenever you like."
        if self.today < self.plan.starts_on:
            return "Your plan starts tomorrow."
        if self.today_listened:
            return f"Day {self.day_number} of {self.days}: listened today. Thank you."
        return f"Day {self.day_number} of {self.days}: not listened yet today."

    @property
    def encouragement(self) -> str:
        """A gentle word on how it has gone: what she has done, never what she has not."""
        if not self.listened_count:
            return "Whenever you are ready, one listen is a good start."
        times = "day" if self.listened_count == 1 else "days"
        text = f"You have listened on {self.listened_count} {times} so far."
        if self.run >= 2:
            text += f" That's {self.run} days in a row."
        elif not self.over:
            text += " Every listen counts, whenever it happens."
        return text

    @property
    def summary(self) -> str:
        """One line for lists: "Day 5 of 21 · listened on 4 days"."""
        listened = f"listened on {self.listened_count} day{'s' if self.listened_count != 1 else ''}"
        if self.over:
            return f"{self.state_label} · {listened} of {self.days}"
        if self.today < self.plan.starts_on:
            return f"Starts tomorrow · {self.days} days"
        paused = ", paused" if self.paused else ""
        return f"Day {self.day_number} of {self.days}{paused} · {listened}"

    @property
    def open_check_ins(self) -> list[CheckIn]:
        return [check_in for check_in in self.check_ins if check_in.answered_at is None]

    @property
    def answers(self) -> list[CheckInAnswer]:
        """Her answers to the check-ins sent so far (unanswered ones without a feeling)."""
        return [check_in_answer_read(check_in) for check_in in self.check_ins]


def duration_label(seconds: float) -> str:
    """ "about 20 minutes", "about 1 minute", "under a minute"."""
    minutes = round(seconds / 60)
    if seconds < 60:
        return "under a minute"
    return f"about {minutes} minute{'s' if minutes != 1 else ''}"


def _state(day: date, today: date, listened: set[date]) -> str:
    if day in listened:
        return DayState.LISTENED
    if day == today:
        return DayState.TODAY
    return DayState.MISSED if day < today else DayState.TO_COME


def _run(today: date, listened: set[date]) -> int:
    day = today if today in listened else today - timedelta(days=1)
    run = 0
    while day in listened:
        run += 1
        day -= timedelta(days=1)
    return run


def plan_progress(plan: ListeningPlan, *, now: datetime) -> PlanProgress:
    """Where `plan` stands at `now` (uses prefetched listening days and check-ins if any)."""
    today = plan_today(plan, now=now)
    rows = list(plan.listening_days.all())
    in_plan = [row for row in rows if plan.starts_on <= row.day <= plan_last_day(plan)]
    listened = {row.day for row in in_plan if row.listened_at is not None}
    today_row = next((row for row in rows if row.day == today), None)
    cells = [
        DayCell(day=day, number=number, state=_state(day, today, listened), is_today=day == today)
        for number, day in (
            (number, plan.starts_on + timedelta(days=number - 1))
            for number in range(1, plan.days + 1)
        )
    ]
    times = [row.listened_at for row in rows if row.listened_at is not None]
    return PlanProgress(
        plan=plan,
        today=today,
        cells=cells,
        listened_count=len(listened),
        run=_run(today, listened),
        last_listened_at=max(times, default=None),
        today_listened=today_row is not None and today_row.listened_at is not None,
        today_seconds=today_row.seconds_played if today_row else 0,
        check_ins=list(plan.check_ins.all()),
    )


def progress_prefetches(prefix: str = "") -> list[Prefetch]:
    """What plan_progress reads of a plan, fetched for many plans at once."""
    return [
        Prefetch(f"{prefix}listening_days", queryset=ListeningDay.objects.order_by("day")),
        Prefetch(f"{prefix}check_ins", queryset=CheckIn.objects.order_by("day_number")),
    ]


@dataclass(frozen=True)
class RecordingSummary:
    recording: Recording
    progress: PlanProgress | None


def client_recordings(*, client, now: datetime, booking=None) -> list[RecordingSummary]:
    """The client's recordings, newest first, each with its plan's progress (three queries).

    With `booking`, only the recordings made after that session.
    """
    recordings = Recording.objects.filter(client=client)
    if booking is not None:
        recordings = recordings.filter(booking=booking)
    recordings = (
        recordings.select_related("plan")
        .prefetch_related(*progress_prefetches("plan__"))
        .order_by("-created_at", "-pk")
    )
    summaries = []
    for recording in recordings:
        plan = getattr(recording, "plan", None)
        progress = plan_progress(plan, now=now) if plan is not None else None
        summaries.append(RecordingSummary(recording=recording, progress=progress))
    return summaries


def running_plans(*, now: datetime) -> list[PlanProgress]:
    """Every plan still within its days and not finished (active or paused), for the
    practitioner: soonest to end first (three queries)."""
    plans = (
        ListeningPlan.objects.filter(
            status__in=[ListeningPlan.Status.ACTIVE, ListeningPlan.Status.PAUSED],
            starts_on__gte=now.date() - LONGEST_PLAN,
        )
        .select_related("recording__client")
        .prefetch_related(*progress_prefetches())
    )
    progresses = [plan_progress(plan, now=now) for plan in plans]
    running = [progress for progress in progresses if not progress.over]
    return sorted(running, key=lambda progress: (progress.last_day, progress.plan.pk))
