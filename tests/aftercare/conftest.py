"""Recordings for the aftercare tests: real audio (aftercare/sample_audio.py) added through the
domain's own `recording_add`, on disk (the test settings' private folder) or in a real
S3-compatible server (moto in server mode, on 127.0.0.1: real boto3, real HTTP)."""

import socket
import threading
import uuid
from functools import cache

import pytest
from storages.backends.s3 import S3Storage


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(autouse=True)
def _private_folder(tmp_path, settings):
    """Each test keeps recordings on disk in a folder of its own, so what a test finds stored
    is what it stored."""
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }


@pytest.fixture(scope="session")
def moto_endpoint():
    """A moto S3 server of this test process's own: its URL."""
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


S3_KEYS = {"access_key": "testing", "secret_key": "testing", "region_name": "us-east-1"}

_boto3_sessions = threading.local()


class S3StorageOfOneSession(S3Storage):
    """django-storages' S3Storage, all of it, but for one thing: its boto3 session is made once
    per thread of a test process instead of once per storage.

    Each test changes STORAGES, so Django makes a new storage for it, and a new boto3 session
    reads botocore's data files (the endpoints and S3's model) again: 0.2 s a test, most of an
    S3 test's time. What the session is made from is the same for every test (the moto keys).
    """

    def _create_session(self):
        made = getattr(_boto3_sessions, "made", None)
        if made is None:
            made = _boto3_sessions.made = {}
        key = (self.session_profile, self.access_key, self.secret_key, self.security_token)
        if key not in made:
            made[key] = super()._create_session()
        return made[key]


def s3_storage_settings(endpoint: str, bucket: str, **options) -> dict:
    return {
        "BACKEND": "tests.aftercare.conftest.S3StorageOfOneSession",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint,
            **S3_KEYS,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
            **options,
        },
    }


@cache
def _s3_client(endpoint: str):
    """A boto3 client of the moto server, made once per test process (making one takes a
    fifth of a second)."""
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=S3_KEYS["access_key"],
        aws_secret_access_key=S3_KEYS["secret_key"],
        region_name=S3_KEYS["region_name"],
    )


@pytest.fixture
def s3_bucket(moto_endpoint, settings):
    """Private storage is a fresh bucket on the moto server (settings.STORAGES["private"] as
    production sets it). Gives `.name` and `.s3` (a boto3 client, to look inside)."""
    from types import SimpleNamespace

    bucket = f"recordings-{uuid.uuid4().hex[:12]}"
    s3 = _s3_client(moto_endpoint)
    s3.create_bucket(Bucket=bucket)
    settings.STORAGES = {
        **settings.STORAGES,
        "private": s3_storage_settings(moto_endpoint, bucket),
    }
    return SimpleNamespace(name=bucket, s3=s3, endpoint=moto_endpoint)


@pytest.fixture(params=["disk", "s3"])
def private_storage_kind(request):
    """Run the test on both private storages: the test settings' folder, and S3 (moto)."""
    if request.param == "s3":
        request.getfixturevalue("s3_bucket")
    return request.param


@cache
def _sample_audio(kind: str, seconds: float) -> bytes:
    """aftercare.sample_audio's file, computed once per test process for each kind and length
    (its samples are computed in Python: a tenth of a second a second of audio)."""
    from aftercare.sample_audio import sample_audio

    return sample_audio(kind, seconds=seconds)


@pytest.fixture
def audio_upload():
    """An uploaded file of real audio: audio_upload("m4a", seconds=3, name="session.m4a")."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from aftercare.sample_audio import suffix

    def make(kind="mp3", *, seconds=3.0, name=None, content_type="application/octet-stream"):
        data = _sample_audio(kind, seconds)
        return SimpleUploadedFile(name or f"session{suffix(kind)}", data, content_type)

    return make


@pytest.fixture
def make_recording(db, client_user, audio_upload):
    """Add a recording through `recording_add`: make_recording(client=..., acknowledged=False).

    Maya's, an MP3 of 3 seconds, acknowledged, unless told.
    """
    from django.utils import timezone

    from aftercare.recordings import recording_add

    def make(*, client=None, kind="mp3", acknowledged=True, booking=None, title="", **upload):
        recording = recording_add(
            client=client or client_user,
            booking=booking,
            title=title,
            note="",
            file=audio_upload(kind, **upload),
            now=timezone.now(),
        )
        if acknowledged:
            recording.acknowledged_at = timezone.now()
            recording.save(update_fields=["acknowledged_at"])
        return recording

    return make


@pytest.fixture
def stored_bytes():
    """The bytes kept in private storage for a recording, read back through the storage."""
    from aftercare.models import private_storage

    def read(recording) -> bytes:
        with private_storage().open(recording.file.name, "rb") as handle:
            return handle.read()

    return read
