"""The credit arithmetic under any sequence of what clients and the practitioner do: holds,
confirmations, cancellations in time and late (by her or by the practitioner), holds running
out, credits added, refunded and given back.

Whatever the sequence, after every step: 0 <= used <= total; what is left is the total less the
uses that take a session (reserved, spent, forfeited); no booking has two uses; a confirmed
booking (nobody paid money here) is one a credit paid for; the total is what was bought, plus
what was added, less what was taken back; and the money refunded never exceeds the price.

Each example plays in its own week (its own client, purchase and clock), so examples never
meet; the test's transaction is rolled back at the end.
"""

import itertools
from datetime import UTC, datetime, time, timedelta

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from bookings import services
from bookings.errors import BookingError
from bookings.policy import Actor

pytestmark = pytest.mark.django_db

BOUGHT = 2
PRICE = 20000
# Monday 7 January 2030, 08:00 UTC: each example starts a week after the one before.
FIRST_MONDAY = datetime(2030, 1, 7, 8, 0, tzinfo=UTC)
# Starts (days, hour UTC) after the example's first moment: two more than 48 hours away (a
# cancellation there is in time), two 30 hours away (late).
STARTS = [(4, 10), (5, 13), (1, 14), (1, 16)]

# Holds and confirmations come up more often than the practitioner's rarer moves. Each step
# comes with a number: which start to hold, which booking (counting back from the newest),
# how many minutes pass, how many credits are added or refunded.
STEP_NAMES = [
    *("hold", "confirm") * 3,
    *("cancel",) * 2,
    "practitioner_cancels",
    "time_passes",
    "add",
    "refund",
    "give_back",
]
steps = st.tuples(st.sampled_from(STEP_NAMES), st.integers(0, 40))


@pytest.fixture
def world(practitioner, make_service, make_user):
    """The practice; each example gets its own client and purchase from `world["new"]`."""
    from bookings.models import WorkingHours
    from packages.models import Package, PackageItem

    WorkingHours.objects.filter(practitioner=practitioner).update(
        start_time=time(7), end_time=time(20)
    )
    service = make_service(
        "hypnotherapy", name="Hypnotherapy session", price_amount=9500, horizon_days=366
    )
    package = Package.objects.create(
        name="Two sessions", slug="two", description="Two.", price_amount=PRICE
    )
    PackageItem.objects.create(package=package, service=service, quantity=BOUGHT)
    weeks = itertools.count()

    def new():
        from django.db import transaction

        from packages.purchases import purchase_paid, purchase_start
        from payments.models import Order, Payment

        week = next(weeks)
        start = FIRST_MONDAY + timedelta(weeks=week)
        client = make_user()
        purchase = purchase_start(client=client, package=package, now=start)
        payment = Payment.objects.create(
            order=purchase.order,
            amount=PRICE,
            currency="GBP",
            checkout_session_id=f"cs_test_property{week:06d}",
            payment_intent_id=f"pi_test_property{week:06d}",
            status=Payment.Status.PAID,
            paid_at=start,
            expires_at=start,
            idempotency_key=f"checkout-property-{week}",
        )
        Order.objects.filter(pk=purchase.order_id).update(status="paid", paid_at=start)
        purchase.order.refresh_from_db()
        with transaction.atomic():
            purchase_paid(order=purchase.order, payment=payment, now=start)
        purchase.refresh_from_db()
        return client, purchase, start

    return {"service": service, "new": new}


def check(purchase, bookings, *, expected_total):
    from packages.adjustments import refundable
    from packages.models import Credit, CreditUse

    credit = Credit.objects.get(purchase=purchase)
    uses = list(CreditUse.objects.filter(credit__purchase=purchase))
    taking = [use for use in uses if use.state in CreditUse.TAKING]

    assert 0 <= credit.used <= credit.total
    assert credit.used == len(taking)
    assert credit.left == credit.total - len(taking)
    assert len({use.booking_id for use in uses}) == len(uses)
    assert credit.total == expected_total
    by_booking = {use.booking_id: use for use in uses}
    for booking in bookings:
        booking.refresh_from_db()
        use = by_booking.get(booking.pk)
        if booking.status == "confirmed":
            assert use is not None, booking
            assert use.state == "spent", (booking, use)
        if use is not None and use.state == "reserved":
            assert booking.status == "held"
    assert 0 <= refundable(purchase) <= PRICE


@pytest.mark.long
@settings(
    # 20, not 40 (half of 5-9 s on PostgreSQL): each run draws new cases, and over 6 seeds a
    # credit's session not given back when a use leaves a taking state, or given back only
    # down to one, was caught by every seed at 20 as at 40.
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sequence=st.lists(steps, min_size=3, max_size=16))
def test_the_credit_arithmetic_holds_under_any_sequence(world, sequence):
    from packages.adjustments import credits_add, credits_give_back, credits_refund
    from packages.credits import reservations_release_ended

    service = world["service"]
    client, purchase, now = world["new"]()
    bookings = []
    expected_total = BOUGHT
    check(purchase, bookings, expected_total=expected_total)
    for step, value in sequence:
        try:
            if step == "hold":
                days, hour = STARTS[value % len(STARTS)]
                start = datetime.combine(
                    (purchase.paid_at + timedelta(days=days)).date(), time(hour), tzinfo=UTC
                )
                held = services.booking_hold(
                    client=client, service=service, start=start, client_tz="UTC", now=now
                )
                if held not in bookings:
                    bookings.append(held)
            elif step in ("confirm", "cancel", "practitioner_cancels"):
                if not bookings:
                    continue
                booking = bookings[-1 - value % len(bookings)]
                booking.refresh_from_db()
                if step == "confirm":
                    services.booking_confirm(booking=booking, now=now)
                else:
                    by = Actor.CLIENT if step == "cancel" else Actor.PRACTITIONER
                    outcome = services.booking_cancel(booking=booking, by=by, now=now)
                    step = f"{step} ({outcome.reason}, was {booking.status})"
            elif step == "time_passes":
                now += timedelta(minutes=value)
                reservations_release_ended(now=now)
            elif step == "add":
                count = 1 + value % 2
                credits_add(purchase=purchase, service=service, count=count, now=now)
                expected_total += count
            elif step == "refund":
                count = value % 4
                credits_refund(purchase=purchase, service=service, count=count, now=now)
                expected_total -= count
            elif step == "give_back":
                change = credits_give_back(purchase=purchase, client=client, now=now)
                expected_total += sum(line["change"] for line in change.credits)
        except BookingError as error:
            event(f"{step} refused: {type(error).__name__}")  # nothing may have changed
        else:
            event(f"{step} done")
        check(purchase, bookings, expected_total=expected_total)
