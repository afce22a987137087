"""Reconciliation: Stripe's recent Checkout Sessions against our payments, bookings and refunds.

Behind `manage.py reconcile_payments` and the hourly `reconcile_recent` task.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime

import stripe
from django.db.models import Count, Prefetch, Q

from bookings.lifecycle import amount_covered, amount_due
from bookings.models import Booking
from bookings.policy import refund_split
from payments.client import booking_reference_of, error_code, optional_field, stripe_client
from payments.models import Order, Payment, Refund
from payments.refunds import refunds_retry_pending
from payments.settle import payment_confirm
from practice.money import money

logger = logging.getLogger(__name__)


def recent_checkout_sessions(*, since: datetime):
    """Every Checkout Session created since `since`, newest first (all pages)."""
    listing = stripe_client(in_request=False).v1.checkout.sessions.list(
        params={"created": {"gte": int(since.timestamp())}, "limit": 100}
    )
    return listing.auto_paging_iter()


@dataclass
class Finding:
    reference: str
    session_id: str = ""
    note: str = ""
    what: str = "booking"  # or "order" (a package, a gift voucher)


@dataclass
class Reconciliation:
    paid_unconfirmed: list[Finding] = field(default_factory=list)
    confirmed_unpaid: list[Finding] = field(default_factory=list)
    refunds_short: list[Finding] = field(default_factory=list)
    refunds_pending: list[Finding] = field(default_factory=list)
    sessions_seen: int = 0
    # Why Stripe's sessions could not be compared (all of them), or "" when they were.
    stripe_error: str = ""

    @property
    def needs_a_person(self) -> list[Finding]:
        return [
            finding
            for finding in (
                *self.paid_unconfirmed,
                *self.confirmed_unpaid,
                *self.refunds_short,
                *self.refunds_pending,
            )
            if not finding.note.startswith("fixed")
        ]


def _is_settled(payment: Payment | None) -> bool:
    """Paid locally and accounted for: its booking was confirmed, or it was refunded."""
    if payment is None or not payment.is_paid:
        return False
    if payment.order_id is not None:
        return payment.order.status == Order.Status.PAID or payment.refunds.exists()
    return payment.booking.confirmed_at is not None or payment.refunds.exists()


def _settle_missed(session, *, now: datetime) -> str:
    """Settle a paid session the webhook missed; say what became of it."""
    fixed = payment_confirm(checkout_session=session, now=now)
    if fixed is None:
        return "paid, but no such booking here"
    if fixed.order_id is not None:
        return "fixed: order paid" if not fixed.refunds.exists() else "fixed: refunded in full"
    fixed.booking.refresh_from_db()
    confirmed = fixed.booking.status == Booking.Status.CONFIRMED and not fixed.refunds.exists()
    return f"fixed: {'booking confirmed' if confirmed else 'refunded in full'}"


def _what(session) -> str:
    metadata = optional_field(session, "metadata")
    return "order" if optional_field(metadata, "order_reference") else "booking"


def _compare_sessions(report: Reconciliation, *, since: datetime, now: datetime, fix: bool):
    """Stripe's paid sessions against our payments; returns the references paid at Stripe."""
    paid_references: set[str] = set()
    try:
        for session in recent_checkout_sessions(since=since):
            report.sessions_seen += 1
            reference = booking_reference_of(session)
            if reference is None or session.payment_status != "paid":
                continue
            paid_references.add(reference)
            payment = (
                Payment.objects.select_related("booking", "order")
                .filter(checkout_session_id=session.id)
                .first()
            )
            if _is_settled(payment):
                continue
            finding = Finding(reference=reference, session_id=session.id, what=_what(session))
            finding.note = _settle_missed(session, now=now) if fix else "paid, not confirmed"
            report.paid_unconfirmed.append(finding)
    except stripe.StripeError as error:
        report.stripe_error = error_code(error)
        logger.warning("Payments check: Stripe could not be reached (%s).", report.stripe_error)
    return paid_references


# Bookings that keep what they were paid (less a cancellation's refund); others keep nothing.
_KEEPS_PAYMENT = (Booking.Status.CONFIRMED, Booking.Status.COMPLETED, Booking.Status.NO_SHOW)


