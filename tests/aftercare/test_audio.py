"""Uploads are judged by their content: real MP3, M4A and WAV pass with their duration read;
text, cut files and oversized files are refused with a message she can act on."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from mutagen.mp3 import MP3

from aftercare.audio import audio_check
from aftercare.sample_audio import sample_audio


def upload(data: bytes, name: str = "recording.mp3", content_type: str = "audio/mpeg"):
    return SimpleUploadedFile(name, data, content_type)


def refusal(data: bytes, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        audio_check(upload(data, **kwargs))
    return refused.value


@pytest.mark.parametrize(
    ("kind", "content_type"),
    [("mp3", "audio/mpeg"), ("m4a", "audio/mp4"), ("wav", "audio/wav")],
)
def test_real_audio_is_accepted_with_its_duration_and_what_to_serve_it_as(kind, content_type):
    data = sample_audio(kind, seconds=4)

    audio = audio_check(upload(data, name="anything.bin", content_type="text/plain"))

    assert audio.content_type == content_type
    assert audio.duration_seconds == pytest.approx(4, abs=0.15)
    assert audio.size_bytes == len(data)


def test_the_kind_comes_from_the_content_not_the_name():
    # An M4A named .mp3 and sent as audio/mpeg is still served as the M4A it is.
    audio = audio_check(upload(sample_audio("m4a", seconds=2), name="x.mp3"))

    assert (audio.content_type, audio.suffix) == ("audio/mp4", ".m4a")


def test_a_renamed_text_file_is_not_audio():
    error = refusal(b"Dear diary, today I felt calm.\n" * 200, name="session.mp3")

    assert error.code == "not_audio"
    assert "isn't audio we can play" in error.messages[0]
    assert "MP3, M4A (AAC) or WAV" in error.messages[0]


def test_other_binary_files_are_not_audio():
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64

    assert refusal(png, name="cover.m4a").code == "not_audio"


def test_an_empty_file_is_refused():
    assert refusal(b"").code == "not_audio"


@pytest.mark.parametrize("kind", ["mp3", "m4a", "wav"])
def test_a_file_cut_in_half_is_refused_as_incomplete(kind):
    data = sample_audio(kind, seconds=4)

    error = refusal(data[: len(data) // 2])

    assert error.code == "truncated"
    assert "incomplete" in error.messages[0]
    assert "upload the whole file" in error.messages[0]


@pytest.mark.parametrize("kind", ["mp3", "m4a", "wav"])
def test_a_file_missing_only_its_last_bytes_is_refused(kind):
    data = sample_audio(kind, seconds=4)

    assert refusal(data[:-3]).code == "truncated"


def _without_xing_header(data: bytes) -> bytes:
    """The same MP3 with its first frame (the Xing/Info header that gives its length) removed:
    a plain constant-bit-rate stream, as some encoders write."""
    info = MP3(io.BytesIO(data)).info
    start = info.frame_offset
    header = data[start : start + 4]
    length = 72 * 64000 // 22050 + ((header[2] >> 1) & 1)  # MPEG-2 Layer III, 64 kbit/s
    return data[:start] + data[start + length :]


def test_an_mp3_without_a_length_header_is_accepted_whole_and_refused_cut():
    plain = _without_xing_header(sample_audio("mp3", seconds=4))
    assert b"Info" not in plain[:200]
    assert b"Xing" not in plain[:200]

    assert audio_check(upload(plain)).duration_seconds == pytest.approx(4, abs=0.15)
    assert refusal(plain[: len(plain) // 2 + 7]).code == "truncated"


def test_an_oversized_file_is_refused_before_it_is_read(settings):
    settings.RECORDING_MAX_BYTES = 10 * 1024 * 1024
    big = upload(b"")
    big.size = 25 * 1024 * 1024  # what the upload says; nothing of it is read

    with pytest.raises(ValidationError) as refused:
        audio_check(big)

    assert refused.value.code == "too_large"
    assert "This file is 25 MB" in refused.value.messages[0]
    assert "the largest recording you can upload is 10 MB" in refused.value.messages[0]


def test_real_audio_above_the_limit_is_refused(settings):
    data = sample_audio("wav", seconds=2)
    settings.RECORDING_MAX_BYTES = len(data) - 1

    assert refusal(data).code == "too_large"


def test_audio_of_no_length_is_refused():
    wav = sample_audio("wav", seconds=1)
    # The same header with an empty data chunk: a valid WAV of zero samples.
    data_at = wav.index(b"data")
    empty = bytearray(wav[: data_at + 8])
    empty[data_at + 4 : data_at + 8] = (0).to_bytes(4, "little")
    empty[4:8] = (len(empty) - 8).to_bytes(4, "little")

    assert refusal(bytes(empty)).code == "no_duration"
