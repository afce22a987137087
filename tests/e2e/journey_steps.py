"""Set-up the browser journeys share, as plain functions (not fixtures, so no conftest
defines a fixture twice): a client ready to pay at once, and one run of the task worker.
"""

from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

SCREENING = {
    "seizures": "no",
    "psychosis": "no",
    "psychiatric_care": "no",
    "medication_change": "no",
    "heart_condition": "no",
    "pregnancy": "no",
    "substance_dependence": "no",
    "other_medication": "",
    "emergency_contact_name": "Ruth Jones",
    "emergency_contact_phone": "+44 7700 900456",
    "session_location": "At home, in a quiet room",
}


def ready_client_make(*, make_user, email: str = "maya@example.com", first_name: str = "Maya"):
    """A client who has accepted the current policies and answered the screening (through the
    clients app's own functions), so "Continue to payment" is offered to her at once."""
    from clients.consent import consent_record_create, current_versions
    from clients.models import PolicyDocument, PolicyVersion
    from clients.policies import policy_version_publish
    from clients.screening import screening_submit

    now = timezone.now()
    document = PolicyDocument.objects.create(kind="terms")
    draft = PolicyVersion.objects.create(
        document=document,
        title="Terms and cancellation policy",
        summary="How booking, paying and cancelling work.",
        body="## Cancelling\n\nUp to 48 hours before, with a full refund.",
    )
    policy_version_publish(version=draft, now=now - timedelta(days=30))
    user = make_user(email, first_name=first_name)
    consent_record_create(
        user=user,
        versions=current_versions(now=now),
        ip="203.0.113.9",
        user_agent="Chromium",
        now=now,
    )
    screening_submit(user=user, answers=SCREENING, now=now)
    return user


def run_worker():
    """One batch of the task worker: what `make run`'s worker would do next."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
