"""Refunds: written in the transaction that decides them, sent to Stripe by the task worker.

- `refund_issue`: a Refund row in the caller's transaction, sent to Stripe once it commits;
  `cancellation_refund`: every refund a cancellation owes (bookings calls it, through its
  cancellation hooks, inside `booking_cancel`).
- `refund_sync`, `charge_refunded`: what Stripe reports about refunds. Amounts refunded are
  always summed from the Refund rows, never taken from an event that may be stale.
"""

import logging
import secrets
from datetime import datetime, timedelta

import stripe
from django.db import transaction
from django.db.models import Sum
from django_tasks import task

from bookings.lifecycle import amount_covered
from bookings.models import Booking
from bookings.policy import Actor, Outcome, refund_split
from payments.client import (
    OFFLINE_PREFIX,
    booking_reference_of,
    error_code,
    id_of,
    is_offline,
    optional_field,
    stripe_client,
)
from payments.emails import Mail, email_later
from payments.models import Payment, Refund
from payments.outside import outside_refund_record

logger = logging.getLogger(__name__)


class EventNotReady(Exception):
    """A Stripe object refers to a payment of ours that is not recorded yet: retry later."""


_REFUND_STATUS = {
    "pending": Refund.Status.PENDING,
    "requires_action": Refund.Status.PENDING,
    "succeeded": Refund.Status.SUCCEEDED,
    "failed": Refund.Status.FAILED,
    "canceled": Refund.Status.CANCELED,
}
# A refund only moves forward (Stripe: pending, then succeeded, and a success can still fail);
# an older report arriving late never takes it back.
_REFUND_RANK = {
    Refund.Status.PENDING: 0,
    Refund.Status.SUCCEEDED: 1,
    Refund.Status.FAILED: 2,
    Refund.Status.CANCELED: 2,
}


def refund_key(payment: Payment) -> str:
    return f"refund-{payment.reference}-{payment.pk}"


def refund_issue(
    *, payment: Payment, amount: int, reason: str, key: str | None = None
) -> Refund | None:
    """Refund `amount` of `payment`: call inside the transaction that decides it.

    Writes a pending Refund carrying the idempotency key; once that transaction commits, the
    task worker sends it to Stripe (`send_refund`), never the web request that decided it. A
    rolled-back decision refunds nothing, and a request that fails is retried with the same
    key (`refunds_retry_pending`) without ever refunding twice. We refund a payment at most
    once; asking again returns the refund already made. An order's payment may be refunded in
    parts (packages: credits given back one at a time): each part has its own `key`.
    """
    key = key or refund_key(payment)
    existing = Refund.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return existing
    amount = min(amount, _refundable(payment))
    if amount <= 0:
        return None
    if payment.received_outside and payment.booking_id is not None:
        # Stripe never took it, so Stripe cannot give it back: she returns it herself.
        return outside_refund_record(payment=payment, amount=amount, reason=reason, key=key)
    refund = Refund(
        payment=payment,
        amount=amount,
        currency=payment.currency,
        reason=reason,
        idempotency_key=key,
    )
    refund.full_clean()
    refund.save()
    refund_id = refund.pk
    transaction.on_commit(lambda: send_refund.enqueue(refund_id))
    return refund


def _refundable(payment: Payment) -> int:
    """What is left of `payment` to give back. An order's payment may be refunded in parts:
    what is on its way back counts as well as what arrived, so two parts asked for at once never
    add up to more than was paid (its caller holds the payment's lock). A booking's payment is
    refunded once, by what has come back."""
    if payment.order_id is None:
        return payment.amount - payment.amount_refunded
    under_way = payment.refunds.filter(
        status__in=(Refund.Status.PENDING, Refund.Status.SUCCEEDED)
    ).aggregate(total=Sum("amount"))["total"]
    return payment.amount - max(payment.amount_refunded, under_way or 0)


