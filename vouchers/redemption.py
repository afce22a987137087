"""Paying for a booking with a gift voucher, at the pay step.

- `voucher_apply`: on the client's live hold, the voucher's balance pays what it can of what
  is due (its price less what else covered it): that much is taken off the balance at once and
  reserved for the booking (a `Redemption`), so two bookings can never spend the same pounds.
  The page then asks for the rest through Checkout, or confirms the booking when nothing is
  left to pay (bookings.hooks.price_covers, lifecycle.amount_due).
- `voucher_remove`: she changes her mind: the reservation goes back to the balance.
- `redemption_spend` (a confirmation hook): the booking is confirmed, the reservation spent.
- `redemption_give_back` (a cancellation hook): a confirmed booking cancelled gives the
  voucher's share of the policy's refund back to the balance (payments refunds only the money's
  share); a hold released gives back the whole reservation.
- `reservations_release_ended`: holds that ended unconfirmed give their reservations back
  (every few minutes, and before each use of the voucher).

Locks, always in this order: the booking, then the redemption, then the voucher. While a
Checkout session may still be paid for the booking, what is due must not change under it, so
nothing is applied, removed or released then. The balance's bounds are a database constraint
(vouchers/models.py): whatever happens, it never goes below nothing.
"""

from datetime import datetime

from django.db import transaction
from django.db.models import F, Sum

from bookings.guards import booking_lock
from bookings.lifecycle import amount_due
from bookings.models import Booking
from bookings.policy import Outcome, refund_split
from payments.checkout import checkout_in_progress
from payments.models import Payment
from practice.zones import clock_time, zone_label
from vouchers.codes import code_normalise
from vouchers.conf import CHECKOUT_SETTLING
from vouchers.errors import VoucherRefused, WrongCode
from vouchers.models import Redemption, Voucher

State = Redemption.State


def voucher_covered(*, booking: Booking) -> int:
    """What gift vouchers paid of `booking`'s price, including what went back to them since
    (bookings.hooks.price_covers)."""
    if booking.pk is None:
        return 0
    live = Redemption.objects.filter(booking_id=booking.pk).live()
    return live.aggregate(total=Sum("amount"))["total"] or 0


def booking_redemption(booking: Booking) -> Redemption | None:
    """The voucher paying for `booking` now, if any."""
    return Redemption.objects.filter(booking_id=booking.pk).live().select_related("voucher").first()


def _refuse_while_paying(booking: Booking, *, now: datetime) -> None:
    if not checkout_in_progress(booking=booking, now=now):
        return
    closes = (
        booking.payments.filter(status=Payment.Status.OPEN, expires_at__gt=now)
        .order_by("-expires_at")
        .values_list("expires_at", flat=True)
        .first()
    )
    local = closes.astimezone(booking.client_tz)
    raise VoucherRefused(
        "A payment for this session is open on Stripe's secure page. Please finish it there, "
        f"or come back after it closes at {clock_time(local)} "
        f"({zone_label(booking.client_time_zone, at=closes)}) to change how you pay."
    )


def _release(redemption: Redemption, *, now: datetime) -> None:
    """Give a reservation back to its voucher whole (the caller holds the booking's lock)."""
    Voucher.objects.filter(pk=redemption.voucher_id).update(
        balance=F("balance") + redemption.amount
    )
    redemption.returned = redemption.amount
    redemption.state = State.RELEASED
    redemption.updated_at = now
    redemption.save(update_fields=["returned", "state", "updated_at"])


def voucher_apply(*, booking: Booking, code: str, now: datetime) -> Redemption:
    """Pay what the voucher with `code` can of the client's held `booking`.

    Raises `WrongCode` when no paid voucher has that code (the caller counts it against the
    rate limit), `VoucherRefused` when the voucher or the booking cannot be paid this way.
    """
    normalised = code_normalise(code)
    voucher_id = (
        Voucher.objects.filter(code=normalised, paid_at__isnull=False)
        .values_list("pk", flat=True)
        .first()
        if normalised
        else None
    )
    if voucher_id is None:
        raise WrongCode
    # What this voucher reserved for holds that ended is free again first.
    reservations_release_ended(now=now, voucher_id=voucher_id)
    with transaction.atomic(durable=True):
        booking = booking_lock(booking)
        if booking.status != Booking.Status.HELD:
            raise VoucherRefused("A gift voucher can only pay for a session not booked yet.")
        if not booking.is_held_at(now):
            raise VoucherRefused(
                "Your hold on this time has ended. If the time is still free, hold it again first."
            )
        if not booking.price_amount:
            raise VoucherRefused("This session is free, so there is nothing to pay.")
        _refuse_while_paying(booking, now=now)
        if Redemption.objects.filter(booking=booking).live().exists():
            raise VoucherRefused(
                "A gift voucher is already paying for this session. To use another, remove "
                "that one first."
            )
        due = amount_due(booking)
        if due <= 0:
            raise VoucherRefused("There is nothing left to pay for this session.")
        voucher = Voucher.objects.select_for_update().get(pk=voucher_id)
        _refuse_unusable(voucher, booking=booking, now=now)
        amount = min(voucher.balance, due)
        Voucher.objects.filter(pk=voucher.pk).update(balance=F("balance") - amount)
        redemption = Redemption(
            voucher=voucher,
            booking=booking,
            amount=amount,
            state=State.RESERVED,
            created_at=now,
            updated_at=now,
        )
        redemption.save()
    return redemption


