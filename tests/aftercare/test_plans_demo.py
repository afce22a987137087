"""`make run`'s demo (aftercare/demo.py): the demo client has an acknowledged recording, its
real audio in private storage, and a listening plan in progress."""

import io

import mutagen
import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from aftercare.models import Recording
from aftercare.progress import DayState, plan_progress
from practice.demo import CLIENT_EMAIL

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=True)
def test_the_demo_client_has_a_recording_and_a_plan_in_progress_once():
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())

    recording = Recording.objects.get(client__email=CLIENT_EMAIL)
    assert recording.acknowledged_at is not None
    assert recording.booking.service.slug == "rtt-session"
    with recording.file.open("rb") as stored:
        audio = mutagen.File(io.BytesIO(stored.read()))
    assert audio.info.length == pytest.approx(recording.duration_seconds)
    assert recording.duration_seconds == pytest.approx(30, abs=0.5)

    progress = plan_progress(recording.plan, now=timezone.now())
    assert progress.running
    assert progress.day_number == 9
    assert progress.listened_count == 7
    assert [cell.number for cell in progress.cells if cell.state == DayState.MISSED] == [4]
    [check_in] = progress.answers
    assert (check_in.day_number, check_in.feeling) == (2, "Good")
