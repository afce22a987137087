"""Payments: the only module that talks to Stripe.

Clients pay through Stripe Checkout (a hosted page); refunds go through Stripe's Refunds API.
Every function here is idempotent and safe in any order, because Stripe's webhooks may arrive
late, twice or shuffled, and the success page, the webhook and `reconcile_payments` may all
settle the same payment:

- `checkout_start`: the pay step. One Payment row per attempt, written *before* Stripe is
  asked, carries the attempt's idempotency key, so a retried request gets the same session.
- `payment_confirm`: a paid Checkout Session the site made becomes a paid Payment and a
  confirmed booking, or, when the booking can no longer be confirmed (its time was taken after
  the hold ran out), a full refund that both sides are told about. A session the site never
  made, or one paid in another amount than asked, is recorded and refunded, never confirms.
  Nothing paid is ever left unaccounted for.
- `checkout_expire`, `payment_fail`: a session that ended unpaid (the expiry releases the hold).
- `refund_issue`: a Refund row in the caller's transaction, sent to Stripe by the task worker
  once it commits; `refund_for_cancellation`: every refund a cancellation owes.
- `refund_sync`, `charge_refunded`: what Stripe reports about refunds. Amounts refunded are
  always summed from the Refund rows, never taken from an event that may be stale.

Stripe is never called inside a database transaction: a lock held over a network call would
stall every other booking (on SQLite, every write). The intent is written first, the call
follows with an idempotency key, and its answer is written after; a crash in between leaves a
row that a retry (the same key) or the periodic job completes. The outermost of those
transactions are `durable`, so nobody can wrap a Stripe call in a transaction by mistake.

Inside a web request Stripe gets a few seconds and one try (`stripe_client(in_request=True)`):
gunicorn ends a worker after 30 s, and a client must get an answer, not a 500. Refunds are never
sent inside a request at all: the task worker sends them, and retries them.

Offline development (settings.STRIPE_OFFLINE: DEBUG on and no secret key): sessions and
refunds are made up locally, and the test-payment page drives the very same functions with
Stripe-shaped objects.
"""

import logging
import math
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import stripe
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Count, Max, Prefetch, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from bookings import services
from bookings.models import Booking, Payment, Refund
from bookings.services import BookingError, InvalidState, SlotTaken
from bookings.timezones import when
from clients.consent import booking_gate
from practice.mail import outgoing_email_queue
from practice.models import PracticeDetails
from practice.templatetags.practice_tags import money
from practice.zones import zone_label

logger = logging.getLogger(__name__)

# The API version this code and its test fixtures are written against: the one stripe 16.1.0
# ships with (stripe._api_version). Changing it is a deliberate upgrade, not a side effect.
API_VERSION = "2026-10-28.endive"

# Stripe refuses a Checkout Session that expires sooner than 30 minutes after it is made; one
# more minute covers the request's own time and clock differences.
CHECKOUT_MIN_LIFETIME = timedelta(minutes=31)
CHECKOUT_STRIPE_MINIMUM = timedelta(minutes=30, seconds=15)
OFFLINE_PREFIX = "test_offline_"


class PaymentUnavailable(BookingError):
    message = (
        "Sorry, we could not reach our payment provider just now. Nothing was charged. "
        "Please try again in a minute."
    )


class EventNotReady(Exception):
    """A Stripe object refers to a payment of ours that is not recorded yet: retry later."""


def is_offline() -> bool:
    return bool(getattr(settings, "STRIPE_OFFLINE", False))


# Seconds a Stripe call may take. Inside a web request: one short try, well under gunicorn's
# 30-second worker timeout, so the client always gets an answer. In the background (the task
# worker, reconcile): longer, and the library retries; safe, as every POST we make carries an
# idempotency key.
REQUEST_TIMEOUT = 5
BACKGROUND_TIMEOUT = 20
BACKGROUND_RETRIES = 2


def stripe_client(*, in_request: bool) -> stripe.StripeClient:
    """A client configured from settings: the secret key, the pinned version, the API base."""
    if not settings.STRIPE_SECRET_KEY:
        raise ImproperlyConfigured("STRIPE_SECRET_KEY is not set.")
    base = getattr(settings, "STRIPE_API_BASE", None)
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        stripe_version=API_VERSION,
        base_addresses={"api": base} if base else None,
        # The requests-based client, explicitly: the tests fake Stripe's HTTP at that layer.
        http_client=stripe.RequestsClient(
            timeout=REQUEST_TIMEOUT if in_request else BACKGROUND_TIMEOUT
        ),
        max_network_retries=0 if in_request else BACKGROUND_RETRIES,
    )


