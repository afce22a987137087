"""A voucher's balance under any sequence of what can happen to it: applied to holds, removed,
holds confirmed (paying any rest), cancelled in time or late under various terms, holds and the
voucher itself running out. Whatever the order, the balance stays within 0 and what was bought,
the balance plus what its redemptions keep is always what was bought, and a model kept beside
it from the policy's outcomes alone agrees with the database after every step.

New cases every run from the run's seed (tests/conftest.py; --hypothesis-seed=N again).
"""

import itertools
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

settings.register_profile(
    "voucher-balance",
    derandomize=False,
    # 30, not 60 (half of 10 s on PostgreSQL): each run draws new cases, and breaking the
    # voucher's arithmetic was caught as often at 30 as at 60 over 6 seeds: apply ignoring the
    # balance by every seed at both; a cancellation giving back all, or a penny too much, by no
    # drawn case at either, but by the explicit examples below, which every run keeps.
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
BALANCE = settings.get_profile("voucher-balance")

START = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
BOOKINGS = 3
# Each booking its own time (two hours apart), across every example: no two ever overlap.
slots = itertools.count()

# What can happen to a booking, each booking its own story; the stories are then interleaved
# in an order drawn too, and the voucher may expire at some point among them. Each step draws a
# number it may use (hours before the session, whether the rest is paid).
STEPS = (
    "apply",
    "apply",
    "confirm",
    "confirm",
    "cancel_by_client",
    "cancel_by_practitioner",
    "remove",
    "hold_runs_out",
    "session_draws_near",
)
story = st.lists(st.tuples(st.sampled_from(STEPS), st.integers(1, 72)), min_size=1, max_size=6)


@st.composite
def steps(draw):
    """(step, number, booking index): the bookings' stories, interleaved, and perhaps the
    voucher expiring among them."""
    stories = [draw(story) for _ in range(BOOKINGS)]
    turns = draw(st.permutations([index for index, told in enumerate(stories) for _ in told]))
    told = [iter(each) for each in stories]
    sequence = [(*next(told[index]), index) for index in turns]
    expires = draw(st.one_of(st.none(), st.integers(0, len(sequence))))
    if expires is not None:
        sequence.insert(expires, ("voucher_expires", 0, 0))
    return sequence


bookings_terms = st.lists(
    st.tuples(
        st.integers(1, 50_000),  # price
        st.sampled_from([100, 50, 33, 0]),  # refunded with notice (%)
        st.sampled_from([0, 25, 100]),  # refunded late (%)
    ),
    min_size=BOOKINGS,
    max_size=BOOKINGS,
)


TERMS = [(9500, 50, 0), (9500, 100, 0), (12000, 33, 25)]


@pytest.mark.long
@settings(BALANCE)
@given(amount=st.integers(1, 150_000), terms=bookings_terms, sequence=steps())
# Besides what each run draws, the stories that matter most, every run: a part-paid session
# cancelled in time under terms giving half back; one paid whole cancelled late; a voucher
# moving from a hold that ran out to another booking and expiring before a third.
@example(
    amount=6000,
    terms=TERMS,
    sequence=[("apply", 1, 0), ("confirm", 1, 0), ("cancel_by_client", 1, 0)],
)
@example(
    amount=20000,
    terms=TERMS,
    sequence=[
        ("apply", 1, 1),
        ("confirm", 3, 1),
        ("session_draws_near", 10, 1),
        ("cancel_by_client", 1, 1),
        ("apply", 1, 2),
        ("cancel_by_practitioner", 1, 2),
    ],
)
@example(
    amount=15000,
    terms=TERMS,
    sequence=[
        ("apply", 1, 0),
        ("hold_runs_out", 1, 0),
        ("apply", 1, 1),
        ("remove", 1, 1),
        ("apply", 1, 1),
        ("confirm", 1, 1),
        ("voucher_expires", 0, 0),
        ("apply", 1, 2),
    ],
)
def test_the_balance_adds_up_whatever_happens(
    make_booking, make_voucher, client_user, service, amount, terms, sequence
):
    from bookings.errors import BookingError
    from bookings.lifecycle import amount_due
    from bookings.services import booking_cancel, booking_confirm
    from payments.models import Payment
    from vouchers.models import Redemption
    from vouchers.redemption import (
        reservations_release_ended,
        voucher_apply,
        voucher_covered,
        voucher_remove,
    )

    now = START
    voucher = make_voucher(amount=amount, paid_at=now)
    bookings = []
    for price, in_time, late in terms:
        bookings.append(
            make_booking(
                client=client_user,
                service=service,
                status="held",
                start=START + timedelta(days=7, hours=2 * next(slots)),
                price_amount=price,
                # Held until its own hold runs out (a step), whatever else time does.
                hold_expires_at=START + timedelta(days=30),
                policy_snapshot={
                    "notice_hours": 48,
                    "refund_percent_with_notice": in_time,
                    "refund_percent_late": late,
                },
                now=now,
            )
        )
    # The model: the balance, and what the voucher keeps for each booking (reserved or spent).
    expected = amount
    kept = [0] * BOOKINGS
    reserved = [False] * BOOKINGS

    def release_ended():
        nonlocal expected
        reservations_release_ended(now=now)
        for index, booking in enumerate(bookings):
            booking.refresh_from_db()
            if reserved[index] and not booking.is_held_at(now):
                expected += kept[index]
                kept[index], reserved[index] = 0, False

    def apply(index, booking, number):
        nonlocal expected
        due = amount_due(booking)
        redemption = voucher_apply(booking=booking, code=voucher.code, now=now)
        assert redemption.amount == min(expected, due) > 0
        expected -= redemption.amount
        kept[index], reserved[index] = redemption.amount, True

    def remove(index, booking, number):
        nonlocal expected
        try:
            voucher_remove(booking=booking, now=now)
        except BookingError:
            assert not reserved[index]  # a reservation can always be removed
            raise
        expected += kept[index]
        kept[index], reserved[index] = 0, False

    def confirm(index, booking, number):
        due = amount_due(booking)
        if due and number % 3 and booking.status == "held":  # she pays the rest, mostly
            attempt = booking.payments.count() + 1
            Payment.objects.create(
                booking=booking,
                attempt=attempt,
                amount=due,
                currency=booking.price_currency,
                status="paid",
                paid_at=now,
                expires_at=now,
                checkout_session_id=f"cs_test_prop{booking.reference}{attempt}",
                payment_intent_id=f"pi_test_prop{booking.reference}{attempt}",
                idempotency_key=f"checkout-{booking.reference}-{attempt}",
            )
        booking_confirm(booking=booking, now=now)
        reserved[index] = False

    def cancel(index, booking, by):
        nonlocal expected
        outcome = booking_cancel(booking=booking, by=by, now=now)
        back = (
            kept[index]
            if reserved[index]
            else outcome.refund_amount * kept[index] // (booking.price_amount)
        )
        expected += back
        kept[index], reserved[index] = kept[index] - back, False

    for step, number, index in sequence:
        booking = bookings[index]
        booking.refresh_from_db()
        try:
            if step == "apply":
                apply(index, booking, number)
            elif step == "remove":
                remove(index, booking, number)
            elif step == "confirm":
                confirm(index, booking, number)
            elif step.startswith("cancel_by_"):
                cancel(index, booking, step.removeprefix("cancel_by_"))
            elif step == "hold_runs_out" and booking.status == "held":
                booking.hold_expires_at = now - timedelta(seconds=1)
                booking.save(update_fields=["hold_expires_at"])
            elif step == "session_draws_near":  # inside its notice, or just not
                now = max(now, booking.start - timedelta(hours=number))
            elif step == "voucher_expires":
                now = max(now, voucher.expires_at)
        except BookingError:
            pass
        release_ended()

        voucher.refresh_from_db()
        redemptions = list(Redemption.objects.filter(voucher=voucher).select_related("booking"))
        assert 0 <= voucher.balance <= voucher.initial_amount
        assert voucher.balance == expected
        assert voucher.balance + sum(r.amount - r.returned for r in redemptions) == amount
        for redemption in redemptions:
            assert 0 <= redemption.returned <= redemption.amount
            assert redemption.state != "spent" or redemption.booking.status == "confirmed"
            assert redemption.state != "cancelled" or redemption.booking.status == "cancelled"
        for booking in bookings:
            assert voucher_covered(booking=booking) <= booking.price_amount
        live = [r.booking_id for r in redemptions if r.state != "released"]
        assert len(live) == len(set(live))  # one voucher per booking at a time
