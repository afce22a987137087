"""Test data, one factory per object (factory_boy): the people, the practice and its bookings.

Rows are written directly, as the domain would have left them: set-up, not the life cycle
(the domain functions have tests of their own). The fixtures in tests/conftest.py are thin
wrappers over these; a test that needs something else passes it as a keyword.

Times that depend on the moment take `now=` (the clock, to the second, unless given), so a test
on a fixed clock passes its own.
"""

from datetime import time, timedelta

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone
from factory.django import DjangoModelFactory

from bookings.conf import hold_duration
from bookings.models import Booking, CancellationPolicy, Practitioner, Service, WorkingHours
from bookings.slots import blocked_interval
from clients.models import User
from payments.models import Payment, Refund
from rooms.models import Room

PASSWORD = "a-Calm-harbour-2026"
DAY = timedelta(days=1)
# Statuses of a booking that was confirmed at some point (and is not cancelled).
WAS_CONFIRMED = (Booking.Status.CONFIRMED, Booking.Status.COMPLETED, Booking.Status.NO_SHOW)


def clock():
    """The real time, to the second (what the `now` fixture gives)."""
    return timezone.now().replace(microsecond=0)


def booking_times(service: Service, start) -> dict:
    """A session of `service` at `start`: its end and the range it blocks, by the domain's rule.

    For writing a booking's times (or moving a booking row) without re-deriving the buffers.
    """
    blocked = blocked_interval(start, service.rules)
    return {
        "start": start,
        "end": start + service.rules.duration,
        "blocked_start": blocked.start,
        "blocked_end": blocked.end,
    }


def booking_move(booking: Booking, start) -> Booking:
    """Set a booking row's times to a session at `start` (set-up: not the domain's reschedule).

    The caller saves it.
    """
    for field, value in booking_times(booking.service, start).items():
        setattr(booking, field, value)
    return booking


class UserFactory(DjangoModelFactory):
    """Someone who can sign in (with PASSWORD): her e-mail address is verified, as allauth
    requires."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda number: f"client{number}@example.com")
    password = PASSWORD

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return model_class.objects.create_user(*args, **kwargs)

    @factory.post_generation
    def verified_email(user, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


class PractitionerFactory(DjangoModelFactory):
    """Anna (staff), in London, working hours=(start, end) every day
    (09:00-17:00 unless told)."""

    class Meta:
        model = Practitioner
        skip_postgeneration_save = True

    user = factory.SubFactory(
        UserFactory,
        email="anna@quietharbour.example",
        first_name="Anna",
        last_name="Whitfield",
        is_staff=True,
    )
    display_name = "Anna Whitfield"
    time_zone = "Europe/London"

    @factory.post_generation
    def hours(practitioner, create, extracted, **kwargs):
        start_time, end_time = extracted or (time(9), time(17))
        for weekday in range(7) if create else ():
            WorkingHours.objects.create(
                practitioner=practitioner, weekday=weekday, start_time=start_time, end_time=end_time
            )


class ServiceFactory(DjangoModelFactory):
    """A 60-minute online session, named after its slug, offered by `practitioners=[...]`.

    Unset fields keep the model's defaults (free, no buffers, 24 hours' notice); `is_free`
    follows the price.
    """

    class Meta:
        model = Service
        skip_postgeneration_save = True

    slug = "hypnotherapy"
    name = factory.LazyAttribute(lambda service: service.slug.replace("-", " ").capitalize())
    summary = "A calm online session."
    duration_minutes = 60
    price_amount = 0
    is_free = factory.LazyAttribute(lambda service: service.price_amount == 0)

    @factory.post_generation
    def practitioners(service, create, extracted, **kwargs):
        if create and extracted:
            service.practitioners.add(*extracted)


class BookingFactory(DjangoModelFactory):
    """A booking of `service` with `practitioner` for `client`, as booking_hold and what
    follows would have left it: confirmed, a week from `now` at 10:00 UTC, unless told.

    Its end and blocked range follow the service's rules (booking_times); its price and the
    cancellation terms are the service's and the policy's. Its stamps follow its status: a hold
    lasts the domain's hold period from `now`; a booking that was confirmed (completed, missed),
    or cancelled by the client, was so a day before `now` or before its start, whichever came
    first. One that was confirmed has the session room its confirmation gave it (a cancelled
    one lost it).
    """

    class Meta:
        model = Booking
        skip_postgeneration_save = True

    class Params:
        now = factory.LazyFunction(clock)
        decided_at = factory.LazyAttribute(lambda booking: min(booking.now, booking.start) - DAY)

    start = factory.LazyAttribute(
        lambda booking: (booking.now + 7 * DAY).replace(hour=10, minute=0, second=0)
    )
    status = Booking.Status.CONFIRMED
    hold_expires_at = factory.LazyAttribute(
        lambda booking: booking.now + hold_duration() if booking.status == "held" else None
    )
    confirmed_at = factory.LazyAttribute(
        lambda booking: booking.decided_at if booking.status in WAS_CONFIRMED else None
    )
    cancelled_at = factory.LazyAttribute(
        lambda booking: booking.decided_at if booking.status == "cancelled" else None
    )
    cancelled_by = factory.LazyAttribute(
        lambda booking: "client" if booking.status == "cancelled" else ""
    )
    client_time_zone = "Europe/London"
    price_amount = factory.SelfAttribute("service.price_amount")
    price_currency = factory.SelfAttribute("service.price_currency")
    policy_snapshot = factory.LazyFunction(lambda: CancellationPolicy.load().snapshot())

    @factory.post_generation
    def room(booking, create, extracted, **kwargs):
        if create and booking.status in WAS_CONFIRMED:
            Room.objects.create(booking=booking, created_at=booking.confirmed_at)

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        # Times given explicitly win (a test of an inconsistent row passes its own).
        return booking_times(kwargs["service"], kwargs["start"]) | kwargs


class PaymentFactory(DjangoModelFactory):
    """A Checkout attempt for `booking`, of its price: open (the session expires 31 minutes
    after `now`) unless its status says it was paid, at `now`, through a payment intent."""

    class Meta:
        model = Payment

    class Params:
        now = factory.LazyFunction(clock)
        number = factory.Sequence(int)
        paid = factory.LazyAttribute(lambda payment: payment.status in Payment.PAID_STATUSES)

    attempt = 1
    checkout_session_id = factory.LazyAttribute(
        lambda payment: f"cs_test_a1Qh7VbWz3kTn8Xc{payment.number:06d}"
    )
    checkout_url = factory.LazyAttribute(
        lambda payment: f"https://checkout.stripe.com/c/pay/{payment.checkout_session_id}"
    )
    payment_intent_id = factory.LazyAttribute(
        lambda payment: f"pi_3Qs8TuLkJh2GfDs1{payment.number:06d}" if payment.paid else ""
    )
    amount = factory.SelfAttribute("booking.price_amount")
    currency = factory.SelfAttribute("booking.price_currency")
    status = Payment.Status.OPEN
    expires_at = factory.LazyAttribute(lambda payment: payment.now + timedelta(minutes=31))
    paid_at = factory.LazyAttribute(lambda payment: payment.now if payment.paid else None)
    idempotency_key = factory.LazyAttribute(
        lambda payment: f"checkout-{payment.booking.reference}-{payment.attempt}"
    )


class RefundFactory(DjangoModelFactory):
    """Money going back for `payment`: all of it, asked for (pending), the client cancelled."""

    class Meta:
        model = Refund

    amount = factory.SelfAttribute("payment.amount")
    currency = factory.SelfAttribute("payment.currency")
    reason = Refund.Reason.CLIENT_CANCELLED
