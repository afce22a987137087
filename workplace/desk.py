"""Booking a session for a client from the desk: the account (for a new client), the booking and
its payment, in one place, all or nothing.

bookings makes and moves the booking (bookings/desk.py), payments records a payment received
outside the site or makes a payment link (payments/outside.py, payments/payment_links.py),
clients makes the account and its welcome (clients/accounts.py); this module, above all three,
puts them together for the "Book a session" page.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from bookings.desk import desk_booking_create
from bookings.models import Booking, Practitioner, Service
from clients.accounts import client_account_create, welcome_email_queue
from payments.models import Payment
from payments.outside import desk_booking_paid_outside
from payments.payment_links import payment_link_hold, payment_link_send


class PaymentChoice:
    OUTSIDE = "outside"  # she has been paid already, outside the site
    LINK = "link"  # a Stripe payment link e-mailed to the client
    CHOICES = (OUTSIDE, LINK)


@dataclass(frozen=True)
class NewClient:
    name: str
    email: str


@dataclass(frozen=True)
class DeskBooked:
    booking: Booking
    new_client: bool
    payment: Payment | None = None  # the payment link's attempt, when one was sent


def desk_book(
    *,
    practitioner: Practitioner,
    client=None,
    new_client: NewClient | None = None,
    service: Service,
    start: datetime,
    payment: str = "",
    note: str = "",
    link_hours: int = 24,
    now: datetime,
) -> DeskBooked:
    """Book `service` at `start` for `client`, or for a `new_client` whose account is made now.

    A free session is confirmed at once; a paid one is confirmed at once when she was paid
    outside the site (`payment` OUTSIDE, with her `note`), or held for `link_hours` with a
    payment link e-mailed to the client (LINK). A new client also gets her welcome e-mail.
    Raises a `MessageError` (bookings' `BookingError`, clients' `AccountRefused`, payments'
    `PaymentUnavailable`) she can act on; then nothing is booked.
    """
    if service.is_free:
        payment = ""
    elif payment not in PaymentChoice.CHOICES:
        raise ValueError("A paid session needs a payment choice.")
    made_by = practitioner.display_name
    with transaction.atomic(durable=True):
        if new_client is not None:
            client = client_account_create(
                name=new_client.name,
                email=new_client.email,
                time_zone=practitioner.time_zone,
                now=now,
            )
        common = {
            "practitioner": practitioner,
            "client": client,
            "service": service,
            "start": start,
            "now": now,
        }
        attempt = None
        if payment == PaymentChoice.LINK:
            attempt = payment_link_hold(**common, hours=link_hours)
            booking = attempt.booking
        elif payment == PaymentChoice.OUTSIDE:
            booking = desk_booking_paid_outside(**common, note=note)
        else:
            booking = desk_booking_create(**common)
        if new_client is not None and attempt is None:
            welcome_email_queue(user=client, next_path=booking.get_absolute_url(), made_by=made_by)
    if attempt is not None:
        attempt = payment_link_send(payment=attempt, now=now)
        if new_client is not None:
            with transaction.atomic(durable=True):
                welcome_email_queue(
                    user=client, next_path=booking.get_absolute_url(), made_by=made_by
                )
    return DeskBooked(booking=booking, new_client=new_client is not None, payment=attempt)