class _DropStripeBodies(logging.Filter):
    """Keep request and response bodies out of the logs (e-mail addresses, billing details).

    The library logs them at DEBUG; the method, path and status it logs at INFO are enough.
    """

    # The library's messages, as its logfmt writes them (keys sorted, values repr()-quoted).
    HIDDEN = ("message='Post details'", "message='API response body'")

    def filter(self, record: logging.LogRecord) -> bool:
        text = str(record.msg)
        return not any(hidden in text for hidden in self.HIDDEN)


def install_log_filter() -> None:
    """Called once from BookingsConfig.ready()."""
    stripe_logger = logging.getLogger("stripe")
    if not any(isinstance(f, _DropStripeBodies) for f in stripe_logger.filters):
        stripe_logger.addFilter(_DropStripeBodies())


# Reading Stripe objects ---------------------------------------------------------------------
# stripe >= 15 objects are not dicts: attributes for fields that are always there, `in` for
# the optional ones.


def _optional(obj, name: str, default=None):
    if obj is None or name not in obj:
        return default
    value = obj[name]
    return default if value is None else value


def _id_of(value) -> str:
    """An id from a field that holds either the id or the expanded object."""
    if value is None:
        return ""
    return value if isinstance(value, str) else value.id


def _instant(timestamp: int | None) -> datetime | None:
    return datetime.fromtimestamp(timestamp, UTC) if timestamp else None


def booking_reference_of(stripe_object) -> str | None:
    """The booking reference a session, charge or refund of ours carries, else None."""
    metadata = _optional(stripe_object, "metadata")
    reference = _optional(metadata, "booking_reference")
    if not reference:
        reference = _optional(stripe_object, "client_reference_id")
    return reference or None


def _booking_for(stripe_object) -> Booking | None:
    reference = booking_reference_of(stripe_object)
    if reference is None:
        return None
    return Booking.objects.filter(reference=reference).first()


def _lock_booking(booking_id: int) -> Booking:
    return (
        Booking.objects.select_for_update(of=("self",))
        .select_related("service", "client")
        .get(pk=booking_id)
    )


# The pay step -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckoutStep:
    payment: Payment
    # Where the client goes next: Checkout's page (or the offline test page), or our return
    # page when the session turns out to be complete already.
    redirect_to: str


def _return_url(booking: Booking, session_id: str) -> str:
    return f"{booking.get_absolute_url()}?{urlencode({'session_id': session_id})}"


def checkout_start(*, booking: Booking, now: datetime) -> CheckoutStep:
    """Start paying for a held booking: a new Checkout Session, or the one still open.

    Nothing reaches Stripe before the client has given current consent (and, for services that
    need it, a valid screening): `clients.consent.booking_gate` refuses first. The hold is
    extended to the session's expiry, so the time stays the client's while they pay. Raises a
    `BookingError` the client can act on.
    """
    payment = _checkout_prepare(booking=booking, now=now)
    if payment.checkout_session_id:
        return _checkout_resume(payment, now=now)
    try:
        session = _session_create(payment)
    except stripe.StripeError as error:
        logger.warning(
            "Checkout Session for payment %s not created: %s", payment.pk, type(error).__name__
        )
        raise PaymentUnavailable from error
    payment = _checkout_record(payment, session)
    return CheckoutStep(payment=payment, redirect_to=payment.checkout_url)


def _checkout_prepare(*, booking: Booking, now: datetime) -> Payment:
    """Check the booking can be paid for now and write the attempt (or find the open one)."""
    with transaction.atomic(durable=True):
        booking = _lock_booking(booking.pk)
        if booking.status == Booking.Status.CONFIRMED:
            raise InvalidState("This booking is already paid for and confirmed.")
        if not booking.price_amount:
            raise InvalidState("This session is free, so there is nothing to pay.")
        if not booking.is_held_at(now):
            raise InvalidState(
                "Your hold on this time has ended. If the time is still free you can hold it again."
            )
        booking_gate(booking=booking, now=now)
        current = (
            booking.payments.select_for_update()
            .filter(status=Payment.Status.OPEN, expires_at__gt=now)
            .order_by("-attempt")
            .first()
        )
        if current is not None:
            if current.checkout_session_id:
                return current
            if current.expires_at - now >= CHECKOUT_STRIPE_MINIMUM:
                return current  # never answered: ask again with the same key and parameters
            # Too late to ask for that session again; it never reached the client.
            current.status = Payment.Status.FAILED
            current.save(update_fields=["status", "updated_at"])
        attempt = (booking.payments.aggregate(last=Max("attempt"))["last"] or 0) + 1
        expires_at = _whole_second(max(now + CHECKOUT_MIN_LIFETIME, booking.hold_expires_at))
        payment = Payment(
            booking=booking,
            attempt=attempt,
            amount=booking.price_amount,
            currency=booking.price_currency,
            expires_at=expires_at,
            idempotency_key=f"checkout-{booking.reference}-{attempt}",
        )
        payment.full_clean()
        payment.save()
        booking.hold_expires_at = max(booking.hold_expires_at, expires_at)
        # booking_gate may have flagged the booking for a conversation first.
        booking.save(update_fields=["hold_expires_at", "needs_conversation", "updated_at"])
    return payment


