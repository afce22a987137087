"""Fixtures for client accounts: published policies, a practitioner, services and bookings."""

from datetime import time, timedelta

import pytest

SCREENING_ANSWERS = {
    "seizures": "no",
    "psychosis": "no",
    "psychiatric_care": "no",
    "medication_change": "no",
    "heart_condition": "no",
    "pregnancy": "no",
    "substance_dependence": "no",
    "other_medication": "Cetirizine for hay fever",
    "emergency_contact_name": "Priya Zanzibar-Holloway",
    "emergency_contact_phone": "+44 7700 900123",
    "session_location": "At home in Harrogate, in the spare room",
}


@pytest.fixture
def now():
    """The real time: the views use the clock, and so do these tests (times are relative)."""
    from django.utils import timezone

    return timezone.now()


@pytest.fixture
def answers():
    """Valid screening form data that needs no conversation (a fresh copy per test)."""
    return dict(SCREENING_ANSWERS)


@pytest.fixture
def publish(db, now):
    """Publish a new version of a policy document: publish("privacy", body=..., at=...)."""
    from clients.models import PolicyDocument, PolicyVersion
    from clients.policies import policy_version_publish

    def make(kind, *, title=None, summary=None, body=None, at=None):
        document, _ = PolicyDocument.objects.get_or_create(kind=kind)
        draft = PolicyVersion.objects.create(
            document=document,
            title=title or f"{kind.capitalize()} notice",
            summary=summary or f"The short form of the {kind} text.",
            body=body or f"## About\n\nThe full {kind} text, with its details.",
        )
        return policy_version_publish(version=draft, now=at or now - timedelta(days=30))

    return make


@pytest.fixture
def policies(publish):
    """Version 1 of each of the four policies, published a month ago."""
    from clients.models import PolicyKind

    return {kind: publish(kind) for kind in PolicyKind.values}


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

    def make(slug, **fields):
        defaults = {
            "name": slug.replace("-", " ").capitalize(),
            "summary": "A calm online session.",
            "duration_minutes": 60,
            "price_amount": 0,
            "min_notice_hours": 24,
        }
        defaults.update(fields)
        defaults["is_free"] = defaults["price_amount"] == 0
        service = Service.objects.create(slug=slug, **defaults)
        service.practitioners.add(practitioner)
        return service

    return make


@pytest.fixture
def free_service(make_service):
    """The free discovery call: no screening needed."""
    return make_service("discovery-call", name="Free discovery call", duration_minutes=20)


@pytest.fixture
def screened_service(make_service):
    """A free session that needs the suitability screening (payments are not needed here)."""
    return make_service("hypnotherapy-intro", name="Hypnotherapy intro", needs_screening=True)


@pytest.fixture
def paid_service(make_service):
    return make_service(
        "hypnotherapy", name="Hypnotherapy session", price_amount=9500, needs_screening=True
    )


@pytest.fixture
def make_booking(db, practitioner, now):
    """Write a booking row directly (set-up only; the life cycle is the bookings app's)."""
    from bookings.models import Booking, CancellationPolicy

    def make(*, client, service, start=None, status="held", **fields):
        start = start or now + timedelta(days=7)
        duration = timedelta(minutes=service.duration_minutes)
        values = {
            "client": client,
            "practitioner": practitioner,
            "service": service,
            "start": start,
            "end": start + duration,
            "blocked_start": start,
            "blocked_end": start + duration,
            "status": status,
            "client_time_zone": "Europe/London",
            "price_amount": service.price_amount,
            "price_currency": service.price_currency,
            "policy_snapshot": CancellationPolicy.load().snapshot(),
        }
        if status == "held":
            values["hold_expires_at"] = now + timedelta(minutes=30)
        if status == "confirmed":
            values["confirmed_at"] = now - timedelta(days=1)
        values.update(fields)
        return Booking.objects.create(**values)

    return make


@pytest.fixture
def other_client(make_user):
    return make_user("someone.else@example.com", first_name="Sam", last_name="Quillfeather")


@pytest.fixture
def signed_in(client, client_user):
    client.force_login(client_user)
    return client


@pytest.fixture
def accept_all(policies, now):
    """Record that a user accepted every current policy (as the consent step does)."""
    from clients.consent import consent_record_create, current_versions

    def accept(user, *, booking=None, at=None):
        at = at or now
        return consent_record_create(
            user=user,
            versions=current_versions(now=at),
            booking=booking,
            ip="203.0.113.9",
            user_agent="Firefox/140",
            now=at,
        )

    return accept


@pytest.fixture
def screen(db, now):
    """Store screening answers for a user: screen(user, seizures="yes", at=...)."""
    from clients.screening import screening_submit

    def submit(user, *, at=None, **overrides):
        answers = {**SCREENING_ANSWERS, **overrides}
        return screening_submit(user=user, answers=answers, now=at or now)

    return submit
