"""A credit paying for a session, from the hold to the end of the booking.

bookings calls these through its hooks (registered in packages/registrations.py), inside its
own transactions:

- `credit_reserve` (a signed-in client's new hold): one of her credits for the service, from
  the valid purchase that expires first, is reserved for the hold;
- `credit_cover` (what of the price a credit paid): the whole price while the booking has a
  use that is not released, so the booking page asks her to confirm rather than to pay;
- `credit_spend` (the booking is confirmed): reserved becomes spent;
- `credit_settle_cancellation` (the booking is cancelled): a reserved credit is released; a
  spent one is returned when the policy refunds anything (in time, or the practitioner
  cancelled), forfeited otherwise, as the booking's own policy snapshot says;
- `reservations_release_ended` (the periodic job): holds that ended give their credit back.

Every change of a credit row goes through `_take` and `_give`, conditional updates under the
row's lock; the database refuses anything that would take `used` past `total` or below 0, and
a booking can have one use only. Locks are taken in one order everywhere: the booking, then
its use, then the credit row.
"""

from datetime import datetime

from django.db import transaction
from django.db.models import F, Q

from bookings.models import Booking
from bookings.policy import Outcome
from packages.models import Credit, CreditUse
from payments.models import Payment

State = CreditUse.State


def _take(credit_id: int) -> bool:
    """One more of the credit's sessions taken, if one is left (the row is locked)."""
    return bool(Credit.objects.filter(pk=credit_id, used__lt=F("total")).update(used=F("used") + 1))


def _give(credit_id: int) -> None:
    """One of the credit's sessions back (a reservation released, a credit returned)."""
    Credit.objects.filter(pk=credit_id, used__gt=0).update(used=F("used") - 1)


def _settle(use: CreditUse, state: str, *, now: datetime) -> CreditUse:
    """Move a (locked) use to `state`, giving its session back when it no longer takes one."""
    if use.state == state:
        return use
    if use.state in CreditUse.TAKING and state not in CreditUse.TAKING:
        Credit.objects.select_for_update().filter(pk=use.credit_id).first()
        _give(use.credit_id)
    use.state = state
    use.updated_at = now
    use.save(update_fields=["state", "updated_at"])
    return use


def _valid_credits(*, client_id: int, booking: Booking, now: datetime):
    """Her credits that can pay for `booking`: its service, a paid purchase not expired now and
    still valid at the session's start, a session left; the purchase that expires first first."""
    return (
        Credit.objects.filter(
            purchase__client_id=client_id,
            purchase__paid_at__isnull=False,
            purchase__expires_at__gt=now,
            purchase__expires_at__gte=booking.start,
            service_id=booking.service_id,
            used__lt=F("total"),
        )
        .order_by("purchase__expires_at", "purchase_id", "pk")
        .values_list("pk", flat=True)
    )


def _paying_with_money(booking: Booking) -> bool:
    """A hold she has started paying for at Checkout (or paid): it stays paid with money, so a
    credit she bought meanwhile never pays for it twice."""
    return (
        Payment.objects.filter(booking=booking)
        .exclude(status__in=(Payment.Status.FAILED, Payment.Status.EXPIRED))
        .exists()
    )


def ended_reservations(*, now: datetime, client_id: int | None = None):
    """Reservations whose booking no longer holds its time: a hold that ran out, was released
    for another time, or was cancelled on a path that did not tell us."""
    uses = CreditUse.objects.filter(state=State.RESERVED).exclude(
        Q(booking__status=Booking.Status.CONFIRMED)
        | Q(booking__status=Booking.Status.HELD, booking__hold_expires_at__gt=now)
    )
    if client_id is not None:
        uses = uses.filter(booking__client_id=client_id)
    return uses


def _release_ended(use_id: int, *, now: datetime) -> bool:
    """Release one reservation if its booking still no longer holds its time (locked)."""
    use = CreditUse.objects.filter(pk=use_id).only("booking_id").first()
    if use is None:
        return False
    booking = Booking.objects.select_for_update().get(pk=use.booking_id)
    use = CreditUse.objects.select_for_update().get(pk=use_id)
    if use.state != State.RESERVED or booking.is_active_at(now):
        return False
    _settle(use, State.RELEASED, now=now)
    return True


def credit_reserve(*, booking: Booking, now: datetime) -> CreditUse | None:
    """A hold of hers: reserve one of her credits for it, if she has one (a hold hook).

    Her reservations of holds that ended are released first, so a credit held by a time she
    left is hers to use again. Idempotent: a hold that has its credit keeps it; one whose
    reservation was released (the hold ran out, then she held it again) reserves anew.
    Returns the use, or None when no credit can pay for it.
    """
    if booking.client_id is None or not booking.price_amount:
        return None
    use = CreditUse.objects.select_for_update().filter(booking=booking).first()
    if use is not None and use.state != State.RELEASED:
        return use
    if _paying_with_money(booking):
        return None
    for ended_id in list(
        ended_reservations(now=now, client_id=booking.client_id).values_list("pk", flat=True)
    ):
        _release_ended(ended_id, now=now)
    for credit_id in list(_valid_credits(client_id=booking.client_id, booking=booking, now=now)):
        locked = Credit.objects.select_for_update().filter(pk=credit_id).first()
        if locked is None or not _take(credit_id):
            continue  # taken meanwhile by another of her holds
        if use is None:
            use = CreditUse(booking=booking, created_at=now)
        use.credit_id = credit_id
        use.state = State.RESERVED
        use.updated_at = now
        use.save()
        return use
    return None


def credit_cover(*, booking: Booking) -> int:
    """What a credit paid of `booking`'s price: all of it, or nothing (a price cover hook)."""
    use = CreditUse.objects.filter(booking_id=booking.pk).only("state").first()
    return booking.price_amount if use is not None and use.covers else 0


def credit_spend(*, booking: Booking, now: datetime) -> None:
    """The booking is confirmed: its reserved credit is spent (a confirmation hook)."""
    use = CreditUse.objects.select_for_update().filter(booking=booking).first()
    if use is not None and use.state == State.RESERVED:
        _settle(use, State.SPENT, now=now)


def credit_settle_cancellation(*, booking: Booking, outcome: Outcome) -> None:
    """The booking is cancelled (a cancellation hook, in `booking_cancel`'s transaction).

    A reservation (it was a hold) is released. A spent credit comes back when the policy
    refunds anything of the price (cancelled in time, or by the practitioner); otherwise it is
    forfeited, as a late cancellation of a paid session refunds nothing.
    """
    use = CreditUse.objects.select_for_update().filter(booking=booking).first()
    if use is None:
        return
    now = booking.cancelled_at
    if use.state == State.RESERVED:
        _settle(use, State.RELEASED, now=now)
    elif use.state == State.SPENT:
        _settle(use, State.RETURNED if outcome.refund_amount > 0 else State.FORFEITED, now=now)


def reservations_release_ended(*, now: datetime) -> int:
    """Release every reservation whose hold has ended (the periodic job); returns how many."""
    released = 0
    for use_id in list(ended_reservations(now=now).values_list("pk", flat=True)):
        with transaction.atomic(durable=True):
            released += _release_ended(use_id, now=now)
    return released
