"""Offering a freed time: to the first in line, held for her alone for a short window; if she
does not take it, to the next; when nobody is left, it stays free for everyone.

An offer is a hold of the time for her (bookings.holds.booking_hold_offer), so the rules
against double booking make it exclusive, and taking it is the ordinary path of a hold: her
booking page, consent, payment. Everything here runs with the service's watch row locked
(waitlist/seen.py), taken before any booking's lock, so a freed time is offered once even when
several workers look at the same moment; the unique constraints on FreedTime and Offer say so
again in the database.
"""

from datetime import datetime

from django.db import transaction

from bookings.errors import InvalidState, SlotTaken, SlotUnavailable
from bookings.holds import booking_hold_offer
from bookings.models import Booking, Service
from bookings.policy import Actor
from bookings.services import booking_cancel
from waitlist.conf import offer_window, shortest_offer
from waitlist.emails import offer_email_queue
from waitlist.models import Entry, FreedTime, Offer
from waitlist.seen import seen_free_add, watch_lock

# What the practitioner reads on the booking she released by saying "No thanks".
DECLINED_REASON = "Offered from the waitlist; she said no thanks."


def offer_until(*, service: Service, start: datetime, now: datetime) -> datetime | None:
    """When an offer of `start` made at `now` ends: after the offer window, but never past the
    start's notice limit (the latest it could be booked). None when that leaves less than the
    shortest offer worth making."""
    until = min(now + offer_window(), start - service.rules.min_notice)
    until = until.replace(second=0, microsecond=0)
    if until - now < shortest_offer():
        return None
    return until


def chain_advance(*, chain: FreedTime, now: datetime) -> Offer | None:
    """Move a freed time's chain of offers on, with the service's watch locked: an offer still
    held stays; a booked one closes the chain; one that ended unconfirmed (run out, or released
    by her) passes the time to the next in line. Returns the new offer, if one was made."""
    pending = chain.offers.filter(status=Offer.Status.PENDING).first()
    if pending is not None:
        # Her booking's lock before her offer's, as when she confirms it (offer_booked).
        booking = Booking.objects.select_for_update(of=("self",)).get(pk=pending.booking_id)
        if booking.status == Booking.Status.CONFIRMED:
            offer_booked(booking=booking, now=now)
            return None
        if booking.is_held_at(now) and booking.start == chain.start:
            return None
        released = booking.status == Booking.Status.CANCELLED
        _offer_end(
            pending, status=Offer.Status.DECLINED if released else Offer.Status.LAPSED, now=now
        )
    return _offer_next(chain, now=now)


def _offer_next(chain: FreedTime, *, now: datetime) -> Offer | None:
    """Offer the chain's time to the first waiting entry in line that it suits and that has not
    been offered it yet (nor holds another offer); else close the chain."""
    service = chain.service
    until = offer_until(service=service, start=chain.start, now=now)
    if until is None:
        return _chain_close(chain, now=now)
    for entry in _next_in_line(chain, now=now):
        try:
            booking = booking_hold_offer(
                client=entry.client,
                service=service,
                start=chain.start,
                until=until,
                client_tz=entry.time_zone,
                now=now,
            )
        except (SlotTaken, SlotUnavailable):
            break  # someone else has it now (or it is no longer offered): nothing to pass on
        offer = Offer.objects.create(
            freed_time=chain, entry=entry, booking=booking, offered_at=now, until=until
        )
        offer_email_queue(offer)
        return offer
    return _chain_close(chain, now=now)


def _next_in_line(chain: FreedTime, *, now: datetime):
    """The waiting entries of the chain's service, in line order, that its time suits and that
    may be offered it: not offered it before, no other offer held, and not the client who has
    just given this very time up herself."""
    offered = chain.offers.values("entry_id")
    holding = Offer.objects.filter(status=Offer.Status.PENDING).values("entry_id")
    gave_up = Booking.objects.filter(
        service=chain.service,
        start=chain.start,
        status=Booking.Status.CANCELLED,
        cancelled_by=Actor.CLIENT,
        client__isnull=False,  # never a NULL in a NOT IN
    ).values("client_id")
    entries = (
        Entry.objects.waiting(now=now)
        .filter(service=chain.service, client__is_active=True)
        .exclude(pk__in=offered)
        .exclude(pk__in=holding)
        .exclude(client__in=gave_up)
        .select_related("client")
        .in_line()
    )
    return (entry for entry in entries if entry.window.suits(chain.start))


def _chain_close(chain: FreedTime, *, now: datetime) -> None:
    """Nobody (left) to offer the time to: it is free for everyone, and seen free as such, so
    that it is not taken for freed again while it stays free."""
    chain.status = FreedTime.Status.RELEASED
    chain.closed_at = now
    chain.save(update_fields=["status", "closed_at"])
    seen_free_add(service=chain.service, starts=[chain.start])


def _offer_end(offer: Offer, *, status: str, now: datetime) -> None:
    offer.status = status
    offer.ended_at = now
    offer.save(update_fields=["status", "ended_at"])


def offer_booked(*, booking: Booking, now: datetime) -> None:
    """A booking confirmed (bookings' confirmation hook, in its transaction): if it was offered
    from the waitlist, the offer is taken, her entry has done its work and the chain ends."""
    offer = Offer.objects.filter(booking=booking).first()
    if offer is None:
        return
    if offer.status != Offer.Status.ACCEPTED:
        _offer_end(offer, status=Offer.Status.ACCEPTED, now=now)
    Entry.objects.filter(pk=offer.entry_id).exclude(status=Entry.Status.BOOKED).update(
        status=Entry.Status.BOOKED, ended_at=now
    )
    FreedTime.objects.filter(pk=offer.freed_time_id, status=FreedTime.Status.OFFERING).update(
        status=FreedTime.Status.BOOKED, closed_at=now
    )


def offer_decline(*, offer: Offer, now: datetime) -> Offer | None:
    """She says "No thanks": her hold is released and the time goes to the next in line at
    once, in the same transaction (so nobody else can slip in between). Returns the next
    offer, if one was made. `InvalidState` when the offer is no longer hers to decline."""
    with transaction.atomic(durable=True):
        watch_lock(offer.freed_time.service)
        booking = Booking.objects.select_for_update(of=("self",)).get(pk=offer.booking_id)
        offer = Offer.objects.select_related("freed_time__service").get(pk=offer.pk)
        if offer.status != Offer.Status.PENDING or not booking.is_held_at(now):
            raise InvalidState("This offer has ended, so there is nothing to decline.")
        booking_cancel(booking=booking, by=Actor.CLIENT, reason=DECLINED_REASON, now=now)
        _offer_end(offer, status=Offer.Status.DECLINED, now=now)
        chain = offer.freed_time
        if chain.status != FreedTime.Status.OFFERING:
            return None
        return _offer_next(chain, now=now)