def _whole_second(moment: datetime) -> datetime:
    return datetime.fromtimestamp(math.ceil(moment.timestamp()), UTC)


def _checkout_resume(payment: Payment, *, now: datetime) -> CheckoutStep:
    """The client comes back to a session still open locally: send them back to it.

    Stripe is asked first (the webhook may not have arrived): a session completed meanwhile is
    settled and the client goes to the return page instead of a page that can take no payment.
    """
    if is_offline():
        return CheckoutStep(payment=payment, redirect_to=payment.checkout_url)
    try:
        session = stripe_client(in_request=True).v1.checkout.sessions.retrieve(
            payment.checkout_session_id
        )
    except stripe.StripeError:
        return CheckoutStep(payment=payment, redirect_to=payment.checkout_url)
    if session.status == "open":
        return CheckoutStep(payment=payment, redirect_to=payment.checkout_url)
    settle(checkout_session=session, now=now)
    payment.refresh_from_db()
    return CheckoutStep(
        payment=payment, redirect_to=_return_url(payment.booking, payment.checkout_session_id)
    )


def product_name(booking: Booking) -> str:
    """What Checkout and the receipt call the purchase: neutral, nothing about its purpose."""
    day = booking.start.astimezone(booking.client_tz)
    return f"Online session on {day.day} {day:%B %Y} with {PracticeDetails.load().name}"


def checkout_params(payment: Payment) -> dict:
    """The Checkout Session request for `payment`: the same for every retry of an attempt.

    Only the booking reference goes to Stripe as metadata: nothing about the service or the
    client's health.
    """
    booking = payment.booking
    booking_url = settings.SITE_URL + booking.get_absolute_url()
    reference = {"booking_reference": booking.reference}
    return {
        "mode": "payment",
        "line_items": [
            {
                "quantity": 1,
                "price_data": {
                    "currency": payment.currency.lower(),
                    "unit_amount": payment.amount,
                    "product_data": {"name": product_name(booking)},
                },
            }
        ],
        "customer_email": booking.client.email,
        "client_reference_id": booking.reference,
        "metadata": reference,
        # Copied to the PaymentIntent and its charge, so refunds made in Stripe's dashboard
        # can be told apart from other payments on the account.
        "payment_intent_data": {"metadata": reference},
        "expires_at": int(payment.expires_at.timestamp()),
        # Stripe replaces {CHECKOUT_SESSION_ID} itself; it must not be URL-encoded.
        "success_url": booking_url + "?session_id={CHECKOUT_SESSION_ID}",
        "cancel_url": booking_url,
    }


def _session_create(payment: Payment) -> stripe.checkout.Session:
    if is_offline():
        return _offline_session_open(payment)
    return stripe_client(in_request=True).v1.checkout.sessions.create(
        params=checkout_params(payment), options={"idempotency_key": payment.idempotency_key}
    )


def _checkout_record(payment: Payment, session) -> Payment:
    with transaction.atomic(durable=True):
        payment = Payment.objects.select_for_update().select_related("booking").get(pk=payment.pk)
        if not payment.checkout_session_id:
            payment.checkout_session_id = session.id
        if payment.checkout_session_id == session.id:
            payment.checkout_url = _optional(session, "url", "")
        payment.save(update_fields=["checkout_session_id", "checkout_url", "updated_at"])
    return payment


# Settling a session -------------------------------------------------------------------------


