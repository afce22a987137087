"""Audio made on the spot, for the demo's recording and the tests: a soft chord that swells and
fades, encoded by FFmpeg's libraries (PyAV) as MP3, M4A (AAC) or WAV. Nothing recorded, nothing
copied: every sample is computed here.
"""

import io
import math
from array import array

import av

FORMATS = {
    # name: (container format, codec, file suffix)
    "mp3": ("mp3", "libmp3lame", ".mp3"),
    "m4a": ("ipod", "aac", ".m4a"),
    "wav": ("wav", "pcm_s16le", ".wav"),
}
RATE = 22050
CHUNK = 1152
TONES = (220.0, 277.18, 329.63)  # A3, C#4, E4: a quiet A major chord


def _samples(start: int, count: int, total: int) -> bytes:
    values = array("h")
    for i in range(start, start + count):
        t = i / RATE
        swell = math.sin(math.pi * i / total)  # from silence, up, and back to silence
        value = sum(math.sin(2 * math.pi * tone * t) for tone in TONES) / len(TONES)
        values.append(int(6000 * swell * value))
    return values.tobytes()


def sample_audio(kind: str = "mp3", *, seconds: float = 5.0) -> bytes:
    """`seconds` of audio as the bytes of a whole file of the given kind (mp3, m4a, wav)."""
    container, codec, _suffix = FORMATS[kind]
    total = int(RATE * seconds)
    buffer = io.BytesIO()
    with av.open(buffer, "w", format=container) as output:
        stream = output.add_stream(codec, rate=RATE, layout="mono")
        if codec != "pcm_s16le":
            stream.bit_rate = 64_000
        done = 0
        while done < total:
            count = min(CHUNK, total - done)
            frame = av.AudioFrame(format="s16", layout="mono", samples=count)
            frame.planes[0].update(_samples(done, count, total))
            frame.sample_rate = RATE
            frame.pts = done
            for packet in stream.encode(frame):
                output.mux(packet)
            done += count
        for packet in stream.encode(None):
            output.mux(packet)
    return buffer.getvalue()


def suffix(kind: str) -> str:
    return FORMATS[kind][2]
