"""The one-time acknowledgement before her recording plays: how to listen to it safely.

The recording's file is refused to her until `Recording.acknowledged_at` is set (the file
views check it); her page shows these notes first and records her agreement with its time.
"""

from datetime import datetime

from django.db import transaction

from aftercare.models import Recording
from practice.fragments import forget_user_fragments
from practice.page_cache import forget_pages_of

# What she agrees to, in the order the page lists it.
SAFETY_NOTES = (
    "This recording was made for you alone: please keep it for your own personal use and "
    "don't share it.",
    "Never listen while driving or operating machinery, or doing anything that needs your "
    "attention: listen somewhere you can safely relax.",
    "If listening ever distresses you, stop and get in touch with me.",
)


def recording_acknowledge(*, recording: Recording, now: datetime) -> Recording:
    """Record that she has read the notes (the first time only: the time stamp stays)."""
    with transaction.atomic(durable=True):
        Recording.objects.filter(pk=recording.pk, acknowledged_at__isnull=True).update(
            acknowledged_at=now
        )
        forget_user_fragments(recording.client_id)  # a bulk update: no signal tells her pages
        forget_pages_of(Recording)  # nor the cached parts that show her recording
        recording.refresh_from_db(fields=["acknowledged_at"])
    return recording
