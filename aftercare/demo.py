"""Demo data for `manage.py seed_demo`: the demo client's personal recording after her RTT
session (real audio, made on the spot and kept in private storage), acknowledged, and her
listening plan in progress: some days listened, one missed, the first check-in answered.

The data is aftercare/demo_data/recording.toml. Made once: a client who has a recording keeps it.
"""

import io
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import mutagen
from django.core.files.base import ContentFile

from aftercare.models import CheckIn, ListeningDay, ListeningPlan, Recording
from aftercare.sample_audio import sample_audio, suffix
from bookings.models import Booking
from clients.models import User
from practice.demo import CLIENT_EMAIL, read_toml

DATA = Path(__file__).with_name("demo_data")
CONTENT_TYPES = {"mp3": "audio/mpeg", "m4a": "audio/mp4", "wav": "audio/wav"}


def seed(*, now: datetime, stdout) -> None:
    client = User.objects.get(email=CLIENT_EMAIL)
    if Recording.objects.filter(client=client).exists():
        stdout.write("Aftercare: the demo recording is there already.")
        return
    data = read_toml(DATA / "recording.toml")
    session = (
        Booking.objects.filter(
            client=client, service__slug="rtt-session", status=Booking.Status.COMPLETED
        )
        .order_by("-start")
        .first()
    )
    recording = _recording(client, session, data["recording"], now=now)
    plan = _plan(recording, data["plan"], now=now)
    for check_in in data["check_ins"]:
        day = plan.starts_on + timedelta(days=check_in["day"] - 1)
        asked = datetime.combine(day, plan.listen_at, tzinfo=ZoneInfo(plan.time_zone))
        CheckIn.objects.create(
            plan=plan,
            day_number=check_in["day"],
            sent_at=asked,
            answer={"feeling": check_in["feeling"], "message": check_in["message"]},
            answered_at=asked + timedelta(hours=2),
        )
    stdout.write("Aftercare: the demo client's recording and listening plan ready.")


def _recording(client, session, about: dict, *, now: datetime) -> Recording:
    kind = about["kind"]
    audio = sample_audio(kind, seconds=about["seconds"])
    recording = Recording(
        client=client,
        booking=session,
        title=about["title"],
        note=about["note"].strip(),
        content_type=CONTENT_TYPES[kind],
        duration_seconds=mutagen.File(io.BytesIO(audio)).info.length,
        size_bytes=len(audio),
        acknowledged_at=now - timedelta(days=8),
    )
    recording.file.save(f"demo{suffix(kind)}", ContentFile(audio), save=False)
    recording.save()
    return recording


def _plan(recording: Recording, about: dict, *, now: datetime) -> ListeningPlan:
    zone = ZoneInfo(about["time_zone"])
    today = now.astimezone(zone).date()
    starts_on = today - timedelta(days=about["today_is_day"] - 1)
    plan = ListeningPlan.objects.create(
        recording=recording,
        starts_on=starts_on,
        listen_at=about["listen_at"],
        time_zone=about["time_zone"],
        status_changed_at=now - timedelta(days=about["today_is_day"]),
        last_reminded_on=today - timedelta(days=1),
    )
    for number in about["listened"]:
        day = starts_on + timedelta(days=number - 1)
        ListeningDay.objects.create(
            plan=plan,
            day=day,
            seconds_played=round(recording.duration_seconds),
            listened_at=datetime.combine(day, about["listen_at"], tzinfo=zone)
            + timedelta(minutes=20),
        )
    return plan