def cancellation_refund(*, booking: Booking, outcome: Outcome) -> list[Refund]:
    """Every refund a cancellation owes: the one place cancelling refunds anything.

    A cancellation hook of bookings (registered in PaymentsConfig.ready()): `booking_cancel`
    calls it inside its transaction with the booking, saved as cancelled, and its `outcome`.
    The booking keeps at most one payment, the one that paid for it: it gives back the
    outcome's refund (nothing after the notice period). Every other payment of the
    booking (a second one, already refunded as a duplicate when it arrived) goes back in full.
    Each payment has its own refund and idempotency key, so one payment's refund never stands
    in for another's. Returns the booking's refunds, made now or before.

    Of a booking a gift voucher paid a part of, only the money's share of the outcome's refund
    goes back as money (`refund_split`); the voucher's share goes back to the voucher (vouchers'
    own cancellation hook). A booking a package credit paid has no money to give back.
    """
    amount = refund_split(
        refund=outcome.refund_amount,
        price=booking.price_amount,
        covered=amount_covered(booking),
    ).money
    paid = list(
        booking.payments.select_for_update()
        .filter(status__in=Payment.PAID_STATUSES)
        .order_by("paid_at", "pk")
    )
    refunded_by_us = set(
        Refund.objects.filter(payment__in=paid)
        .exclude(idempotency_key="")
        .values_list("payment_id", flat=True)
    )
    kept = next((payment for payment in paid if payment.pk not in refunded_by_us), None)
    if kept is None and amount:
        # Confirmed without a payment on record: `reconcile_payments` reports these.
        logger.warning("Booking %s was cancelled with a refund due but no payment.", booking.pk)
    reason = (
        Refund.Reason.PRACTITIONER_CANCELLED
        if booking.cancelled_by == Actor.PRACTITIONER
        else Refund.Reason.CLIENT_CANCELLED
    )
    refunds = []
    for payment in paid:
        payment.booking = booking
        if payment == kept:
            refund = refund_issue(payment=payment, amount=amount, reason=reason)
        else:
            refund = refund_issue(
                payment=payment, amount=payment.amount, reason=Refund.Reason.DUPLICATE
            )
        if refund is not None:
            refunds.append(refund)
    return refunds


def refund_params(refund: Refund) -> dict:
    payment = refund.payment
    if payment.booking_id is None:
        metadata = {"order_reference": payment.order.reference}
    else:
        metadata = {"booking_reference": payment.booking.reference}
    return {
        "payment_intent": refund.payment.payment_intent_id,
        "amount": refund.amount,
        "reason": "duplicate"
        if refund.reason == Refund.Reason.DUPLICATE
        else "requested_by_customer",
        # The key lets a refund's webhook find its row even before the answer was stored.
        "metadata": {**metadata, "refund_key": refund.idempotency_key},
    }


def refund_submit(*, refund_id: int) -> Refund:
    """Send a pending refund to Stripe (with its idempotency key) and record the answer.

    A network or server error leaves it pending for the next retry. A refusal (the charge was
    refunded in the dashboard already, for instance) marks it failed and tells the practitioner.
    """
    refund = Refund.objects.select_related("payment__booking", "payment__order").get(pk=refund_id)
    if refund.stripe_refund_id or refund.status != Refund.Status.PENDING:
        return refund
    try:
        answer = _refund_create(refund)
    except (stripe.InvalidRequestError, stripe.AuthenticationError) as error:
        logger.error("Refund %s refused by Stripe: %s", refund.pk, error_code(error))
        with transaction.atomic(durable=True):
            refund = Refund.objects.select_for_update().get(pk=refund.pk)
            if refund.status == Refund.Status.PENDING and not refund.stripe_refund_id:
                refund.status = Refund.Status.FAILED
                refund.failure_reason = error_code(error)
                refund.save(update_fields=["status", "failure_reason", "updated_at"])
                email_later(refund, Mail.REFUND_FAILED)
        return refund
    except stripe.StripeError as error:
        logger.warning("Refund %s not sent yet (%s); will retry.", refund.pk, error_code(error))
        return refund
    return refund_sync(stripe_refund=answer, refund_id=refund.pk) or refund


def _refund_create(refund: Refund):
    if is_offline() or refund.payment.made_offline:
        return stripe.Refund.construct_from(
            {
                "id": f"re_{OFFLINE_PREFIX}{secrets.token_hex(8)}",
                "object": "refund",
                "amount": refund.amount,
                "currency": refund.currency.lower(),
                "payment_intent": refund.payment.payment_intent_id,
                "metadata": refund_params(refund)["metadata"],
                "status": "succeeded",
            },
            None,
        )
    return stripe_client(in_request=False).v1.refunds.create(
        params=refund_params(refund), options={"idempotency_key": refund.idempotency_key}
    )