def _lock_attempt(session) -> Payment | None:
    """The attempt that made `session`, locked after its booking; None if the site never made it.

    Call inside a transaction. A session is the site's only when the pay step stored its id:
    whatever booking a session names, an id nobody stored is a checkout the site never made
    (the pay step stores the id before the client is sent to pay, so every session a client
    could pay through has it).
    """
    booking_id = (
        Payment.objects.filter(checkout_session_id=session.id)
        .values_list("booking_id", flat=True)
        .first()
    )
    if booking_id is None:
        return None
    booking = _lock_booking(booking_id)
    payment = booking.payments.select_for_update().get(checkout_session_id=session.id)
    payment.booking = booking
    return payment


def _paid_as_asked(payment: Payment, session) -> bool:
    paid = (_optional(session, "amount_total"), _optional(session, "currency", "").upper())
    return paid == (payment.amount, payment.currency)


def _payment_record_paid(payment: Payment, session, *, now: datetime) -> None:
    """Write what Stripe took: the session's amount and currency, whatever was asked."""
    payment.status = Payment.Status.PAID
    payment.paid_at = now
    payment.payment_intent_id = _id_of(_optional(session, "payment_intent"))
    payment.amount = _optional(session, "amount_total")
    payment.currency = _optional(session, "currency", "").upper()
    payment.full_clean()
    payment.save()


def payment_confirm(*, checkout_session, now: datetime) -> Payment | None:
    """Settle a paid Checkout Session: a confirmed booking, or a full refund. Idempotent.

    The one function behind the webhook, the success page, `reconcile_payments --fix` and the
    offline test page. Only a session the site made, paid in the amount and currency it asked
    for, can confirm a booking; any other paid session that names one of our bookings is
    recorded and refunded in full, and the practitioner is told. A payment that arrives after
    its hold ran out still confirms the booking when the time is free; when it is not (or the
    booking can no longer be confirmed at all), the whole amount is refunded and the client and
    the practitioner are told. A booking that was already paid for through another session has
    this second payment refunded.

    Returns the Payment, or None for a session that is not ours or not paid.
    """
    if checkout_session.payment_status != "paid":
        return None
    with transaction.atomic():
        payment = _lock_attempt(checkout_session)
        if payment is None:
            return _payment_not_asked(checkout_session, now=now)
        if payment.is_paid:
            return payment  # settled before: confirmed or refunded already
        as_asked = _paid_as_asked(payment, checkout_session)
        _payment_record_paid(payment, checkout_session, now=now)
        if not as_asked:
            _refund_not_as_asked(payment)
            return payment

        booking = payment.booking
        paid_before = (
            booking.status == Booking.Status.CONFIRMED
            and booking.payments.filter(status__in=Payment.PAID_STATUSES)
            .exclude(pk=payment.pk)
            .exists()
        )
        if paid_before:
            _refund_whole(payment, reason=Refund.Reason.DUPLICATE)
            return payment
        try:
            # Consent was checked when this payment started (checkout_start runs the gate).
            payment.booking = services.booking_confirm(
                booking=booking, now=now, ready_since=payment.created_at
            )
        except BookingError as error:
            reason = (
                Refund.Reason.SLOT_TAKEN
                if isinstance(error, SlotTaken)
                else Refund.Reason.NOT_CONFIRMABLE
            )
            logger.info(
                "Paid booking %s could not be confirmed (%s): refunding in full.",
                booking.reference,
                type(error).__name__,
            )
            _refund_whole(payment, reason=reason)
    return payment


def _payment_not_asked(session, *, now: datetime) -> Payment | None:
    """Record a paid session the site never made, and refund it, if it names our booking.

    Call inside a transaction. A session naming no booking of ours is another sale on the
    same Stripe account: not ours to record or refund.
    """
    booking = _booking_for(session)
    if booking is None:
        return None
    booking = _lock_booking(booking.pk)
    # Another delivery of the same session may have recorded it while we waited for the lock.
    recorded = Payment.objects.filter(checkout_session_id=session.id).first()
    if recorded is not None:
        return recorded
    attempt = (booking.payments.aggregate(last=Max("attempt"))["last"] or 0) + 1
    payment = Payment(
        booking=booking,
        attempt=attempt,
        checkout_session_id=session.id,
        expires_at=_instant(_optional(session, "expires_at")) or now,
        idempotency_key=f"checkout-{booking.reference}-{attempt}",
    )
    _payment_record_paid(payment, session, now=now)
    _refund_not_as_asked(payment)
    return payment


