"""Stripe's webhook events: verified, recorded once, applied once, in any order.

Each event is written to `StripeEvent` by its unique id in the same transaction as its effects.
A redelivery of a processed event changes nothing at all (not even its record) and asks
nothing of Stripe. An event whose effect fails (or that is about a payment we have not
recorded yet: Stripe does not promise order) is kept with its error and answered 503, so
Stripe delivers it again; its effects were rolled back meanwhile. Every delivery that tries
to apply an event counts on its record, with the last error.

The stored payload keeps what explains a payment (ids, amounts, statuses, our booking
reference) and drops card, billing and customer details: we never need them, so we never keep
them.
"""

import logging
from datetime import datetime

import stripe
from django.conf import settings
from django.db import transaction

from payments.models import StripeEvent
from payments.refunds import EventNotReady, charge_refunded, refund_sync
from payments.settle import checkout_expire, payment_confirm, payment_fail

logger = logging.getLogger(__name__)

# Personal or card data Stripe objects may carry: never stored.
SCRUBBED_KEYS = frozenset(
    {
        "billing_details",
        "card",
        "customer_details",
        "customer_email",
        "payment_method_details",
        "receipt_email",
        "shipping",
        "shipping_details",
        "source",
    }
)


class InvalidEvent(Exception):
    """The request is not a genuine, recent Stripe event for us (bad or missing signature)."""


def event_construct(*, payload: bytes, signature: str | None) -> stripe.Event:
    """Verify the `Stripe-Signature` header (HMAC-SHA256, at most 5 minutes old) and parse.

    Raises `InvalidEvent` when the signature is missing, wrong or stale, or the body is not an
    event.
    """
    secret = settings.STRIPE_WEBHOOK_SECRET
    if not secret or not signature:
        raise InvalidEvent("missing signature or webhook secret")
    try:
        return stripe.Webhook.construct_event(payload, signature, secret)
    except (ValueError, stripe.SignatureVerificationError) as error:
        raise InvalidEvent(type(error).__name__) from error


def scrub(data):
    """`data` without the keys in SCRUBBED_KEYS, at any depth."""
    if isinstance(data, dict):
        return {key: scrub(value) for key, value in data.items() if key not in SCRUBBED_KEYS}
    if isinstance(data, list):
        return [scrub(item) for item in data]
    return data


def _checkout_completed(session, *, now: datetime) -> None:
    # Card payments arrive paid; delayed methods complete unpaid and settle with
    # async_payment_succeeded or async_payment_failed later.
    if session.payment_status == "paid":
        payment_confirm(checkout_session=session, now=now)


def _handler(event_type: str, *, now: datetime):
    """What applies an event of `event_type` to its object (received at `now`), or None."""
    return {
        "checkout.session.completed": lambda session: _checkout_completed(session, now=now),
        "checkout.session.async_payment_succeeded": lambda session: payment_confirm(
            checkout_session=session, now=now
        ),
        "checkout.session.async_payment_failed": lambda session: payment_fail(
            checkout_session=session
        ),
        "checkout.session.expired": lambda session: checkout_expire(checkout_session=session),
        "charge.refunded": lambda charge: charge_refunded(charge=charge),
        # Refunds made in Stripe's dashboard are known to us only through these.
        "refund.created": lambda refund: refund_sync(stripe_refund=refund),
        "refund.updated": lambda refund: refund_sync(stripe_refund=refund),
        "refund.failed": lambda refund: refund_sync(stripe_refund=refund),
    }.get(event_type)


def event_process(*, event: stripe.Event, now: datetime) -> StripeEvent:
    """Record `event` and apply it, once. Returns its record; `processed_at` is None on failure.

    Other event types are recorded and acknowledged without effect.
    """
    with transaction.atomic(durable=True):
        record, _ = StripeEvent.objects.select_for_update().get_or_create(
            event_id=event.id,
            defaults={
                "type": event.type,
                "livemode": bool(event.livemode),
                "payload": scrub(event.to_dict(for_json=True)),
                "received_at": now,
            },
        )
        if record.processed_at is not None:
            return record  # a redelivery: done already, nothing to do or write
        record.attempts += 1
        record.last_attempt_at = now
        handler = _handler(event.type, now=now)
        try:
            # A savepoint: a failed effect is undone while the record of the attempt stays.
            with transaction.atomic():
                if handler is not None:
                    handler(event.data.object)
        except EventNotReady as error:
            record.error = f"Not ready, waiting for redelivery: {error}"
        except Exception as error:
            # Anything else is a bug or an outage here: keep the event, let Stripe retry it.
            logger.exception("Stripe event %s (%s) failed", event.id, event.type)
            record.error = f"{type(error).__name__}: {error}"[:2000]
        else:
            record.processed_at = now
        record.save(update_fields=["processed_at", "attempts", "last_attempt_at", "error"])
    return record
