"""Her window, on her own clock: days from first to last, times of day (mornings 8-12,
afternoons 12-17, evenings 17-21), and when it ends, across a change of summer time."""

from datetime import UTC, date, datetime

import pytest

from waitlist.windows import Window

LONDON = "Europe/London"


def window(first=date(2026, 3, 28), last=date(2026, 3, 30), parts=("mornings",), zone=LONDON):
    return Window(first_day=first, last_day=last, parts=frozenset(parts), zone=zone)


@pytest.mark.parametrize(
    ("start", "parts", "suits"),
    [
        # Saturday 28 March: GMT. 08:00 UTC is 08:00 in London.
        (datetime(2026, 3, 28, 8, 0, tzinfo=UTC), ("mornings",), True),
        (datetime(2026, 3, 28, 7, 59, tzinfo=UTC), ("mornings",), False),
        (datetime(2026, 3, 28, 12, 0, tzinfo=UTC), ("mornings",), False),
        (datetime(2026, 3, 28, 12, 0, tzinfo=UTC), ("afternoons",), True),
        (datetime(2026, 3, 28, 17, 0, tzinfo=UTC), ("afternoons",), False),
        (datetime(2026, 3, 28, 20, 59, tzinfo=UTC), ("evenings",), True),
        (datetime(2026, 3, 28, 21, 0, tzinfo=UTC), ("evenings",), False),
        # Monday 30 March: BST. 07:30 UTC is 08:30 in London, 11:30 UTC is 12:30.
        (datetime(2026, 3, 30, 7, 30, tzinfo=UTC), ("mornings",), True),
        (datetime(2026, 3, 30, 11, 30, tzinfo=UTC), ("mornings",), False),
        (datetime(2026, 3, 30, 11, 30, tzinfo=UTC), ("afternoons",), True),
        # Outside her days.
        (datetime(2026, 3, 27, 9, 0, tzinfo=UTC), ("mornings",), False),
        (datetime(2026, 3, 31, 9, 0, tzinfo=UTC), ("mornings",), False),
    ],
)
def test_a_start_suits_her_window_on_her_clock(start, parts, suits):
    assert window(parts=parts).suits(start) is suits


def test_her_day_is_her_own_not_utcs():
    # 23:30 UTC on 27 March is already 28 March, 08:30, in Tokyo: a morning of her first day.
    tokyo = window(zone="Asia/Tokyo")

    assert tokyo.suits(datetime(2026, 3, 27, 23, 30, tzinfo=UTC))
    assert not tokyo.suits(datetime(2026, 3, 30, 23, 30, tzinfo=UTC))  # 31 March there


@pytest.mark.parametrize(
    ("last", "ends_at"),
    [
        (date(2026, 3, 28), datetime(2026, 3, 29, 0, 0, tzinfo=UTC)),  # midnight GMT
        (date(2026, 3, 29), datetime(2026, 3, 29, 23, 0, tzinfo=UTC)),  # midnight BST
    ],
)
def test_a_window_ends_at_midnight_after_her_last_day(last, ends_at):
    assert window(first=date(2026, 3, 20), last=last).ends_at == ends_at


@pytest.mark.parametrize(
    ("parts", "label"),
    [
        (("evenings",), "Evenings"),
        (("evenings", "mornings"), "Mornings and evenings"),
        (("afternoons", "evenings", "mornings"), "Mornings, afternoons and evenings"),
    ],
)
def test_her_times_of_day_read_as_a_phrase(parts, label):
    assert window(parts=parts).parts_label == label
