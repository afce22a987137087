"""Fixtures for client accounts: published policies, consent, screening, free services.

The practitioner, make_service (free by default), free_service, make_booking (confirmed a week
from now unless told), other_client, `now`, publish and signed_in are tests/conftest.py's.
"""

import pytest

# Answers as clients.screening stores them (a "yes" or "no" per question), as `screen` submits
# them; `answers` is the same as the form's data.
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
def answers():
    """Valid screening form data (clients.forms.ScreeningForm) that needs no conversation:
    none of the health questions applies. A fresh copy per test."""
    return {
        "none_apply": "on",
        "other_medication": SCREENING_ANSWERS["other_medication"],
        "emergency_contact_name": SCREENING_ANSWERS["emergency_contact_name"],
        "emergency_contact_phone": SCREENING_ANSWERS["emergency_contact_phone"],
        "session_location": SCREENING_ANSWERS["session_location"],
    }


@pytest.fixture
def policies(publish):
    """Version 1 of each of the four policies, published a month ago."""
    from clients.models import PolicyKind

    return {kind: publish(kind) for kind in PolicyKind.values}


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
def accept_all(policies, now):
    """Record that a user accepted every current policy (as the consent step does)."""
    from clients.consent import consent_record_create, current_versions

    def accept(user, *, booking=None, at=None):
        at = at or now
        return consent_record_create(
            user=user,
            versions=current_versions(now=at),
            booking_reference=booking.reference if booking else "",
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
