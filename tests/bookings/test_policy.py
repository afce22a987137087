"""The cancellation and rescheduling rules: pure, table-driven, no database."""

from datetime import UTC, datetime, timedelta

import pytest

from bookings.policy import (
    Outcome,
    PolicyTerms,
    Reason,
    cancellation_outcome,
    earliest_move_target,
    reschedule_outcome,
)

START = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)
DEFAULT = PolicyTerms()
HALF_LATE = PolicyTerms(notice_hours=24, refund_percent_with_notice=100, refund_percent_late=50)
STINGY = PolicyTerms(notice_hours=72, refund_percent_with_notice=80, refund_percent_late=0)
HOUR = timedelta(hours=1)


@pytest.fixture(scope="module", autouse=True)
def _fresh_cache():
    """Pure code: no cache to clear (overrides the project-wide fixture)."""
    return


@pytest.mark.parametrize(
    ("terms", "before_start", "by", "paid", "expected"),
    [
        # Default policy: 48 hours, full refund in time, none later.
        (DEFAULT, 72 * HOUR, "client", 9500, Outcome(True, 9500, Reason.IN_TIME)),
        (DEFAULT, 48 * HOUR, "client", 9500, Outcome(True, 9500, Reason.IN_TIME)),
        (
            DEFAULT,
            48 * HOUR - timedelta(seconds=1),
            "client",
            9500,
            Outcome(True, 0, Reason.LATE),
        ),
        (DEFAULT, 1 * HOUR, "client", 9500, Outcome(True, 0, Reason.LATE)),
        (DEFAULT, timedelta(0), "client", 9500, Outcome(False, 0, Reason.STARTED)),
        (DEFAULT, -1 * HOUR, "client", 9500, Outcome(False, 0, Reason.STARTED)),
        # A free session or an unpaid hold: nothing to refund, still cancellable.
        (DEFAULT, 72 * HOUR, "client", 0, Outcome(True, 0, Reason.IN_TIME)),
        # The practitioner can always cancel, with a full refund.
        (DEFAULT, 1 * HOUR, "practitioner", 9500, Outcome(True, 9500, Reason.PRACTITIONER)),
        (DEFAULT, -1 * HOUR, "practitioner", 9500, Outcome(True, 9500, Reason.PRACTITIONER)),
        # The practitioner's own numbers.
        (HALF_LATE, 30 * HOUR, "client", 9500, Outcome(True, 9500, Reason.IN_TIME)),
        (HALF_LATE, 23 * HOUR, "client", 9500, Outcome(True, 4750, Reason.LATE)),
        (HALF_LATE, 23 * HOUR, "client", 9999, Outcome(True, 4999, Reason.LATE)),  # rounded down
        (STINGY, 73 * HOUR, "client", 25000, Outcome(True, 20000, Reason.IN_TIME)),
        (STINGY, 71 * HOUR, "client", 25000, Outcome(True, 0, Reason.LATE)),
    ],
)
def test_cancellation_outcome(terms, before_start, by, paid, expected):
    outcome = cancellation_outcome(
        terms=terms, start=START, amount_paid=paid, now=START - before_start, by=by
    )
    assert outcome == expected


@pytest.mark.parametrize(
    ("terms", "before_start", "by", "allowed", "reason"),
    [
        (DEFAULT, 72 * HOUR, "client", True, Reason.IN_TIME),
        (DEFAULT, 48 * HOUR, "client", True, Reason.IN_TIME),
        (DEFAULT, 47 * HOUR, "client", False, Reason.LATE),
        (DEFAULT, timedelta(0), "client", False, Reason.STARTED),
        (DEFAULT, 1 * HOUR, "practitioner", True, Reason.PRACTITIONER),
        (DEFAULT, -1 * HOUR, "practitioner", False, Reason.STARTED),
        (HALF_LATE, 25 * HOUR, "client", True, Reason.IN_TIME),
        (HALF_LATE, 23 * HOUR, "client", False, Reason.LATE),
    ],
)
def test_reschedule_outcome(terms, before_start, by, allowed, reason):
    outcome = reschedule_outcome(terms=terms, start=START, now=START - before_start, by=by)
    assert (outcome.allowed, outcome.refund_amount, outcome.reason) == (allowed, 0, reason)


@pytest.mark.parametrize(
    ("terms", "by", "earliest"),
    [
        (DEFAULT, "client", START + 48 * HOUR),
        (HALF_LATE, "client", START + 24 * HOUR),
        (STINGY, "client", START + 72 * HOUR),
        (DEFAULT, "practitioner", START),
    ],
)
def test_a_session_moves_only_to_a_time_outside_the_notice_window(terms, by, earliest):
    """The notice rule holds for the new time too (for a client): never a late booking."""
    assert earliest_move_target(terms=terms, now=START, by=by) == earliest


def test_terms_from_a_snapshot_fill_in_the_defaults():
    assert PolicyTerms.from_snapshot({}) == PolicyTerms(48, 100, 0)
    assert PolicyTerms.from_snapshot(None) == PolicyTerms(48, 100, 0)
    assert PolicyTerms.from_snapshot({"notice_hours": 24, "refund_percent_late": 50}) == (
        PolicyTerms(24, 100, 50)
    )


def test_an_unknown_actor_is_refused():
    with pytest.raises(ValueError, match="stranger"):
        cancellation_outcome(terms=DEFAULT, start=START, amount_paid=1, now=START, by="stranger")