def refund_sync(*, stripe_refund, refund_id: int | None = None) -> Refund | None:
    """Record what Stripe says about a refund (an API answer, `refund.*` or `charge.refunded`).

    Finds our row by Stripe's id, by `refund_id` (the answer to our own request) or by the
    key in its metadata, or records a refund made in Stripe's dashboard. A report older than
    what we know (a success after a failure) changes nothing. Raises
    `EventNotReady` for a refund of one of our payments that is not recorded as paid yet (the
    webhook answers 503 and Stripe delivers it again later).
    """
    status = _REFUND_STATUS.get(stripe_refund.status, Refund.Status.PENDING)
    metadata = optional_field(stripe_refund, "metadata")
    with transaction.atomic():
        rows = Refund.objects.select_for_update()
        refund = rows.filter(stripe_refund_id=stripe_refund.id).first()
        if refund is None and refund_id is not None:
            refund = rows.get(pk=refund_id)
        key = optional_field(metadata, "refund_key")
        if refund is None and key:
            refund = rows.filter(idempotency_key=key).first()
        if refund is None:
            payment = _paid_payment_for_intent(stripe_refund)
            if payment is None:
                return None
            refund = Refund(
                payment=payment,
                amount=stripe_refund.amount,
                currency=stripe_refund.currency.upper(),
                reason=Refund.Reason.OUTSIDE,
                status=status,
            )
        previous = refund.status if refund.pk else None
        refund.stripe_refund_id = stripe_refund.id
        if previous is None or _REFUND_RANK[status] > _REFUND_RANK[previous]:
            refund.status = status
            refund.failure_reason = optional_field(stripe_refund, "failure_reason", "")[:100]
        refund.full_clean()
        refund.save()
        _payment_refresh_refunded(Payment.objects.select_for_update().get(pk=refund.payment_id))
        if refund.status == Refund.Status.FAILED and previous != Refund.Status.FAILED:
            email_later(refund, Mail.REFUND_FAILED)
    return refund


def _paid_payment_for_intent(stripe_object) -> Payment | None:
    intent = id_of(optional_field(stripe_object, "payment_intent"))
    payment = (
        Payment.objects.select_for_update()
        .filter(payment_intent_id=intent, status__in=Payment.PAID_STATUSES)
        .first()
        if intent
        else None
    )
    ours = booking_reference_of(stripe_object) or optional_field(
        optional_field(stripe_object, "metadata"), "order_reference"
    )
    if payment is None and ours:
        raise EventNotReady(f"no paid payment recorded for {intent or 'this object'} yet")
    return payment


def charge_refunded(*, charge) -> Payment | None:
    """A charge was refunded (in part or whole): record the refunds it lists.

    The amount back is summed from our Refund rows, never read from the charge: the event may
    be older than what we know since (a refund that failed after it). Refunds a charge does not
    list (newer API versions list none) come with their own `refund.*` events.
    """
    refunds = optional_field(charge, "refunds")
    for stripe_refund in optional_field(refunds, "data", []):
        refund_sync(stripe_refund=stripe_refund)
    with transaction.atomic():
        payment = _paid_payment_for_intent(charge)
        if payment is None:
            return None
        _payment_refresh_refunded(payment)
    return payment


def _payment_refresh_refunded(payment: Payment) -> None:
    """Set the amount refunded: the sum of the payment's refunds that succeeded."""
    if payment.status not in Payment.PAID_STATUSES:
        return
    succeeded = (
        payment.refunds.filter(status=Refund.Status.SUCCEEDED).aggregate(total=Sum("amount"))[
            "total"
        ]
        or 0
    )
    total = min(payment.amount, succeeded)
    if total >= payment.amount:
        status = Payment.Status.REFUNDED
    elif total > 0:
        status = Payment.Status.PARTIALLY_REFUNDED
    else:
        status = Payment.Status.PAID
    if (payment.amount_refunded, payment.status) != (total, status):
        payment.amount_refunded = total
        payment.status = status
        payment.save(update_fields=["amount_refunded", "status", "updated_at"])


def refunds_retry_pending(
    *, now: datetime, older_than: timedelta | None = timedelta(minutes=2)
) -> int:
    """Send refunds that never reached Stripe (the periodic job and `reconcile_payments`).

    Only those older than `older_than` (None: all of them, for `reconcile_payments --fix`), so
    a refund the worker is sending right now is left alone; the idempotency key would make a
    second send harmless anyway.
    """
    pending = Refund.objects.filter(status=Refund.Status.PENDING, stripe_refund_id="")
    if older_than is not None:
        pending = pending.filter(created_at__lte=now - older_than)
    sent = 0
    for refund_id in list(pending.values_list("pk", flat=True)):
        if refund_submit(refund_id=refund_id).stripe_refund_id:
            sent += 1
    return sent


# Here, not in tasks.py: `refund_issue` enqueues it.
@task()
def send_refund(refund_id: int) -> str:
    """Send one refund to Stripe, from the task worker (patient, with retries)."""
    return refund_submit(refund_id=refund_id).status