def _refund_not_as_asked(payment: Payment) -> None:
    logger.warning(
        "Checkout Session %s for booking %s is not one the site made or not paid as asked "
        "(%s %s): refunding it in full; the booking stays as it was.",
        payment.checkout_session_id,
        payment.booking.reference,
        payment.amount,
        payment.currency,
    )
    refund = refund_issue(payment=payment, amount=payment.amount, reason=Refund.Reason.NOT_AS_ASKED)
    if refund is not None:
        # Only the practitioner: the client did not ask for this checkout either.
        _email_later(refund, Mail.PAYMENT_REFUNDED_PRACTITIONER)


def _refund_whole(payment: Payment, *, reason: str) -> None:
    refund = refund_issue(payment=payment, amount=payment.amount, reason=reason)
    if refund is not None:
        _email_later(refund, Mail.PAYMENT_REFUNDED)
        _email_later(refund, Mail.PAYMENT_REFUNDED_PRACTITIONER)


def payment_fail(*, checkout_session, now: datetime) -> Payment | None:
    """A session whose payment failed (a delayed method that bounced): the attempt is over.

    The booking keeps its hold until it runs out, so the client can try again. A session the
    site never made changes nothing.
    """
    with transaction.atomic():
        payment = _lock_attempt(checkout_session)
        if payment is None:
            return None
        if payment.status == Payment.Status.OPEN:
            payment.status = Payment.Status.FAILED
            payment.payment_intent_id = payment.payment_intent_id or _id_of(
                _optional(checkout_session, "payment_intent")
            )
            payment.save()
    return payment


def checkout_expire(*, checkout_session, now: datetime) -> Payment | None:
    """A session that expired unpaid: the attempt ends and the booking's hold is released.

    The hold is released only while it was this session's (not extended past it by the
    client, and no newer session open), and never after the payment was received: an expiry
    that arrives after the payment changes nothing. Nor does a session the site never made.
    """
    with transaction.atomic():
        payment = _lock_attempt(checkout_session)
        if payment is None:
            return None
        if payment.status not in (Payment.Status.OPEN, Payment.Status.EXPIRED):
            return payment
        payment.status = Payment.Status.EXPIRED
        payment.save(update_fields=["status", "updated_at"])
        booking = payment.booking
        others_open = (
            booking.payments.filter(status=Payment.Status.OPEN).exclude(pk=payment.pk).exists()
        )
        if (
            booking.status == Booking.Status.HELD
            and booking.hold_expires_at <= payment.expires_at
            and not others_open
        ):
            booking.status = Booking.Status.EXPIRED
            booking.save(update_fields=["status", "updated_at"])
    return payment


def settle(*, checkout_session, now: datetime) -> Payment | None:
    """Apply what a session retrieved from Stripe says (the success page, reconcile)."""
    if checkout_session.status == "complete" and checkout_session.payment_status == "paid":
        return payment_confirm(checkout_session=checkout_session, now=now)
    if checkout_session.status == "expired":
        return checkout_expire(checkout_session=checkout_session, now=now)
    return Payment.objects.filter(checkout_session_id=checkout_session.id).first()


def checkout_return(*, booking: Booking, session_id: str, now: datetime) -> Payment | None:
    """The client is back from Checkout: settle the session now rather than wait for the webhook.

    Only a session recorded for this booking is looked up. Returns its Payment (still open
    when Stripe has not finished or cannot be reached), or None when it is not this booking's.
    """
    payment = (
        booking.payments.filter(checkout_session_id=session_id).first() if session_id else None
    )
    if payment is None or payment.status != Payment.Status.OPEN or is_offline():
        return payment
    try:
        session = stripe_client(in_request=True).v1.checkout.sessions.retrieve(session_id)
    except stripe.StripeError as error:
        logger.warning("Checkout Session lookup failed: %s", type(error).__name__)
        return payment
    return settle(checkout_session=session, now=now) or payment


# Refunds ----------------------------------------------------------------------------------

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
    return f"refund-{payment.booking.reference}-{payment.pk}"


def refund_issue(*, payment: Payment, amount: int, reason: str) -> Refund | None:
    """Refund `amount` of `payment`: call inside the transaction that decides it.

    Writes a pending Refund carrying the idempotency key; once that transaction commits, the
    task worker sends it to Stripe (`send_refund`), never the web request that decided it. A
    rolled-back decision refunds nothing, and a request that fails is retried with the same
    key (`refunds_retry_pending`) without ever refunding twice. We refund a payment at most
    once; asking again returns the refund already made.
    """
    key = refund_key(payment)
    existing = Refund.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return existing
    amount = min(amount, payment.amount - payment.amount_refunded)
    if amount <= 0:
        return None
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


