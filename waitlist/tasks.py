"""The waitlist's background work on the django-tasks queue.

`offer_freed_times` runs every minute (settings.PERIODIC_TASKS) over every service someone
waits for. A cancellation asks for a look at its service at once (`look_after_cancellation`,
bookings' cancellation hook), and each offer made asks for one as it runs out, so the next in
line hears within seconds rather than within the minute.
"""

import logging
from datetime import timedelta
from functools import partial

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from bookings.models import Booking, Service
from waitlist.models import Entry, Offer
from waitlist.watching import entries_expire, freed_times_check, watched_services

logger = logging.getLogger(__name__)

# After an offer's end, before looking: its hold has run out by then on every clock.
LOOK_AFTER_OFFER = timedelta(seconds=2)


@task()
def offer_freed_times() -> int:
    """End the entries whose last day is over, then look at each watched service; returns how
    many offers were made. One service's failure does not keep the others waiting."""
    now = timezone.now()
    entries_expire(now=now)
    made = 0
    for service in watched_services(now=now):
        try:
            made += len(_look(service, now=now))
        except Exception:
            logger.exception("The waitlist could not look at service %s", service.pk)
    return made


@task()
def look_at_service(service_id: int) -> int:
    """One service's look, asked for by a cancellation or by an offer running out."""
    service = Service.objects.filter(pk=service_id).first()
    if service is None:
        return 0
    return len(_look(service, now=timezone.now()))


def _look(service: Service, *, now) -> list[Offer]:
    offers = freed_times_check(service=service, now=now)
    offers_follow(offers)
    return offers


def offers_follow(offers: list[Offer]) -> None:
    """Once the offers have committed, ask for a look at their service as each runs out."""
    for offer in offers:
        run_after = offer.until + LOOK_AFTER_OFFER
        transaction.on_commit(
            partial(look_at_service.using(run_after=run_after).enqueue, offer.freed_time.service_id)
        )


def look_after_cancellation(*, booking: Booking, outcome) -> None:
    """bookings' cancellation hook, in the cancellation's transaction: if anyone waits for the
    service, look at it as soon as the cancellation has committed."""
    if Entry.objects.filter(service_id=booking.service_id, status=Entry.Status.WAITING).exists():
        transaction.on_commit(partial(look_at_service.enqueue, booking.service_id))
