"""A client's recording: adding one (its file checked, then kept in private storage) and making
sure its file goes when its row goes.

Files and rows live in two places that share no transaction, so the rule is: the file is
written before its row and deleted only after the row's deletion has committed. A row never
points at a missing file. What can be left is a file without a row (a delete the storage
refused, an upload whose transaction rolled back): it is logged, and `recording_files_sweep`
(periodic) deletes such files once they are old enough not to belong to an upload still in
progress. Every way a row is deleted (the admin, a bulk action, erasure, a cascade) passes
through `recording_file_forget`, connected to Recording's post_delete (aftercare/registrations.py).
"""

import logging
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from aftercare.audio import audio_check
from aftercare.models import Recording, private_storage, recording_path
from aftercare.plans import listening_plan_start
from bookings.models import Booking
from clients.models import User

logger = logging.getLogger(__name__)

FOLDER = "recordings"
# A file younger than this may belong to an upload whose row is not committed yet.
SWEEP_GRACE = timedelta(hours=6)


def recording_add(
    *,
    client: User,
    booking: Booking | None = None,
    title: str = "",
    note: str = "",
    file,
    now: datetime,
) -> Recording:
    """Check `file` by its content, keep it in private storage under a random name, and add the
    recording for `client` (and the session it follows, `booking`, hers).

    Raises ValidationError (nothing kept) when the file is not a whole recording we can play,
    is too large, or the booking is someone else's. `now` is the moment of the upload, from
    which the listening plan that comes with the recording starts.
    """
    audio = audio_check(file)
    if booking is not None and booking.client_id != client.pk:
        raise ValidationError(
            {"booking": "This session is another client's. Choose one of hers, or none."}
        )
    recording = Recording(
        client=client,
        booking=booking,
        title=title.strip(),
        note=note.strip(),
        content_type=audio.content_type,
        duration_seconds=audio.duration_seconds,
        size_bytes=audio.size_bytes,
    )
    recording.full_clean(exclude=["file"])
    # The name the storage gets is random (aftercare.models.recording_path); only the suffix
    # of the kind found in the content is kept, never the uploaded file's own name. The
    # storage is looked up now (settings.STORAGES), not the one the model field was born with.
    recording.file = private_storage().save(
        recording_path(recording, f"recording{audio.suffix}"), file
    )
    try:
        with transaction.atomic():
            recording.save()
            # Her listening plan comes with it, from today in her zone (aftercare/plans.py).
            listening_plan_start(recording=recording, now=now)
    except BaseException:
        _file_delete(recording.file.name)
        raise
    logger.info("Recording %s added (%s bytes)", recording.pk, audio.size_bytes)
    return recording


def recording_delete(*, recording: Recording) -> None:
    """Delete the recording (its listening plan and access log with it), then its file."""
    with transaction.atomic():
        recording.delete()


def recording_file_forget(sender, instance: Recording, **kwargs) -> None:
    """post_delete of a Recording: delete its file once the deletion has committed (at once
    outside a transaction); never before, so that a rolled-back deletion keeps its file."""
    name = instance.file.name
    if name:
        transaction.on_commit(lambda: _file_delete(name))


def _file_delete(name: str) -> bool:
    try:
        private_storage().delete(name)
    except Exception:
        # The row is gone: the file is an orphan the sweep will retry. Its name is random and
        # says nothing about whose it was.
        logger.exception("Could not delete the recording file %s; the sweep will retry", name)
        return False
    return True


def recording_files_sweep(*, now: datetime, grace: timedelta = SWEEP_GRACE) -> int:
    """Delete the files in private storage that no recording points to (and are older than
    `grace`). Returns how many went."""
    storage = private_storage()
    try:
        _folders, names = storage.listdir(FOLDER)
    except FileNotFoundError:
        return 0
    kept = set(
        Recording.objects.filter(file__startswith=f"{FOLDER}/").values_list("file", flat=True)
    )
    deleted = 0
    for name in names:
        path = f"{FOLDER}/{name}"
        if path in kept:
            continue
        try:
            modified = storage.get_modified_time(path)
        except FileNotFoundError:
            continue
        if now - modified < grace:
            continue
        deleted += _file_delete(path)
    if deleted:
        logger.warning("Deleted %s recording file(s) that no recording pointed to", deleted)
    return deleted


@task()
def sweep_recording_files() -> int:
    return recording_files_sweep(now=timezone.now())