def refund_for_cancellation(*, booking: Booking, amount: int) -> list[Refund]:
    """Every refund a cancellation owes; `services.booking_cancel` calls it as it cancels.

    The booking keeps at most one payment, the one that paid for it: it gives back `amount`,
    what the policy refunds (nothing after the notice period). Every other payment of the
    booking (a second one, already refunded as a duplicate when it arrived) goes back in full.
    Each payment has its own refund and idempotency key, so one payment's refund never stands
    in for another's. Returns the booking's refunds, made now or before.
    """
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
        if booking.cancelled_by == Booking.CancelledBy.PRACTITIONER
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
    return {
        "payment_intent": refund.payment.payment_intent_id,
        "amount": refund.amount,
        "reason": "duplicate"
        if refund.reason == Refund.Reason.DUPLICATE
        else "requested_by_customer",
        # The key lets a refund's webhook find its row even before the answer was stored.
        "metadata": {
            "booking_reference": refund.payment.booking.reference,
            "refund_key": refund.idempotency_key,
        },
    }


def refund_submit(*, refund_id: int, now: datetime) -> Refund:
    """Send a pending refund to Stripe (with its idempotency key) and record the answer.

    A network or server error leaves it pending for the next retry. A refusal (the charge was
    refunded in the dashboard already, for instance) marks it failed and tells the practitioner.
    """
    refund = Refund.objects.select_related("payment__booking").get(pk=refund_id)
    if refund.stripe_refund_id or refund.status != Refund.Status.PENDING:
        return refund
    try:
        answer = _refund_create(refund)
    except (stripe.InvalidRequestError, stripe.AuthenticationError) as error:
        logger.error("Refund %s refused by Stripe: %s", refund.pk, _error_code(error))
        with transaction.atomic(durable=True):
            refund = Refund.objects.select_for_update().get(pk=refund.pk)
            if refund.status == Refund.Status.PENDING and not refund.stripe_refund_id:
                refund.status = Refund.Status.FAILED
                refund.failure_reason = _error_code(error)
                refund.save(update_fields=["status", "failure_reason", "updated_at"])
                _email_later(refund, Mail.REFUND_FAILED)
        return refund
    except stripe.StripeError as error:
        logger.warning("Refund %s not sent yet (%s); will retry.", refund.pk, _error_code(error))
        return refund
    return refund_sync(stripe_refund=answer, now=now, refund_id=refund.pk) or refund


def _error_code(error: stripe.StripeError) -> str:
    return str(error.code or type(error).__name__)[:100]


def _refund_create(refund: Refund):
    if is_offline() or refund.payment.payment_intent_id.startswith(f"pi_{OFFLINE_PREFIX}"):
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


def refund_sync(*, stripe_refund, now: datetime, refund_id: int | None = None) -> Refund | None:
    """Record what Stripe says about a refund (an API answer, `refund.*` or `charge.refunded`).

    Finds our row by Stripe's id, by `refund_id` (the answer to our own request) or by the
    key in its metadata, or records a refund made in Stripe's dashboard. A report older than
    what we know (a success after a failure) changes nothing. Raises
    `EventNotReady` for a refund of one of our payments that is not recorded as paid yet (the
    webhook answers 503 and Stripe delivers it again later).
    """
    status = _REFUND_STATUS.get(stripe_refund.status, Refund.Status.PENDING)
    metadata = _optional(stripe_refund, "metadata")
    with transaction.atomic():
        rows = Refund.objects.select_for_update()
        refund = rows.filter(stripe_refund_id=stripe_refund.id).first()
        if refund is None and refund_id is not None:
            refund = rows.get(pk=refund_id)
        key = _optional(metadata, "refund_key")
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
            refund.failure_reason = _optional(stripe_refund, "failure_reason", "")[:100]
        refund.full_clean()
        refund.save()
        _payment_refresh_refunded(Payment.objects.select_for_update().get(pk=refund.payment_id))
        if refund.status == Refund.Status.FAILED and previous != Refund.Status.FAILED:
            _email_later(refund, Mail.REFUND_FAILED)
    return refund


def _paid_payment_for_intent(stripe_object) -> Payment | None:
    intent = _id_of(_optional(stripe_object, "payment_intent"))
    payment = (
        Payment.objects.select_for_update()
        .filter(payment_intent_id=intent, status__in=Payment.PAID_STATUSES)
        .first()
        if intent
        else None
    )
    if payment is None and booking_reference_of(stripe_object) is not None:
        raise EventNotReady(f"no paid payment recorded for {intent or 'this object'} yet")
    return payment


