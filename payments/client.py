"""Stripe's client, as this site uses it, and reading the objects Stripe sends back.

Stripe is never called inside a database transaction: a lock held over a network call would
stall every other booking (on SQLite, every write). The intent is written first, the call
follows with an idempotency key, and its answer is written after; a crash in between leaves a
row that a retry (the same key) or the periodic job completes. The outermost of those
transactions are `durable`, so nobody can wrap a Stripe call in a transaction by mistake.

Inside a web request Stripe gets a few seconds and one try (`stripe_client(in_request=True)`):
gunicorn ends a worker after 30 s, and a client must get an answer, not a 500. Refunds are never
sent inside a request at all: the task worker sends them, and retries them.

Offline development (settings.STRIPE_OFFLINE: DEBUG on and no secret key): sessions and
refunds are made up locally (payments/offline.py), their ids starting `OFFLINE_PREFIX`.
"""

import logging
from datetime import UTC, datetime

import stripe
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from bookings.models import Booking

# The API version this code and its test fixtures are written against: the one stripe 16.1.0
# ships with (stripe._api_version). Changing it is a deliberate upgrade, not a side effect.
API_VERSION = "2026-10-28.endive"

# Sessions, payment intents and refunds made up offline carry it after their id's prefix.
OFFLINE_PREFIX = "test_offline_"


def is_offline() -> bool:
    return bool(getattr(settings, "STRIPE_OFFLINE", False))


# Seconds a Stripe call may take. Inside a web request: one short try, well under gunicorn's
# 30-second worker timeout, so the client always gets an answer. In the background (the task
# worker, reconcile): longer, and the library retries; safe, as every POST we make carries an
# idempotency key.
# settings.STRIPE_REQUEST_TIMEOUT shortens the first (the tests of a silent Stripe wait less).
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
            timeout=getattr(settings, "STRIPE_REQUEST_TIMEOUT", REQUEST_TIMEOUT)
            if in_request
            else BACKGROUND_TIMEOUT
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
    """Called once from PaymentsConfig.ready()."""
    stripe_logger = logging.getLogger("stripe")
    if not any(isinstance(f, _DropStripeBodies) for f in stripe_logger.filters):
        stripe_logger.addFilter(_DropStripeBodies())


# Reading Stripe objects: stripe >= 15 objects are not dicts; attributes for fields that are
# always there, `in` for the optional ones.


def optional_field(obj, name: str, default=None):
    if obj is None or name not in obj:
        return default
    value = obj[name]
    return default if value is None else value


def id_of(value) -> str:
    """An id from a field that holds either the id or the expanded object."""
    if value is None:
        return ""
    return value if isinstance(value, str) else value.id


def instant_of(timestamp: int | None) -> datetime | None:
    return datetime.fromtimestamp(timestamp, UTC) if timestamp else None


def booking_reference_of(stripe_object) -> str | None:
    """The booking reference a session, charge or refund of ours carries, else None."""
    metadata = optional_field(stripe_object, "metadata")
    reference = optional_field(metadata, "booking_reference")
    if not reference:
        reference = optional_field(stripe_object, "client_reference_id")
    return reference or None


def booking_for(stripe_object) -> Booking | None:
    reference = booking_reference_of(stripe_object)
    if reference is None:
        return None
    return Booking.objects.filter(reference=reference).first()


def lock_booking(booking_id: int) -> Booking:
    return (
        Booking.objects.select_for_update(of=("self",))
        .select_related("service", "client")
        .get(pk=booking_id)
    )


def error_code(error: stripe.StripeError) -> str:
    return str(error.code or type(error).__name__)[:100]
