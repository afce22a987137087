"""Is an uploaded file a whole recording we can play? Judged by its content, never by its name
or the content type the browser sent.

`audio_check(file)` accepts MP3, M4A (AAC in an MP4 container) and WAV (PCM), read with
mutagen, and returns what to serve it as, its duration and its size. It refuses, with a message
the practitioner can act on: a file above settings.RECORDING_MAX_BYTES (before reading it), a
file that is not one of those kinds, one whose duration cannot be read or is zero, and one that
was cut short (an export or a copy that stopped half way): the file's own headers say how long
it should be (an MP3's Xing/Info header, or its last frame; an MP4's boxes; a WAV's chunks),
and a truncated file has fewer bytes than they promise.
"""

import math
import struct
from dataclasses import dataclass
from typing import BinaryIO

from django.conf import settings
from django.core.exceptions import ValidationError
from mutagen import MutagenError
from mutagen.mp3 import MP3
from mutagen.mp4 import MP4
from mutagen.wave import WAVE

ACCEPTED_KINDS = "MP3, M4A (AAC) or WAV"

NOT_AUDIO = (
    "This file isn't audio we can play. Please upload the recording as an MP3, M4A (AAC) "
    "or WAV file."
)
TRUNCATED = (
    "This recording looks incomplete: the file ends before the audio does (perhaps the "
    "export or the copy stopped part way). Please export it again and upload the whole file."
)
NO_DURATION = (
    "We couldn't find any sound in this file (its length reads as zero). Please check the "
    "recording and export it again."
)

# WAVE format tags a browser plays: PCM, IEEE float, and the extensible form of either.
PLAYABLE_WAV_FORMATS = {0x0001, 0x0003, 0xFFFE}


@dataclass(frozen=True)
class Audio:
    """What an accepted file is: served as `content_type`, kept with `suffix`."""

    content_type: str
    suffix: str
    duration_seconds: float
    size_bytes: int


def megabytes(size: int) -> str:
    """ "300 MB", "1.3 MB" (one decimal at most, none when it is 0)."""
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0") + " MB"


def audio_check(file) -> Audio:
    """Read `file` (an uploaded file, or any Django File) and say what audio it is, or raise
    ValidationError with a message for the person who uploaded it (and a code: too_large,
    not_audio, truncated, no_duration)."""
    size = file.size
    limit = settings.RECORDING_MAX_BYTES
    if size > limit:
        raise ValidationError(
            f"This file is {megabytes(size)}; the largest recording you can upload is "
            f"{megabytes(limit)}. Please export it at a lower quality (for example MP3 at "
            "128 kbit/s) and upload it again.",
            code="too_large",
        )
    if size == 0:
        raise ValidationError("This file is empty. " + NOT_AUDIO, code="not_audio")
    file.seek(0)
    head = file.read(12)
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        audio = _wav(file, size)
    elif head[4:8] == b"ftyp":
        audio = _m4a(file, size)
    else:
        audio = _mp3(file, size)
    if not math.isfinite(audio.duration_seconds) or audio.duration_seconds <= 0:
        raise ValidationError(NO_DURATION, code="no_duration")
    file.seek(0)
    return audio


def _refuse_not_audio():
    return ValidationError(NOT_AUDIO, code="not_audio")


def _refuse_truncated():
    return ValidationError(TRUNCATED, code="truncated")


# WAV ------------------------------------------------------------------------------------------


def _wav(file: BinaryIO, size: int) -> Audio:
    _riff_chunks_complete(file, size)
    try:
        info = WAVE(file).info
    except (MutagenError, struct.error, ValueError):
        raise _refuse_not_audio() from None
    if info.audio_format not in PLAYABLE_WAV_FORMATS:
        raise _refuse_not_audio()
    return Audio("audio/wav", ".wav", info.length, size)


def _riff_chunks_complete(file: BinaryIO, size: int) -> None:
    """Every chunk of the RIFF file must end inside it (a cut file's data chunk does not)."""
    file.seek(0)
    riff_size = struct.unpack("<4sI4s", file.read(12))[1]
    if riff_size + 8 > size + 1:  # the final pad byte may be missing
        raise _refuse_truncated()
    position = 12
    while position + 8 <= size:
        file.seek(position)
        _chunk_id, chunk_size = struct.unpack("<4sI", file.read(8))
        end = position + 8 + chunk_size
        if end > size:
            raise _refuse_truncated()
        position = end + (chunk_size & 1)


# M4A ------------------------------------------------------------------------------------------


def _m4a(file: BinaryIO, size: int) -> Audio:
    _mp4_boxes_complete(file, size)
    try:
        info = MP4(file).info
    except (MutagenError, struct.error, ValueError):
        raise _refuse_not_audio() from None
    if not info.codec.startswith("mp4a"):
        raise _refuse_not_audio()
    return Audio("audio/mp4", ".m4a", info.length, size)


