"""Month arithmetic: the kernel's one home for stepping between calendar months."""

from datetime import UTC, date, datetime

import pytest

from practice.dates import add_months, month_end, month_start


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 15), 1, date(2026, 2, 15)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),  # no 31 February: its last day
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # a leap year
        (date(2026, 12, 1), 1, date(2027, 1, 1)),  # over the year's end
        (date(2026, 1, 1), -1, date(2025, 12, 1)),  # and back over it
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 5, 10), -17, date(2024, 12, 10)),
        (date(2026, 5, 10), 0, date(2026, 5, 10)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_months_last(day, months, expected):
    assert add_months(day, months) == expected


def test_twelve_months_after_29_february_is_28_february_at_the_same_time():
    moment = datetime(2028, 2, 29, 9, 30, tzinfo=UTC)

    assert add_months(moment, 12) == datetime(2029, 2, 28, 9, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("day", "first", "last"),
    [
        (date(2026, 2, 14), date(2026, 2, 1), date(2026, 2, 28)),
        (date(2028, 2, 1), date(2028, 2, 1), date(2028, 2, 29)),
        (date(2026, 12, 31), date(2026, 12, 1), date(2026, 12, 31)),
        (date(2026, 4, 30), date(2026, 4, 1), date(2026, 4, 30)),
    ],
)
def test_a_month_runs_from_its_first_to_its_last_day(day, first, last):
    assert (month_start(day), month_end(day)) == (first, last)
