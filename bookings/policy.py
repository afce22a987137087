"""The cancellation and rescheduling rules: pure functions of the terms, the time and who asks.

The terms come from the snapshot a booking keeps of the practice's policy when it was made,
so a later change to the policy never alters what a client agreed to.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import models

DEFAULT_NOTICE_HOURS = 48
DEFAULT_REFUND_PERCENT_WITH_NOTICE = 100
DEFAULT_REFUND_PERCENT_LATE = 0


class Actor(models.TextChoices):
    """Who acts on a booking (and who cancelled it: `Booking.cancelled_by`)."""

    CLIENT = "client", "Client"
    PRACTITIONER = "practitioner", "Practitioner"


class Reason(models.TextChoices):
    IN_TIME = "in_time"  # enough notice: the client may cancel (refund) or reschedule
    LATE = "late"  # inside the notice window
    STARTED = "started"  # the session has begun or is over
    PRACTITIONER = "practitioner"  # the practitioner may always act, with a full refund


@dataclass(frozen=True, slots=True)
class PolicyTerms:
    notice_hours: int = DEFAULT_NOTICE_HOURS
    refund_percent_with_notice: int = DEFAULT_REFUND_PERCENT_WITH_NOTICE
    refund_percent_late: int = DEFAULT_REFUND_PERCENT_LATE

    @classmethod
    def from_snapshot(cls, snapshot: Mapping | None) -> "PolicyTerms":
        snapshot = snapshot or {}
        return cls(
            notice_hours=int(snapshot.get("notice_hours", DEFAULT_NOTICE_HOURS)),
            refund_percent_with_notice=int(
                snapshot.get("refund_percent_with_notice", DEFAULT_REFUND_PERCENT_WITH_NOTICE)
            ),
            refund_percent_late=int(
                snapshot.get("refund_percent_late", DEFAULT_REFUND_PERCENT_LATE)
            ),
        )

    @property
    def notice(self) -> timedelta:
        return timedelta(hours=self.notice_hours)

    def refund_with_notice(self, amount_paid: int) -> int:
        return _percent_of(amount_paid, self.refund_percent_with_notice)

    def refund_late(self, amount_paid: int) -> int:
        return _percent_of(amount_paid, self.refund_percent_late)


@dataclass(frozen=True, slots=True)
class Outcome:
    allowed: bool
    refund_amount: int  # minor units
    reason: Reason

    @property
    def in_time(self) -> bool:
        return self.reason in (Reason.IN_TIME, Reason.PRACTITIONER)


def _percent_of(amount: int, percent: int) -> int:
    # Whole minor units, rounded down: never refund more than the policy says.
    return amount * percent // 100


@dataclass(frozen=True, slots=True)
class RefundSplit:
    money: int  # back to the card it was paid with
    covered: int  # back to what covered a part of the price (a gift voucher's balance)


def refund_split(*, refund: int, price: int, covered: int) -> RefundSplit:
    """Share a cancellation's `refund` between the money paid and what `covered` of the `price`
    (a gift voucher), in proportion to what each paid: the covered share rounded down, the
    money's share the rest, so the two always add up to `refund`. A price covered whole (a
    package credit) has no money to give back."""
    if price <= 0 or covered <= 0:
        return RefundSplit(money=refund, covered=0)
    covered = min(covered, price)
    covered_back = refund * covered // price
    return RefundSplit(money=refund - covered_back, covered=covered_back)


def cancellation_outcome(
    *, terms: PolicyTerms, start: datetime, amount_paid: int, now: datetime, by: Actor | str
) -> Outcome:
    """What cancelling a session that starts at `start` means at `now`.

    A client may cancel until the session starts: with enough notice (up to
    ``terms.notice_hours`` before the start, inclusive) the refund is
    ``refund_percent_with_notice`` of what was paid, later ``refund_percent_late``. The
    practitioner may always cancel, with a full refund.
    """
    if Actor(by) == Actor.PRACTITIONER:
        return Outcome(allowed=True, refund_amount=amount_paid, reason=Reason.PRACTITIONER)
    if now >= start:
        return Outcome(allowed=False, refund_amount=0, reason=Reason.STARTED)
    if now <= start - terms.notice:
        refund = terms.refund_with_notice(amount_paid)
        return Outcome(allowed=True, refund_amount=refund, reason=Reason.IN_TIME)
    return Outcome(allowed=True, refund_amount=terms.refund_late(amount_paid), reason=Reason.LATE)


def reschedule_outcome(
    *, terms: PolicyTerms, start: datetime, now: datetime, by: Actor | str
) -> Outcome:
    """Whether a session starting at `start` may be moved at `now`.

    A client may reschedule up to ``terms.notice_hours`` before the start (inclusive); the
    practitioner may move a session that has not started. Moving never refunds anything.
    """
    if now >= start:
        return Outcome(allowed=False, refund_amount=0, reason=Reason.STARTED)
    if Actor(by) == Actor.PRACTITIONER:
        return Outcome(allowed=True, refund_amount=0, reason=Reason.PRACTITIONER)
    if now <= start - terms.notice:
        return Outcome(allowed=True, refund_amount=0, reason=Reason.IN_TIME)
    return Outcome(allowed=False, refund_amount=0, reason=Reason.LATE)


def earliest_move_target(*, terms: PolicyTerms, now: datetime, by: Actor | str) -> datetime:
    """The earliest start a session may be moved to at `now`.

    The notice rule holds for the new time too: a client may not move a session to a time
    less than ``terms.notice_hours`` away, which would be a late booking she could no longer
    change. The practitioner may move a session to any time she offers.
    """
    return now if Actor(by) == Actor.PRACTITIONER else now + terms.notice
