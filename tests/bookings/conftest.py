"""Booking fixtures: a practitioner with weekly hours, services, bookings, and the task worker.

Django is imported inside the fixtures: tests/bookings/test_slots.py also runs without it.
"""

from datetime import UTC, datetime, time, timedelta

import pytest

# A Monday in winter (GMT = UTC, so London wall clock equals UTC in the domain tests).
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


@pytest.fixture
def now():
    return NOW


@pytest.fixture
def practitioner(db, make_user):
    from bookings.models import CancellationPolicy, Practitioner, WorkingHours

    user = make_user("anna@quietharbour.example", first_name="Anna", is_staff=True)
    practitioner = Practitioner.objects.create(
        user=user,
        display_name="Anna Whitfield",
        time_zone="Europe/London",
        video_link="https://meet.example/quiet-harbour",
    )
    for weekday in range(7):
        WorkingHours.objects.create(
            practitioner=practitioner, weekday=weekday, start_time=time(9), end_time=time(17)
        )
    CancellationPolicy.objects.create()
    return practitioner


@pytest.fixture
def make_service(db, practitioner):
    from bookings.models import Service

    def make(slug="hypnotherapy", **fields):
        defaults = {
            "name": slug.replace("-", " ").capitalize(),
            "summary": "A calm online session.",
            "description": "## What happens\n\nWe talk, then we work.",
            "duration_minutes": 60,
            "price_amount": 9500,
            "buffer_before_minutes": 15,
            "buffer_after_minutes": 15,
            "min_notice_hours": 24,
            "horizon_days": 60,
            "step_minutes": 30,
        }
        defaults.update(fields)
        defaults["is_free"] = defaults["price_amount"] == 0
        service = Service.objects.create(slug=slug, **defaults)
        service.practitioners.add(practitioner)
        return service

    return make


@pytest.fixture
def service(make_service):
    """A paid 60-minute session with 15-minute buffers."""
    return make_service()


@pytest.fixture
def free_service(make_service):
    """A free 20-minute call without buffers."""
    return make_service(
        "discovery-call",
        name="Free discovery call",
        duration_minutes=20,
        price_amount=0,
        buffer_before_minutes=0,
        buffer_after_minutes=0,
    )


@pytest.fixture
def make_booking(db, practitioner):
    """Write a booking row directly (test set-up; the domain functions are tested on their own)."""
    from bookings.models import Booking, CancellationPolicy

    def make(*, client, service, start, status="confirmed", **fields):
        rules = service.rules
        values = {
            "client": client,
            "practitioner": practitioner,
            "service": service,
            "start": start,
            "end": start + rules.duration,
            "blocked_start": start - rules.buffer_before,
            "blocked_end": start + rules.duration + rules.buffer_after,
            "status": status,
            "client_time_zone": "Europe/London",
            "price_amount": service.price_amount,
            "price_currency": service.price_currency,
            "policy_snapshot": CancellationPolicy.load().snapshot(),
            "video_link": practitioner.video_link,
        }
        if status == "held":
            values["hold_expires_at"] = start - timedelta(days=1)
        if status == "confirmed":
            values["confirmed_at"] = start - timedelta(days=3)
        if status == "cancelled":
            values.update(cancelled_at=start - timedelta(days=3), cancelled_by="client")
        values.update(fields)
        return Booking.objects.create(**values)

    return make


@pytest.fixture
def other_client(make_user):
    return make_user("someone.else@example.com", first_name="Sam")


@pytest.fixture
def run_worker():
    """Run the real task queue (django-tasks' database backend) until it is empty.

    Fails the test if any task failed, with the task's error.
    """
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    def run():
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
        failed = DBTaskResult.objects.filter(status="FAILED")
        assert not failed.exists(), [
            (result.task_path, result.exception_class_path, result.traceback) for result in failed
        ]

    return run


def start_on(day_offset: int, hour: int, minute: int = 0, *, base: datetime = NOW) -> datetime:
    return (base + timedelta(days=day_offset)).replace(hour=hour, minute=minute)


@pytest.fixture
def at():
    """at(days, hour, minute=0): an instant `days` after NOW at hour:minute UTC."""
    return start_on
