"""The policy in words (`{% policy_note %}`): one sentence per case, for every page and e-mail.

Bookings here are never saved: the note reads only the booking's status, price, start and
policy snapshot.
"""

from datetime import UTC, datetime, timedelta

import pytest

from bookings.models import Booking
from bookings.templatetags.booking_tags import policy_note

START = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)
HOUR = timedelta(hours=1)
DEFAULT = {"notice_hours": 48, "refund_percent_with_notice": 100, "refund_percent_late": 0}
HALF_LATE = {"notice_hours": 24, "refund_percent_with_notice": 100, "refund_percent_late": 50}


@pytest.fixture(autouse=True)
def _fresh_cache():
    """No cache and no database here (overrides the project-wide fixture)."""
    return


def booking(status="confirmed", price=9500, terms=DEFAULT) -> Booking:
    return Booking(
        status=status,
        start=START,
        end=START + HOUR,
        price_amount=price,
        price_currency="GBP",
        policy_snapshot=terms,
    )


@pytest.mark.parametrize(
    ("made", "before_start", "about", "expected"),
    [
        # Before payment: what will hold once it is booked, a warning inside the window.
        (
            booking("held"),
            72 * HOUR,
            "booking",
            "Once it is booked, you can move it, or cancel it with a full refund, up to 48 hours "
            "before it starts. After that it can't be moved, and cancelling gives no refund.",
        ),
        (
            booking("held"),
            30 * HOUR,
            "booking",
            "Please note: it starts in less than 48 hours, so once it is booked it can't be "
            "moved, and cancelling it gives no refund.",
        ),
        (
            booking("held", price=0),
            30 * HOUR,
            "booking",
            "Please note: it starts in less than 48 hours, so once it is booked it can't be "
            "moved. You can still cancel it.",
        ),
        (
            booking("held", terms=HALF_LATE),
            20 * HOUR,
            "booking",
            "Please note: it starts in less than 24 hours, so once it is booked it can't be "
            "moved, and cancelling it gives a refund of £47.50.",
        ),
        # Booked: the booking page and the e-mails.
        (
            booking(price=0),
            72 * HOUR,
            "booking",
            "You can move it up to 48 hours before it starts, and cancel it until it starts.",
        ),
        (
            booking(),
            30 * HOUR,
            "booking",
            "Your session is less than 48 hours away, so it can no longer be moved or refunded.",
        ),
        (
            booking(terms=HALF_LATE),
            20 * HOUR,
            "booking",
            "Your session is less than 24 hours away, so it can no longer be moved; cancelling "
            "it now gives a refund of £47.50.",
        ),
        (booking(), -HOUR, "booking", ""),
        (booking("cancelled"), 72 * HOUR, "booking", ""),
        # The cancel page.
        (booking(), 72 * HOUR, "cancel", "You'll be refunded £95 in full."),
        (
            booking(),
            30 * HOUR,
            "cancel",
            "This is within 48 hours of your session, so it can't be refunded.",
        ),
        (
            booking(terms=HALF_LATE),
            20 * HOUR,
            "cancel",
            "This is within 24 hours of your session, so you'll be refunded £47.50 of the £95 "
            "you paid.",
        ),
        (
            booking("held"),
            72 * HOUR,
            "cancel",
            "Nothing has been paid yet, so there is nothing to refund. The time will be "
            "released for others.",
        ),
        (
            booking(price=0),
            30 * HOUR,
            "cancel",
            "This session is free, so there is nothing to refund.",
        ),
        (
            booking(),
            -HOUR,
            "cancel",
            "This session has already started, so it can no longer be cancelled.",
        ),
        # The move page.
        (
            booking(),
            72 * HOUR,
            "move",
            "You can move it to a time at least 48 hours from now. Your booking and payment move "
            "with it; nothing is charged or refunded.",
        ),
        (
            booking(),
            30 * HOUR,
            "move",
            "This is within 48 hours of your session, so it can no longer be moved.",
        ),
        (booking("held"), 72 * HOUR, "move", "Only a confirmed booking can be moved."),
    ],
)
def test_policy_note(made, before_start, about, expected):
    assert policy_note(made, START - before_start, about) == expected