def charge_refunded(*, charge, now: datetime) -> Payment | None:
    """A charge was refunded (in part or whole): record the refunds it lists.

    The amount back is summed from our Refund rows, never read from the charge: the event may
    be older than what we know since (a refund that failed after it). Refunds a charge does not
    list (newer API versions list none) come with their own `refund.*` events.
    """
    refunds = _optional(charge, "refunds")
    for stripe_refund in _optional(refunds, "data", []):
        refund_sync(stripe_refund=stripe_refund, now=now)
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
        if refund_submit(refund_id=refund_id, now=now).stripe_refund_id:
            sent += 1
    return sent


@task()
def send_refund(refund_id: int) -> str:
    """Send one refund to Stripe, from the task worker (patient, with retries)."""
    return refund_submit(refund_id=refund_id, now=timezone.now()).status


@task()
def retry_pending_refunds() -> int:
    return refunds_retry_pending(now=timezone.now())


# E-mails about money ----------------------------------------------------------------------
# Subjects are as neutral as the booking e-mails' (a date, nothing about the session's purpose).


class Mail:
    PAYMENT_REFUNDED = "payment_refunded"  # to the client: paid, but could not be confirmed
    PAYMENT_REFUNDED_PRACTITIONER = "payment_refunded_practitioner"
    REFUND_FAILED = "refund_failed"  # to the practitioner: a refund needs her attention

    TEMPLATES = {
        PAYMENT_REFUNDED: "emails/late_payment_refunded",
        PAYMENT_REFUNDED_PRACTITIONER: "emails/late_payment_practitioner",
        REFUND_FAILED: "emails/refund_failed",
    }
    TO_PRACTITIONER = (PAYMENT_REFUNDED_PRACTITIONER, REFUND_FAILED)


def _subject(kind: str, moment: str) -> str:
    return {
        Mail.PAYMENT_REFUNDED: f"Your payment for {moment} has been refunded",
        Mail.PAYMENT_REFUNDED_PRACTITIONER: f"Payment refunded automatically: {moment}",
        Mail.REFUND_FAILED: f"A refund needs your attention: {moment}",
    }[kind]


def _email_later(refund: Refund, kind: str) -> None:
    """Render one e-mail about a refund and put it in the outbox, in the caller's transaction."""
    refund = Refund.objects.select_related(
        "payment__booking__client", "payment__booking__practitioner__user"
    ).get(pk=refund.pk)
    booking = refund.payment.booking
    for_practitioner = kind in Mail.TO_PRACTITIONER
    zone = booking.practitioner.time_zone if for_practitioner else booking.client_time_zone
    moment = when(booking.start, booking.practitioner.tz if for_practitioner else booking.client_tz)
    context = {
        "booking": booking,
        "refund": refund,
        "practice": PracticeDetails.load(),
        "when": moment,
        "zone": zone_label(zone, at=booking.start),
        "booking_url": settings.SITE_URL + booking.get_absolute_url(),
        "site_url": settings.SITE_URL,
        "admin_url": settings.SITE_URL + reverse("admin:bookings_refund_change", args=[refund.pk]),
    }
    recipient = booking.practitioner.user if for_practitioner else booking.client
    outgoing_email_queue(
        key=f"refund:{refund.pk}:{kind}",
        to=recipient.email,
        recipient=recipient,
        subject=_subject(kind, moment),
        template=Mail.TEMPLATES[kind],
        context=context,
    )


# Offline development ----------------------------------------------------------------------


def _offline_session(payment: Payment, **fields) -> stripe.checkout.Session:
    booking = payment.booking
    values = {
        "id": payment.checkout_session_id,
        "object": "checkout.session",
        "mode": "payment",
        "amount_total": payment.amount,
        "currency": payment.currency.lower(),
        "client_reference_id": booking.reference,
        "metadata": {"booking_reference": booking.reference},
        "expires_at": int(payment.expires_at.timestamp()),
        "payment_intent": None,
        "payment_status": "unpaid",
        "status": "open",
        "url": None,
        "livemode": False,
    }
    values.update(fields)
    return stripe.checkout.Session.construct_from(values, None)


