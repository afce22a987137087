"""Calendar months: the one place that steps from one month to another.

Pure: plain dates (or datetimes, which keep their time and zone), no clock, no zones.
"""

import calendar
from datetime import date, timedelta
from typing import TypeVar

D = TypeVar("D", bound=date)


def add_months(day: D, months: int) -> D:
    """The same day `months` later (or earlier, when negative); the month's last day when that
    day does not exist there (31 January + 1 month = 28 or 29 February)."""
    year, month_index = divmod(day.year * 12 + day.month - 1 + months, 12)
    month = month_index + 1
    last = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last))


def month_start(day: date) -> date:
    """The 1st of `day`'s month."""
    return day.replace(day=1)


def month_end(day: date) -> date:
    """The last day of `day`'s month."""
    return add_months(month_start(day), 1) - timedelta(days=1)
