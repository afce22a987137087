"""The practitioner's calendar on her phone: an agenda of days in a list, each with everything
on it in clock order, instead of a grid seven columns wide (workplace/calendar.py builds the days).

Pure functions of plain data, like the grids.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, tzinfo

from bookings.slots import Interval
from workplace.calendar import ONE_DAY, Day, Shown, build_days, days_window

# The day she looks at and the fourteen after it.
AGENDA_DAYS = 15


@dataclass
class Agenda:
    """Days in a list, each with everything on it in clock order: the calendar on her phone."""

    first_day: date
    days: list[Day]

    @property
    def last_day(self) -> date:
        return self.days[-1].date

    @property
    def previous(self) -> date:
        return self.first_day - len(self.days) * ONE_DAY

    @property
    def next(self) -> date:
        return self.first_day + len(self.days) * ONE_DAY


def agenda_window(day: date, tz: tzinfo) -> Interval:
    return days_window(day, day + (AGENDA_DAYS - 1) * ONE_DAY, tz)


def build_agenda(day: date, shown: Shown) -> Agenda:
    """`day` and the days after it (AGENDA_DAYS in all), each listing its entries by time."""
    last = day + (AGENDA_DAYS - 1) * ONE_DAY
    return Agenda(first_day=day, days=build_days(day, last, shown))
