"""Aftercare's part of the client's data rights (clients.privacy runs every app's part),
registered from aftercare/registrations.py.

- Export: each of her recordings (title, note, length, dates, when she acknowledged how to use
  it, and a link to download the file through the sign-in page), with its listening plan (the
  settings, the days she listened, the check-ins and her answers, decrypted: they are hers) and
  the log of every fetch of its file.
- Erasure: her recordings go, their plans, listening days, check-ins and fetch log with them, and
  the files leave private storage once the erasure has committed (aftercare/recordings.py).
"""

from datetime import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.views.decorators.debug import sensitive_variables

from aftercare.file_views import download_path
from aftercare.models import CheckIn, ListeningDay, ListeningPlan, Recording, RecordingAccess
from clients.models import User
from clients.privacy import erasure_step, export_section, iso

ERASED_NOTE = (
    "\nYour recordings have been deleted, the audio files with them, together with your "
    "listening plans and the record of the days you listened.\n"
)


def download_through_sign_in(recording: Recording) -> str:
    """The file's download link, for outside the site (the export): it opens the sign-in page,
    which leads on to the file once she has signed in."""
    query = urlencode({"next": download_path(recording)})
    return f"{settings.SITE_URL}{reverse('account_login')}?{query}"


@export_section("recordings")
def recordings_export(user: User) -> list[dict]:
    recordings = (
        Recording.objects.filter(client=user)
        .select_related("booking")
        .prefetch_related(
            Prefetch("accesses", queryset=RecordingAccess.objects.order_by("at", "pk"))
        )
        .order_by("created_at", "pk")
    )
    plans = {
        plan.recording_id: plan
        for plan in ListeningPlan.objects.filter(recording__client=user).prefetch_related(
            Prefetch("listening_days", queryset=ListeningDay.objects.order_by("day")),
            Prefetch("check_ins", queryset=CheckIn.objects.order_by("day_number")),
        )
    }
    return [_recording(recording, plans.get(recording.pk)) for recording in recordings]


def _recording(recording: Recording, plan: ListeningPlan | None) -> dict:
    return {
        "title": recording.title,
        "note": recording.note,
        "booking": recording.booking.reference if recording.booking else None,
        "duration_seconds": round(recording.duration_seconds, 1),
        "content_type": recording.content_type,
        "size_bytes": recording.size_bytes,
        "created_at": iso(recording.created_at),
        "acknowledged_at": iso(recording.acknowledged_at),
        "download_url": download_through_sign_in(recording),
        "listening_plan": _plan(plan) if plan else None,
        "fetches": [
            {
                "at": iso(access.at),
                "by": "the practitioner" if access.by_staff else "you",
                "how": access.how,
                "bytes": access.byte_range,
            }
            for access in recording.accesses.all()
        ],
    }


@sensitive_variables("check_in")
def _plan(plan: ListeningPlan) -> dict:
    return {
        "days": plan.days,
        "check_in_days": plan.check_in_days,
        "starts_on": plan.starts_on.isoformat(),
        "listen_at": plan.listen_at.isoformat(timespec="minutes"),
        "time_zone": plan.time_zone,
        "status": plan.status,
        "status_changed_at": iso(plan.status_changed_at),
        "follow_up_invited_at": iso(plan.follow_up_invited_at),
        "days_listened": [
            {
                "day": day.day.isoformat(),
                "seconds_played": day.seconds_played,
                "listened_at": iso(day.listened_at),
                "ticked_by_hand": day.by_hand,
            }
            for day in plan.listening_days.all()
        ],
        "check_ins": [
            {
                "day_number": check_in.day_number,
                "sent_at": iso(check_in.sent_at),
                "answered_at": iso(check_in.answered_at),
                # Her own answer, decrypted for her own copy.
                "answer": check_in.answer,
            }
            for check_in in plan.check_ins.all()
        ],
    }


@erasure_step
def recordings_erase(*, user: User, now: datetime) -> str:
    """Delete her recordings and everything hanging on them; their files follow on commit."""
    recordings = Recording.objects.filter(client=user)
    if not recordings.exists():
        return ""
    recordings.delete()
    return ERASED_NOTE