def _offline_session_open(payment: Payment) -> stripe.checkout.Session:
    session_id = f"cs_{OFFLINE_PREFIX}{secrets.token_urlsafe(18)}"
    url = reverse("bookings:test-payment", kwargs={"reference": payment.booking.reference})
    return _offline_session(
        payment, id=session_id, url=f"{url}?{urlencode({'session_id': session_id})}"
    )


class OfflineOutcome:
    PAY = "pay"
    FAIL = "fail"
    ABANDON = "abandon"
    CHOICES = (PAY, FAIL, ABANDON)


def offline_outcome(*, payment: Payment, outcome: str, now: datetime) -> Payment | None:
    """What Checkout would report for the test page's choice, through the same functions."""
    if not is_offline():
        raise ImproperlyConfigured("The test-payment page only works offline.")
    if outcome == OfflineOutcome.PAY:
        session = _offline_session(
            payment,
            status="complete",
            payment_status="paid",
            payment_intent=f"pi_{OFFLINE_PREFIX}{payment.checkout_session_id[-12:]}",
        )
        return payment_confirm(checkout_session=session, now=now)
    if outcome == OfflineOutcome.FAIL:
        session = _offline_session(payment, status="complete", payment_status="unpaid")
        return payment_fail(checkout_session=session, now=now)
    if outcome == OfflineOutcome.ABANDON:
        return checkout_expire(
            checkout_session=_offline_session(payment, status="expired"), now=now
        )
    raise ValueError(f"Unknown outcome {outcome!r}")


# Reconciliation ---------------------------------------------------------------------------


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
    return payment.booking.confirmed_at is not None or payment.refunds.exists()


def _settle_missed(session, *, now: datetime) -> str:
    """Settle a paid session the webhook missed; say what became of it."""
    fixed = payment_confirm(checkout_session=session, now=now)
    if fixed is None:
        return "paid, but no such booking here"
    fixed.booking.refresh_from_db()
    confirmed = fixed.booking.status == Booking.Status.CONFIRMED and not fixed.refunds.exists()
    return f"fixed: {'booking confirmed' if confirmed else 'refunded in full'}"


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
                Payment.objects.select_related("booking")
                .filter(checkout_session_id=session.id)
                .first()
            )
            if _is_settled(payment):
                continue
            finding = Finding(reference=reference, session_id=session.id)
            finding.note = _settle_missed(session, now=now) if fix else "paid, not confirmed"
            report.paid_unconfirmed.append(finding)
    except stripe.StripeError as error:
        report.stripe_error = _error_code(error)
        logger.warning("Payments check: Stripe could not be reached (%s).", report.stripe_error)
    return paid_references


# Bookings that keep what they were paid (less a cancellation's refund); others keep nothing.
_KEEPS_PAYMENT = (Booking.Status.CONFIRMED, Booking.Status.COMPLETED, Booking.Status.NO_SHOW)


def _amount_kept(booking: Booking) -> int:
    """What the practice keeps of what was paid for `booking`; the rest is owed back."""
    if booking.status in _KEEPS_PAYMENT:
        return booking.price_amount
    if booking.status == Booking.Status.CANCELLED and booking.confirmed_at is not None:
        return booking.price_amount - (booking.refund_amount or 0)
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

    # Free bookings (price 0) need no payment.
    confirmed = (
        Booking.objects.filter(confirmed_at__gte=since, price_amount__gt=0)
        .exclude(reference__in=paid_references)
        .exclude(payments__status__in=Payment.PAID_STATUSES)
        .order_by("confirmed_at")
    )
    report.confirmed_unpaid = [
        Finding(reference=booking.reference, note="confirmed, no payment received")
        for booking in confirmed
    ]
    for booking in _bookings_owing_refunds():
        report.refunds_short.extend(_refunds_short(booking))

    if fix:
        refunds_retry_pending(now=now, older_than=None)
    for refund in Refund.objects.filter(
        status=Refund.Status.PENDING, stripe_refund_id=""
    ).select_related("payment__booking"):
        report.refunds_pending.append(
            Finding(reference=refund.payment.booking.reference, note="refund not sent to Stripe")
        )
    return report


@task()
def reconcile_recent() -> int:
    """The hourly safety net behind the webhook: settle yesterday's paid sessions it missed.

    Returns how many paid sessions needed settling; what needs a person is logged.
    """
    if is_offline():
        return 0
    now = timezone.now()
    report = reconcile(since=now - timedelta(days=1), now=now, fix=True)
    for finding in report.needs_a_person:
        logger.warning("Payments check: booking %s: %s", finding.reference, finding.note)
    return len(report.paid_unconfirmed)