def _refuse_unusable(voucher: Voucher, *, booking: Booking, now: datetime) -> None:
    if voucher.expires_at <= now:
        day = voucher.valid_until
        raise VoucherRefused(
            f"This gift voucher could be used until {day.day} {day:%B %Y}: it has expired."
        )
    if voucher.currency != booking.price_currency:
        raise VoucherRefused("This gift voucher is in another currency than this session.")
    if voucher.balance <= 0:
        raise VoucherRefused("This gift voucher has been used up: nothing is left on it.")


def voucher_remove(*, booking: Booking, now: datetime) -> Redemption:
    """Stop paying for the client's held `booking` with a voucher: its reservation goes back."""
    with transaction.atomic(durable=True):
        booking = booking_lock(booking)
        redemption = (
            Redemption.objects.select_for_update()
            .filter(booking=booking, state=State.RESERVED)
            .first()
        )
        if redemption is None:
            raise VoucherRefused("No gift voucher is paying for this session.")
        _refuse_while_paying(booking, now=now)
        _release(redemption, now=now)
    return redemption


def redemption_spend(*, booking: Booking, now: datetime) -> None:
    """The booking is confirmed: its reservation is spent (bookings.hooks.confirmation_hooks,
    inside the confirming transaction)."""
    Redemption.objects.filter(booking=booking, state=State.RESERVED).update(
        state=State.SPENT, updated_at=now
    )


def redemption_give_back(*, booking: Booking, outcome: Outcome) -> None:
    """The booking is cancelled (bookings.hooks.cancellation_hooks, inside that transaction).

    A hold's reservation goes back whole. Of a confirmed booking, the voucher gets back its
    share of the refund the policy gives (`refund_split`): all it paid in time, nothing late.
    """
    redemption = (
        Redemption.objects.select_for_update()
        .filter(booking=booking, state__in=[State.RESERVED, State.SPENT])
        .first()
    )
    if redemption is None:
        return
    now = booking.cancelled_at
    if redemption.state == State.RESERVED:
        _release(redemption, now=now)
        return
    back = refund_split(
        refund=outcome.refund_amount, price=booking.price_amount, covered=redemption.amount
    ).covered
    Voucher.objects.filter(pk=redemption.voucher_id).update(balance=F("balance") + back)
    redemption.returned = back
    redemption.state = State.CANCELLED
    redemption.updated_at = now
    redemption.save(update_fields=["returned", "state", "updated_at"])


def reservations_release_ended(*, now: datetime, voucher_id: int | None = None) -> int:
    """Give back what vouchers reserved for holds that ended unconfirmed, once no Checkout
    session may still be paid for them; returns how many were released."""
    ended = Redemption.objects.filter(state=State.RESERVED).exclude(
        booking__status=Booking.Status.HELD, booking__hold_expires_at__gt=now
    )
    if voucher_id is not None:
        ended = ended.filter(voucher_id=voucher_id)
    released = 0
    for redemption_id, booking_id in list(ended.values_list("pk", "booking_id")):
        with transaction.atomic(durable=True):
            booking = booking_lock(Booking(pk=booking_id))
            if booking.is_held_at(now) or booking.status == Booking.Status.CONFIRMED:
                continue
            if checkout_in_progress(booking=booking, now=now - CHECKOUT_SETTLING):
                continue
            redemption = (
                Redemption.objects.select_for_update()
                .filter(pk=redemption_id, state=State.RESERVED)
                .first()
            )
            if redemption is not None:
                _release(redemption, now=now)
                released += 1
    return released