def _amount_kept(booking: Booking) -> int:
    """What the practice keeps of the money paid for `booking`; the rest is owed back.

    A cancellation gives back, as money, only the money's share of its refund: the share of
    what a credit or a voucher covered goes back to them (`refund_split`).
    """
    if booking.status in _KEEPS_PAYMENT:
        return booking.price_amount
    if booking.status == Booking.Status.CANCELLED and booking.confirmed_at is not None:
        covered = amount_covered(booking)
        back = refund_split(
            refund=booking.refund_amount or 0, price=booking.price_amount, covered=covered
        ).money
        return booking.price_amount - covered - back
    return 0  # never confirmed: every payment goes back


def _refunds_short(booking: Booking) -> list[Finding]:
    """The booking's payments whose refunds (made or on their way) fall short of what is owed.

    One payment, the one least refunded, keeps what the booking keeps; every other payment is
    owed back in full.
    """
    payments = list(booking.payments.all())
    under_way = (Refund.Status.PENDING, Refund.Status.SUCCEEDED)
    back = {
        payment.pk: sum(r.amount for r in payment.refunds.all() if r.status in under_way)
        for payment in payments
    }
    keeper = min(payments, key=lambda payment: (back[payment.pk], payment.paid_at, payment.pk))
    findings = []
    for payment in payments:
        kept = min(_amount_kept(booking), payment.amount) if payment == keeper else 0
        owed = payment.amount - kept
        if back[payment.pk] >= owed:
            continue
        failed = any(
            r.status in (Refund.Status.FAILED, Refund.Status.CANCELED)
            for r in payment.refunds.all()
        )
        note = (
            f"payment {payment.payment_intent_id or payment.checkout_session_id}: "
            f"{money(back[payment.pk], payment.currency)} refunded of "
            f"{money(owed, payment.currency)} owed back" + (" (a refund failed)" if failed else "")
        )
        findings.append(Finding(reference=booking.reference, note=note))
    return findings


def _bookings_owing_refunds():
    """Bookings with a payment that may be owed back: all but those keeping their one payment."""
    paid = Q(payments__status__in=Payment.PAID_STATUSES)
    return (
        Booking.objects.annotate(paid_count=Count("payments", filter=paid))
        .filter(paid_count__gt=0)
        .filter(~Q(status__in=_KEEPS_PAYMENT) | Q(paid_count__gt=1))
        .prefetch_related(
            Prefetch(
                "payments",
                queryset=Payment.objects.filter(status__in=Payment.PAID_STATUSES),
            ),
            "payments__refunds",
        )
        .order_by("pk")
    )


def reconcile(*, since: datetime, now: datetime, fix: bool = False) -> Reconciliation:
    """Compare Stripe's recent Checkout Sessions with our payments, bookings and refunds.

    Finds sessions paid at Stripe whose payment is not settled here (paid but unconfirmed),
    confirmed paid bookings with no paid payment (confirmed but unpaid), payments whose refunds
    don't add up to what their booking owes back (every payment of a booking but the one it
    keeps goes back in full; a cancellation gives back what its policy said), and refunds that
    never reached Stripe. With `fix`, paid sessions go through `payment_confirm` (a confirmed
    booking or a full refund) and pending refunds are sent; the rest is for a person to look at.
    When Stripe cannot be reached, the checks that need only our records still run and
    `stripe_error` says why the sessions were not compared.
    """
    report = Reconciliation()
    paid_references = _compare_sessions(report, since=since, now=now, fix=fix)

    # Free bookings (price 0) need no payment, nor do those a package credit or a gift voucher
    # paid for whole (amount_due).
    confirmed = (
        Booking.objects.filter(confirmed_at__gte=since, price_amount__gt=0)
        .exclude(reference__in=paid_references)
        .exclude(payments__status__in=Payment.PAID_STATUSES)
        .order_by("confirmed_at")
    )
    report.confirmed_unpaid = [
        Finding(reference=booking.reference, note="confirmed, no payment received")
        for booking in confirmed
        if amount_due(booking)
    ]
    for booking in _bookings_owing_refunds():
        report.refunds_short.extend(_refunds_short(booking))

    if fix:
        refunds_retry_pending(now=now, older_than=None)
    for refund in Refund.objects.filter(
        status=Refund.Status.PENDING, stripe_refund_id=""
    ).select_related("payment__booking", "payment__order"):
        report.refunds_pending.append(
            Finding(
                reference=refund.payment.reference,
                note="refund not sent to Stripe",
                what="order" if refund.payment.order_id else "booking",
            )
        )
    return report
