"""Booking fixtures: a fixed clock (`fixed_now`) and times of day from it (`at`).

The practitioner, the paid `service`, free_service, make_booking (confirmed unless told),
other_client and run_worker are tests/conftest.py's.

Django is imported inside the fixtures: tests/bookings/test_slots.py also runs without it.
"""

from datetime import UTC, datetime, timedelta

import pytest

# A Monday in winter (GMT = UTC, so London wall clock equals UTC in the domain tests).
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


@pytest.fixture
def fixed_now():
    """The domain tests' fixed clock: Monday 2 March 2026, 08:00 UTC (and in London)."""
    return NOW


def start_on(day_offset: int, hour: int, minute: int = 0, *, base: datetime = NOW) -> datetime:
    return (base + timedelta(days=day_offset)).replace(hour=hour, minute=minute)


@pytest.fixture
def at():
    """at(days, hour, minute=0): an instant `days` after fixed_now at hour:minute UTC."""
    return start_on
