"""Adding a recording keeps its file in private storage under a random name; deleting the row,
however it happens, takes the file with it once the deletion commits, on disk and on S3; a
file the storage would not delete is logged and swept later."""

from datetime import timedelta

import pytest
from botocore.config import Config
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from aftercare.models import Recording, private_storage
from aftercare.recordings import recording_add, recording_delete, recording_files_sweep
from tests.aftercare.conftest import s3_storage_settings

pytestmark = pytest.mark.django_db


def stored(recording_or_name) -> bool:
    name = getattr(getattr(recording_or_name, "file", None), "name", recording_or_name)
    return private_storage().exists(name)


def stored_names() -> list[str]:
    try:
        return private_storage().listdir("recordings")[1]
    except FileNotFoundError:
        return []


def test_a_recording_is_kept_in_private_storage_under_a_random_name(
    private_storage_kind, client_user, audio_upload, make_booking, service
):
    booking = make_booking(client=client_user, service=service)

    recording = recording_add(
        client=client_user,
        booking=booking,
        title="  Maya's calm place  ",
        note="Listen in the evening.",
        file=audio_upload("m4a", seconds=2, name="Maya Jones - session 3.m4a"),
        now=timezone.now(),
    )

    recording.refresh_from_db()
    assert recording.title == "Maya's calm place"
    assert recording.content_type == "audio/mp4"
    assert recording.duration_seconds == pytest.approx(2, abs=0.15)
    assert recording.file.name.startswith("recordings/")
    assert recording.file.name.endswith(".m4a")
    assert "maya" not in recording.file.name.lower()
    assert len(recording.public_id) == 32
    assert stored(recording)
    assert private_storage().size(recording.file.name) == recording.size_bytes


def test_on_s3_the_file_is_in_the_bucket(s3_bucket, make_recording):
    recording = make_recording()

    head = s3_bucket.s3.head_object(Bucket=s3_bucket.name, Key=recording.file.name)

    assert head["ContentLength"] == recording.size_bytes


@pytest.mark.parametrize(
    ("data", "code"),
    [(b"Not audio at all\n" * 50, "not_audio"), (None, "truncated")],
)
def test_a_refused_file_keeps_nothing(private_storage_kind, client_user, data, code):
    from aftercare.sample_audio import sample_audio

    if data is None:
        whole = sample_audio("mp3", seconds=2)
        data = whole[: len(whole) // 2]

    with pytest.raises(ValidationError) as refused:
        recording_add(
            client=client_user,
            title="",
            note="",
            file=SimpleUploadedFile("x.mp3", data, "audio/mpeg"),
            now=timezone.now(),
        )

    assert refused.value.code == code
    assert not Recording.objects.exists()
    assert stored_names() == []


def test_another_clients_booking_is_refused(
    client_user, other_client, audio_upload, make_booking, service
):
    hers = make_booking(client=other_client, service=service)

    with pytest.raises(ValidationError) as refused:
        recording_add(
            client=client_user,
            booking=hers,
            title="",
            note="",
            file=audio_upload(),
            now=timezone.now(),
        )

    assert "another client's" in str(refused.value)
    assert not Recording.objects.exists()
    assert stored_names() == []


def test_deleting_a_recording_deletes_its_file(
    private_storage_kind, make_recording, django_capture_on_commit_callbacks
):
    recording = make_recording()
    name = recording.file.name

    with django_capture_on_commit_callbacks(execute=True):
        recording_delete(recording=recording)

    assert not Recording.objects.exists()
    assert not stored(name)


def test_a_bulk_delete_deletes_every_file(
    private_storage_kind, make_recording, other_client, django_capture_on_commit_callbacks
):
    names = [make_recording().file.name, make_recording(client=other_client).file.name]

    with django_capture_on_commit_callbacks(execute=True):
        Recording.objects.all().delete()

    assert [stored(name) for name in names] == [False, False]


def test_deleting_the_client_deletes_her_files(
    make_recording, client_user, django_capture_on_commit_callbacks
):
    name = make_recording().file.name

    with django_capture_on_commit_callbacks(execute=True):
        client_user.delete()

    assert not stored(name)


def test_a_deletion_that_rolls_back_keeps_the_file(make_recording):
    recording = make_recording()

    def delete_then_fail():
        with transaction.atomic():
            Recording.objects.filter(pk=recording.pk).delete()
            raise RuntimeError("something else failed")

    with pytest.raises(RuntimeError):
        delete_then_fail()

    assert Recording.objects.filter(pk=recording.pk).exists()
    assert stored(recording)


def test_a_file_the_storage_would_not_delete_is_logged_and_swept_later(
    s3_bucket, make_recording, settings, caplog, django_capture_on_commit_callbacks
):
    recording = make_recording(title="Maya's calm place")
    name = recording.file.name
    working = settings.STORAGES
    # The object store stops answering (a closed port) while the recording is deleted.
    settings.STORAGES = {
        **working,
        "private": s3_storage_settings(
            "http://127.0.0.1:9",
            s3_bucket.name,
            client_config=Config(retries={"max_attempts": 1}, connect_timeout=1),
        ),
    }

    with django_capture_on_commit_callbacks(execute=True):
        recording_delete(recording=recording)

    assert not Recording.objects.exists()
    assert f"Could not delete the recording file {name}" in caplog.text
    assert "Maya" not in caplog.text
    settings.STORAGES = working
    assert stored(name)

    assert recording_files_sweep(now=timezone.now() + timedelta(days=1)) == 1

    assert not stored(name)


def test_the_sweep_keeps_files_of_recordings_and_files_still_young(
    private_storage_kind, make_recording
):
    kept = make_recording()
    orphan = private_storage().save("recordings/orphan.mp3", SimpleUploadedFile("x", b"abc"))

    assert recording_files_sweep(now=timezone.now()) == 0
    assert stored(orphan)

    assert recording_files_sweep(now=timezone.now() + timedelta(days=1)) == 1
    assert not stored(orphan)
    assert stored(kept)


def test_the_sweep_with_nothing_stored_yet_does_nothing():
    assert recording_files_sweep(now=timezone.now()) == 0


@pytest.mark.django_db(transaction=True)  # the task worker needs real commits
def test_the_sweep_runs_every_hour_on_the_task_worker(run_worker, settings):
    import os
    import time

    from django.utils.module_loading import import_string

    from aftercare.recordings import sweep_recording_files

    orphan = private_storage().save("recordings/orphan.mp3", SimpleUploadedFile("x", b"abc"))
    a_day_ago = time.time() - 86400
    os.utime(private_storage().path(orphan), (a_day_ago, a_day_ago))
    path = "aftercare.recordings.sweep_recording_files"

    assert dict(settings.PERIODIC_TASKS)[path] <= 3600
    assert import_string(path) is sweep_recording_files
    sweep_recording_files.enqueue()
    run_worker()

    assert not stored(orphan)
