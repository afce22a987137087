"""The waitlist's worker jobs on the real task queue: a cancellation asks for a look at once, an
offer asks for one as it runs out, and the job every minute looks at every watched service."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from bookings import services
from bookings.policy import Actor
from waitlist.joining import entry_join
from waitlist.models import Entry, Offer
from waitlist.tasks import LOOK_AFTER_OFFER, offer_freed_times

pytestmark = pytest.mark.django_db(transaction=True)

ALL_DAY = {"mornings", "afternoons", "evenings"}


@pytest.fixture
def booked_day(service, book_day, now):
    """A day three days on, every time of it booked."""
    day = (now + timedelta(days=3)).date()
    return day, book_day(day, now=now)


def wait_for(client, service, day, now):
    return entry_join(
        client=client,
        service=service,
        first_day=day,
        last_day=day,
        parts=ALL_DAY,
        zone="Europe/London",
        now=now,
    ).entry


def looks_queued():
    return DBTaskResult.objects.filter(task_path="waitlist.tasks.look_at_service")


def test_a_cancellation_asks_for_a_look_and_the_worker_offers_the_time(
    service, booked_day, client_user, run_worker, now, practice_details
):
    day, booked = booked_day
    wait_for(client_user, service, day, now)
    cancelled = booked[sorted(booked)[2]]

    services.booking_cancel(booking=cancelled, by=Actor.CLIENT, now=timezone.now())
    assert looks_queued().count() == 1
    run_worker()

    offer = Offer.objects.get()
    assert offer.entry.client == client_user
    assert offer.booking.start == cancelled.start
    [email] = [message for message in mail.outbox if message.to == [client_user.email]]
    assert email.subject.startswith("A time you were waiting for is free: ")
    assert service.name not in email.subject
    assert offer.booking.reference in email.body
    # And a look once the offer runs out, for the next in line.
    later = looks_queued().get(status="READY")
    assert later.run_after == offer.until + LOOK_AFTER_OFFER


def test_a_cancellation_with_nobody_waiting_asks_for_nothing(service, booked_day, now):
    _, booked = booked_day

    services.booking_cancel(booking=booked[sorted(booked)[0]], by=Actor.CLIENT, now=now)

    assert not looks_queued().exists()


def test_the_job_every_minute_offers_freed_times_and_ends_past_entries(
    service, booked_day, client_user, other_client, now
):
    day, booked = booked_day
    wait_for(client_user, service, day, now)
    Entry.objects.create(
        client=other_client,
        service=service,
        first_day=now.date() - timedelta(days=3),
        last_day=now.date() - timedelta(days=1),
        mornings=True,
        time_zone="Europe/London",
        joined_at=now - timedelta(days=4),
        expires_at=now - timedelta(hours=1),
    )
    # Freed without any cancellation hook: a booking row ended behind the waitlist's back.
    freed = booked[sorted(booked)[1]]
    freed.status = "expired"
    freed.save()

    assert offer_freed_times.call() == 1

    assert Offer.objects.get().booking.start == freed.start
    assert Entry.objects.get(client=other_client).status == Entry.Status.EXPIRED
    assert offer_freed_times.call() == 0