def _mp4_boxes_complete(file: BinaryIO, size: int) -> None:
    """Every top-level box (ftyp, moov, mdat, ...) must end inside the file: a cut file's last
    box (usually the audio data, or the index that comes after it) does not."""
    position = 0
    while position < size:
        file.seek(position)
        header = file.read(8)
        if len(header) < 8:
            raise _refuse_truncated()
        box_size = struct.unpack(">I", header[:4])[0]
        if box_size == 1:  # a 64-bit size follows the type
            large = file.read(8)
            if len(large) < 8:
                raise _refuse_truncated()
            box_size = struct.unpack(">Q", large)[0]
            if box_size < 16:
                raise _refuse_not_audio()
        elif box_size == 0:  # the box runs to the end of the file
            return
        elif box_size < 8:
            raise _refuse_not_audio()
        if position + box_size > size:
            raise _refuse_truncated()
        position += box_size


# MP3 ------------------------------------------------------------------------------------------

# Layer III bit rates (kbit/s) by bit rate index, for MPEG-1 and for MPEG-2 and 2.5.
_MPEG1_KBPS = (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)
_MPEG2_KBPS = (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160)
_SAMPLE_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


def _mp3(file: BinaryIO, size: int) -> Audio:
    try:
        info = MP3(file).info
    except (MutagenError, struct.error, ValueError):
        raise _refuse_not_audio() from None
    # Sketchy: mutagen found something that might be a frame, but no run of real ones.
    if info.sketchy or info.layer != 3:
        raise _refuse_not_audio()
    declared = _xing_bytes(file, info)
    if declared is not None and size < declared:
        raise _refuse_truncated()
    # No length promised (or one that may count the tags before the audio): walk the frames;
    # the last one must end inside the file.
    unsure = declared is None or size < info.frame_offset + declared
    if unsure and _mp3_frames_end(file, info.frame_offset, size) > size:
        raise _refuse_truncated()
    return Audio("audio/mpeg", ".mp3", info.length, size)


def _xing_bytes(file: BinaryIO, info) -> int | None:
    """The stream's length in bytes as its Xing/Info (or VBRI) header gives it, if it has one."""
    # After the frame's header comes its side information, whose size depends on the version
    # (MPEG-1 or 2/2.5) and on mono or not.
    mono = info.channels == 1
    side_info = (17 if mono else 32) if info.version == 1 else (9 if mono else 17)
    offset = 4 + side_info
    file.seek(info.frame_offset + offset)
    data = file.read(16)
    if data[:4] in (b"Xing", b"Info") and len(data) >= 8:
        flags = struct.unpack(">I", data[4:8])[0]
        if flags & 0x2:  # BYTES, after FRAMES when both are present
            at = 12 if flags & 0x1 else 8
            if len(data) >= at + 4:
                return struct.unpack(">I", data[at : at + 4])[0]
        return None
    file.seek(info.frame_offset + 4 + 32)  # VBRI sits at a fixed place
    data = file.read(14)
    if data[:4] == b"VBRI" and len(data) == 14:
        return struct.unpack(">I", data[10:14])[0]
    return None


def _mp3_frame_length(header: bytes) -> int | None:
    """The length of the Layer III frame whose 4-byte header this is, or None if it is not one."""
    if len(header) < 4 or header[0] != 0xFF or header[1] & 0xE0 != 0xE0:
        return None
    version = (header[1] >> 3) & 0x3  # 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5
    layer = (header[1] >> 1) & 0x3  # 1: Layer III
    rate_index = header[2] >> 4
    sample_index = (header[2] >> 2) & 0x3
    padding = (header[2] >> 1) & 0x1
    if version == 1 or layer != 1 or rate_index in (0, 15) or sample_index == 3:
        return None
    sample_rate = _SAMPLE_RATES[version][sample_index]
    if version == 3:
        return 144 * _MPEG1_KBPS[rate_index] * 1000 // sample_rate + padding
    return 72 * _MPEG2_KBPS[rate_index] * 1000 // sample_rate + padding


def _mp3_frames_end(file: BinaryIO, start: int, size: int) -> int:
    """Where the run of frames from `start` ends (past `size` when the last one is cut off).

    Reads the file in blocks and hops from frame header to frame header; whatever follows the
    frames (an ID3v1 or APE tag) ends the walk.
    """
    block_size = 1 << 20
    position = start
    block_start, block = start, b""
    while position + 4 <= size:
        offset = position - block_start
        if offset < 0 or offset + 4 > len(block):
            file.seek(position)
            block_start, block = position, file.read(block_size)
            offset = 0
        length = _mp3_frame_length(block[offset : offset + 4])
        if length is None:
            return position
        position += length
    return position
