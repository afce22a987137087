"""When a client would like a time: from one day to another, at some times of day, on her clock.

Pure: no database and no clock (the moment comes in as an argument). One home for the rule
"does this start suit her?", used when a time frees, when she joins (the times free already)
and wherever her choice is described to her.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bookings.slots import wall_clock_to_utc


@dataclass(frozen=True)
class PartOfDay:
    field: str  # the entry's boolean field, and the form's checkbox value
    label: str
    hours: str  # as the form shows them
    start: time
    end: time

    def holds(self, moment: time) -> bool:
        return self.start <= moment < self.end


PARTS_OF_DAY = (
    PartOfDay("mornings", "Mornings", "8 am to 12 noon", time(8), time(12)),
    PartOfDay("afternoons", "Afternoons", "12 noon to 5 pm", time(12), time(17)),
    PartOfDay("evenings", "Evenings", "5 pm to 9 pm", time(17), time(21)),
)
PART_FIELDS = tuple(part.field for part in PARTS_OF_DAY)


@dataclass(frozen=True)
class Window:
    """The days (`first_day` to `last_day`, both included) and parts of the day (`parts`: their
    fields) that suit a client, on the clock of `zone`."""

    first_day: date
    last_day: date
    parts: frozenset[str]
    zone: str

    def suits(self, start: datetime) -> bool:
        """Whether a session starting at `start` (an instant) starts on one of her days, in one
        of her parts of the day, as her clock shows it."""
        local = start.astimezone(ZoneInfo(self.zone))
        if not self.first_day <= local.date() <= self.last_day:
            return False
        return any(part.field in self.parts and part.holds(local.time()) for part in PARTS_OF_DAY)

    @property
    def ends_at(self) -> datetime:
        """The end of her last day on her clock: the instant the window is over."""
        return wall_clock_to_utc(self.last_day + timedelta(days=1), time(0), ZoneInfo(self.zone))

    @property
    def parts_label(self) -> str:
        """ "Mornings and evenings", "Mornings, afternoons and evenings" """
        labels = [part.label for part in PARTS_OF_DAY if part.field in self.parts]
        words = labels[:1] + [label.lower() for label in labels[1:]]
        if len(words) <= 1:
            return "".join(words)
        return ", ".join(words[:-1]) + " and " + words[-1]


def local_today(now: datetime, zone: str) -> date:
    """Today's date on the clock of `zone`."""
    return now.astimezone(ZoneInfo(zone)).date()
