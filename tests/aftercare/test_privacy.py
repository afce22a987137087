"""Her data export lists her recordings (with a link to each file through the sign-in page), her
listening log, check-in answers and fetch log; erasing her account deletes the recordings and
their files, on disk and on S3."""

from datetime import date, time, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from botocore.exceptions import ClientError
from django.conf import settings
from django.utils import timezone

from aftercare.models import (
    CheckIn,
    ListeningDay,
    ListeningPlan,
    Recording,
    RecordingAccess,
    private_storage,
)
from clients.privacy import account_erase, client_data_export
from practice.models import OutgoingEmail

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_plan(make_recording, make_booking, client_user, service):
    """Maya's recording after her session, three days into its plan: two days listened, the day
    2 check-in answered, and one fetch of the file."""
    booking = make_booking(client=client_user, service=service)
    recording = make_recording(booking=booking, title="Your calm place")
    # The upload started its plan; she moved her time to the evening.
    plan = recording.plan
    plan.starts_on, plan.listen_at = date(2026, 3, 1), time(21, 30)
    plan.save()
    moment = timezone.now()
    ListeningDay.objects.create(
        plan=plan, day=date(2026, 3, 1), seconds_played=170, listened_at=moment
    )
    ListeningDay.objects.create(plan=plan, day=date(2026, 3, 2), by_hand=True, listened_at=moment)
    CheckIn.objects.create(
        plan=plan,
        day_number=2,
        sent_at=moment,
        answer={"feeling": 4, "message": "Sleeping better."},
        answered_at=moment,
    )
    RecordingAccess.objects.create(
        recording=recording, reader=client_user, how="play", byte_range="0-1/2", at=moment
    )
    return recording


def test_the_export_lists_her_recordings_with_their_listening_log(with_plan, client_user, now):
    data = client_data_export(user=client_user, now=now)

    [exported] = data["recordings"]
    assert exported["title"] == "Your calm place"
    assert exported["booking"] == with_plan.booking.reference
    assert exported["duration_seconds"] == pytest.approx(3, abs=0.2)
    assert exported["content_type"] == "audio/mpeg"
    assert exported["created_at"] == with_plan.created_at.isoformat()
    assert exported["acknowledged_at"] == with_plan.acknowledged_at.isoformat()
    plan = exported["listening_plan"]
    assert (plan["days"], plan["starts_on"], plan["listen_at"]) == (21, "2026-03-01", "21:30")
    assert [(day["day"], day["ticked_by_hand"]) for day in plan["days_listened"]] == [
        ("2026-03-01", False),
        ("2026-03-02", True),
    ]
    # Her own answer, decrypted for her own copy.
    assert plan["check_ins"][0]["answer"] == {"feeling": 4, "message": "Sleeping better."}
    assert [(fetch["by"], fetch["how"]) for fetch in exported["fetches"]] == [("you", "play")]


def test_the_export_offers_each_file_through_the_sign_in_page(
    with_plan, client_user, client, password, now
):
    link = client_data_export(user=client_user, now=now)["recordings"][0]["download_url"]

    parts = urlsplit(link)
    assert f"{parts.scheme}://{parts.netloc}" == settings.SITE_URL
    assert parts.path == "/accounts/login/"
    [after] = parse_qs(parts.query)["next"]
    signed_out = client.get(after)
    assert signed_out.status_code == 404

    signing_in = client.post(
        f"{parts.path}?{parts.query}",
        {"login": client_user.email, "password": password, "method": "password"},
    )
    assert signing_in["Location"] == after
    download = client.get(after)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")


def test_another_clients_recordings_are_not_in_her_export(
    make_recording, other_client, client_user, now
):
    make_recording(client=other_client, title="Sam's recording")

    assert client_data_export(user=client_user, now=now)["recordings"] == []


def test_a_recording_without_a_plan_is_exported_too(make_recording, client_user, now):
    # The practitioner removed the plan that came with it (in the admin).
    make_recording(acknowledged=False).plan.delete()

    [exported] = client_data_export(user=client_user, now=now)["recordings"]

    assert exported["listening_plan"] is None
    assert exported["acknowledged_at"] is None
    assert exported["fetches"] == []


def _gone(kind, recording, s3_bucket) -> bool:
    if kind == "disk":
        return not private_storage().exists(recording.file.name)
    with pytest.raises(ClientError) as missing:
        s3_bucket.s3.head_object(Bucket=s3_bucket.name, Key=recording.file.name)
    return missing.value.response["Error"]["Code"] == "404"


@pytest.mark.parametrize("kind", ["disk", "s3"])
def test_erasure_deletes_her_recordings_and_their_files(
    request,
    kind,
    make_recording,
    client_user,
    other_client,
    now,
    django_capture_on_commit_callbacks,
):
    s3_bucket = request.getfixturevalue("s3_bucket") if kind == "s3" else None
    recording = request.getfixturevalue("with_plan")
    second = make_recording(kind="wav")
    sams = make_recording(client=other_client)

    with django_capture_on_commit_callbacks(execute=True):
        account_erase(user=client_user, now=now + timedelta(minutes=1))

    assert _gone(kind, recording, s3_bucket)
    assert _gone(kind, second, s3_bucket)
    assert list(Recording.objects.all()) == [sams]
    assert private_storage().exists(sams.file.name)
    # Only Sam's plan is left, the one that came with her own recording.
    assert list(ListeningPlan.objects.all()) == [sams.plan]
    assert not ListeningDay.objects.exists()
    assert not CheckIn.objects.exists()
    assert not RecordingAccess.objects.exists()
    goodbye = OutgoingEmail.objects.get(key=f"account-deleted:{client_user.pk}")
    assert "Your recordings have been deleted, the audio files with them" in goodbye.body_text


def test_erasure_without_recordings_says_nothing_of_them(client_user, now):
    account_erase(user=client_user, now=now)

    goodbye = OutgoingEmail.objects.get(key=f"account-deleted:{client_user.pk}")
    assert "recordings" not in goodbye.body_text
